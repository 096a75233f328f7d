package core

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var updateTFJS = flag.Bool("update", false, "rewrite testdata/tfjs/export from EncodeTFJS and PredictAll")

// exportModels are models built in Svertka that together use every layer
// class and option TF.js can load, with weights far from their initial
// values (BatchNormalization's moving statistics included).
func exportModels(t testing.TB) map[string]*Model {
	t.Helper()
	build := func(seed uint64, input []int, layers ...LayerSpec) *Model {
		m, err := NewModel(ModelSpec{InputShape: input, Layers: layers})
		if err != nil {
			t.Fatal(err)
		}
		m.Init(seed)
		perturb(m, seed)
		return m
	}
	seed, err := NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	seed.Init(7)
	perturb(seed, 7)
	return map[string]*Model{
		"seednet": seed,
		"all_layers": build(8, []int{11, 9, 3},
			spec("Conv2D", `{"name": "conv_a", "filters": 5, "kernel_size": [3, 2], "strides": [2, 1], "padding": "same", "activation": "relu"}`),
			spec("BatchNormalization", `{"name": "bn"}`),
			spec("ReLU", `{"name": "relu_cap", "max_value": 0.8}`),
			spec("ZeroPadding2D", `{"name": "pad", "padding": [[1, 0], [2, 1]]}`),
			spec("Conv2D", `{"name": "conv_b", "filters": 4, "kernel_size": 3, "dilation_rate": [1, 2], "activation": "sigmoid", "use_bias": false}`),
			spec("AvgPool2D", `{"name": "pool_avg", "pool_size": 2, "strides": 1, "padding": "same"}`),
			spec("MaxPool2D", `{"name": "pool_max", "pool_size": [2, 3], "strides": [1, 2]}`),
			spec("Activation", `{"name": "act_tanh", "activation": "tanh"}`),
			spec("BatchNormalization", `{"name": "bn_plain", "center": false, "scale": false, "epsilon": 0.1}`),
			spec("GlobalAveragePooling2D", `{"name": "gap"}`),
			spec("Dropout", `{"name": "dropout", "rate": 0.2}`),
			spec("Dense", `{"name": "dense", "units": 6, "activation": "relu", "use_bias": false}`),
			spec("Dense", `{"name": "out", "units": 3, "activation": "softmax"}`),
		),
		// A Softmax layer over an image's channels: TF.js's Softmax
		// defaults to axis 1, so the export must say -1.
		"softmax_image": build(9, []int{6, 5, 2},
			spec("Conv2D", `{"name": "conv", "filters": 3, "kernel_size": 3, "padding": "same"}`),
			spec("Softmax", `{"name": "softmax"}`),
			spec("GlobalMaxPooling2D", `{"name": "gmp"}`),
			spec("Dense", `{"name": "dense", "units": 4, "activation": "tanh"}`),
			spec("Activation", `{"name": "act", "activation": "softmax"}`),
		),
	}
}

// perturb moves every weight away from its initial value: biases and
// betas to ±0.3, gammas around 1, moving means ±0.4, moving variances in
// [0.5, 1.5].
func perturb(m *Model, seed uint64) {
	r := newRNG(seed, 99)
	u := func() float32 { return float32(r.next()>>40)/(1<<23) - 1 }
	for _, w := range m.Weights() {
		for i := range w.Data {
			switch w.Name {
			case "kernel":
				w.Data[i] += 0.1 * u()
			case "gamma":
				w.Data[i] = 1 + 0.5*u()
			case "moving_variance":
				w.Data[i] = 1 + 0.5*u()
			case "moving_mean":
				w.Data[i] = 0.4 * u()
			default:
				w.Data[i] = 0.3 * u()
			}
		}
	}
}

// exportInputs are three deterministic inputs of a model.
func exportInputs(m *Model) [][]float32 {
	r := newRNG(uint64(m.TotalParams()), 1)
	u := func() float32 { return float32(r.next()>>40)/(1<<23) - 1 }
	n := numElements(m.InputShape())
	xs := make([][]float32, 3)
	for k := range xs {
		xs[k] = make([]float32, n)
		for i := range xs[k] {
			xs[k][i] = [3]float32{u(), (u() + 1) / 2, 2 * u()}[k]
		}
	}
	return xs
}

// TestTFJSExport writes (with -update) or checks testdata/tfjs/export:
// for each export model, what EncodeTFJS writes and every layer's output
// in Svertka for three inputs, in the format of the TF.js fixtures.
// scripts/tfjs-fixtures/export.test.mjs loads these files in TF.js with
// tf.loadLayersModel and checks that TF.js computes the same outputs
// within 1e-5. The chain is not circular: the outputs come from Svertka's
// engine, the comparison from TF.js's; this test keeps the files in step
// with the encoder and the engine.
func TestTFJSExport(t *testing.T) {
	for name, m := range exportModels(t) {
		t.Run(name, func(t *testing.T) {
			modelJSON, shard, err := EncodeTFJS(m)
			if err != nil {
				t.Fatal(err)
			}
			// The layers with at most 1,024 output values: the seed
			// network's convolutions, pooling and flattening are left out to
			// keep the files small (every later layer depends on them).
			const stored = 1024
			ref := map[string]any{"input_shape": m.InputShape(), "inputs": 3}
			var layers []map[string]any
			for _, l := range m.layers {
				if len(l.OutputShape()) > 0 && numElements(l.OutputShape()) <= stored {
					layers = append(layers, map[string]any{"name": l.Name(), "class_name": tfjsClass(l.Class()), "shape": l.OutputShape()})
				}
			}
			ref["layers"] = layers
			refJSON, err := json.MarshalIndent(ref, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			var outputs []float32
			for _, x := range exportInputs(m) {
				outs, err := m.PredictAll(x)
				if err != nil {
					t.Fatal(err)
				}
				outputs = append(outputs, x...)
				for _, o := range outs {
					if len(o.Data) <= stored {
						outputs = append(outputs, o.Data...)
					}
				}
			}
			dir := filepath.Join(tfjsDir, "export", name)
			files := map[string][]byte{"model.json": modelJSON, TFJSShardName: shard, "reference.json": append(refJSON, '\n')}
			if *updateTFJS {
				files["outputs.bin"] = floatsToBytes(outputs)
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				for f, b := range files {
					if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			for f, want := range files {
				got, err := os.ReadFile(filepath.Join(dir, f))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s/%s is not what EncodeTFJS writes now: run go test ./core -run TestTFJSExport -update", dir, f)
				}
			}
			// The outputs within float32 rounding: the kernels' sums may
			// run in another order on another platform.
			got, err := os.ReadFile(filepath.Join(dir, "outputs.bin"))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 4*len(outputs) {
				t.Fatalf("outputs.bin has %d bytes, want %d", len(got), 4*len(outputs))
			}
			for i, v := range outputs {
				w := math.Float32frombits(binary.LittleEndian.Uint32(got[4*i:]))
				if math.Abs(float64(v-w)) > 1e-6 {
					t.Fatalf("output value %d is %v, outputs.bin has %v", i, v, w)
				}
			}
		})
	}
}

// TestTFJSRoundTrip: own format → TF.js → own format and TF.js → own →
// TF.js give the same bytes, so configs and weights survive exactly.
func TestTFJSRoundTrip(t *testing.T) {
	viaTFJS := func(t *testing.T, m *Model) *Model {
		t.Helper()
		j, s, err := EncodeTFJS(m)
		if err != nil {
			t.Fatal(err)
		}
		m2, err := DecodeTFJS(j, [][]byte{s})
		if err != nil {
			t.Fatal(err)
		}
		return m2
	}
	own := func(t *testing.T, m *Model) []byte {
		t.Helper()
		b, err := EncodeModel(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, m := range exportModels(t) {
		t.Run(name, func(t *testing.T) {
			if a, b := own(t, m), own(t, viaTFJS(t, m)); !bytes.Equal(a, b) {
				t.Errorf("the model file changed on the way through TF.js:\n%s\n%s", a, b)
			}
		})
	}
	fixtures := append([]string{}, tfjsFixtures...)
	for _, f := range kerasFixtures {
		fixtures = append(fixtures, f.name)
	}
	for i, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			// keras3_leaky has the leaky_relu activation, which TF.js
			// lacks: only its own-format round trip is possible.
			leaky := name == "keras3_leaky"
			weights := ""
			if i >= len(tfjsFixtures) {
				weights = filepath.Join(tfjsDir, kerasFixtures[i-len(tfjsFixtures)].tfjs)
			}
			m1, err := DecodeTFJS(readTFJS(t, filepath.Join(tfjsDir, name), weights))
			if err != nil {
				t.Fatal(err)
			}
			file := own(t, m1)
			m2, err := DecodeModel(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(own(t, m2), file) {
				t.Error("the model file changed on the way through itself")
			}
			j2, s2, err := EncodeTFJS(m2)
			if leaky {
				wantProblems(t, err, ErrUnsupported, `"conv" (Conv2D): activation leaky_relu`, `"dense" (Dense): activation leaky_relu`)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m3 := viaTFJS(t, m2)
			if !bytes.Equal(own(t, m3), file) {
				t.Error("the model file changed on the way through TF.js")
			}
			j1, s1, err := EncodeTFJS(m1)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(j1, j2) || !bytes.Equal(s1, s2) {
				t.Error("the TF.js export changed on the way through the model file")
			}
		})
	}
}

// TestTFJSExportRefused: what TF.js cannot compute as Svertka does is
// listed, every item by layer, and nothing is written.
func TestTFJSExportRefused(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{12, 12, 2}, Layers: []LayerSpec{
		spec("Conv2D", `{"name": "conv_pad", "filters": 2, "kernel_size": 3, "padding": [[1, 1], [0, 2]]}`),
		spec("Conv2D", `{"name": "conv_atrous", "filters": 2, "kernel_size": 2, "strides": 2, "dilation_rate": 2, "activation": "leaky_relu"}`),
		spec("MinPool2D", `{"name": "pool_min"}`),
		spec("ReLU", `{"name": "leaky", "negative_slope": 0.1, "threshold": 0.5}`),
		spec("GlobalMaxPooling2D", `{"name": "gmp", "keepdims": true}`),
		spec("Flatten", `{"name": "flatten"}`),
		spec("Dense", `{"name": "dense", "units": 2}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	j, s, err := EncodeTFJS(m)
	if j != nil || s != nil {
		t.Error("a refused export wrote something")
	}
	wantProblems(t, err, ErrUnsupported,
		`"conv_pad" (Conv2D): padding [[1, 1], [0, 2]]: Keras and TF.js have no explicit padding here`,
		`"conv_atrous" (Conv2D): activation leaky_relu: TF.js has no leaky_relu activation`,
		`"conv_atrous" (Conv2D): strides [2 2] with dilation_rate [2 2]`,
		`"pool_min" (MinPool2D): Keras and TF.js have no MinPool2D layer`,
		`"leaky" (ReLU): negative_slope 0.1: TF.js's ReLU has max_value only`,
		`"leaky" (ReLU): threshold 0.5: TF.js's ReLU has max_value only`,
		`"gmp" (GlobalMaxPooling2D): keepdims true: TF.js's global pooling has no keepdims`,
	)
	if _, err := EncodeModel(m); err != nil {
		t.Errorf("the own format takes any model: %v", err)
	}
}
