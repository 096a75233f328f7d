//go:build js && wasm

package bridge

import (
	"fmt"
	"strings"
	"syscall/js"
	"testing"
)

// hostileNamespace has methods that read their arguments the usual ways:
// data(input Float32Array, options {scale?}), name(string),
// options({padding?, shape?}), bytes(Uint8Array | ArrayBuffer),
// and each returns what it read.
func hostileNamespace(t *testing.T) *Namespace {
	ns := NewNamespace()
	t.Cleanup(ns.Release)
	ns.Register("data", func(args []js.Value) (any, error) {
		scale := 1.0
		if !IsNullish(Arg(args, 1)) {
			o := NewOptions("options", Arg(args, 1), "scale")
			scale = o.Float("scale", 1)
			if err := o.Err(); err != nil {
				return nil, err
			}
		}
		x, err := Float32s("input", Arg(args, 0), nil)
		if err != nil {
			return nil, err
		}
		sum := 0.0
		for _, v := range x {
			sum += float64(v)
		}
		return sum * scale, nil
	})
	ns.Register("name", func(args []js.Value) (any, error) {
		return String("name", Arg(args, 0))
	})
	ns.Register("options", func(args []js.Value) (any, error) {
		o := NewOptions("options", Arg(args, 0), "padding", "shape")
		p := o.String("padding", "valid")
		var shape []int
		if o.Has("shape") {
			var err error
			if shape, err = Ints("shape", o.Value("shape")); err != nil {
				o.Fail(err)
			}
		}
		if err := o.Err(); err != nil {
			return nil, err
		}
		return fmt.Sprint(p, shape), nil
	})
	ns.Register("bytes", func(args []js.Value) (any, error) {
		b, err := Bytes("bytes", Arg(args, 0), nil)
		return len(b), err
	})
	ns.Register("image", func(args []js.Value) (any, error) {
		o := NewOptions("image", Arg(args, 0), "data", "width", "height")
		w, h := o.Int("width", 0), o.Int("height", 0)
		if err := o.Err(); err != nil {
			return nil, err
		}
		b, err := Bytes("image.data", o.Value("data"), nil)
		return fmt.Sprint(w, "x", h, ":", len(b)), err
	})
	ns.Register("long", func(args []js.Value) (any, error) {
		return nil, fmt.Errorf("%s", strings.Repeat("é", 5000))
	})
	return ns
}

// callEval calls method of ns with the arguments the JavaScript array
// expression args evaluates to, as a page would.
func callEval(t *testing.T, ns *Namespace, method, args string) (js.Value, error) {
	t.Helper()
	a := jsEval(args)
	p := ns.Value().Get(method).Call("apply", js.Null(), a)
	if !p.InstanceOf(jsPromise) {
		t.Fatalf("%s returned %s, want a Promise", method, Describe(p))
	}
	return Await(p)
}

func TestHostileArgumentsReject(t *testing.T) {
	ns := hostileNamespace(t)
	for _, c := range []struct{ method, args, want string }{
		{"data", "[new Proxy(new Float32Array(4), {})]", "data: input must be a Float32Array, got a Proxy of a Float32Array (pass the array itself)"},
		{"data", "[new Float32Array(4), {get scale() { throw new Error('x') }}]", `data: reading argument 2 (at scale) threw "Error: x"`},
		{"data", "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return [new Float32Array(1), r.proxy]; })()", "data: reading argument 2 threw \"TypeError: Cannot perform 'IsArray' on a proxy that has been revoked\""},
		{"data", "[10n]", "data: argument 1 is a BigInt (10n); the engine takes Numbers"},
		{"options", "[{shape: [3n, 2, 1]}]", "options: argument 1 (at shape[0]) is a BigInt (3n)"},
		{"options", "[{padding: Symbol('x')}]", "options: argument 1 (at padding) is a symbol"},
		{"name", "[new DataView(new ArrayBuffer(4))]", "name: name must be a string, got a DataView"},
		{"name", "[new Map()]", "name: name must be a string, got a Map"},
		{"name", "[{get constructor() { throw new Error('no') }}]", `name: reading argument 1 (at constructor) threw "Error: no"`},
		{"data", "(() => { const x = new Float32Array(4); structuredClone(x.buffer, {transfer: [x.buffer]}); return [x]; })()",
			"data: argument 1 is a Float32Array whose ArrayBuffer is detached"},
		{"data", "(() => { const x = new Float32Array(4); return [x, {get scale() { structuredClone(x.buffer, {transfer: [x.buffer]}); return 1; }}]; })()",
			"data: argument 1 was detached while the arguments were read"},
		{"options", "(() => { const o = {}; o.padding = o; return [o]; })()", "options: argument 1 (at padding.padding"},
		{"data", "[new Float32Array(1), {get scale() { throw new Error('y'.repeat(1e6)) }}]", "…\" (1000007 characters)"},
		{"data", "[new Float32Array(1), {get scale() { throw new Proxy({}, {get() { throw 1 }}) }}]", "data: reading argument 2 (at scale) threw"},
		{"options", "[{['k'.repeat(5000)]: 1}]", "options: argument 1 has a key of 5000 characters"},
		{"options", "[{['k'.repeat(257)]: 1}]", "options: argument 1 has a key of 257 characters"},
		{"options", "[{padding: 'same', ['k'.repeat(256)]: 1}]", "(256 characters); the options are padding, shape"},
		{"options", "[{padding: 'same', ['k'.repeat(200)]: 1}]", `options: unknown option "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk…" (200 characters); the options are padding, shape`},
		{"name", "['n'.repeat(5000)]", `name: name must be a string of at most 1024 characters, got "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…" (5000 characters)`},
		{"options", "[{shape: (() => { const a = [1]; a.length = 2 ** 25; return a; })()}]", "above the limit of 16777216"},
		{"data", "[new Proxy(new Float32Array(4), {get() { throw new Error('trap') }})]", "got a Proxy of a Float32Array"},
		{"long", "[]", "bytes in all)"},
	} {
		_, err := callEval(t, ns, c.method, c.args)
		rej := wantRejection(t, err, c.want)
		msg := rej.Reason.Get("message").String()
		if len(msg) > MaxMessage || strings.Contains(msg, "internal error") {
			t.Errorf("%s(%s): message of %d bytes: %.200q", c.method, c.args, len(msg), msg)
		}
		if !strings.HasPrefix(msg, c.method+": ") {
			t.Errorf("%s(%s): message %.200q does not start with the method's name", c.method, c.args, msg)
		}
	}
	// And the runtime lives on.
	v, err := callEval(t, ns, "data", "[new Float32Array([1, 2]), {scale: 2}]")
	if err != nil || v.Float() != 6 {
		t.Fatalf("a valid call after the hostile ones gave %v, %v", Describe(v), err)
	}
}

func TestPlainArgumentsAreReadOnce(t *testing.T) {
	ns := hostileNamespace(t)
	for _, c := range []struct{ method, args, want string }{
		// A getter runs once: Has then String see one value.
		{"options", "(() => { let n = 0; return [{get padding() { return n++ ? undefined : 'same' }}]; })()", "same[]"},
		// A Proxy of a plain object, or of an array, is read through its traps.
		{"options", "[new Proxy({padding: 'same', shape: new Proxy([1, 2], {})}, {})]", "same[1 2]"},
		{"options", "[Object.assign(Object.create(null), {shape: [4]})]", "valid[4]"},
		// A subclass, a subarray: the very memory, as a plain view.
		{"data", "[new (class extends Float32Array {})([1, 2, 3])]", "6"},
		{"data", "[new Float32Array([9, 1, 2, 9]).subarray(1, 3), {scale: 3}]", "9"},
		{"bytes", "[new Uint8Array(5).buffer]", "5"},
		{"bytes", "(() => { const b = new ArrayBuffer(6); b.extra = 1; return [b]; })()", "6"},
		{"bytes", "(() => { const b = new ArrayBuffer(8); Object.defineProperty(b, 'byteLength', {get() { throw new Error('x') }}); return [b]; })()", "8"},
		{"image", "[new ImageData(2, 3)]", "2x3:24"},
	} {
		v, err := callEval(t, ns, c.method, c.args)
		if err != nil {
			t.Errorf("%s(%s): %v", c.method, c.args, err)
			continue
		}
		if got := fmt.Sprint(jsString.Invoke(v).String()); got != c.want {
			t.Errorf("%s(%s) = %s, want %s", c.method, c.args, got, c.want)
		}
	}
}

func TestLimitMessage(t *testing.T) {
	short := "predict: fine"
	if got := limitMessage(short); got != short {
		t.Errorf("limitMessage(%q) = %q", short, got)
	}
	long := strings.Repeat("é", 3000)
	got := limitMessage(long)
	if len(got) > MaxMessage || !strings.HasSuffix(got, "… (6000 bytes in all)") || !strings.HasPrefix(got, "éé") {
		t.Errorf("limitMessage of 6000 bytes = %d bytes ending %q", len(got), got[len(got)-30:])
	}
}

func TestStringBytesCountsUTF8(t *testing.T) {
	euros := jsEval("'€'.repeat(12)") // 36 bytes of UTF-8
	if _, ok := StringBytes(euros, 35); ok {
		t.Errorf("StringBytes took 36 bytes under a limit of 35")
	}
	if b, ok := StringBytes(euros, 36); !ok || string(b) != strings.Repeat("€", 12) {
		t.Errorf("StringBytes(36) = %q, %v", b, ok)
	}
	// Longer than a chunk, in surrogate pairs that a chunk must not split.
	faces := jsEval("'a' + '😀'.repeat(600000)")
	want := "a" + strings.Repeat("😀", 600000)
	if b, ok := StringBytes(faces, len(want)); !ok || string(b) != want {
		t.Errorf("StringBytes of %d bytes gave %d bytes, %v", len(want), len(b), ok)
	}
	if _, ok := StringBytes(faces, len(want)-1); ok {
		t.Errorf("StringBytes took %d bytes under a limit of one less", len(want))
	}
}
