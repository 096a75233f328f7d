//go:build js && wasm

package bridge

import (
	"fmt"
	"runtime/debug"
	"strings"
	"syscall/js"
	"unicode/utf8"
)

// Func is a Go function callable from JavaScript. Its result is converted
// with js.ValueOf and resolves the call's Promise; a non-nil error rejects it.
// A Func runs while the JavaScript event loop waits, so it must not block.
type Func func(args []js.Value) (any, error)

// Namespace is a JavaScript object whose methods are Go functions.
type Namespace struct {
	obj   js.Value
	funcs map[string]js.Func
}

// NewNamespace returns an empty namespace backed by a new plain JavaScript
// object; publish it with Value.
func NewNamespace() *Namespace {
	return &Namespace{obj: jsObject.New(), funcs: make(map[string]js.Func)}
}

// Value returns the JavaScript object holding the registered functions.
func (n *Namespace) Value() js.Value { return n.obj }

// Register exposes fn as the method name of the namespace, replacing (and
// releasing) an earlier function of the same name.
func (n *Namespace) Register(name string, fn Func) {
	n.register(name, func(args []js.Value) any { return call(name, fn, args) })
}

// register exposes method as name, releasing an earlier function of that
// name.
func (n *Namespace) register(name string, method func(args []js.Value) any) {
	if old, ok := n.funcs[name]; ok {
		old.Release()
	}
	f := js.FuncOf(func(_ js.Value, args []js.Value) any { return method(args) })
	n.funcs[name] = f
	n.obj.Set(name, f)
}

// Release removes every function from the namespace and releases it. Calls
// made afterwards from JavaScript find no such method.
func (n *Namespace) Release() {
	for name, f := range n.funcs {
		n.obj.Delete(name)
		f.Release()
	}
	clear(n.funcs)
}

// call runs fn and turns its outcome into a settled Promise. Running fn
// synchronously needs no goroutine and no executor js.Func per call.
func call(name string, fn Func, args []js.Value) (promise js.Value) {
	defer func() {
		if r := recover(); r != nil {
			promise = promiseReject.Invoke(panicError(name, r))
		}
	}()
	defer collectIfDue()
	// The handler reads only plain data (see plain_js.go).
	args, err := plainArgs(args)
	var res any
	if err == nil {
		res, err = fn(args)
	}
	if err != nil {
		return promiseReject.Invoke(jsError(name, err.Error()))
	}
	return promiseResolve.Invoke(js.ValueOf(res))
}

// jsError returns a JavaScript Error whose message starts with the function
// name, so a message shown on its own still says which call failed.
func jsError(name, msg string) js.Value {
	if !strings.HasPrefix(msg, name+": ") {
		msg = name + ": " + msg
	}
	return jsErrorCtor.New(limitMessage(msg))
}

// MaxMessage bounds the bytes of an error message. Messages quote the
// caller's input briefly; this is the backstop for one that would not.
const MaxMessage = 1000

// limitMessage cuts msg to MaxMessage bytes at a character boundary, saying
// how long it was.
func limitMessage(msg string) string {
	if len(msg) <= MaxMessage {
		return msg
	}
	tail := fmt.Sprintf("… (%d bytes in all)", len(msg))
	cut := MaxMessage - len(tail)
	for cut > 0 && !utf8.RuneStart(msg[cut]) {
		cut--
	}
	return msg[:cut] + tail
}

// panicError reports a recovered panic: the message says it is a bug rather
// than bad input, and the Go stack is logged and attached as goStack for the
// bug report.
func panicError(name string, r any) js.Value {
	stack := string(debug.Stack())
	e := jsError(name, fmt.Sprintf("internal error (a bug in svertka, please report it): %v", r))
	e.Set("goStack", stack)
	js.Global().Get("console").Call("error", e.Get("message"), "\n", stack)
	return e
}

var (
	jsObject       = js.Global().Get("Object")
	jsErrorCtor    = js.Global().Get("Error")
	jsPromise      = js.Global().Get("Promise")
	promiseResolve = jsPromise.Get("resolve").Call("bind", jsPromise)
	promiseReject  = jsPromise.Get("reject").Call("bind", jsPromise)
)
