//go:build js && wasm

package api

import (
	"slices"
	"testing"
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
	// Impossible settings reject with the formula and the numbers.
	wantReject(t, nn, "nn.explainOutputShape({type: 'conv2d', kernelSize: [3,16]}, [14,14,1])",
		"explainOutputShape: ", "output width floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0")
	wantReject(t, nn, "nn.outputShape({type: 'pool2d', size: 4, strides: 1}, [3,9,1])",
		"outputShape: ", "output height floor((3 + 0 − 4)/1) + 1 = 0 ≤ 0")
}
