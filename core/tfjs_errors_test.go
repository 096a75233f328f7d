package core

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// tfjsDoc is a fixture's model.json as generic JSON, to be edited.
type tfjsDoc map[string]any

func loadTFJSDoc(t *testing.T, name string) (tfjsDoc, [][]byte) {
	t.Helper()
	raw, shards := readTFJS(t, filepath.Join(tfjsDir, name), "")
	var doc tfjsDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc, shards
}

func (d tfjsDoc) bytes(t *testing.T) []byte {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (d tfjsDoc) layers() []any {
	return d["modelTopology"].(map[string]any)["config"].(map[string]any)["layers"].([]any)
}

// layer returns the layer spec (class_name, config) of the named layer.
func (d tfjsDoc) layer(t *testing.T, name string) map[string]any {
	t.Helper()
	for _, l := range d.layers() {
		l := l.(map[string]any)
		if l["config"].(map[string]any)["name"] == name {
			return l
		}
	}
	t.Fatalf("no layer %s", name)
	return nil
}

func (d tfjsDoc) config(t *testing.T, name string) map[string]any {
	return d.layer(t, name)["config"].(map[string]any)
}

// weight returns the manifest entry of the named weight.
func (d tfjsDoc) weight(t *testing.T, name string) map[string]any {
	t.Helper()
	for _, g := range d["weightsManifest"].([]any) {
		for _, w := range g.(map[string]any)["weights"].([]any) {
			if w := w.(map[string]any); w["name"] == name {
				return w
			}
		}
	}
	t.Fatalf("no weight %s", name)
	return nil
}

// wantProblems checks that err matches kind and lists exactly the given
// problems (substrings, one per line of a list).
func wantProblems(t *testing.T, err error, kind error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if !errors.Is(err, kind) {
		t.Errorf("error does not match %v: %v", kind, err)
	}
	msg := err.Error()
	lines := 1
	if len(want) > 1 {
		lines = strings.Count(msg, "\n  - ")
		if !strings.Contains(msg, itoa(len(want))+" problems:") {
			t.Errorf("want %d problems: %v", len(want), err)
		}
	}
	if lines != len(want) {
		t.Errorf("%d problems listed, want %d: %v", lines, len(want), err)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
}

// TestTFJSUnsupported: every unsupported item of a model is listed by
// layer in one message, and no model is returned.
func TestTFJSUnsupported(t *testing.T) {
	doc, shards := loadTFJSDoc(t, "rgb_conv")
	doc.config(t, "conv_same")["data_format"] = "channels_first"
	doc.config(t, "conv_strided")["activation"] = "elu"
	doc.layer(t, "dropout")["class_name"] = "SpatialDropout2D"
	doc.config(t, "dense_sigmoid")["dtype"] = map[string]any{"class_name": "DTypePolicy", "config": map[string]any{"name": "mixed_float16"}}
	doc.config(t, "dense_softmax")["kernel_regularizer"] = map[string]any{"class_name": "L2", "config": map[string]any{"l2": 0.01}}
	doc.config(t, "dense_softmax")["lora_rank"] = 4.0
	doc.weight(t, "conv_strided/kernel")["dtype"] = "float16"
	doc.weight(t, "dense_sigmoid/bias")["quantization"] = map[string]any{"dtype": "uint8", "scale": 0.1, "min": -1.0}
	m, err := DecodeTFJS(doc.bytes(t), shards)
	if m != nil {
		t.Error("a model came back with the error")
	}
	wantProblems(t, err, ErrUnsupported,
		`"conv_same" (Conv2D): data_format "channels_first": Svertka computes channels_last`,
		`"conv_strided" (Conv2D): unknown activation "elu"`,
		`"dropout" (SpatialDropout2D): unknown layer class "SpatialDropout2D"`,
		`"dense_sigmoid" (Dense): dtype {"class_name":"DTypePolicy","config":{"name":"mixed_float16"}}: Svertka computes in float32 only`,
		`"dense_softmax" (Dense): lora_rank 4: LoRA adapters are not supported`,
		`"conv_strided": weight "conv_strided/kernel": dtype float16: only float32 weights are supported`,
		`"dense_sigmoid": weight "dense_sigmoid/bias": quantized to uint8`,
		// The file holds the float32 values the manifest no longer says.
		`weight group 1 ("group1-shard1of1.bin"): the files hold 2452 bytes, the group's 7 weights need 2191: a file is truncated`,
	)
}

// TestTFJSUnsupportedModels covers the other cases of the issue, each as
// its own model.
func TestTFJSUnsupportedModels(t *testing.T) {
	// A functional model with a branch: TF.js's own form.
	branch := `{"modelTopology": {"class_name": "Model", "config": {"name": "m",
	  "layers": [
	    {"name": "in", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 4, 4, 1], "dtype": "float32", "sparse": false, "name": "in"}, "inbound_nodes": []},
	    {"name": "a", "class_name": "Conv2D", "config": {"name": "a", "filters": 2, "kernel_size": [1, 1]}, "inbound_nodes": [[["in", 0, 0, {}]]]},
	    {"name": "b", "class_name": "Conv2D", "config": {"name": "b", "filters": 2, "kernel_size": [1, 1]}, "inbound_nodes": [[["in", 0, 0, {}]]]},
	    {"name": "sum", "class_name": "Add", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
	  "input_layers": [["in", 0, 0]], "output_layers": [["sum", 0, 0], ["a", 0, 0]]}},
	 "weightsManifest": []}`
	_, err := DecodeTFJS([]byte(branch), nil)
	wantProblems(t, err, ErrUnsupported,
		`"sum" (Add): takes 2 inputs ("a", "b")`,
		`"in" (InputLayer): feeds 2 layers ("a", "b")`,
		`the model has 1 inputs ("in") and 2 outputs ("sum", "a")`)

	// A truncated shard and a missing one: the group's size does not match.
	doc, shards := loadTFJSDoc(t, "sharded")
	_, err = DecodeTFJS(doc.bytes(t), append(shards[:len(shards)-1:len(shards)-1], shards[len(shards)-1][:10]))
	wantProblems(t, err, ErrModelFile, `weight group 1 ("group1-shard1of7.bin", "group1-shard2of7.bin", "group1-shard3of7.bin", "group1-shard4of7.bin", "group1-shard5of7.bin", "group1-shard6of7.bin", "group1-shard7of7.bin"): the files hold 1546 bytes, the group's 9 weights need 1676 (419 float32 values)`)
	_, err = DecodeTFJS(doc.bytes(t), shards[1:])
	wantProblems(t, err, ErrModelFile, `6 weight files given, the manifest lists 7`)

	// Weights that do not fit the layers.
	doc, shards = loadTFJSDoc(t, "input_layer")
	doc.weight(t, "dense_Dense1/kernel")["shape"] = []any{6.0, 12.0}
	doc.weight(t, "dense_Dense2/bias")["name"] = "dense_Dense2/offset"
	_, err = DecodeTFJS(doc.bytes(t), shards)
	wantProblems(t, err, ErrModelFile,
		`"dense_Dense1": weight "dense_Dense1/kernel" has shape (6, 12), the layer needs (12, 6)`,
		`weight "dense_Dense2/offset" belongs to no weight of the model (its weights are named layer/weight, e.g. "conv2d_Conv2D1/kernel")`,
		`"dense_Dense2" (Dense): weight bias is missing from the manifest`)

	// A weight that is not a number.
	doc, shards = loadTFJSDoc(t, "input_layer")
	bad := append([]byte(nil), shards[0]...)
	binary.LittleEndian.PutUint32(bad[4*5:], math.Float32bits(float32(math.NaN())))
	binary.LittleEndian.PutUint32(bad[len(bad)-4:], math.Float32bits(float32(math.Inf(-1))))
	_, err = DecodeTFJS(doc.bytes(t), [][]byte{bad})
	wantProblems(t, err, ErrModelFile, `weight "conv2d_Conv2D1/kernel" value 5 is NaN`, `weight "dense_Dense2/bias" value 1 is -Inf`)

	// A Softmax over the channels of an image: TF.js's default axis 1 is
	// the height there.
	doc, shards = loadTFJSDoc(t, "sharded")
	layers := doc.layers()
	doc["modelTopology"].(map[string]any)["config"].(map[string]any)["layers"] = append(layers[:1:1], layers[len(layers)-1], layers[1])
	doc["weightsManifest"] = []any{map[string]any{"paths": []any{}, "weights": []any{}}}
	_, err = DecodeTFJS(doc.bytes(t), nil)
	wantProblems(t, err, ErrUnsupported, `"softmax" (Softmax): axis 1 of its input (None, 5, 5, 6): only the last axis (-1 or 3) is supported`)
}

// TestTFJSCorrupt: a truncated or corrupted model.json gives a clear
// message at every cut.
func TestTFJSCorrupt(t *testing.T) {
	raw, shards := readTFJS(t, filepath.Join(tfjsDir, "dilated_bn"), "")
	for cut := 0; cut < len(raw)-2; cut += 7 {
		m, err := DecodeTFJS(raw[:cut], shards)
		if err == nil || m != nil {
			t.Fatalf("cut at %d: no error", cut)
		}
		if !errors.Is(err, ErrModelFile) || !strings.HasPrefix(err.Error(), "model.json") {
			t.Fatalf("cut at %d: %v", cut, err)
		}
	}
	_, err := DecodeTFJS(raw[:len(raw)/2], shards)
	wantProblems(t, err, ErrModelFile, "model.json: invalid JSON at byte")
	_, err = DecodeTFJS([]byte(`{"modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": []}}, "format": "graph-model"}`), nil)
	wantProblems(t, err, ErrUnsupported, `format "graph-model" is not a layers model`)
	_, err = DecodeTFJS(make([]byte, MaxModelBytes+1), nil)
	wantProblems(t, err, ErrLimit, "above the limit")
	doc, _ := loadTFJSDoc(t, "input_layer")
	doc.weight(t, "dense_Dense1/kernel")["shape"] = []any{1 << 20, 1 << 20}
	_, err = DecodeTFJS(doc.bytes(t), shards)
	wantProblems(t, err, ErrLimit, `"dense_Dense1": weight "dense_Dense1/kernel": shape (1048576, 1048576) has more than`)
}

// TestTFJSForms covers the other forms a valid file takes: all weight
// files in one buffer, optimizer state in the manifest, early Keras 2's
// bare layer list.
func TestTFJSForms(t *testing.T) {
	want := func(t *testing.T, m *Model, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		compareWithTFJS(t, m, readReference(t, filepath.Join(tfjsDir, "sharded")), nil)
	}
	doc, shards := loadTFJSDoc(t, "sharded")
	m, err := DecodeTFJS(doc.bytes(t), [][]byte{bytes.Join(shards, nil)})
	want(t, m, err)

	// TF.js saves an optimizer's state after the model's weights, in the
	// same group, marked "group": "optimizer".
	g := doc["weightsManifest"].([]any)[0].(map[string]any)
	g["weights"] = append(g["weights"].([]any),
		map[string]any{"name": "iter", "shape": []any{}, "dtype": "int32", "group": "optimizer"},
		map[string]any{"name": "dense_tanh/kernel/m", "shape": []any{8.0, 5.0}, "dtype": "float32", "group": "optimizer"})
	m, err = DecodeTFJS(doc.bytes(t), append(shards, make([]byte, 4+4*40)))
	if err == nil {
		t.Fatal("a manifest listing 7 files read 8")
	}
	g["paths"] = append(g["paths"].([]any), "group1-shard8of8.bin")
	m, err = DecodeTFJS(doc.bytes(t), append(shards, make([]byte, 4+4*40)))
	want(t, m, err)

	doc, shards = loadTFJSDoc(t, "sharded")
	cfg := doc["modelTopology"].(map[string]any)
	cfg["config"] = cfg["config"].(map[string]any)["layers"]
	m, err = DecodeTFJS(doc.bytes(t), shards)
	want(t, m, err)

	// A model without weights needs no file, whether or not one is listed.
	flat, err := NewModel(ModelSpec{InputShape: []int{2, 2, 1}, Layers: []LayerSpec{spec("Flatten", `{"name": "f"}`)}})
	if err != nil {
		t.Fatal(err)
	}
	j, s, err := EncodeTFJS(flat)
	if err != nil || len(s) != 0 {
		t.Fatalf("%d bytes of weights, %v", len(s), err)
	}
	for _, files := range [][][]byte{nil, {s}} {
		if _, err := DecodeTFJS(j, files); err != nil {
			t.Errorf("%d files: %v", len(files), err)
		}
	}

	// A damaged manifest lists its first problems and counts the rest.
	doc, shards = loadTFJSDoc(t, "sharded")
	g = doc["weightsManifest"].([]any)[0].(map[string]any)
	for i := range 100 {
		g["weights"] = append(g["weights"].([]any), map[string]any{"name": "stray/" + itoa(i), "shape": []any{}, "dtype": "float32"})
	}
	_, err = DecodeTFJS(doc.bytes(t), [][]byte{append(bytes.Join(shards, nil), make([]byte, 400)...)})
	if msg := err.Error(); !strings.HasPrefix(msg, "model.json: 100 problems:") || !strings.HasSuffix(msg, "\n  - and 70 more") || strings.Count(msg, "\n") != 31 {
		t.Errorf("want 30 problems and a count of the rest: %v", err)
	}
}
