//go:build js && wasm

package api

import (
	"fmt"
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

func TestGetWeights(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	ws := mustCall(t, nn, "nn.getWeights(a)", h)
	want := m.Weights()
	if !bridge.IsArray(ws) || ws.Length() != len(want) {
		t.Fatalf("getWeights = %s, want an array of %d", bridge.Describe(ws), len(want))
	}
	for i, w := range want {
		g := ws.Index(i)
		if g.Get("layer").String() != w.Layer || g.Get("name").String() != w.Name || !slices.Equal(ints(t, g.Get("shape")), w.Shape) ||
			!slices.Equal(floats(t, g.Get("data")), w.Data) || !g.Get("trainable").Equal(js.ValueOf(true)) {
			t.Errorf("weight %d = %s/%s %s, want %s/%s %v", i, g.Get("layer"), g.Get("name"), bridge.Describe(g.Get("shape")), w.Layer, w.Name, w.Shape)
		}
	}
	// The arrays belong to the caller: writing to them changes nothing.
	mustCall(t, nn, "(a[0].data.fill(9), Promise.resolve())", ws)
	if got := weightsOf(t, nn, h)[0]; !slices.Equal(got, want[0].Data) {
		t.Errorf("writing to getWeights' array changed the model")
	}
}

// scaled returns the weights of handle h as a JavaScript array for
// setWeights, each value times f, in reverse order.
func scaled(t *testing.T, nn js.Value, h int, f float32) js.Value {
	t.Helper()
	return mustCall(t, nn, "nn.getWeights(a).then((ws) => ws.reverse().map((w) => ({ ...w, data: w.data.map((v) => v * b) })))", h, f)
}

func TestSetWeightsAndExport(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	ws := scaled(t, nn, h, 0.5)
	if v := mustCall(t, nn, "nn.setWeights(a, b)", h, ws); !v.IsUndefined() {
		t.Errorf("setWeights resolved with %s, want undefined", bridge.Describe(v))
	}
	// The same change in Go, through core.
	for _, w := range m.Weights() {
		for i := range w.Data {
			w.Data[i] *= 0.5
		}
	}
	sameWeights(t, "after setWeights, against the halved weights", weightsOf(t, nn, h), coreWeights(m))
	in := digitInput(2)
	want, _, _ := m.Predict(in)
	if got := floats(t, mustCall(t, nn, "nn.predict(a, b)", bridge.Float32Array(in), h).Get("probs")); !slices.Equal(got, want) {
		t.Errorf("predict after setWeights = %v, want %v", got, want)
	}
	// exportModel is the model document: it loads as a second model that
	// predicts the same, and it is what core writes.
	exported := mustCall(t, nn, "nn.exportModel(a)", h)
	if exported.Type() != js.TypeString {
		t.Fatalf("exportModel = %s, want the JSON text", bridge.Describe(exported))
	}
	goDoc, err := core.EncodeModel(m)
	if err != nil {
		t.Fatal(err)
	}
	if exported.String() != string(goDoc) {
		t.Errorf("exportModel differs from core.EncodeModel of the same model")
	}
	h2 := load(t, nn, exported.String())
	if got := floats(t, mustCall(t, nn, "nn.predict(a, b)", bridge.Float32Array(in), h2).Get("probs")); !slices.Equal(got, want) {
		t.Errorf("the exported model predicts %v, want %v", got, want)
	}
}

func TestSetWeightsBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	before := weightsOf(t, nn, h)
	// w(i, edit) is getWeights' result with entry i edited by the JavaScript
	// statement edit on w; the last entry (dense/bias) is the one edited by
	// default, so that every earlier entry is good and would have been
	// written by a call that checks as it goes.
	w := func(edit string) string {
		return fmt.Sprintf(`nn.getWeights(%d).then((ws) => { const w = ws[5]; %s; return nn.setWeights(%d, ws); })`, h, edit, h)
	}
	const wantNames = "conv1/kernel, conv1/bias, conv2/kernel, conv2/bias, dense/kernel, dense/bias"
	checkBadCalls(t, nn, fmt.Sprintf("nn.getWeights(%d)", h), []badCall{
		bad(fmt.Sprintf("nn.setWeights(%d)", h), "setWeights: weights must be an array of {layer, name, shape, data}, as getWeights returns, got undefined"),
		bad(fmt.Sprintf("nn.setWeights(%d, { conv1: 1 })", h), "setWeights: weights must be an array", "got an object {conv1}"),
		bad(fmt.Sprintf("nn.setWeights(%d, [])", h), "setWeights: weights has 0 entries, the model has 6 weights: "+wantNames),
		bad(w("ws.pop()"), "setWeights: weights has 5 entries, the model has 6 weights: "+wantNames),
		bad(w("ws[5] = new Float32Array(10)"), "setWeights: weights[5] must be an object {layer, name, shape, data}, got Float32Array(10)"),
		bad(w("delete w.data"), `setWeights: weights[5]: missing option "data" (a Float32Array)`),
		bad(w("delete w.shape"), `setWeights: weights[5]: missing option "shape" (the weight's shape)`),
		bad(w("w.values = w.data"), `setWeights: weights[5]: unknown option "values"; the options are layer, name, shape, data, trainable`),
		bad(w("w.layers = 'dense'"), `setWeights: weights[5]: unknown option "layers" (did you mean "layer"?)`),
		bad(w("w.layer = 3"), "setWeights: weights[5]: layer must be a string, got 3"),
		bad(w("w.trainable = 'yes'"), `setWeights: weights[5]: trainable must be true or false, got "yes"`),
		bad(w("w.data = Array.from(w.data)"), "setWeights: weights[5].data must be a Float32Array, got [0,0,0,0,0,0,0,0,…]"),
		bad(w("w.data = new Float32Array(9)"), "setWeights: weights[5].data has 9 values but weights[5].shape [10] needs 10 = 10"),
		bad(w("w.shape = [10, 0]"), "setWeights: weights[5].shape must be positive integers, got [10,0]"),
		bad(w("w.shape = '10'"), `setWeights: weights[5].shape must be an array of integers, got "10"`),
		bad(w("w.shape = [5000]; w.data = new Float32Array(5000)"), "setWeights: weights[5].shape [5000] has a dimension of 5000, above the limit of 4096"),
		bad(w("w.data[3] = NaN"), "setWeights: weights[5].data[3] is NaN; every value must be a finite number"),
		bad(w("w.data[9] = -Infinity"), "setWeights: weights[5].data[9] is -Infinity"),
		bad(w("w.shape = [2, 5]"), "setWeights: weight dense/bias has shape (2, 5), the layer needs (10,)"),
		bad(w("w.layer = 'dense2'"), `setWeights: no layer named "dense2"`),
		bad(w("w.name = 'kernel'"), "setWeights: weight dense/kernel is given twice"),
		bad(w("ws[0].name = 'weights'"), `setWeights: layer "conv1" (Conv2D) has no weight "weights"; its weights are kernel, bias`),
		bad(w("ws[0].data = new Float32Array(250).fill(1); ws[0].shape = [250]"), "setWeights: weight conv1/kernel has shape (250,), the layer needs (5, 5, 1, 10)"),
	})
	sameWeights(t, "after the refused setWeights", weightsOf(t, nn, h), before)
	// What getWeights returns goes back as it is, trainable and all.
	mustCall(t, nn, fmt.Sprintf("nn.getWeights(%d).then((ws) => nn.setWeights(%d, ws))", h, h))
}
