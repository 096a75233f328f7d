//go:build js && wasm

package bridge

import "syscall/js"

// Rejection is the error Await returns when a Promise rejects.
type Rejection struct {
	Reason js.Value // the rejection value, usually an Error
}

// Error returns the reason's message for an Error, or the reason as text.
func (r *Rejection) Error() string {
	if r.Reason.Type() == js.TypeObject && r.Reason.InstanceOf(jsErrorCtor) {
		return r.Reason.Get("message").String()
	}
	return Describe(r.Reason)
}

// Await waits until p settles and returns its value, or a *Rejection. A
// value that is not a Promise is returned as it is.
//
// Await blocks its goroutine until the JavaScript event loop settles p, so
// it must never be called from a js.Func callback (such as a Func handler):
// the event loop cannot run until that callback returns, and the program
// would deadlock.
func Await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	onValue := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{v: Arg(args, 0)}
		return nil
	})
	defer onValue.Release()
	onReason := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- result{err: &Rejection{Reason: Arg(args, 0)}}
		return nil
	})
	defer onReason.Release()
	promiseResolve.Invoke(p).Call("then", onValue, onReason)
	r := <-done
	return r.v, r.err
}
