package core

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// awkwardModel uses every layer class and setting the file format stores.
func awkwardModel(t testing.TB) *Model {
	m, err := NewSequential([]int{12, 10, 3},
		NewConv2D("conv_a", 4, [2]int{3, 2}, ConvParams{Strides: [2]int{2, 1}, Padding: Explicit(1, 0, 2, 1), Activation: LeakyReLU}, true),
		NewPool2D("pool_a", PoolParams{Mode: MinPool, Size: [2]int{2, 3}, Strides: [2]int{1, 2}, Padding: Same}),
		NewConv2D("conv_b", 2, [2]int{2, 2}, ConvParams{Dilation: [2]int{2, 1}, Padding: Same, Activation: Tanh}, false),
		NewPool2D("pool_b", PoolParams{Mode: AvgPool, Size: [2]int{2, 2}}),
		NewFlatten("flat"),
		NewDropout("drop", 0.3),
		NewDense("hidden", 5, Sigmoid),
		NewDenseBias("out", 3, Linear, false),
		NewSoftmax("probs"),
	)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(42)
	for _, l := range m.layers {
		if w, ok := l.(Weighted); ok && w.Bias() != nil {
			copy(w.Bias(), randSlice(8, len(w.Bias())))
		}
	}
	return m
}

func TestModelFileRoundTrip(t *testing.T) {
	for _, m := range []*Model{seedNet(t), awkwardModel(t)} {
		doc, err := EncodeModel(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeModel(doc)
		if err != nil {
			t.Fatal(err)
		}
		if got.Summary() != m.Summary() {
			t.Errorf("summary changed:\n%s\n%s", got.Summary(), m.Summary())
		}
		for i, l := range m.layers {
			gl := got.layers[i]
			if gl.Class() != l.Class() || gl.Name() != l.Name() {
				t.Fatalf("layer %d: %s %s", i, gl.Class(), gl.Name())
			}
			for j, p := range l.base().weights {
				assertExact(t, l.Name()+"/"+p.name, gl.base().weights[j].data, p.data)
			}
		}
		if !equalConfigs(m, got) {
			t.Error("layer settings changed")
		}
		x := randSlice(9, numElements(m.input))
		p1, _, _ := m.Predict(x)
		want := append([]float32(nil), p1...)
		p2, _, _ := got.Predict(x)
		assertExact(t, "prediction", p2, want)
		again, err := EncodeModel(got)
		if err != nil || !bytes.Equal(again, doc) {
			t.Error("re-encoding changed the document")
		}
	}
}

// equalConfigs compares every layer's class and full config.
func equalConfigs(a, b *Model) bool {
	return reflect.DeepEqual(a.Spec(), b.Spec())
}

func TestModelFileLayout(t *testing.T) {
	doc, err := EncodeModel(seedNet(t))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Format     string `json:"format"`
		Version    int    `json:"version"`
		InputShape []int  `json:"input_shape"`
		Layers     []struct {
			ClassName string         `json:"class_name"`
			Config    map[string]any `json:"config"`
		} `json:"layers"`
		Weights []struct {
			Layer, Name, Data string
			Shape             []int
		} `json:"weights"`
		Checksum string `json:"checksum"`
	}
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	if v.Format != "svertka-model" || v.Version != 1 || !equalInts(v.InputShape, []int{32, 32, 1}) || !strings.HasPrefix(v.Checksum, "sha256:") {
		t.Errorf("header %+v", v)
	}
	c := v.Layers[0]
	if c.ClassName != "Conv2D" || c.Config["name"] != "conv1" || c.Config["padding"] != "same" || c.Config["activation"] != "relu" || c.Config["filters"] != 10.0 {
		t.Errorf("conv1 %+v", c)
	}
	w := v.Weights[0]
	if w.Layer != "conv1" || w.Name != "kernel" || !equalInts(w.Shape, []int{5, 5, 1, 10}) {
		t.Errorf("first weight %+v", w)
	}
	// Little-endian float32 in row-major order.
	raw, _ := base64.StdEncoding.DecodeString(w.Data)
	k := seedNet(t).layers[0].(*Conv2DLayer).Kernel().Data
	if bits := uint32(raw[0]) | uint32(raw[1])<<8 | uint32(raw[2])<<16 | uint32(raw[3])<<24; math.Float32frombits(bits) != k[0] {
		t.Errorf("first value %v, want %v", math.Float32frombits(bits), k[0])
	}
}

// mutate decodes the seed net's document into generic JSON, applies f and
// re-encodes it.
func mutate(t *testing.T, f func(doc map[string]any)) []byte {
	t.Helper()
	doc, err := EncodeModel(seedNet(t))
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatal(err)
	}
	f(v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func layerCfg(v map[string]any, i int) map[string]any {
	return v["layers"].([]any)[i].(map[string]any)["config"].(map[string]any)
}

func fileWeightAt(v map[string]any, i int) map[string]any {
	return v["weights"].([]any)[i].(map[string]any)
}

func TestDecodeModelRejects(t *testing.T) {
	floats := func(vals ...float32) string { return base64.StdEncoding.EncodeToString(floatsToBytes(vals)) }
	for _, c := range []struct {
		name string
		doc  []byte
		want error
		msg  string
	}{
		{"not JSON", []byte("{"), ErrModelFile, "model file: invalid JSON at byte 1: unexpected end of JSON input"},
		{"syntax", []byte(`{"format" "x"}`), ErrModelFile, "model file: invalid JSON at byte 11: invalid character '\"' after object key"},
		{"not an object", []byte("[1]"), ErrModelFile, "model file: value must be an object, got array"},
		{"null", []byte("null"), ErrModelFile, "model file: must be a JSON object, got null"},
		{"layer not an object", mutate(t, func(v map[string]any) { v["layers"].([]any)[2] = 7 }), ErrModelFile, "layer 2: value must be an object, got number"},
		{"oversized", make([]byte, MaxModelBytes+1), ErrLimit, "model file is 33554433 bytes, above the limit 33554432"},
		{"format", mutate(t, func(v map[string]any) { v["format"] = "keras" }), ErrModelFile, `model file: format is "keras", want "svertka-model"`},
		{"version", mutate(t, func(v map[string]any) { v["version"] = 2 }), ErrModelFile, "model file: unsupported version 2 (this engine reads version 1)"},
		{"missing version", mutate(t, func(v map[string]any) { delete(v, "version") }), ErrModelFile, `model file: missing field "version"`},
		{"missing checksum", mutate(t, func(v map[string]any) { delete(v, "checksum") }), ErrModelFile, `model file: missing field "checksum"`},
		{"unknown top field", mutate(t, func(v map[string]any) { v["extra"] = 1 }), ErrModelFile, `model file: unknown field "extra"`},
		{"bad input shape", mutate(t, func(v map[string]any) { v["input_shape"] = []int{32, 32} }), ErrInput, "input_shape: shape (32, 32) must have 3 dimensions"},
		{"huge input shape", mutate(t, func(v map[string]any) { v["input_shape"] = []int{5000, 32, 1} }), ErrLimit, "input_shape: dimension 5000 in shape (5000, 32, 1) is above the limit 4096"},
		{"unknown layer", mutate(t, func(v map[string]any) { v["layers"].([]any)[4].(map[string]any)["class_name"] = "LSTM" }), ErrModelFile,
			`layer 4: unknown layer class "LSTM" (want ` + classNames() + ")"},
		{"missing field", mutate(t, func(v map[string]any) { delete(layerCfg(v, 0), "filters") }), ErrModelFile, `layer 0 (Conv2D) config: missing field "filters"`},
		{"missing name", mutate(t, func(v map[string]any) { delete(layerCfg(v, 4), "name") }), ErrModelFile, `layer 4 (Flatten) config: missing field "name"`},
		{"unknown config field", mutate(t, func(v map[string]any) { layerCfg(v, 1)["groups"] = 2 }), ErrModelFile, `layer 1 (MaxPool2D) config: unknown field "groups"`},
		{"wrong type", mutate(t, func(v map[string]any) { layerCfg(v, 0)["filters"] = "ten" }), ErrModelFile,
			`layer 0 (Conv2D) config: field "filters": value must be an integer, got string`},
		{"fractional", mutate(t, func(v map[string]any) { layerCfg(v, 6)["units"] = 10.5 }), ErrModelFile,
			`layer 6 (Dense) config: field "units": value must be an integer, got number 10.5`},
		{"kernel_size length", mutate(t, func(v map[string]any) { layerCfg(v, 0)["kernel_size"] = []int{5, 5, 5} }), ErrModelFile,
			`layer 0 (Conv2D) config: field "kernel_size" must have 2 values, got 3`},
		{"null field", mutate(t, func(v map[string]any) { layerCfg(v, 0)["strides"] = nil }), ErrModelFile, `layer 0 (Conv2D) config: field "strides" is null`},
		{"bad padding", mutate(t, func(v map[string]any) { layerCfg(v, 0)["padding"] = "full" }), ErrModelFile,
			`layer 0 (Conv2D) config: field "padding": padding "full" must be "valid", "same" or [[top, bottom], [left, right]]`},
		{"zero stride", mutate(t, func(v map[string]any) { layerCfg(v, 2)["strides"] = []int{0, 1} }), ErrConfig,
			"conv2: strides must be positive integers [height, width], got [0, 1]"},
		{"bad activation", mutate(t, func(v map[string]any) { layerCfg(v, 6)["activation"] = "swish" }), ErrConfig,
			`dense: unknown activation "swish" (want linear, relu, leaky_relu, sigmoid, tanh or softmax)`},
		{"impossible shape", mutate(t, func(v map[string]any) {
			layerCfg(v, 2)["padding"] = "valid"
			layerCfg(v, 2)["kernel_size"] = []int{17, 5}
		}), ErrShape,
			"conv2: output height floor((16 + 0 − 17)/1) + 1 = 0 ≤ 0"},
		{"shape mismatch", mutate(t, func(v map[string]any) { fileWeightAt(v, 0)["shape"] = []int{5, 5, 1, 11} }), ErrModelFile,
			"weights: conv1/kernel has shape (5, 5, 1, 11), the layer needs (5, 5, 1, 10)"},
		{"wrong weight count", mutate(t, func(v map[string]any) { fileWeightAt(v, 1)["data"] = floats(1, 2, 3) }), ErrModelFile,
			"weights: conv1/bias has 16 base64 characters, 10 float32 values need 56"},
		{"missing weight", mutate(t, func(v map[string]any) { v["weights"] = v["weights"].([]any)[1:] }), ErrModelFile, "weights: conv1/kernel is missing"},
		{"extra weight", mutate(t, func(v map[string]any) {
			v["weights"] = append(v["weights"].([]any), map[string]any{"layer": "pool1", "name": "kernel", "shape": []int{1}, "data": floats(1)})
		}), ErrModelFile, "weights: pool1/kernel belongs to no layer parameter"},
		{"duplicate weight", mutate(t, func(v map[string]any) { v["weights"] = append(v["weights"].([]any), fileWeightAt(v, 0)) }), ErrModelFile, "weights: conv1/kernel appears twice"},
		{"NaN weight", mutate(t, func(v map[string]any) {
			fileWeightAt(v, 1)["data"] = floats(0, 0, 0, float32(math.NaN()), 0, 0, 0, 0, 0, 0)
		}), ErrModelFile,
			"weights: conv1/bias value 3 is NaN"},
		{"Inf weight", mutate(t, func(v map[string]any) {
			fileWeightAt(v, 1)["data"] = floats(0, 0, 0, 0, 0, 0, 0, 0, 0, float32(math.Inf(-1)))
		}), ErrModelFile,
			"weights: conv1/bias value 9 is -Inf"},
		{"bad base64", mutate(t, func(v map[string]any) { fileWeightAt(v, 1)["data"] = strings.Repeat("!", 56) }), ErrModelFile, "weights: conv1/bias is not valid base64"},
		{"bad checksum", mutate(t, func(v map[string]any) { fileWeightAt(v, 1)["data"] = floats(1, 0, 0, 0, 0, 0, 0, 0, 0, 0) }), ErrModelFile, "checksum mismatch"},
		{"too many layers", mutate(t, func(v map[string]any) {
			ls := v["layers"].([]any)
			for len(ls) <= MaxLayers {
				ls = append(ls, ls[4])
			}
			v["layers"] = ls
		}), ErrLimit, "model file: 65 layers is above the limit 64"},
		{"weight field type", mutate(t, func(v map[string]any) { fileWeightAt(v, 0)["shape"] = "5x5" }), ErrModelFile,
			`model file: weights[0]: field "shape": value must be a list, got string`},
		{"unknown weight field", mutate(t, func(v map[string]any) { fileWeightAt(v, 2)["dtype"] = "float32" }), ErrModelFile,
			`model file: weights[2]: unknown field "dtype"`},
		{"missing weight field", mutate(t, func(v map[string]any) { delete(fileWeightAt(v, 1), "shape") }), ErrModelFile,
			`model file: weights[1]: missing field "shape"`},
		{"weight not an object", mutate(t, func(v map[string]any) { v["weights"].([]any)[0] = "conv1" }), ErrModelFile,
			`model file: weights[0]: value must be an object, got string`},
		{"duplicate top key", duplicateKey(t, `"version":1`, `"version":1,"version":1`), ErrModelFile,
			`model file: the top level gives the key "version" twice`},
		{"duplicate weight key", duplicateKey(t, `"name":"bias"`, `"name":"bias","name":"kernel"`), ErrModelFile,
			`model file: weights[1] gives the key "name" twice`},
		{"duplicate config key", duplicateKey(t, `"filters":10`, `"filters":10,"filters":11`), ErrModelFile,
			`model file: layers[0].config gives the key "filters" twice`},
		{"duplicate layer", mutate(t, func(v map[string]any) { layerCfg(v, 5)["name"] = "flatten" }), ErrConfig, `two layers are named "flatten"`},
	} {
		m, err := DecodeModel(c.doc)
		if m != nil || !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.msg)
		}
	}
}

// duplicateKey returns the seed network's document with the first old
// replaced by new, which gives a key twice.
func duplicateKey(t *testing.T, old, new string) []byte {
	t.Helper()
	doc := string(mutate(t, func(map[string]any) {}))
	if !strings.Contains(doc, old) {
		t.Fatalf("the document has no %s", old)
	}
	return []byte(strings.Replace(doc, old, new, 1))
}

func FuzzDecodeModel(f *testing.F) {
	seed, err := EncodeModel(awkwardModel(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	small, _ := NewSequential([]int{3, 3, 1}, NewConv2D("c", 1, [2]int{2, 2}, ConvParams{Padding: Same}, true), NewFlatten("f"), NewSoftmax("s"))
	doc, _ := EncodeModel(small)
	f.Add(doc)
	// Every newer class, with nullable and optional settings.
	newer, err := NewModel(ModelSpec{InputShape: []int{6, 5, 2}, Layers: []LayerSpec{
		spec("ZeroPadding2D", `{"padding": [1, 0]}`),
		spec("BatchNormalization", `{"center": false}`),
		spec("ReLU", `{"max_value": null, "threshold": 0.1}`),
		spec("Activation", `{"activation": "sigmoid"}`),
		spec("GlobalMaxPooling2D", `{"keepdims": true}`),
		spec("GlobalAveragePooling2D", `{}`),
		spec("Dense", `{"units": 3, "activation": "softmax"}`),
	}})
	if err != nil {
		f.Fatal(err)
	}
	doc, _ = EncodeModel(newer)
	f.Add(doc)
	f.Add([]byte(`{"format":"svertka-model","version":1,"input_shape":[1,1,1],"layers":[{"class_name":"Flatten","config":{"name":"f"}}],"weights":[],"checksum":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}`))
	// What the JavaScript fuzzer found loading (issue 16): a key given twice
	// and an unknown field in a weights entry.
	f.Add([]byte(`{"format":"svertka-model","version":1,"version":1,"input_shape":[1,1,1],"layers":[{"class_name":"Flatten","config":{"name":"f"}}],"weights":[],"checksum":"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}`))
	f.Add([]byte(`{"format":"svertka-model","version":1,"input_shape":[1,1,1],"layers":[{"class_name":"Dense","config":{"name":"d","units":1,"activation":"linear","use_bias":false}}],"weights":[{"layer":"d","name":"kernel","shape":[1,1],"data":"AACAPw==","dtype":"float32"}],"checksum":"sha256:5c1b2b6f0e9c"}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		m, err := DecodeModel(doc)
		if err != nil {
			if m != nil {
				t.Fatal("model and error")
			}
			var ce *coreError
			if !errors.As(err, &ce) || ce.Error() == "" {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		// Anything accepted must run (if small enough to run quickly) and
		// survive a round trip.
		if numElements(m.input) <= 1<<16 {
			if _, err := m.PredictAll(make([]float32, numElements(m.input))); err != nil {
				t.Fatal(err)
			}
		}
		again, err := EncodeModel(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeModel(again); err != nil {
			t.Fatalf("re-encoded model rejected: %v", err)
		}
		// Strict: the model holds everything the document says, so its
		// document says the same (nothing was ignored).
		var was, is any
		if json.Unmarshal(doc, &was) != nil || json.Unmarshal(again, &is) != nil || !reflect.DeepEqual(was, is) {
			t.Fatalf("the document and the model's own differ:\n%s\n%s", doc, again)
		}
	})
}

// BenchmarkDecodeModel reads the seed network's model file, as loadModel
// does at every start of the playground.
func BenchmarkDecodeModel(b *testing.B) {
	doc, err := EncodeModel(seedNet(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if _, err := DecodeModel(doc); err != nil {
			b.Fatal(err)
		}
	}
}
