//go:build js && wasm

// Command exiter stands in for the engine in the tests of site/svertka.js
// (scripts/e2e/engine.test.mjs): it reports ready the way wasm/svertka does,
// but its Go runtime can be made to stop, which the real engine never does.
// Built with -ldflags=-X=main.mode=before, it exits before it is ready.
// It also has what no engine method has yet: a method that calls back (the
// shape of a training call's progress callback) and one that traps.
package main

import (
	"os"
	"syscall/js"
	"time"
	"unsafe"

	"github.com/svertka/svertka/wasm/bridge"
)

// mode is set at link time (-X), as the program runs in a page or a worker
// alike, where no global set by the test is sure to be seen.
var mode string

func main() {
	if mode == "before" {
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
	// events(n, fn, ms) calls fn({ i, of: n }, "step") n times, working ms
	// milliseconds before each call, and returns n.
	ns.Register("events", func(args []js.Value) (any, error) {
		n, fn := bridge.Arg(args, 0).Int(), bridge.Arg(args, 1)
		work := time.Duration(bridge.Arg(args, 2).Int()) * time.Millisecond
		for i := range n {
			for start := time.Now(); time.Since(start) < work; {
			}
			fn.Invoke(map[string]any{"i": i, "of": n}, "step")
		}
		return n, nil
	})
	// A load far outside the linear memory is a WebAssembly trap: the
	// exception leaves the Go runtime mid-call, in a state it cannot go on from.
	ns.Register("trap", func([]js.Value) (any, error) {
		var b byte
		return int(*(*byte)(unsafe.Add(unsafe.Pointer(&b), 1<<31))), nil
	})
	js.Global().Get(os.Getenv("SVERTKA_READY")).Invoke(ns.Value())
	select {}
}
