//go:build js && wasm

package main

import (
	"fmt"
	"os"
	"syscall/js"

	"github.com/svertka/svertka/wasm/api"
	"github.com/svertka/svertka/wasm/bridge"
)

func main() {
	ready := js.Global().Get(os.Getenv("SVERTKA_READY"))
	if os.Getenv("SVERTKA_READY") == "" || ready.Type() != js.TypeFunction {
		fmt.Fprintln(os.Stderr, "svertka: no ready callback; load svertka.wasm with svertka.js (Svertka.load)")
		os.Exit(1)
	}
	ns := bridge.NewNamespace()
	api.Register(ns)
	ready.Invoke(ns.Value())
	select {} // the API lives as long as the page
}
