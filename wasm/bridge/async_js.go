//go:build js && wasm

package bridge

import (
	"sync"
	"syscall/js"
)

// Work is what an AsyncFunc leaves to run after its call has returned. It
// runs on a goroutine of its own, where it may block — Await a Promise,
// Yield to the event loop between steps of a long job — and its result
// settles the call's Promise the way a Func's result does: converted with
// js.ValueOf, an error rejects, a panic is recovered.
type Work func() (any, error)

// AsyncFunc is a Go function callable from JavaScript whose Promise settles
// later. The function itself runs synchronously inside the call, like a
// Func, and must not block: it reads and checks the arguments, and returns
// either an error (the Promise rejects at once, as a Func's does) or the
// Work that settles it.
type AsyncFunc func(args []js.Value) (Work, error)

// RegisterAsync exposes fn as the method name of the namespace, replacing
// (and releasing) an earlier function of the same name.
func (n *Namespace) RegisterAsync(name string, fn AsyncFunc) {
	n.register(name, func(args []js.Value) any { return callAsync(name, fn, args) })
}

// callAsync runs fn and returns a Promise that its Work settles from a
// goroutine.
func callAsync(name string, fn AsyncFunc, args []js.Value) js.Value {
	var work Work
	settled := call(name, func(args []js.Value) (any, error) {
		w, err := fn(args)
		work = w
		return nil, err
	}, args)
	if work == nil {
		return settled // rejected, or nothing to do
	}
	var resolve, reject js.Value
	executor := js.FuncOf(func(_ js.Value, fns []js.Value) any {
		resolve, reject = fns[0], fns[1]
		return nil
	})
	p := jsPromise.New(executor)
	executor.Release()
	go func() {
		// call's recovery and conversion turn the outcome into a settled
		// Promise, which then settles this one.
		result := call(name, func([]js.Value) (any, error) { return work() }, nil)
		result.Call("then", resolve, reject)
	}()
	return p
}

// Yield blocks the calling goroutine until the JavaScript event loop has
// run the tasks already waiting — input, timers, messages from a page or
// a worker, rendering — and comes back to Go: a long job calls it between
// its steps so that the page stays responsive and other calls get through.
// It posts a message to itself on a MessageChannel, which unlike
// setTimeout(0) is not clamped to 4 ms when repeated.
//
// Like Await, it must never be called from a js.Func callback, only from a
// goroutine such as a Work's: a callback that blocks stops the event loop,
// and the program deadlocks.
func Yield() {
	wake := make(chan struct{})
	yields.Lock()
	if yields.port.IsUndefined() {
		ch := jsMessageChannel.New()
		yields.port = ch.Get("port2")
		// The one handler wakes the oldest waiter: messages arrive in the
		// order they were posted.
		yields.onMessage = js.FuncOf(func(js.Value, []js.Value) any {
			yields.Lock()
			w := yields.waiting[0]
			yields.waiting = yields.waiting[1:]
			yields.Unlock()
			close(w)
			return nil
		})
		ch.Get("port1").Set("onmessage", yields.onMessage)
	}
	yields.waiting = append(yields.waiting, wake)
	port := yields.port
	yields.Unlock()
	port.Call("postMessage", js.Null())
	<-wake
}

// yields is Yield's channel to itself, made at the first Yield and kept for
// the life of the program.
var yields struct {
	sync.Mutex
	port      js.Value
	onMessage js.Func
	waiting   []chan struct{}
}

var jsMessageChannel = js.Global().Get("MessageChannel")
