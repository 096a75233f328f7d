package core

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// FuzzDecodeTFJS: whatever model.json and weight bytes it gets, DecodeTFJS
// returns a model or an error matching a sentinel, never both and never a
// panic; a model it returns runs, and exports and reads back unchanged
// unless the export refuses it. pieces cuts the weights into that many
// files (1 to 16; 0 gives them as one buffer).
//
// Run it with a short -fuzzminimizetime (e.g. 2s): minimizing a
// kilobyte-sized model.json takes the default minute per new input.
func FuzzDecodeTFJS(f *testing.F) {
	dirs, _ := filepath.Glob(filepath.Join(tfjsDir, "*", "model.json"))
	dirs2, _ := filepath.Glob(filepath.Join(tfjsDir, "export", "*", "model.json"))
	for _, p := range append(dirs, dirs2...) {
		dir := filepath.Dir(p)
		weights := ""
		for _, k := range kerasFixtures {
			if filepath.Base(dir) == k.name {
				weights = filepath.Join(tfjsDir, k.tfjs)
			}
		}
		modelJSON, shards := readTFJS(f, dir, weights)
		if len(bytes.Join(shards, nil)) > 20000 {
			continue // the seed network: large inputs slow the mutator down
		}
		f.Add(modelJSON, bytes.Join(shards, nil), uint8(len(shards)))
	}
	f.Add([]byte(`{"modelTopology": {"class_name": "Model", "config": {"name": "m", "layers": [], "input_layers": [["a", 0, 0]], "output_layers": [["a", 0, 0]]}}}`), []byte{}, uint8(0))
	f.Fuzz(func(t *testing.T, modelJSON, weights []byte, pieces uint8) {
		var shards [][]byte
		if n := int(pieces % 17); n > 0 {
			for i := range n {
				shards = append(shards, weights[i*len(weights)/n:(i+1)*len(weights)/n])
			}
		} else {
			shards = [][]byte{weights}
		}
		m, err := DecodeTFJS(modelJSON, shards)
		if err != nil {
			if m != nil {
				t.Fatal("model and error")
			}
			known := false
			for _, s := range []error{ErrModelFile, ErrUnsupported, ErrLimit, ErrShape, ErrConfig, ErrInput} {
				known = known || errors.Is(err, s)
			}
			if !known || err.Error() == "" {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		if numElements(m.input) <= 1<<16 {
			if _, err := m.PredictAll(make([]float32, numElements(m.input))); err != nil {
				t.Fatal(err)
			}
		}
		j, s, err := EncodeTFJS(m)
		if err != nil {
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("export: %v", err)
			}
			return
		}
		again, err := DecodeTFJS(j, [][]byte{s})
		if err != nil {
			t.Fatalf("the export does not read back: %v", err)
		}
		a, err1 := EncodeModel(m)
		b, err2 := EncodeModel(again)
		if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
			t.Fatalf("the model changed through the export (%v, %v)", err1, err2)
		}
	})
}
