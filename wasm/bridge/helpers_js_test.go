//go:build js && wasm

package bridge

import (
	"errors"
	"strings"
	"syscall/js"
	"testing"
)

// jsEval evaluates a JavaScript expression; tests build their inputs the way
// a JavaScript caller would write them.
func jsEval(expr string) js.Value {
	return js.Global().Get("Function").New("return (" + expr + ");").Invoke()
}

// callJS calls a namespace method as JavaScript does, checks that it returned
// a Promise, and waits for it.
func callJS(t *testing.T, ns *Namespace, name string, args ...any) (js.Value, error) {
	t.Helper()
	p := ns.Value().Call(name, args...)
	if !p.InstanceOf(jsPromise) {
		t.Fatalf("%s returned %s, want a Promise", name, Describe(p))
	}
	return Await(p)
}

// wantRejection checks that err is a rejection with a JavaScript Error whose
// message contains every part of want.
func wantRejection(t *testing.T, err error, want ...string) *Rejection {
	t.Helper()
	var rej *Rejection
	if !errors.As(err, &rej) {
		t.Fatalf("got error %v, want a Promise rejection", err)
	}
	if !rej.Reason.InstanceOf(jsErrorCtor) {
		t.Fatalf("rejected with %s, want an Error", Describe(rej.Reason))
	}
	msg := rej.Reason.Get("message").String()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error message %q does not contain %q", msg, w)
		}
	}
	return rej
}
