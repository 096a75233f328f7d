package core

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The fixtures in testdata/tfjs/ were built, saved and run by TF.js 4 (see
// scripts/tfjs-fixtures/generate.mjs): each holds model.json, its weight
// files and TF.js's output of every layer for a few inputs.
const tfjsDir = "testdata/tfjs"

// tfjsFixtures are the models TF.js wrote; together they cover every layer
// class and option the importer supports.
var tfjsFixtures = []string{"rgb_conv", "dilated_bn", "sharded", "input_layer", "functional_chain"}

// readTFJS reads a model.json and the weight files its manifest lists, in
// manifest order, from dir (weights from weightsDir when it is not "").
func readTFJS(t testing.TB, dir, weightsDir string) (modelJSON []byte, shards [][]byte) {
	t.Helper()
	modelJSON, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		WeightsManifest []struct{ Paths []string } `json:"weightsManifest"`
	}
	if err := json.Unmarshal(modelJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if weightsDir == "" {
		weightsDir = dir
	}
	for _, g := range doc.WeightsManifest {
		for _, p := range g.Paths {
			b, err := os.ReadFile(filepath.Join(weightsDir, p))
			if err != nil {
				t.Fatal(err)
			}
			shards = append(shards, b)
		}
	}
	return modelJSON, shards
}

// tfjsReference is TF.js's output of every layer of a fixture.
type tfjsReference struct {
	InputShape []int `json:"input_shape"`
	Inputs     int   `json:"inputs"`
	Layers     []struct {
		Name      string `json:"name"`
		ClassName string `json:"class_name"`
		Shape     []int  `json:"shape"`
	} `json:"layers"`
	inputs  [][]float32   // per input
	outputs [][][]float32 // per input, per layer
}

func readReference(t testing.TB, dir string) *tfjsReference {
	t.Helper()
	var ref tfjsReference
	b, err := os.ReadFile(filepath.Join(dir, "reference.json"))
	if err == nil {
		err = json.Unmarshal(b, &ref)
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "outputs.bin"))
	if err != nil {
		t.Fatal(err)
	}
	next := func(n int) []float32 {
		if len(raw) < 4*n {
			t.Fatalf("%s/outputs.bin is too short", dir)
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		}
		raw = raw[4*n:]
		return v
	}
	for range ref.Inputs {
		ref.inputs = append(ref.inputs, next(numElements(ref.InputShape)))
		var outs [][]float32
		for _, l := range ref.Layers {
			outs = append(outs, next(numElements(l.Shape)))
		}
		ref.outputs = append(ref.outputs, outs)
	}
	if len(raw) != 0 {
		t.Fatalf("%s/outputs.bin has %d bytes left over", dir, len(raw))
	}
	return &ref
}

// compareWithTFJS runs m on the reference's inputs and compares the output
// of each of m's layers with TF.js's output of the layer layers maps it to
// (the same name when absent), returning the largest difference.
func compareWithTFJS(t *testing.T, m *Model, ref *tfjsReference, layers map[string]string) float64 {
	t.Helper()
	if !equalInts(m.InputShape(), ref.InputShape) {
		t.Fatalf("input shape %v, TF.js %v", m.InputShape(), ref.InputShape)
	}
	index := map[string]int{}
	for i, l := range ref.Layers {
		index[l.Name] = i
	}
	// Without a map every TF.js layer is one of ours, with the same name;
	// TF.js's InputLayer is left out of the reference (its output is the
	// input), as it is out of a Svertka model (the input shape is the
	// model's). With a map each of our layers is compared with the one it
	// names.
	if layers == nil && len(m.layers) != len(ref.Layers) {
		t.Fatalf("%d layers, TF.js has %d", len(m.layers), len(ref.Layers))
	}
	worst := 0.0
	for s, x := range ref.inputs {
		outs, err := m.PredictAll(x)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			name := o.Name
			if n, ok := layers[name]; ok {
				name = n
			}
			i, ok := index[name]
			if !ok {
				t.Fatalf("layer %s: no TF.js layer %s", o.Name, name)
			}
			rl := ref.Layers[i]
			if layers == nil && rl.ClassName != tfjsClass(o.Class) {
				t.Errorf("layer %s: class %s, TF.js %s", o.Name, o.Class, rl.ClassName)
			}
			if !equalInts(o.Shape, rl.Shape) {
				t.Fatalf("layer %s: shape %v, TF.js %v", o.Name, o.Shape, rl.Shape)
			}
			for j, v := range o.Data {
				d := math.Abs(float64(v - ref.outputs[s][i][j]))
				worst = max(worst, d)
				if !(d <= 1e-4) {
					t.Fatalf("input %d, layer %s, value %d: %v, TF.js %v", s, o.Name, j, v, ref.outputs[s][i][j])
				}
			}
		}
	}
	return worst
}

// TestTFJSImport imports every model TF.js wrote and compares every
// layer's output with TF.js's within 1e-4.
func TestTFJSImport(t *testing.T) {
	for _, name := range tfjsFixtures {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(tfjsDir, name)
			m, err := DecodeTFJS(readTFJS(t, dir, ""))
			if err != nil {
				t.Fatal(err)
			}
			worst := compareWithTFJS(t, m, readReference(t, dir), nil)
			t.Logf("%d layers, %d weights: largest difference from TF.js %.2g", len(m.layers), m.TotalParams(), worst)
		})
	}
}

// kerasFixtures are hand-written model.json files in the forms Keras
// writes (Keras 3's module, registered_name, dtype policies, explicit
// InputLayer, batch_shape, build_config, index weight names and functional
// inbound nodes; Keras 2's batch_input_shape, BatchNormalization axis [3]
// and the converter's model_config with training_config). Each describes
// the same network as a TF.js fixture, whose weight file it reads and whose
// outputs it must give; layers maps its layers to the TF.js ones where the
// names differ: keras3_leaky's Conv2D and Dense with activation leaky_relu
// are TF.js's linear layers followed by LeakyReLU(0.2) layers, TF.js having
// no leaky_relu activation.
var kerasFixtures = []struct {
	name, tfjs string
	layers     map[string]string
}{
	{"keras3_leaky", "leaky_reference", map[string]string{"conv": "conv_leaky", "dense": "dense_leaky"}},
	{"keras3_bn", "dilated_bn", nil},
	{"keras3_functional", "rgb_conv", nil},
	{"keras2_converter", "dilated_bn", nil},
}

func TestTFJSImportKeras(t *testing.T) {
	for _, f := range kerasFixtures {
		t.Run(f.name, func(t *testing.T) {
			ref := filepath.Join(tfjsDir, f.tfjs)
			m, err := DecodeTFJS(readTFJS(t, filepath.Join(tfjsDir, f.name), ref))
			if err != nil {
				t.Fatal(err)
			}
			worst := compareWithTFJS(t, m, readReference(t, ref), f.layers)
			t.Logf("largest difference from TF.js %.2g", worst)
		})
	}
}
