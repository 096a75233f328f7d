package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// classCase is a small valid model around one layer class: the input
// shape, the layers before it and its config (over the defaults).
type classCase struct {
	in     []int
	before []LayerSpec
	config string
}

func spec(class, config string) LayerSpec {
	return LayerSpec{ClassName: class, Config: json.RawMessage(config)}
}

var flatten = spec("Flatten", `{}`)

// classCases has one case per registered class; TestEveryClassRoundTrips
// fails when a class is missing, so a new class cannot go untested.
var classCases = map[string]classCase{
	"Conv2D":    {[]int{7, 6, 2}, nil, `{"filters": 3, "kernel_size": [3, 2], "strides": 2, "padding": "same", "activation": "tanh"}`},
	"MaxPool2D": {[]int{5, 5, 2}, nil, `{"pool_size": 2, "padding": "same"}`},
	"MinPool2D": {[]int{5, 5, 2}, nil, `{"pool_size": [3, 2], "strides": [1, 2]}`},
	"AvgPool2D": {[]int{5, 5, 2}, nil, `{"padding": [[1, 0], [0, 1]]}`},
	"Flatten":   {[]int{2, 3, 2}, nil, `{}`},
	"Dense":     {[]int{2, 2, 1}, []LayerSpec{flatten}, `{"units": 3, "activation": "relu", "use_bias": false}`},
	"Dropout":   {[]int{2, 2, 1}, nil, `{"rate": 0.3}`},
	"Softmax":   {[]int{2, 2, 1}, []LayerSpec{flatten}, `{}`},

	"Activation":             {[]int{3, 2, 4}, nil, `{"activation": "softmax"}`},
	"ReLU":                   {[]int{3, 2, 2}, nil, `{"max_value": 0.5, "negative_slope": 0.1, "threshold": 0.2}`},
	"ZeroPadding2D":          {[]int{3, 2, 2}, nil, `{"padding": [[1, 0], [2, 3]]}`},
	"GlobalAveragePooling2D": {[]int{3, 4, 2}, nil, `{"keepdims": true}`},
	"GlobalMaxPooling2D":     {[]int{3, 4, 2}, nil, `{}`},
	"BatchNormalization":     {[]int{3, 2, 2}, nil, `{"momentum": 0.9, "epsilon": 0.01, "center": false}`},
}

// classModel builds the case's model with random weights.
func classModel(t *testing.T, class string, c classCase) *Model {
	t.Helper()
	m, err := NewModel(ModelSpec{InputShape: c.in, Layers: append(append([]LayerSpec{}, c.before...), spec(class, c.config))})
	if err != nil {
		t.Fatalf("%s: %v", class, err)
	}
	for i, w := range m.Weights() {
		copy(w.Data, randSlice(uint64(i+1), len(w.Data)))
		if w.Name == "moving_variance" {
			for j, v := range w.Data {
				w.Data[j] = 0.5 + v*v
			}
		}
	}
	return m
}

// Every class survives spec → model → file → model with the same specs,
// weights and outputs, and re-encoding gives the same document.
func TestEveryClassRoundTrips(t *testing.T) {
	for _, lc := range LayerClasses() {
		c, ok := classCases[lc.Name]
		if !ok {
			t.Errorf("no test case for class %s", lc.Name)
			continue
		}
		m := classModel(t, lc.Name, c)
		doc, err := EncodeModel(m)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeModel(doc)
		if err != nil {
			t.Fatalf("%s: %v", lc.Name, err)
		}
		if !reflect.DeepEqual(got.Spec(), m.Spec()) || !reflect.DeepEqual(got.Weights(), m.Weights()) {
			t.Errorf("%s: the decoded model differs", lc.Name)
		}
		// The spec builds the same model too.
		again, err := NewModel(m.Spec())
		if err != nil || !reflect.DeepEqual(again.Spec(), m.Spec()) {
			t.Errorf("%s: Spec does not rebuild the model: %v", lc.Name, err)
		}
		x := randSlice(7, numElements(c.in))
		want, _, _ := m.Predict(x)
		want = append([]float32(nil), want...)
		out, _, _ := got.Predict(x)
		assertExact(t, lc.Name, out, want)
		if doc2, _ := EncodeModel(got); !bytes.Equal(doc2, doc) {
			t.Errorf("%s: re-encoding changed the document", lc.Name)
		}
	}
}

// Spec lists every config field, with the canonical class name.
func TestSpecIsCanonical(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{8, 8, 1}, Layers: []LayerSpec{
		spec("Convolution2D", `{"filters": 2, "kernel_size": 3}`),
		spec("MaxPooling2D", `{"pool_size": 3}`),
		spec("AveragePooling2D", `{}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Spec()
	want := []LayerSpec{
		spec("Conv2D", `{"name":"conv2d","filters":2,"kernel_size":[3,3],"strides":[1,1],"padding":"valid","dilation_rate":[1,1],"use_bias":true,"activation":"linear"}`),
		// Keras: strides default to the pool size.
		spec("MaxPool2D", `{"name":"max_pool2d","pool_size":[3,3],"strides":[3,3],"padding":"valid"}`),
		spec("AvgPool2D", `{"name":"avg_pool2d","pool_size":[2,2],"strides":[2,2],"padding":"valid"}`),
	}
	for i, w := range want {
		if s.Layers[i].ClassName != w.ClassName || string(s.Layers[i].Config) != string(w.Config) {
			t.Errorf("layer %d: %s %s, want %s %s", i, s.Layers[i].ClassName, s.Layers[i].Config, w.ClassName, w.Config)
		}
	}
	if !equalInts(s.InputShape, []int{8, 8, 1}) {
		t.Errorf("input shape %v", s.InputShape)
	}
	// The summary carries the same configs.
	for i, r := range m.SummaryRows() {
		if string(r.Config) != string(s.Layers[i].Config) {
			t.Errorf("summary row %d config %s", i, r.Config)
		}
	}
}

func TestDefaultNames(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{8, 8, 1}, Layers: []LayerSpec{
		spec("Conv2D", `{"filters": 2, "kernel_size": 3, "padding": "same"}`),
		spec("Conv2D", `{"name": "conv2d_1", "filters": 2, "kernel_size": 3, "padding": "same"}`),
		spec("Conv2D", `{"filters": 2, "kernel_size": 3, "padding": "same"}`),
		spec("MaxPooling2D", `{}`),
		spec("Flatten", `{"name": ""}`),
		spec("Dense", `{"units": 4}`),
		spec("Dense", `{"units": 2}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range m.Layers() {
		names = append(names, l.Name())
	}
	// conv2d_1 is taken, so the third Conv2D is conv2d_2, as in Keras.
	if got := strings.Join(names, " "); got != "conv2d conv2d_1 conv2d_2 max_pool2d flatten dense dense_1" {
		t.Errorf("names %s", got)
	}
	for class, want := range map[string]string{"Conv2D": "conv2d", "MaxPool2D": "max_pool2d", "ReLU": "re_lu",
		"BatchNormalization": "batch_normalization", "GlobalAveragePooling2D": "global_average_pooling2d", "ZeroPadding2D": "zero_padding2d"} {
		if got := snakeCase(class); got != want {
			t.Errorf("snakeCase(%s) = %s, want %s", class, got, want)
		}
	}
}

func TestNewModelErrors(t *testing.T) {
	conv := spec("Conv2D", `{"name": "conv1", "filters": 4, "kernel_size": 3, "padding": "same"}`)
	pool := spec("MaxPool2D", `{"name": "pool1"}`)
	for _, c := range []struct {
		name   string
		in     []int
		layers []LayerSpec
		want   error
		msg    string
	}{
		{"unknown class", []int{4, 4, 1}, []LayerSpec{spec("LSTM", `{}`)}, ErrConfig, `layer 0: unknown layer class "LSTM" (want ` + classNames() + ")"},
		{"unknown field", []int{4, 4, 1}, []LayerSpec{spec("Conv2D", `{"filters": 4, "kernel_size": 3, "groups": 2}`)}, ErrConfig,
			`layer 0 (Conv2D) config: unknown field "groups"`},
		{"wrong type", []int{4, 4, 1}, []LayerSpec{flatten, spec("Dense", `{"units": "ten"}`)}, ErrConfig,
			`layer 1 (Dense) config: field "units": value must be an integer, got string`},
		{"not an object", []int{4, 4, 1}, []LayerSpec{spec("Dense", `[1]`)}, ErrConfig, `layer 0 (Dense) config: value must be an object, got array`},
		{"bad pair", []int{4, 4, 1}, []LayerSpec{spec("Conv2D", `{"filters": 1, "kernel_size": [1, 2, 3]}`)}, ErrConfig,
			`layer 0 (Conv2D) config: field "kernel_size" must have 2 values, got 3`},
		{"bad padding", []int{4, 4, 1}, []LayerSpec{spec("Conv2D", `{"filters": 1, "kernel_size": 1, "padding": "full"}`)}, ErrConfig,
			`layer 0 (Conv2D) config: field "padding": padding "full" must be "valid", "same" or [[top, bottom], [left, right]]`},
		{"missing filters", []int{4, 4, 1}, []LayerSpec{spec("Conv2D", `{"kernel_size": 3}`)}, ErrConfig, "conv2d: filters must be between 1 and 4096, got 0"},
		{"empty activation", []int{4, 4, 1}, []LayerSpec{flatten, spec("Dense", `{"units": 2, "activation": ""}`)}, ErrConfig,
			"dense: activation must not be empty (linear is no activation)"},
		{"impossible", []int{28, 28, 1}, []LayerSpec{conv, pool, spec("Conv2D", `{"name": "conv2", "filters": 8, "kernel_size": 16}`)}, ErrShape,
			"conv2: output height floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0"},
		{"zero pool stride", []int{4, 4, 1}, []LayerSpec{spec("MaxPool2D", `{"strides": [0, 1]}`)}, ErrConfig, "max_pool2d: strides must be positive integers [height, width], got [0, 1]"},
		{"bad input", []int{4, 4}, []LayerSpec{flatten}, ErrInput, "input_shape: shape (4, 4) must have 3 dimensions"},
		{"no layers", []int{4, 4, 1}, nil, ErrConfig, "a model needs at least one layer"},
		{"duplicate", []int{4, 4, 1}, []LayerSpec{conv, conv}, ErrConfig, `two layers are named "conv1"`},
	} {
		m, err := NewModel(ModelSpec{InputShape: c.in, Layers: c.layers})
		if m != nil || !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %q", c.name, err, c.msg)
		}
	}
}

func TestLayerSpecOutputShape(t *testing.T) {
	for _, c := range []struct {
		spec  LayerSpec
		in    []int
		want  []int
		error string
	}{
		{spec("Conv2D", `{"filters": 8, "kernel_size": 5, "padding": "same", "strides": 2}`), []int{28, 28, 1}, []int{14, 14, 8}, ""},
		{spec("MaxPooling2D", `{"pool_size": 3}`), []int{9, 7, 4}, []int{3, 2, 4}, ""},
		{spec("GlobalAveragePooling2D", `{}`), []int{9, 7, 4}, []int{4}, ""},
		{spec("Dense", `{"units": 3}`), []int{12}, []int{3}, ""},
		{spec("ZeroPadding2D", `{"padding": [1, 2]}`), []int{3, 3, 2}, []int{5, 7, 2}, ""},
		{spec("Conv2D", `{"filters": 8, "kernel_size": 16}`), []int{14, 14, 3}, nil, "output height floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0"},
		{spec("Dense", `{"units": 3}`), []int{4, 4, 1}, nil, "Dense needs a flat input (add a Flatten layer before it), got (4, 4, 1)"},
		{spec("Conv2D", `{"filter": 8}`), []int{4, 4, 1}, nil, `layer spec (Conv2D) config: unknown field "filter"`},
		{spec("Conv3D", `{}`), []int{4, 4, 1}, nil, `layer spec: unknown layer class "Conv3D" (want ` + classNames() + ")"},
		{spec("Flatten", `{}`), []int{4, 0, 1}, nil, "input shape: shape (4, 0, 1) must have positive dimensions"},
	} {
		got, err := c.spec.OutputShape(c.in)
		if c.error != "" {
			if err == nil || err.Error() != c.error {
				t.Errorf("%s: got %v, want %q", c.spec.ClassName, err, c.error)
			}
			continue
		}
		if err != nil || !equalInts(got, c.want) {
			t.Errorf("%s %s on %v: %v %v, want %v", c.spec.ClassName, c.spec.Config, c.in, got, err, c.want)
		}
	}
}

func TestLayerClasses(t *testing.T) {
	cls := LayerClasses()
	for i, c := range cls {
		if i > 0 && cls[i-1].Name >= c.Name {
			t.Errorf("classes not sorted: %s before %s", cls[i-1].Name, c.Name)
		}
		// The default config is a complete config of the class.
		cfg := classByName[c.Name].config()
		if err := decodeConfig(ErrModelFile, c.Name, c.Config, cfg, true); err != nil {
			t.Errorf("%s: default config %s: %v", c.Name, c.Config, err)
		}
		for _, a := range c.Aliases {
			if classByName[a] != classByName[c.Name] {
				t.Errorf("alias %s of %s", a, c.Name)
			}
		}
	}
	aliases := map[string]string{"MaxPooling2D": "MaxPool2D", "AveragePooling2D": "AvgPool2D", "MinPooling2D": "MinPool2D", "Convolution2D": "Conv2D"}
	for a, name := range aliases {
		if classByName[a] == nil || classByName[a].name != name {
			t.Errorf("%s is not an alias of %s", a, name)
		}
	}
}

// The shipped model, a version 1 file, loads and re-encodes to the very
// same bytes.
func TestShippedModelFile(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "site", "model", "digits.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := DecodeModel(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := EncodeModel(m)
	if err != nil || !bytes.Equal(again, doc) {
		t.Errorf("re-encoding the shipped model changed it (%v)", err)
	}
}

func TestWeights(t *testing.T) {
	m := seedNet(t)
	ws := m.Weights()
	var names []string
	for _, w := range ws {
		names = append(names, w.Layer+"/"+w.Name)
		if !w.Trainable {
			t.Errorf("%s/%s is not trainable", w.Layer, w.Name)
		}
	}
	if got := strings.Join(names, " "); got != "conv1/kernel conv1/bias conv2/kernel conv2/bias dense/kernel dense/bias" {
		t.Errorf("weights %s", got)
	}
	// Live views.
	ws[0].Data[0] = 42
	if m.layers[0].(*Conv2DLayer).Kernel().Data[0] != 42 {
		t.Error("Weights is not a view")
	}
	x := seedInput()
	before, _, _ := m.Predict(x)
	before = append([]float32(nil), before...)
	bias := make([]float32, 10)
	for i := range bias {
		bias[i] = float32(i)
	}
	good := Weight{Layer: "dense", Name: "bias", Shape: []int{10}, Data: bias}
	for _, c := range []struct {
		ws   []Weight
		want error
		msg  string
	}{
		{[]Weight{good, {Layer: "nope", Name: "bias"}}, ErrNoLayer, `no layer named "nope"`},
		{[]Weight{good, {Layer: "pool1", Name: "kernel"}}, ErrNoLayer, `layer "pool1" (MaxPool2D) has no weight "kernel"; its weights are none`},
		{[]Weight{good, {Layer: "dense", Name: "kernal"}}, ErrNoLayer, `layer "dense" (Dense) has no weight "kernal"; its weights are kernel, bias`},
		{[]Weight{good, {Layer: "conv1", Name: "bias", Shape: []int{11}, Data: make([]float32, 11)}}, ErrShape, "weight conv1/bias has shape (11,), the layer needs (10,)"},
		{[]Weight{good, {Layer: "conv1", Name: "bias", Shape: []int{10}, Data: make([]float32, 9)}}, ErrInput, "weight conv1/bias has 9 values, its shape (10,) needs 10"},
		{[]Weight{good, {Layer: "conv1", Name: "bias", Shape: []int{10}, Data: []float32{0, 0, nanF(), 0, 0, 0, 0, 0, 0, 0}}}, ErrInput, "weight conv1/bias: value 2 is NaN"},
		{[]Weight{good, good}, ErrInput, "weight dense/bias is given twice"},
	} {
		if err := m.SetWeights(c.ws); !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("got %v, want %q", err, c.msg)
		}
		if m.layers[6].(*Dense).Bias()[3] == 3 {
			t.Fatal("a refused SetWeights wrote a weight")
		}
	}
	if err := m.SetWeights([]Weight{good}); err != nil {
		t.Fatal(err)
	}
	after, _, _ := m.Predict(x)
	if m.layers[6].(*Dense).Bias()[3] != 3 || reflect.DeepEqual(after, before) {
		t.Error("SetWeights did not change the model")
	}
}
