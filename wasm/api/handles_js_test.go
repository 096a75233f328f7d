//go:build js && wasm

package api

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// twoModels returns the seed network with two different sets of weights,
// in Go and as model documents.
func twoModels(t *testing.T) (ma, mb *core.Model, docA, docB string) {
	t.Helper()
	ma, docA = seedModel(t)
	mb, docB = seedModelInit(t, 8)
	return ma, mb, docA, docB
}

func TestModelsSideBySide(t *testing.T) {
	ma, mb, docA, docB := twoModels(t)
	nn := newAPI(t)
	ha, hb := load(t, nn, docA), load(t, nn, docB)
	if ha == hb {
		t.Fatalf("two models got the same handle %d", ha)
	}
	in := digitInput(1)
	x := bridge.Float32Array(in)
	wantA, _, _ := ma.Predict(in)
	wantA = slices.Clone(wantA)
	wantB, _, _ := mb.Predict(in)
	if slices.Equal(wantA, wantB) {
		t.Fatal("the two models predict the same; the test cannot tell them apart")
	}
	// The last loaded model is the default; a handle picks either.
	for _, c := range []struct {
		code string
		want []float32
	}{{"nn.predict(a)", wantB}, {"nn.predict(a, b)", wantA}, {"nn.predict(a, c)", wantB}, {"nn.predict(a, null)", wantB}} {
		if got := floats(t, mustCall(t, nn, c.code, x, ha, hb).Get("probs")); !slices.Equal(got, c.want) {
			t.Errorf("%s = %v, want %v", c.code, got, c.want)
		}
	}
	for _, c := range []struct {
		code string
		want int
	}{{"nn.modelSummary()", hb}, {"nn.modelSummary(a)", ha}, {"nn.modelSummary(b)", hb}} {
		if got := mustCall(t, nn, c.code, ha, hb).Get("handle").Int(); got != c.want {
			t.Errorf("%s.handle = %d, want %d", c.code, got, c.want)
		}
	}
	l, _ := ma.Layer("conv2")
	if got := floats(t, mustCall(t, nn, "nn.layerWeights('conv2', a)", ha).Get("kernel")); !slices.Equal(got, l.(core.Weighted).Kernel().Data) {
		t.Errorf("layerWeights('conv2', a) is not model A's kernel")
	}
	steps := mustCall(t, nn, "nn.layerSteps('conv1', a, 3, b)", x, ha)
	l1, _ := ma.Layer("conv1")
	conv1 := l1.(*core.Conv2DLayer)
	want, err := core.Conv2DSteps(core.Tensor{Data: in, Shape: []int{32, 32, 1}}, conv1.Kernel(), conv1.Bias(), conv1.Params(), 3)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(floats(t, steps.Get("activated")), want.Activated.Data) {
		t.Errorf("layerSteps('conv1', x, 3, a) differs from model A's conv1")
	}
	// setPooling changes only the model it names.
	if got := mustCall(t, nn, "nn.setPooling('pool1', 'avg', a)", ha).Get("layers").Index(1).Get("type").String(); got != "AvgPool2D" {
		t.Errorf("setPooling(…, a) summary says %s", got)
	}
	if got := floats(t, mustCall(t, nn, "nn.predict(a)", x).Get("probs")); !slices.Equal(got, wantB) {
		t.Errorf("setPooling on model A changed the default model B")
	}
	if err := ma.SetPooling("pool1", core.AvgPool); err != nil {
		t.Fatal(err)
	}
	wantAvg, _, _ := ma.Predict(in)
	if got := floats(t, mustCall(t, nn, "nn.predict(a, b)", x, ha).Get("probs")); !slices.Equal(got, wantAvg) {
		t.Errorf("model A after setPooling predicts %v, want %v", got, wantAvg)
	}
	// Training one leaves the other alone.
	before := weightsOf(t, nn, hb)
	xs, labels := randomBatch(4, 32*32, 10, 1)
	mustCall(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: { type: 'sgd', learningRate: 0.1 } })", ha, bridge.Float32Array(xs), labelArray(labels))
	sameWeights(t, "model B after training model A", weightsOf(t, nn, hb), before)
	if slices.Equal(weightsOf(t, nn, ha)[0], coreWeights(ma)[0]) {
		t.Errorf("trainStep did not change model A's conv1 kernel")
	}
}

func TestDisposeModel(t *testing.T) {
	_, _, docA, docB := twoModels(t)
	nn := newAPI(t)
	ha, hb := load(t, nn, docA), load(t, nn, docB)
	x := bridge.Float32Array(digitInput(0))
	if v := mustCall(t, nn, "nn.disposeModel(a)", hb); !v.IsUndefined() {
		t.Errorf("disposeModel resolved with %s, want undefined", bridge.Describe(v))
	}
	// The default is gone: calls without a handle reject as before any load.
	for _, code := range []string{"nn.modelSummary()", "nn.predict(a)", "nn.layerWeights('conv1')", "nn.setPooling('pool1', 'avg')", "nn.layerSteps('conv1', a, 0)"} {
		name, _, _ := strings.Cut(strings.TrimPrefix(code, "nn."), "(")
		_, err := call(t, nn, code, x)
		if err == nil || err.Error() != name+": no model loaded; call loadModel(json) first" {
			t.Errorf("%s after disposing of the default: %v", code, err)
		}
	}
	// The other model still works by handle, and a disposed handle names the live ones.
	mustCall(t, nn, "nn.predict(a, b)", x, ha)
	wantReject(t, nn, fmt.Sprintf("nn.predict(new Float32Array(1024), %d)", hb),
		fmt.Sprintf("predict: handle %d is not a loaded model (it was disposed of, or never loaded); the loaded models are %d", hb, ha))
	wantReject(t, nn, fmt.Sprintf("nn.disposeModel(%d)", hb), fmt.Sprintf("disposeModel: handle %d is not a loaded model", hb))
	// A new model gets a new handle (never a reused one) and is the default.
	hc := load(t, nn, docB)
	if hc == ha || hc == hb {
		t.Errorf("the third model got handle %d, already used by %d or %d", hc, ha, hb)
	}
	if got := mustCall(t, nn, "nn.modelSummary()").Get("handle").Int(); got != hc {
		t.Errorf("the default after loading is %d, want %d", got, hc)
	}
	mustCall(t, nn, "nn.disposeModel(a)", ha)
	mustCall(t, nn, "nn.disposeModel(a)", hc)
	wantReject(t, nn, fmt.Sprintf("nn.getWeights(%d)", hc), fmt.Sprintf("getWeights: handle %d is not a loaded model (it was disposed of, or never loaded); no model is loaded", hc))
}

func TestModelLimit(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	var hs []string
	for range MaxModels {
		hs = append(hs, fmt.Sprint(load(t, nn, doc)))
	}
	wantReject(t, nn, "nn.loadModel()", // the limit is checked before the document
		fmt.Sprintf("loadModel: 16 models are loaded (handles %s), the limit; dispose of one with disposeModel(handle) first", strings.Join(hs, ", ")))
	mustCall(t, nn, "nn.disposeModel(a)", 5)
	load(t, nn, doc)
}

func TestHandleBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	const wantType = "handle must be a model handle (the positive integer in loadModel's result), got "
	var calls []badCall
	for _, c := range []struct{ name, call string }{
		{"modelSummary", "nn.modelSummary(%s)"},
		{"predict", "nn.predict(new Float32Array(1024), %s)"},
		{"layerWeights", "nn.layerWeights('conv1', %s)"},
		{"setPooling", "nn.setPooling('pool1', 'max', %s)"},
		{"layerSteps", "nn.layerSteps('conv1', new Float32Array(1024), 0, %s)"},
		{"disposeModel", "nn.disposeModel(%s)"},
		{"getWeights", "nn.getWeights(%s)"},
		{"setWeights", "nn.setWeights(%s, [])"},
		{"exportModel", "nn.exportModel(%s)"},
		{"trainStep", "nn.trainStep(%s, {})"},
		{"evaluate", "nn.evaluate(%s, {})"},
	} {
		for arg, got := range map[string]string{"'1'": `"1"`, "0": "0", "-1": "-1", "1.5": "1.5", "{ handle: 1 }": "an object {handle}", "NaN": "NaN"} {
			calls = append(calls, bad(fmt.Sprintf(c.call, arg), c.name+": "+wantType+got))
		}
		calls = append(calls, bad(fmt.Sprintf(c.call, "99"), c.name+": handle 99 is not a loaded model (it was disposed of, or never loaded); the loaded models are "+fmt.Sprint(h)))
	}
	// The new calls need a handle: none is not the default.
	for _, name := range []string{"disposeModel", "getWeights", "setWeights", "exportModel", "trainStep", "evaluate"} {
		calls = append(calls, bad("nn."+name+"()", name+": "+wantType+"undefined"))
	}
	checkBadCalls(t, nn, fmt.Sprintf("nn.predict(new Float32Array(1024), %d)", h), calls)
}

// TestDisposeFreesMemory loads a model, trains it a step and disposes of
// it, 200 times a round, and checks that the wasm memory stops growing: a
// disposed model's weights, buffers and trainer are all garbage. The model
// is small, for speed, but has a layer of every kind that keeps buffers;
// keeping the disposed models by mistake grows the memory by megabytes a
// round.
func TestDisposeFreesMemory(t *testing.T) {
	m, err := core.NewSequential([]int{8, 8, 1},
		core.NewConv2D("conv", 4, [2]int{3, 3}, core.ConvParams{Padding: core.Same, Activation: core.ReLU}, true),
		core.NewPool2D("pool", core.PoolParams{Mode: core.MaxPool, Size: [2]int{2, 2}}),
		core.NewFlatten("flatten"),
		core.NewDropout("dropout", 0.25),
		core.NewDense("dense", 10, core.Linear),
		core.NewSoftmax("softmax"),
	)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(1)
	doc, err := core.EncodeModel(m)
	if err != nil {
		t.Fatal(err)
	}
	nn := newAPI(t)
	x, labels := randomBatch(2, 8*8, 10, 3)
	const loop = `(async () => {
		let n = 0;
		for (let i = 0; i < 200; i++) {
			const { handle } = await nn.loadModel(a);
			const r = await nn.trainStep(handle, { x: b, labels: c, optimizer: { type: 'adam', learningRate: 0.001 } });
			await nn.disposeModel(handle);
			n += r.n;
		}
		return n;
	})()`
	const rounds = 6
	var growth []int
	for round := range rounds {
		runtime.GC()
		before := bridge.MemoryBytes()
		if n := mustCall(t, nn, loop, string(doc), bridge.Float32Array(x), labelArray(labels)).Int(); n != 400 {
			t.Fatalf("the loop trained on %d samples, want 400", n)
		}
		runtime.GC()
		after := bridge.MemoryBytes()
		t.Logf("round %d: wasm memory %d bytes before and %d after 200 load/trainStep/dispose cycles", round, before, after)
		if round > 0 && after == before {
			return
		}
		growth = append(growth, after-before)
	}
	t.Errorf("wasm memory grew in every round of 200 load/dispose cycles (bytes per round: %v): a leak", growth)
}
