//go:build js && wasm

package api

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

func TestLayerClasses(t *testing.T) {
	nn := newAPI(t)
	got := mustCall(t, nn, "nn.layerClasses()")
	want := core.LayerClasses()
	if got.Length() != len(want) {
		t.Fatalf("%d classes, core has %d", got.Length(), len(want))
	}
	for i, c := range want {
		g := got.Index(i)
		aliases := make([]string, g.Get("aliases").Length())
		for j := range aliases {
			aliases[j] = g.Get("aliases").Index(j).String()
		}
		cfg := jsonOf(g.Get("config"))
		if g.Get("name").String() != c.Name || !slices.Equal(aliases, c.Aliases) || !sameJSON(t, cfg, string(c.Config)) {
			t.Errorf("class %d: %s %v %s, core has %s %v %s", i, g.Get("name"), aliases, cfg, c.Name, c.Aliases, c.Config)
		}
	}
	conv := got.Index(slices.IndexFunc(want, func(c core.LayerClass) bool { return c.Name == "Conv2D" }))
	if p := conv.Get("config").Get("padding").String(); p != "valid" {
		t.Errorf("Conv2D's default padding is %q, want Keras's 'valid'", p)
	}
}

// shippedSpec returns the shipped model's layers as createModel takes
// them: the file's own {class_name, config} list.
func shippedSpec(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile("../../site/model/digits.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Layers json.RawMessage `json:"layers"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	return `{ inputShape: [32, 32, 1], layers: ` + string(file.Layers) + `, seed: 7 }`
}

// TestCreateModel builds the seed network from its Keras layer list and
// checks it against core's: the same weights from the same seed, the same
// predictions; the default model stays the loaded one.
func TestCreateModel(t *testing.T) {
	m, doc := seedModel(t) // Init(7)
	nn := newAPI(t)
	loaded := load(t, nn, doc)
	s := mustCall(t, nn, "nn.createModel("+shippedSpec(t)+")")
	h := s.Get("handle").Int()
	if h == loaded || h <= 0 {
		t.Fatalf("createModel's handle %d (the loaded model is %d)", h, loaded)
	}
	checkSummary(t, s, m)
	sameWeights(t, "createModel with seed 7 against core's Init(7)", weightsOf(t, nn, h), coreWeights(m))
	if d := mustCall(t, nn, "nn.modelSummary()").Get("handle").Int(); d != loaded {
		t.Errorf("the default model is %d after createModel, want the loaded %d", d, loaded)
	}
	// Another seed, other weights; no seed is seed 1.
	other := mustCall(t, nn, "nn.createModel({ ...("+shippedSpec(t)+"), seed: 8 })").Get("handle").Int()
	if slices.EqualFunc(weightsOf(t, nn, other), weightsOf(t, nn, h), slices.Equal) {
		t.Error("seeds 7 and 8 gave the same weights")
	}
	m1, _ := seedModelInit(t, 1)
	plain := mustCall(t, nn, "nn.createModel({ inputShape: [32, 32, 1], layers: ("+shippedSpec(t)+").layers })").Get("handle").Int()
	sameWeights(t, "createModel without a seed against Init(1)", weightsOf(t, nn, plain), coreWeights(m1))
	// Unnamed layers get Keras's names; either spec form works.
	s = mustCall(t, nn, `nn.createModel({ inputShape: [6, 6, 1], layers: [
		{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 3 } }, { type: 'conv2d', kernelSize: 2 },
		{ class_name: 'Flatten' }, { type: 'Dense', units: 3, activation: 'softmax' }] })`)
	var names []string
	for i := range s.Get("layers").Length() {
		names = append(names, s.Get("layers").Index(i).Get("name").String())
	}
	if strings.Join(names, " ") != "conv2d conv2d_1 flatten dense" {
		t.Errorf("layer names %v", names)
	}
}

// TestCreateModelEveryClass puts a layer of every registered class into a
// small model, then predicts and trains a step with it.
func TestCreateModelEveryClass(t *testing.T) {
	nn := newAPI(t)
	configs := map[string]string{ // a config that changes something from the defaults
		"Activation": "{ activation: 'tanh' }", "AvgPool2D": "{ pool_size: 2, strides: 1 }",
		"BatchNormalization": "{ momentum: 0.9 }", "Conv2D": "{ filters: 3, kernel_size: 2, activation: 'relu' }",
		"Dense": "{ units: 4, activation: 'sigmoid' }", "Dropout": "{ rate: 0.2 }", "Flatten": "{}",
		"GlobalAveragePooling2D": "{ keepdims: true }", "GlobalMaxPooling2D": "{ keepdims: true }",
		"MaxPool2D": "{ pool_size: 2 }", "MinPool2D": "{ padding: 'same' }", "ReLU": "{ negative_slope: 0.1 }",
		"Softmax": "{}", "ZeroPadding2D": "{ padding: 1 }",
	}
	forEachClass(t, nn, configs, func(name, cfg string) {
		layer := fmt.Sprintf("{ class_name: '%s', config: %s }", name, cfg)
		layers, at := layer+", { class_name: 'Flatten' }", 0
		if name == "Dense" || name == "Softmax" { // they take a flat input
			layers, at = "{ class_name: 'Flatten' }, "+layer, 1
		}
		spec := fmt.Sprintf("{ inputShape: [5, 5, 2], layers: [%s, { class_name: 'Dense', config: { units: 3, activation: 'softmax' } }] }", layers)
		s, err := call(t, nn, "nn.createModel("+spec+")")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return
		}
		h := s.Get("handle").Int()
		if got := s.Get("layers").Index(at).Get("type").String(); got != name {
			t.Errorf("%s: the summary says %s", name, got)
		}
		if p := mustCall(t, nn, "nn.predict(new Float32Array(50).fill(0.5), a)", h).Get("probs"); p.Length() != 3 {
			t.Errorf("%s: predict gave %s", name, bridge.Describe(p))
		}
		mustCall(t, nn, "nn.trainStep(a, { x: new Float32Array(100).map((_, i) => (i % 7) / 7), labels: [0, 2], optimizer: { type: 'adam', learningRate: 0.01 } })", h)
		mustCall(t, nn, "nn.disposeModel(a)", h)
	})
}

func TestCreateModelBadInput(t *testing.T) {
	nn := newAPI(t)
	create := func(layers string) string {
		return "nn.createModel({ inputShape: [8, 8, 1], layers: [" + layers + "] })"
	}
	const dense = "{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 2 } }"
	valid := create(dense)
	checkBadCalls(t, nn, valid+".then((s) => nn.disposeModel(s.handle))", []badCall{
		bad("nn.createModel()", "createModel: spec must be an object {inputShape, layers, seed}, got undefined"),
		bad("nn.createModel({ layers: [] })", `createModel: missing option "inputShape" (the shape of one input sample, [H, W, C])`),
		bad("nn.createModel({ inputShape: [8, 8, 1] })", `createModel: missing option "layers" (an array of {class_name, config})`),
		bad("nn.createModel({ inputShape: [8, 8, 1], layers: [], seed: 1 })", "createModel: layers must be an array of 1 to 64 {class_name, config}, got []"),
		bad("nn.createModel({ inputShape: [8, 8], layers: ["+dense+"] })", "createModel: inputShape must be 3 positive integers [H,W,C], got [8,8]"),
		bad("nn.createModel({ inputShape: [8, 8, 1], layers: ["+dense+"], seed: -1 })", "createModel: seed must be a non-negative integer, got -1"),
		bad("nn.createModel({ inputShape: [8, 8, 1], layers: ["+dense+"], seed: 1.5 })", "createModel: seed must be an integer, got 1.5"),
		bad("nn.createModel({ inputShape: [8, 8, 1], layer: [] })", `createModel: unknown option "layer" (did you mean "layers"?)`),
		bad(create("{ class_name: 'Conv2D', config: { filters: 2, kernel_size: 9 } }, "+dense), "createModel: conv2d: output height floor((8 + 0 − 9)/1) + 1 = 0 ≤ 0"),
		bad(create("{ class_name: 'Conv2D', config: { filter: 2, kernel_size: 3 } }, "+dense), `createModel: layers[0] (Conv2D) config: unknown option "filter" (did you mean "filters"?)`),
		bad(create("{ class_name: 'Conv3D', config: {} }"), `createModel: layer 0: unknown layer class "Conv3D" (want Activation,`),
		bad(create("{ className: 'Dense' }"), `createModel: layerSpec must be`, `with type undefined`),
		bad(create("{ class_name: 'Dense', config: { units: 2 } }"), "createModel: dense: Dense needs a flat input (add a Flatten layer before it), got (8, 8, 1)"),
		bad(create("{ class_name: 'Flatten', config: { name: 'a' } }, { class_name: 'Dense', config: { name: 'a', units: 2 } }"), `createModel: two layers are named "a"`),
		bad(create("{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 4096 } }, { class_name: 'Dense', config: { units: 4096 } }"),
			"createModel: the model would have 17047552 weights, above the limit of 4194304 (2^22)"),
		bad(create("3"), "createModel: layerSpec must be", "got 3"),
	})
	// Sixteen models at most, created or loaded.
	for range MaxModels {
		mustCall(t, nn, valid)
	}
	wantReject(t, nn, valid, "createModel: 16 models are loaded (handles ", "), the limit; dispose of one with disposeModel(handle) first")
}

// jsonOf writes a JavaScript value as JSON.
func jsonOf(v js.Value) string { return js.Global().Get("JSON").Call("stringify", v).String() }

// sameJSON reports whether two JSON documents hold the same value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(va, vb)
}
