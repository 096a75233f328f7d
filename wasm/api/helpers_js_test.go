//go:build js && wasm

package api

import (
	"errors"
	"slices"
	"strings"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// newAPI registers a fresh API and returns its JavaScript object.
func newAPI(t testing.TB) js.Value {
	t.Helper()
	ns := bridge.NewNamespace()
	Register(ns)
	t.Cleanup(ns.Release)
	return ns.Value()
}

// call runs JavaScript code with the API bound to nn — the way a page calls
// it — checks that the code produced a Promise, and waits for it. Extra
// values are bound to a, b, … in order.
func call(t testing.TB, nn js.Value, code string, values ...any) (js.Value, error) {
	t.Helper()
	params := []any{"nn", "a", "b", "c", "d", "e"}[:1+len(values)]
	f := js.Global().Get("Function").New(append(params, "return "+code)...)
	p := f.Invoke(append([]any{nn}, values...)...)
	if !p.InstanceOf(js.Global().Get("Promise")) {
		t.Fatalf("%s returned %s, want a Promise", code, bridge.Describe(p))
	}
	return bridge.Await(p)
}

// mustCall is call for code that must succeed.
func mustCall(t testing.TB, nn js.Value, code string, values ...any) js.Value {
	t.Helper()
	v, err := call(t, nn, code, values...)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	return v
}

// wantReject checks that code rejects with an Error whose message contains
// every part of want.
func wantReject(t *testing.T, nn js.Value, code string, want ...string) {
	t.Helper()
	_, err := call(t, nn, code)
	var rej *bridge.Rejection
	if !errors.As(err, &rej) {
		t.Errorf("%s: got %v, want a rejection", code, err)
		return
	}
	if !rej.Reason.InstanceOf(js.Global().Get("Error")) {
		t.Errorf("%s: rejected with %s, want an Error", code, bridge.Describe(rej.Reason))
		return
	}
	msg := rej.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("%s:\n  message %q\n  lacks   %q", code, msg, w)
		}
	}
}

// floats copies a Float32Array (or {data}) out of JavaScript.
func floats(t *testing.T, v js.Value) []float32 {
	t.Helper()
	if v.Type() == js.TypeObject && !v.Get("data").IsUndefined() {
		v = v.Get("data")
	}
	f, err := bridge.Float32s("value", v, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ints copies a shape out of JavaScript.
func ints(t *testing.T, v js.Value) []int {
	t.Helper()
	n, err := bridge.Ints("shape", v)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// seedModel returns the seed network with seeded weights, in Go and as the
// model document JavaScript loads.
func seedModel(t testing.TB) (*core.Model, string) { return seedModelInit(t, 7) }

// seedModelInit is seedModel with the weights of Init(seed).
func seedModelInit(t testing.TB, seed uint64) (*core.Model, string) {
	t.Helper()
	m, err := core.NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	m.Init(seed)
	doc, err := core.EncodeModel(m)
	if err != nil {
		t.Fatal(err)
	}
	return m, string(doc)
}

// digitInput is a deterministic 32×32 input with a ring of ink, shaped like
// a drawn zero.
func digitInput(shift int) []float32 {
	in := make([]float32, 32*32)
	for y := range 32 {
		for x := range 32 {
			dx, dy := float64(x-16-shift), float64(y-16)
			if r := dx*dx/36 + dy*dy/81; r > 0.6 && r < 1.2 {
				in[y*32+x] = 1
			}
		}
	}
	return in
}

// load loads the model document into nn and returns its handle.
func load(t *testing.T, nn js.Value, doc string) int {
	t.Helper()
	h := mustCall(t, nn, "nn.loadModel(a)", doc).Get("handle")
	if h.Type() != js.TypeNumber || h.Int() <= 0 {
		t.Fatalf("loadModel's summary has handle %s, want a positive integer", bridge.Describe(h))
	}
	return h.Int()
}

// randomBatch returns n deterministic samples of size values in [0, 1) and
// labels in [0, classes), from a xorshift stream.
func randomBatch(n, size, classes int, seed uint64) ([]float32, []int) {
	r := seed*0x9E3779B97F4A7C15 + 1
	next := func() uint64 {
		r ^= r << 13
		r ^= r >> 7
		r ^= r << 17
		return r
	}
	x := make([]float32, n*size)
	for i := range x {
		x[i] = float32(next()>>40) / (1 << 24)
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = int(next() % uint64(classes))
	}
	return x, labels
}

// labelArray converts labels to a JavaScript array of numbers.
func labelArray(labels []int) js.Value {
	a := make([]any, len(labels))
	for i, l := range labels {
		a[i] = l
	}
	return js.ValueOf(a)
}

// weightsOf returns a copy of every weight of the model behind handle h, in
// model order, read with getWeights.
func weightsOf(t *testing.T, nn js.Value, h int) [][]float32 {
	t.Helper()
	ws := mustCall(t, nn, "nn.getWeights(a)", h)
	out := make([][]float32, ws.Length())
	for i := range out {
		out[i] = floats(t, ws.Index(i).Get("data"))
	}
	return out
}

// coreWeights returns a copy of the Go model's weights in model order.
func coreWeights(m *core.Model) [][]float32 {
	var out [][]float32
	for _, w := range m.Weights() {
		out = append(out, append([]float32(nil), w.Data...))
	}
	return out
}

// sameWeights reports, in an error naming what, every weight of got that
// differs from want.
func sameWeights(t *testing.T, what string, got, want [][]float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d weights, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("%s: weight %d differs", what, i)
		}
	}
}

// forEachClass calls f with the name of every registered layer class, as
// layerClasses lists them, and its case; a class without a case is an
// error, so that a new class cannot go untested.
func forEachClass[C any](t *testing.T, nn js.Value, cases map[string]C, f func(name string, c C)) {
	t.Helper()
	classes := mustCall(t, nn, "nn.layerClasses()")
	for i := range classes.Length() {
		name := classes.Index(i).Get("name").String()
		c, ok := cases[name]
		if !ok {
			t.Errorf("no case for the registered class %s", name)
			continue
		}
		f(name, c)
	}
}
