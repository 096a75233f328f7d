//go:build js && wasm

package api

import (
	"slices"
	"testing"

	"github.com/svertka/svertka/wasm/bridge"
)

func TestOutputShape(t *testing.T) {
	nn := newAPI(t)
	for _, c := range []struct {
		spec, in string
		want     []int
	}{
		{"{type: 'conv2d', filters: 10, kernelSize: 5, padding: 'same'}", "[32,32,1]", []int{32, 32, 10}},
		{"{type: 'conv2d', kernelSize: 3, strides: 2}", "[28,28,3]", []int{13, 13, 1}},               // floor((28 − 3)/2) + 1
		{"{type: 'conv2d', kernelSize: 3, dilation: 2}", "[10,10,1]", []int{6, 6, 1}},                // 10 − 2·(3 − 1)
		{"{type: 'conv2d', kernelSize: [3,1], padding: [[1,2],[0,0]]}", "[5,5,1]", []int{6, 5, 1}},   // 5 + 3 − 3 + 1
		{"{type: 'conv2d', kernelSize: 4, strides: 3, padding: 'same'}", "[10,7,2]", []int{4, 3, 1}}, // ceil(in/3)
		{"{type: 'pool2d', size: 2}", "[32,32,10]", []int{16, 16, 10}},
		{"{type: 'pool2d', size: 3, strides: 2, padding: 'same'}", "[7,7,1]", []int{4, 4, 1}},
		{"{type: 'pool2d', size: [2,3]}", "[5,9,4]", []int{2, 3, 4}},
		{"{type: 'pool2d', mode: 'avg', size: 2}", "[5,5,3]", []int{2, 2, 3}},
		// Keras vocabulary: class names in any case, snake_case options.
		{"{type: 'Conv2D', filters: 30, kernel_size: 5, padding: 'same'}", "[16,16,10]", []int{16, 16, 30}},
		{"{type: 'CONV2D', kernel_size: [3,1], dilation_rate: [2,1]}", "[9,9,1]", []int{5, 9, 1}},      // 9 − 2·(3 − 1)
		{"{type: 'Conv2d', kernelSize: 3, dilation_rate: 2, strides: 2}", "[11,11,2]", []int{4, 4, 1}}, // floor((11 − 5)/2) + 1
		{"{type: 'MaxPool2D', pool_size: 2}", "[32,32,10]", []int{16, 16, 10}},
		{"{type: 'MaxPooling2D', pool_size: [2,2], strides: 1}", "[4,4,3]", []int{3, 3, 3}},
		{"{type: 'max_pooling2d', size: 3, padding: 'same'}", "[8,8,1]", []int{3, 3, 1}}, // ceil(8/3)
		{"{type: 'AvgPool2D', pool_size: 2}", "[7,7,2]", []int{3, 3, 2}},
		{"{type: 'AveragePooling2D', size: 2, strides: 2}", "[6,6,2]", []int{3, 3, 2}},
		{"{type: 'average_pooling2d', pool_size: 4}", "[8,12,1]", []int{2, 3, 1}},
		{"{type: 'MinPool2D', size: 2}", "[16,16,30]", []int{8, 8, 30}},
		{"{type: 'minpool2d', pool_size: 2}", "[5,5,1]", []int{2, 2, 1}},
		{"{type: 'Pool2D', size: 2}", "[4,4,1]", []int{2, 2, 1}},
		{"{type: 'maxpool2d', size: 2}", "[4,4,1]", []int{2, 2, 1}},
		{"{type: 'flatten'}", "[8,8,30]", []int{1920}},
		{"{type: 'Flatten'}", "[32,32,10]", []int{10240}}, // longer than MaxSide: a flat shape may be
		{"{type: 'Flatten'}", "[10]", []int{10}},
		{"{type: 'dense', units: 10}", "[1920]", []int{10}},
		{"{type: 'Dense', units: 128}", "[10240]", []int{128}},
		// Every Keras config field of the class works, in the flat form too.
		{"{type: 'Dense', units: 10, activation: 'relu', use_bias: false}", "[16]", []int{10}},
		{"{type: 'Conv2D', filters: 4, kernel_size: 3, activation: 'tanh', name: 'c'}", "[6,6,1]", []int{4, 4, 4}},
		{"{type: 'global_max_pooling2d'}", "[4,4,3]", []int{3}},
		{"{type: 'ZeroPadding2D', padding: [1, 2]}", "[3,3,2]", []int{5, 7, 2}},
		// The Keras form.
		{"{class_name: 'Conv2D', config: {filters: 8, kernel_size: 5, padding: 'same', strides: 2}}", "[28,28,1]", []int{14, 14, 8}},
		{"{class_name: 'MaxPooling2D', config: {pool_size: 3}}", "[9,7,4]", []int{3, 2, 4}},
		{"{class_name: 'MaxPooling2D'}", "[9,7,4]", []int{4, 3, 4}}, // Keras's default pool_size 2
	} {
		got := ints(t, mustCall(t, nn, "nn.outputShape("+c.spec+", "+c.in+")"))
		if !slices.Equal(got, c.want) {
			t.Errorf("outputShape(%s, %s) = %v, want %v", c.spec, c.in, got, c.want)
		}
	}
}

func TestExplainOutputShape(t *testing.T) {
	nn := newAPI(t)
	// An even kernel with same padding: total padding 3, the odd cell after.
	v := mustCall(t, nn, "nn.explainOutputShape({type: 'conv2d', kernelSize: [4,1], filters: 2, padding: 'same'}, [5,6,1])")
	if got := ints(t, v.Get("shape")); !slices.Equal(got, []int{5, 6, 2}) {
		t.Errorf("shape = %v", got)
	}
	h := v.Get("height")
	for key, want := range map[string]int{"in": 5, "kernel": 4, "stride": 1, "dilation": 1, "padBefore": 1, "padAfter": 2, "out": 5} {
		if got := h.Get(key).Int(); got != want {
			t.Errorf("height.%s = %d, want %d", key, got, want)
		}
	}
	if got := h.Get("formula").String(); got != "floor((5 + 3 − 4)/1) + 1 = 5" {
		t.Errorf("height.formula = %q", got)
	}
	if got := v.Get("width").Get("padAfter").Int(); got != 0 {
		t.Errorf("width.padAfter = %d, want 0 for a 1-wide kernel", got)
	}
	// Dense and flatten have no spatial axes: the formula of the one dimension.
	v = mustCall(t, nn, "nn.explainOutputShape({type: 'Flatten'}, [8,8,30])")
	if got, f := ints(t, v.Get("shape")), v.Get("formula").String(); !slices.Equal(got, []int{1920}) || f != "8×8×30 = 1920" || !v.Get("height").IsUndefined() {
		t.Errorf("flatten: shape %v formula %q height %v", got, f, v.Get("height"))
	}
	v = mustCall(t, nn, "nn.explainOutputShape({type: 'Dense', units: 10}, [1920])")
	if got, f := ints(t, v.Get("shape")), v.Get("formula").String(); !slices.Equal(got, []int{10}) || f != "units = 10" {
		t.Errorf("dense: shape %v formula %q", got, f)
	}
	// Any other layer without a window: the sizes side by side, or unchanged.
	for spec, want := range map[string]string{
		"{type: 'GlobalMaxPooling2D'}":                     "4×5×6 → 6",
		"{class_name: 'ReLU'}":                             "unchanged: 4×5×6",
		"{type: 'GlobalAveragePooling2D', keepdims: true}": "4×5×6 → 1×1×6",
	} {
		if f := mustCall(t, nn, "nn.explainOutputShape("+spec+", [4,5,6])").Get("formula").String(); f != want {
			t.Errorf("%s: formula %q, want %q", spec, f, want)
		}
	}
	// ZeroPadding2D is a 1×1 window over the padded input.
	v = mustCall(t, nn, "nn.explainOutputShape({type: 'ZeroPadding2D', padding: [[2, 1], [0, 0]]}, [28,28,1])")
	if got := v.Get("height").Get("formula").String(); got != "floor((28 + 3 − 1)/1) + 1 = 31" || v.Get("height").Get("padBefore").Int() != 2 {
		t.Errorf("ZeroPadding2D height = %s", bridge.Describe(v.Get("height")))
	}
	// A Keras spelling explains the same arithmetic as ours.
	v = mustCall(t, nn, "nn.explainOutputShape({type: 'Conv2D', kernel_size: 3, dilation_rate: 2, strides: 2, padding: 'same'}, [7,7,1])")
	if got := v.Get("height").Get("formula").String(); got != "floor((7 + 4 − 2·(3 − 1) − 1)/2) + 1 = 4" {
		t.Errorf("Conv2D height.formula = %q", got)
	}
	// Impossible settings reject with the formula and the numbers.
	wantReject(t, nn, "nn.explainOutputShape({type: 'conv2d', kernelSize: [3,16]}, [14,14,1])",
		"explainOutputShape: ", "output width floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0")
	wantReject(t, nn, "nn.outputShape({type: 'pool2d', size: 4, strides: 1}, [3,9,1])",
		"outputShape: ", "output height floor((3 + 0 − 4)/1) + 1 = 0 ≤ 0")
}

// TestOutputShapeEveryClass asks for the output shape of a layer of every
// registered class, in the Keras form, and checks it against the
// arithmetic written out by hand.
func TestOutputShapeEveryClass(t *testing.T) {
	nn := newAPI(t)
	cases := map[string]shapeCase{
		"Activation":             {"{activation: 'tanh'}", "[3,2,4]", []int{3, 2, 4}},
		"AvgPool2D":              {"{pool_size: 2, strides: 1, padding: 'same'}", "[5,5,2]", []int{5, 5, 2}},
		"BatchNormalization":     {"{}", "[3,3,2]", []int{3, 3, 2}},
		"Conv2D":                 {"{filters: 3, kernel_size: [3, 2], strides: 2, padding: 'same'}", "[7,6,2]", []int{4, 3, 3}}, // ceil(7/2), ceil(6/2)
		"Dense":                  {"{units: 3}", "[12]", []int{3}},
		"Dropout":                {"{rate: 0.3}", "[2,2,1]", []int{2, 2, 1}},
		"Flatten":                {"{}", "[2,3,2]", []int{12}},
		"GlobalAveragePooling2D": {"{keepdims: true}", "[4,5,6]", []int{1, 1, 6}},
		"GlobalMaxPooling2D":     {"{}", "[4,5,6]", []int{6}},
		"MaxPool2D":              {"{pool_size: 2}", "[5,5,2]", []int{2, 2, 2}},
		"MinPool2D":              {"{pool_size: [3, 2], strides: [1, 2]}", "[5,5,2]", []int{3, 2, 2}}, // 5 − 3 + 1, floor(3/2) + 1
		"ReLU":                   {"{max_value: 6}", "[2,2,3]", []int{2, 2, 3}},
		"Softmax":                {"{}", "[10]", []int{10}},
		"ZeroPadding2D":          {"{padding: [[1, 0], [2, 3]]}", "[4,4,1]", []int{5, 9, 1}},
	}
	forEachClass(t, nn, cases, func(name string, c shapeCase) {
		got := ints(t, mustCall(t, nn, "nn.outputShape({ class_name: '"+name+"', config: "+c.config+" }, "+c.in+")"))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s %s on %s: %v, want %v", name, c.config, c.in, got, c.want)
		}
	})
}

type shapeCase struct {
	config, in string
	want       []int
}
