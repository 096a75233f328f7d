//go:build js && wasm

package api

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

func TestConv2DWorkedExamples(t *testing.T) {
	nn := newAPI(t)
	// One channel: the kernel [[1,0],[0,1]] adds each pixel to its
	// lower-right neighbour; then + bias 0.5.
	v := mustCall(t, nn, `nn.conv2d({
		input: new Float32Array([1,2,3, 4,5,6, 7,8,9]), shape: [3,3,1],
		kernel: new Float32Array([1,0,0,1]), kernelShape: [2,2,1,1], bias: new Float32Array([0.5]) })`)
	if got, want := floats(t, v), []float32{6.5, 8.5, 12.5, 14.5}; !slices.Equal(got, want) {
		t.Errorf("conv2d data = %v, want %v", got, want)
	}
	if got := ints(t, v.Get("shape")); !slices.Equal(got, []int{2, 2, 1}) {
		t.Errorf("conv2d shape = %v, want [2 2 1]", got)
	}
	// Two channels in, two filters out: HWIO puts the filter axis last, so
	// kernel[c*2+f] weighs input channel c for filter f.
	v = mustCall(t, nn, `nn.conv2d({ input: new Float32Array([1, 2]), shape: [1,1,2],
		kernel: new Float32Array([1, 10, 100, 1000]), kernelShape: [1,1,2,2] })`)
	if got, want := floats(t, v), []float32{1*1 + 2*100, 1*10 + 2*1000}; !slices.Equal(got, want) {
		t.Errorf("multichannel conv2d = %v, want %v", got, want)
	}
	// Options: stride 2, same padding, relu. 4×4 of ones with a 3×3 kernel of
	// ones: TF pads 0 before and 1 after, so the windows at (0,0), (0,2),
	// (2,0), (2,2) see 9, 6, 6 and 4 real pixels.
	v = mustCall(t, nn, `nn.conv2d({ input: new Float32Array(16).fill(1), shape: [4,4,1],
		kernel: new Float32Array(9).fill(1), kernelShape: [3,3,1,1], bias: new Float32Array([-5]),
		strides: 2, padding: 'same', activation: 'relu' })`)
	if got, want := floats(t, v), []float32{4, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("strided same relu conv2d = %v, want %v", got, want)
	}
}

// TestConv2DMatchesCore checks that going through JavaScript changes
// nothing: the same data and options give core's exact result.
func TestConv2DMatchesCore(t *testing.T) {
	nn := newAPI(t)
	r := rand.New(rand.NewPCG(1, 2))
	input := randomTensor(r, 9, 7, 3)
	kernel := randomTensor(r, 3, 2, 3, 4)
	bias := randomTensor(r, 4).Data
	p := core.ConvParams{Strides: [2]int{2, 1}, Dilation: [2]int{1, 2}, Padding: core.Explicit(1, 0, 2, 1), Activation: core.Tanh}
	want, err := core.Conv2D(input, kernel, bias, p)
	if err != nil {
		t.Fatal(err)
	}
	v := mustCall(t, nn, `nn.conv2d({ input: a, shape: [9,7,3], kernel: b, kernelShape: [3,2,3,4], bias: c,
		strides: [2,1], dilation: [1,2], padding: [[1,0],[2,1]], activation: 'tanh' })`,
		bridge.Float32Array(input.Data), bridge.Float32Array(kernel.Data), bridge.Float32Array(bias))
	if got := floats(t, v); !slices.Equal(got, want.Data) {
		t.Errorf("conv2d through JS differs from core.Conv2D")
	}
	if got := ints(t, v.Get("shape")); !slices.Equal(got, want.Shape) {
		t.Errorf("shape %v, want %v", got, want.Shape)
	}
}

func TestConv2DSteps(t *testing.T) {
	nn := newAPI(t)
	r := rand.New(rand.NewPCG(3, 4))
	input := randomTensor(r, 6, 6, 3)
	kernel := randomTensor(r, 3, 3, 3, 2)
	bias := []float32{0.25, -0.5}
	args := []any{bridge.Float32Array(input.Data), bridge.Float32Array(kernel.Data), bridge.Float32Array(bias)}
	const opts = `input: a, shape: [6,6,3], kernel: b, kernelShape: [3,3,3,2], bias: c, padding: 'same', activation: 'relu'`
	s := mustCall(t, nn, `nn.conv2dSteps({ `+opts+`, filter: 1 })`, args...)
	conv := mustCall(t, nn, `nn.conv2d({ `+opts+` })`, args...)

	want, err := core.Conv2DSteps(input, kernel, bias, core.ConvParams{Padding: core.Same, Activation: core.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Get("filter").Int() != 1 || float32(s.Get("bias").Float()) != -0.5 {
		t.Errorf("filter %s bias %s, want 1 and -0.5", bridge.Describe(s.Get("filter")), bridge.Describe(s.Get("bias")))
	}
	for name, list := range map[string][]core.Tensor{"kernels": want.Kernels, "partials": want.Partials} {
		got := s.Get(name)
		if got.Length() != 3 {
			t.Fatalf("%s has %d entries, want one per input channel (3)", name, got.Length())
		}
		for c, w := range list {
			if !slices.Equal(floats(t, got.Index(c)), w.Data) || !slices.Equal(ints(t, got.Index(c).Get("shape")), w.Shape) {
				t.Errorf("%s[%d] differs from core", name, c)
			}
		}
	}
	for name, w := range map[string]core.Tensor{"sum": want.Sum, "plusBias": want.PlusBias, "activated": want.Activated} {
		if !slices.Equal(floats(t, s.Get(name)), w.Data) || !slices.Equal(ints(t, s.Get(name).Get("shape")), []int{6, 6}) {
			t.Errorf("%s differs from core", name)
		}
	}
	// The last step is output channel 1 of the full convolution, up to the
	// rounding of a different summation order.
	full := floats(t, conv)
	act := floats(t, s.Get("activated"))
	for i, v := range act {
		if d := full[i*2+1] - v; d > 1e-5 || d < -1e-5 {
			t.Fatalf("activated[%d] = %v, but conv2d channel 1 has %v", i, v, full[i*2+1])
		}
	}
}

func TestPool2DWorkedExamples(t *testing.T) {
	nn := newAPI(t)
	const in = `input: new Float32Array([1,2,3,4, 5,6,7,8, 9,10,11,12, 13,14,15,16]), shape: [4,4,1], size: 2`
	for mode, want := range map[string][]float32{
		"max": {6, 8, 14, 16},
		"min": {1, 3, 9, 11},
		"avg": {3.5, 5.5, 11.5, 13.5},
	} {
		v := mustCall(t, nn, `nn.pool2d({ `+in+`, mode: '`+mode+`' })`)
		if got := floats(t, v); !slices.Equal(got, want) {
			t.Errorf("%s pool = %v, want %v", mode, got, want)
		}
		if got := ints(t, v.Get("shape")); !slices.Equal(got, []int{2, 2, 1}) {
			t.Errorf("%s pool shape = %v", mode, got)
		}
	}
	// Same padding with stride 2 on 3×3: windows at rows/cols 0 and 2, the
	// second one half outside; avg divides by the real cells only.
	v := mustCall(t, nn, `nn.pool2d({ input: new Float32Array([1,2,3, 4,5,6, 7,8,9]), shape: [3,3,1],
		mode: 'avg', size: [2,2], strides: 2, padding: 'same' })`)
	if got, want := floats(t, v), []float32{3, 4.5, 7.5, 9}; !slices.Equal(got, want) {
		t.Errorf("same avg pool = %v, want %v", got, want)
	}
}

func randomTensor(r *rand.Rand, shape ...int) core.Tensor {
	t := core.NewTensor(shape...)
	for i := range t.Data {
		t.Data[i] = float32(r.NormFloat64())
	}
	return t
}

// TestReturnedArraysBelongToTheCaller checks that results never alias each
// other across calls.
func TestReturnedArraysBelongToTheCaller(t *testing.T) {
	nn := newAPI(t)
	first := mustCall(t, nn, `nn.pool2d({ input: new Float32Array([1,2,3,4]), shape: [2,2,1], mode: 'max', size: 1 })`)
	mustCall(t, nn, `nn.pool2d({ input: new Float32Array([5,6,7,8]), shape: [2,2,1], mode: 'max', size: 1 })`)
	if got := floats(t, first); !slices.Equal(got, []float32{1, 2, 3, 4}) {
		t.Errorf("a later call changed an earlier result: %v", got)
	}
}
