//go:build js && wasm

package bridge

import (
	"errors"
	"fmt"
	"strings"
	"syscall/js"
	"testing"
)

func TestNamespaceResolves(t *testing.T) {
	ns := NewNamespace()
	defer ns.Release()
	ns.Register("half", func(args []js.Value) (any, error) {
		x, err := Float("x", Arg(args, 0))
		if err != nil {
			return nil, err
		}
		return x / 2, nil
	})
	ns.Register("pair", func(args []js.Value) (any, error) {
		return map[string]any{"a": 1, "b": []any{"x", true}}, nil
	})

	v, err := callJS(t, ns, "half", 3)
	if err != nil || v.Float() != 1.5 {
		t.Fatalf("half(3) = %s, %v; want 1.5", Describe(v), err)
	}
	v, err = callJS(t, ns, "pair")
	if err != nil {
		t.Fatal(err)
	}
	if a, b := v.Get("a"), v.Get("b"); Describe(a) != "1" || Describe(b) != `["x",true]` {
		t.Errorf("pair() = {a: %s, b: %s}, want {a: 1, b: [\"x\",true]}", Describe(a), Describe(b))
	}
}

func TestNamespaceRejectsWithGoError(t *testing.T) {
	ns := NewNamespace()
	defer ns.Release()
	ns.Register("half", func(args []js.Value) (any, error) {
		x, err := Float("x", Arg(args, 0))
		return x / 2, err
	})
	ns.Register("prefixed", func(args []js.Value) (any, error) {
		return nil, errors.New("prefixed: already says who failed")
	})

	_, err := callJS(t, ns, "half", "3")
	rej := wantRejection(t, err, `half: x must be a number, got "3"`)
	if got := rej.Reason.Get("message").String(); got != `half: x must be a number, got "3"` {
		t.Errorf("message = %q", got)
	}
	_, err = callJS(t, ns, "prefixed")
	rej = wantRejection(t, err)
	if got := rej.Reason.Get("message").String(); got != "prefixed: already says who failed" {
		t.Errorf("message = %q, want the prefix once", got)
	}
	// The runtime is unharmed: the next valid call works.
	if v, err := callJS(t, ns, "half", 5); err != nil || v.Float() != 2.5 {
		t.Errorf("half(5) after a rejection = %s, %v", Describe(v), err)
	}
}

func TestNamespaceRecoversPanics(t *testing.T) {
	var nilMap map[string][]int
	panics := map[string]func(){
		"string":     func() { panic("boom") },
		"error":      func() { panic(errors.New("wrapped boom")) },
		"nilPointer": func() { var p *struct{ x int }; p.x++ },
		"index":      func() { s := []int{1, 2, 3}; i := len(s); _ = s[i] },
		"nilMap":     func() { nilMap["a"] = append(nilMap["a"], 1) },
		"jsThrows":   func() { js.Global().Call("eval", "throw new TypeError('thrown in JS')") },
	}
	wants := map[string]string{
		"string":     "boom",
		"error":      "wrapped boom",
		"nilPointer": "nil pointer dereference",
		"index":      "index out of range",
		"nilMap":     "nil map",
		"jsThrows":   "thrown in JS",
	}
	ns := NewNamespace()
	defer ns.Release()
	ns.Register("ok", func([]js.Value) (any, error) { return "still alive", nil })
	ns.Register("badResult", func([]js.Value) (any, error) { return struct{}{}, nil }) // js.ValueOf panics
	for name, f := range panics {
		ns.Register(name, func([]js.Value) (any, error) { f(); return nil, nil })
	}
	wants["badResult"] = "invalid value"

	// Capture console.error: a panic is a bug and must be logged loudly.
	console := js.Global().Get("console")
	consoleError := console.Get("error")
	defer console.Set("error", consoleError)
	logged := jsEval("[]")
	console.Set("error", jsEval("(log => (...args) => log.push(args.join(' ')))").Invoke(logged))

	for name, want := range wants {
		logged.Set("length", 0)
		_, err := callJS(t, ns, name)
		rej := wantRejection(t, err, name+": internal error", want)
		if stack := rej.Reason.Get("goStack"); stack.Type() != js.TypeString || !strings.Contains(stack.String(), "goroutine") {
			t.Errorf("%s: goStack = %s, want the Go stack", name, Describe(stack))
		}
		if logged.Length() != 1 || !strings.Contains(logged.Index(0).String(), want) {
			t.Errorf("%s: console.error got %s, want one message with %q", name, Describe(logged), want)
		}
		if v, err := callJS(t, ns, "ok"); err != nil || v.String() != "still alive" {
			t.Fatalf("call after the %s panic: %s, %v", name, Describe(v), err)
		}
	}
}

func TestNamespaceRegisterAndRelease(t *testing.T) {
	ns := NewNamespace()
	ns.Register("f", func([]js.Value) (any, error) { return 1, nil })
	ns.Register("f", func([]js.Value) (any, error) { return 2, nil })
	ns.Register("g", func([]js.Value) (any, error) { return 3, nil })
	if len(ns.funcs) != 2 {
		t.Fatalf("%d functions registered, want 2 (re-registering replaces)", len(ns.funcs))
	}
	if v, err := callJS(t, ns, "f"); err != nil || v.Int() != 2 {
		t.Fatalf("f() = %s, %v; want the replacement's 2", Describe(v), err)
	}
	ns.Release()
	if len(ns.funcs) != 0 {
		t.Errorf("%d functions left after Release", len(ns.funcs))
	}
	if keys := jsObject.Call("keys", ns.Value()).Length(); keys != 0 {
		t.Errorf("namespace object still has %d methods after Release", keys)
	}
}

func TestAwait(t *testing.T) {
	v, err := Await(js.ValueOf(7))
	if err != nil || v.Int() != 7 {
		t.Errorf("Await(7) = %s, %v", Describe(v), err)
	}
	v, err = Await(jsEval("new Promise(ok => setTimeout(() => ok('later'), 5))"))
	if err != nil || v.String() != "later" {
		t.Errorf("Await(timer) = %s, %v", Describe(v), err)
	}
	_, err = Await(jsEval("Promise.reject('plain string')"))
	if err == nil || err.Error() != `"plain string"` {
		t.Errorf("Await(reject string) error = %v", err)
	}
	_, err = Await(jsEval("Promise.reject(new RangeError('too big'))"))
	if err == nil || err.Error() != "too big" {
		t.Errorf("Await(reject Error) error = %v", err)
	}
}

func ExampleNamespace() {
	ns := NewNamespace()
	defer ns.Release()
	ns.Register("half", func(args []js.Value) (any, error) {
		x, err := Float("x", Arg(args, 0))
		if err != nil {
			return nil, err
		}
		return x / 2, nil
	})
	js.Global().Set("demo", ns.Value())
	defer js.Global().Delete("demo")

	// What JavaScript sees (Await stands in for the await keyword).
	v, err := Await(js.Global().Get("demo").Call("half", 3))
	fmt.Println(v.Float(), err)
	_, err = Await(js.Global().Get("demo").Call("half", "3"))
	fmt.Println(err)
	// Output:
	// 1.5 <nil>
	// half: x must be a number, got "3"
}
