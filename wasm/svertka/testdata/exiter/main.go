//go:build js && wasm

// Command exiter stands in for the engine in the tests of site/svertka.js
// (scripts/e2e/engine.test.mjs): it reports ready the way wasm/svertka does,
// but its Go runtime can be made to stop, which the real engine never does.
// globalThis.exiterMode = "before" makes it exit before it is ready.
package main

import (
	"os"
	"syscall/js"

	"github.com/svertka/svertka/wasm/bridge"
)

func main() {
	if js.Global().Get("exiterMode").Equal(js.ValueOf("before")) {
		os.Exit(3)
	}
	ns := bridge.NewNamespace()
	ns.Register("ping", func([]js.Value) (any, error) { return "pong", nil })
	ns.Register("quit", func([]js.Value) (any, error) {
		os.Exit(4)
		return nil, nil
	})
	// Blocking inside a call is what a bridge function must never do: the
	// runtime has nothing left to run and stops with a fatal error.
	ns.Register("block", func([]js.Value) (any, error) {
		<-make(chan struct{})
		return nil, nil
	})
	js.Global().Get(os.Getenv("SVERTKA_READY")).Invoke(ns.Value())
	select {}
}
