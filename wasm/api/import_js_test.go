//go:build js && wasm

package api

import (
	"os"
	"path/filepath"
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

const tfjsDir = "../../core/testdata/tfjs"

// tfjsFixture reads a TF.js fixture of core/testdata/tfjs: model.json and
// its weight files, which TF.js names group1-shard1ofN.bin, … in manifest
// order (N < 10 here, so their names sort in that order).
func tfjsFixture(t *testing.T, name string) (modelJSON []byte, shards [][]byte) {
	t.Helper()
	dir := filepath.Join(tfjsDir, name)
	modelJSON, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "group1-shard*.bin"))
	if len(paths) == 0 {
		t.Fatalf("%s has no weight files", dir)
	}
	slices.Sort(paths)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		shards = append(shards, b)
	}
	return modelJSON, shards
}

// buffers returns the files as a JavaScript array of ArrayBuffers.
func buffers(files [][]byte) js.Value {
	a := make([]any, len(files))
	for i, f := range files {
		u := jsUint8Array.New(len(f))
		js.CopyBytesToJS(u, f)
		a[i] = u.Get("buffer")
	}
	return js.ValueOf(a)
}

// fixtureInput is a deterministic input of the model's shape.
func fixtureInput(m *core.Model, seed uint64) []float32 {
	x, _ := randomBatch(1, numElements(m.InputShape()), 2, seed)
	return x
}

// predicts checks that the model behind handle h gives exactly the
// probabilities of m on a few inputs.
func predicts(t *testing.T, nn js.Value, h int, m *core.Model, what string) {
	t.Helper()
	for seed := range uint64(3) {
		in := fixtureInput(m, seed+1)
		want, _, err := m.Predict(in)
		if err != nil {
			t.Fatal(err)
		}
		got := floats(t, mustCall(t, nn, "nn.predict(a, b)", bridge.Float32Array(in), h).Get("probs"))
		if !slices.Equal(got, want) {
			t.Errorf("%s: predict = %v, want %v", what, got, want)
		}
	}
}

func TestImportModel(t *testing.T) {
	for _, name := range []string{"rgb_conv", "sharded", "functional_chain"} {
		t.Run(name, func(t *testing.T) {
			modelJSON, shards := tfjsFixture(t, name)
			want, err := core.DecodeTFJS(modelJSON, shards)
			if err != nil {
				t.Fatal(err)
			}
			nn := newAPI(t)
			files := buffers(shards)
			// model.json as text, as bytes and parsed; the weights as an
			// array of files, and as one buffer when there is one file.
			forms := map[string]string{
				"text":   "nn.importModel({ modelJSON: a, weights: b })",
				"bytes":  "nn.importModel({ modelJSON: new TextEncoder().encode(a), weights: b })",
				"parsed": "nn.importModel({ modelJSON: JSON.parse(a), weights: b })",
			}
			if len(shards) == 1 {
				forms["one buffer"] = "nn.importModel({ modelJSON: a, weights: b[0] })"
				forms["Uint8Array"] = "nn.importModel({ modelJSON: a, weights: new Uint8Array(b[0]) })"
			}
			last := 0
			for form, code := range forms {
				s := mustCall(t, nn, code, string(modelJSON), files)
				h := s.Get("handle").Int()
				if h <= last {
					t.Errorf("%s: handle %d after %d", form, h, last)
				}
				last = h
				if got := ints(t, s.Get("inputShape")); !slices.Equal(got, append([]int{-1}, want.InputShape()...)) &&
					!slices.Equal(got, want.InputShape()) {
					t.Errorf("%s: inputShape %v, want %v", form, got, want.InputShape())
				}
				if n := s.Get("layers").Length(); n != len(want.Layers()) {
					t.Errorf("%s: %d layers, want %d", form, n, len(want.Layers()))
				}
				if d := mustCall(t, nn, "nn.modelSummary()").Get("handle").Int(); d != h {
					t.Errorf("%s: the default model is %d, want the imported %d", form, d, h)
				}
				predicts(t, nn, h, want, name+" imported as "+form)
			}
		})
	}
}

func TestExportTFJS(t *testing.T) {
	modelJSON, shards := tfjsFixture(t, "rgb_conv")
	m, err := core.DecodeTFJS(modelJSON, shards)
	if err != nil {
		t.Fatal(err)
	}
	nn := newAPI(t)
	h := mustCall(t, nn, "nn.importModel({ modelJSON: a, weights: b })", string(modelJSON), buffers(shards)).Get("handle").Int()
	out := mustCall(t, nn, "nn.exportModel(a, { format: 'tfjs' })", h)
	if keys := js.Global().Get("Object").Call("keys", out); keys.Length() != 2 {
		t.Errorf("exportModel(tfjs) has keys %s, want modelJSON and weights", bridge.Describe(keys))
	}
	wantJSON, wantShard, err := core.EncodeTFJS(m)
	if err != nil {
		t.Fatal(err)
	}
	if g := out.Get("modelJSON"); g.Type() != js.TypeString || g.String() != string(wantJSON) {
		t.Errorf("exportModel(tfjs).modelJSON = %s, want core.EncodeTFJS's model.json", bridge.Describe(g))
	}
	w := out.Get("weights")
	if !w.InstanceOf(js.Global().Get("ArrayBuffer")) {
		t.Fatalf("exportModel(tfjs).weights = %s, want an ArrayBuffer", bridge.Describe(w))
	}
	got, _ := bridge.Bytes("weights", w, nil)
	if !slices.Equal(got, wantShard) {
		t.Errorf("exportModel(tfjs).weights differ from core.EncodeTFJS's weight file")
	}
	// The export imports back as a model that predicts exactly the same,
	// and exports to the same files again.
	h2 := mustCall(t, nn, "nn.importModel(a)", out).Get("handle").Int()
	predicts(t, nn, h2, m, "the re-imported export")
	again := mustCall(t, nn, "nn.exportModel(a, { format: 'tfjs' })", h2)
	if again.Get("modelJSON").String() != string(wantJSON) {
		t.Errorf("export → import → export changed model.json")
	}
	// The own format is the default and the 'svertka' format.
	own := mustCall(t, nn, "nn.exportModel(a)", h)
	ownDoc, _ := core.EncodeModel(m)
	if own.String() != string(ownDoc) {
		t.Errorf("exportModel(handle) is not the model file")
	}
	if s := mustCall(t, nn, "nn.exportModel(a, { format: 'svertka' })", h); s.String() != string(ownDoc) {
		t.Errorf("exportModel(handle, {format: 'svertka'}) is not the model file")
	}
	// An imported model converts to the own format and back exactly.
	h3 := load(t, nn, own.String())
	predicts(t, nn, h3, m, "the imported model, through the own format")
}

func TestExportTFJSRefused(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	mustCall(t, nn, "nn.setPooling('pool1', 'min')")
	wantReject(t, nn, "nn.exportModel(1, { format: 'tfjs' })",
		"exportModel: TF.js export:", `"pool1" (MinPool2D): Keras and TF.js have no MinPool2D layer`)
	// The own format keeps any model; back to max pooling the model exports.
	mustCall(t, nn, "nn.exportModel(a)", h)
	mustCall(t, nn, "nn.setPooling('pool1', 'max')")
	mustCall(t, nn, "nn.exportModel(a, { format: 'tfjs' })", h)
	checkBadCalls(t, nn, "nn.exportModel(1, { format: 'tfjs' })", []badCall{
		bad("nn.exportModel(1, { format: 'onnx' })", `exportModel: options.format must be 'svertka' (the model file) or 'tfjs' (TF.js layers), got "onnx"`),
		bad("nn.exportModel(1, { fromat: 'tfjs' })", `exportModel: unknown option "fromat" (did you mean "format"?)`),
		bad("nn.exportModel(1, 'tfjs')", "exportModel: options must be an object {format}"),
		bad("nn.exportModel(1, { format: 7 })", "exportModel: format must be a string"),
		bad("nn.exportModel(9, { format: 'tfjs' })", "exportModel: handle 9 is not a loaded model"),
	})
}

func TestImportModelBadInput(t *testing.T) {
	modelJSON, shards := tfjsFixture(t, "rgb_conv")
	nn := newAPI(t)
	first := mustCall(t, nn, "nn.importModel({ modelJSON: a, weights: b })", string(modelJSON), buffers(shards)).Get("handle").Int()
	// The bad calls read the fixture from globals.
	global := js.Global()
	global.Set("fixtureJSON", string(modelJSON))
	global.Set("fixtureWeights", buffers(shards).Index(0))
	t.Cleanup(func() {
		global.Delete("fixtureJSON")
		global.Delete("fixtureWeights")
	})
	cyclic := "(() => { const o = JSON.parse(fixtureJSON); o.self = o; return nn.importModel({ modelJSON: o, weights: fixtureWeights }); })()"
	unsupported := "(() => { const o = JSON.parse(fixtureJSON); const ls = o.modelTopology.config.layers; " +
		"ls[0].config.data_format = 'channels_first'; ls[1].class_name = 'Conv3D'; ls[6].config.activation = 'swish'; " +
		"return nn.importModel({ modelJSON: o, weights: fixtureWeights }); })()"
	// A failed import keeps the models loaded before and the default: the
	// valid call is a predict without a handle, on the fixture's input.
	valid := "nn.predict(new Float32Array(13 * 11 * 3))"
	checkBadCalls(t, nn, valid, []badCall{
		bad("nn.importModel()", "importModel: importModel's argument must be an object {modelJSON, weights}, got undefined"),
		bad("nn.importModel(fixtureJSON)", "importModel: importModel's argument must be an object {modelJSON, weights}"),
		bad("nn.importModel({ weights: fixtureWeights })", "importModel: ", "modelJSON"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weight: fixtureWeights })", `importModel: unknown option "weight" (did you mean "weights"?)`),
		bad("nn.importModel({ modelJSON: 42 })", "importModel: modelJSON must be the JSON text (a string) or its bytes (an ArrayBuffer or Uint8Array) or the parsed object, got 42"),
		bad("nn.importModel({ modelJSON: 'x'.repeat(33 << 20) })", "importModel: modelJSON has 34603008 bytes, above the limit of 33554432 (32 MiB)"),
		bad(cyclic, "importModel: argument 1 (at modelJSON.self", "nested more than 32 deep"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: 'abc' })", "importModel: weights must be an ArrayBuffer (or Uint8Array) or an array of them in the manifest's order, got"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: [fixtureWeights, 3] })", "importModel: weights[1] must be an ArrayBuffer or Uint8Array, got 3"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: new Float32Array(4) })", "importModel: weights must be an ArrayBuffer"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: [new ArrayBuffer(20 << 20), new ArrayBuffer(20 << 20)] })",
			"importModel: the weight files hold 41943040 bytes, above the limit of 33554432 (32 MiB)"),
		// Truncated, missing and surplus weight files; a truncated model.json.
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: fixtureWeights.slice(0, 100) })", "importModel: model.json:", "100"),
		bad("nn.importModel({ modelJSON: fixtureJSON })", "importModel: model.json:"),
		bad("nn.importModel({ modelJSON: fixtureJSON, weights: [fixtureWeights, fixtureWeights] })", "importModel: model.json:"),
		bad("nn.importModel({ modelJSON: fixtureJSON.slice(0, fixtureJSON.length / 2), weights: fixtureWeights })", "importModel: model.json", "JSON"),
		bad("nn.importModel({ modelJSON: '', weights: fixtureWeights })", "importModel: model.json"),
		// Every unsupported item is listed by layer name.
		bad(unsupported, "importModel: model.json: 3 problems:", `"conv_same"`, "channels_first", `"pool_max"`, "Conv3D", `"dense_sigmoid"`, "swish"),
		// The own format is loadModel's.
		bad("nn.importModel({ modelJSON: '{\"format\": \"svertka-model\"}' })", "importModel: model.json"),
	})
	if d := mustCall(t, nn, "nn.modelSummary()").Get("handle").Int(); d != first {
		t.Errorf("after the refused imports the default model is %d, want %d", d, first)
	}
	// Sixteen models are the limit, for importModel as for loadModel.
	for range MaxModels - 1 {
		mustCall(t, nn, "nn.importModel({ modelJSON: fixtureJSON, weights: fixtureWeights })")
	}
	wantReject(t, nn, "nn.importModel({ modelJSON: fixtureJSON, weights: fixtureWeights })", "importModel: 16 models are loaded", "disposeModel")
}
