// Package bridge exposes Go functions to JavaScript with the contract of
// github.com/teamortix/golang-wasm: Go functions become methods of a
// JavaScript namespace object, and every call returns a Promise.
//
// A minimal complete program:
//
//	//go:build js && wasm
//
//	package main
//
//	import (
//		"syscall/js"
//
//		"github.com/svertka/svertka/wasm/bridge"
//	)
//
//	func main() {
//		ns := bridge.NewNamespace()
//		ns.Register("half", func(args []js.Value) (any, error) {
//			x, err := bridge.Float("x", bridge.Arg(args, 0))
//			if err != nil {
//				return nil, err
//			}
//			return x / 2, nil
//		})
//		js.Global().Set("demo", ns.Value())
//		select {} // returning from main would end the program and its functions
//	}
//
// In JavaScript, await demo.half(3) is 1.5, and demo.half("3") rejects with
// Error("half: x must be a number, got \"3\"").
//
// # The contract
//
//   - A registered function runs synchronously inside the JavaScript call and
//     its result is handed back as an already settled Promise. Handlers must
//     therefore never block (no channel receives, no sleeps): while a handler
//     runs, the JavaScript event loop is paused, and a Promise or timer it
//     waits for could never fire.
//   - A function registered with RegisterAsync also starts synchronously —
//     it checks its arguments and either rejects at once or returns the
//     Work to do — and its Promise settles later, when that Work, run on a
//     goroutine, returns. Only a Work may block: Await a Promise, or Yield
//     to let the event loop run between the steps of a long job (a training
//     run), so that the page keeps drawing and other calls, such as one
//     that pauses the job, are served meanwhile. Go runs every goroutine
//     that can run before it hands control back to JavaScript, so a Work
//     that never blocks holds the event loop until it is done.
//   - A returned error rejects the Promise with a JavaScript Error whose
//     message is the Go message, prefixed with the function name unless the
//     message already starts with it.
//   - A panic is recovered: the Promise rejects with an Error saying
//     "internal error", the Go stack goes to console.error and the Go
//     runtime keeps running, so the next call works. Fatal runtime errors
//     (out of memory, stack overflow) cannot be recovered in Go; callers guard
//     against them by bounding sizes before allocating.
//   - Before a function runs, its arguments are copied into plain data
//     (plain_js.go): every value of the caller's is read exactly once, with
//     built-in functions through calls that turn a JavaScript exception
//     into an error, so a throwing getter, a Proxy, a revoked Proxy, a
//     BigInt, a symbol, a detached buffer or a DataView rejects the call
//     with a message naming the argument ("predict: argument 1 is a BigInt
//     (10n)…") instead of killing the Go runtime, and the function reads
//     only numbers, strings, booleans, functions, genuine typed arrays,
//     Arrays and prototype-less objects made by the bridge. No code of the
//     caller's runs while the function reads them.
//   - Messages quote the caller's input briefly (Describe, QuoteName) and
//     are cut to MaxMessage bytes.
//   - Arguments are converted with functions such as Float32s, Ints and
//     NewOptions whose errors name the argument, what was expected and what
//     was given ("kernelShape must be …, got [3,3,1]"), formatted by Describe.
//   - Large arrays cross the boundary as bytes: Float32Arrays are copied with
//     one js.CopyBytesToGo or js.CopyBytesToJS over a Uint8Array view of
//     their buffer, never element by element.
//   - Every js.Func the package creates is released: the namespace's
//     functions by Namespace.Release, the callbacks of Await before it
//     returns, a Promise's executor once it has run; Yield's one message
//     handler lives as long as the program. The JavaScript values Go has seen are released by syscall/js
//     only after a Go garbage collection; since the arrays handed to
//     JavaScript weigh far more there than in the Go heap, the bridge runs a
//     collection after every 16 MiB that crosses, either way (see
//     release_js.go), which keeps both memories flat however many calls a
//     page makes, and frees a large argument's copy before the next large
//     call needs the room.
//   - Each JavaScript object Go receives costs several microseconds: syscall/js
//     gives its js.Value a finalizer, whose registration walks the other
//     finalizers of its memory span and which calls into JavaScript when it
//     runs. The calls a page makes per frame keep their number small and
//     fixed: results are built by one JSON.parse of a cached template, and
//     Float32Packer.SetViews stores a result's per-layer Float32Arrays from
//     a tiny WebAssembly module (views_js.go), so that Go holds none of them;
//     another (glue_js.go) reads the arguments' typed arrays and keys
//     without handing Go their tags, buffers or key lists. Property names
//     read per call stay JavaScript strings (keys_js.go), so that none is
//     encoded and decoded across the boundary.
//
// Every Go source file except this one is built only for GOOS=js GOARCH=wasm.
package bridge
