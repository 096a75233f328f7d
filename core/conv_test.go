package core

import (
	"errors"
	"fmt"
	kern "github.com/svertka/svertka/core/kernel"
	"math"
	"slices"
	"testing"
)

func TestConv2DHandComputed(t *testing.T) {
	// x = 1..9 in a 3×3 single-channel image; kernel [[1, 0], [0, −1]], so
	// each output is x[i][j] − x[i+1][j+1] (0 outside the image).
	x := Tensor{Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape: []int{3, 3, 1}}
	k := Tensor{Data: []float32{1, 0, 0, -1}, Shape: []int{2, 2, 1, 1}}
	for _, c := range []struct {
		p     ConvParams
		bias  []float32
		shape []int
		want  []float32
	}{
		{ConvParams{}, nil, []int{2, 2, 1}, []float32{-4, -4, -4, -4}},
		// same with an even kernel: the one padding row/column goes after.
		{ConvParams{Padding: Same}, nil, []int{3, 3, 1}, []float32{-4, -4, 3, -4, -4, 6, 7, 8, 9}},
		{ConvParams{Padding: Same, Activation: ReLU}, []float32{1}, []int{3, 3, 1}, []float32{0, 0, 4, 0, 0, 7, 8, 9, 10}},
		// stride 2 with same: output ceil(3/2) = 2, total padding 1 after.
		{ConvParams{Padding: Same, Strides: [2]int{2, 2}}, nil, []int{2, 2, 1}, []float32{-4, 3, 7, 9}},
		// explicit padding one cell before on both axes.
		{ConvParams{Padding: Explicit(1, 0, 1, 0)}, nil, []int{3, 3, 1}, []float32{-1, -2, -3, -4, -4, -4, -7, -4, -4}},
		// dilation 2: x[i][j] − x[i+2][j+2] on the 3×3 image → one output.
		{ConvParams{Dilation: [2]int{2, 2}}, nil, []int{1, 1, 1}, []float32{-8}},
		{ConvParams{Activation: LeakyReLU}, nil, []int{2, 2, 1}, []float32{-0.8, -0.8, -0.8, -0.8}},
	} {
		got, err := Conv2D(x, k, c.bias, c.p)
		if err != nil {
			t.Fatalf("%+v: %v", c.p, err)
		}
		if !equalInts(got.Shape, c.shape) {
			t.Fatalf("%+v: shape %v, want %v", c.p, got.Shape, c.shape)
		}
		assertExact(t, fmt.Sprintf("%+v", c.p), got.Data, c.want)
	}
}

func TestConv2DMultichannelHandComputed(t *testing.T) {
	// 1×1 image with 3 channels (1, 2, 3) and a 1×1 kernel with 2 filters:
	// filter 0 weights (1, 1, 1), filter 1 weights (1, −1, 0.5).
	x := Tensor{Data: []float32{1, 2, 3}, Shape: []int{1, 1, 3}}
	k := Tensor{Data: []float32{1, 1, 1, -1, 1, 0.5}, Shape: []int{1, 1, 3, 2}}
	got, err := Conv2D(x, k, []float32{0.5, -1}, ConvParams{})
	if err != nil {
		t.Fatal(err)
	}
	// 1+2+3 + 0.5 = 6.5 and 1·1 − 2·1 + 3·0.5 − 1 = −0.5
	assertExact(t, "multichannel", got.Data, []float32{6.5, -0.5})
}

type convCase struct {
	h, w, c, kh, kw, f int
	s, d               [2]int
	p                  Padding
	act                Activation
}

// awkwardConvCases are the configurations the issue asks for, plus
// multichannel and every activation.
var awkwardConvCases = []convCase{
	{5, 7, 1, 4, 4, 2, [2]int{1, 1}, [2]int{1, 1}, Same, Linear},                 // same, even kernel
	{5, 5, 2, 2, 2, 3, [2]int{2, 2}, [2]int{1, 1}, Same, ReLU},                   // stride does not divide
	{7, 8, 3, 3, 3, 2, [2]int{3, 3}, [2]int{1, 1}, Same, Tanh},                   // stride 3
	{3, 3, 2, 5, 5, 2, [2]int{1, 1}, [2]int{1, 1}, Same, Sigmoid},                // kernel larger than input
	{1, 1, 3, 3, 3, 4, [2]int{1, 1}, [2]int{1, 1}, Same, LeakyReLU},              // 1×1 input
	{1, 1, 1, 1, 1, 1, [2]int{1, 1}, [2]int{1, 1}, Valid, Linear},                // 1×1 everything
	{7, 7, 2, 3, 3, 2, [2]int{1, 1}, [2]int{2, 2}, Valid, Linear},                // dilation 2
	{9, 8, 1, 3, 2, 2, [2]int{2, 1}, [2]int{2, 3}, Same, ReLU},                   // dilation with same and strides
	{8, 8, 2, 2, 2, 3, [2]int{3, 3}, [2]int{1, 1}, Valid, Linear},                // stride > kernel
	{6, 9, 3, 2, 4, 2, [2]int{1, 2}, [2]int{1, 1}, Explicit(1, 0, 2, 3), Linear}, // non-square kernel and strides
	{6, 9, 2, 4, 1, 3, [2]int{2, 1}, [2]int{1, 1}, Same, Tanh},                   // non-square kernel, same
	{4, 4, 1, 3, 3, 1, [2]int{1, 1}, [2]int{1, 1}, Explicit(4, 4, 4, 4), Linear}, // windows entirely in padding
	{7, 6, 3, 3, 3, 2, [2]int{1, 1}, [2]int{2, 1}, Explicit(1, 3, 2, 0), ReLU},   // output as wide as the input, padded on one side
	{16, 16, 10, 5, 5, 30, [2]int{1, 1}, [2]int{1, 1}, Same, ReLU},               // seed net conv2
	{13, 11, 4, 3, 5, 6, [2]int{2, 3}, [2]int{1, 1}, Same, Linear},
}

// params are the case's convolution settings.
func (c convCase) params() ConvParams {
	return ConvParams{Strides: c.s, Dilation: c.d, Padding: c.p, Activation: c.act}
}

// data returns a random input, kernel and bias of the case's shapes, drawn
// from seeds seed, seed+1 and seed+2.
func (c convCase) data(seed uint64) (x, k Tensor, bias []float32) {
	return randTensor(seed, c.h, c.w, c.c), randTensor(seed+1, c.kh, c.kw, c.c, c.f), randSlice(seed+2, c.f)
}

func TestConv2DMatchesReference(t *testing.T) {
	for i, c := range awkwardConvCases {
		x, k, bias := c.data(uint64(3 * i))
		got, err := Conv2D(x, k, bias, c.params())
		if err != nil {
			t.Fatalf("case %d %+v: %v", i, c, err)
		}
		want, oh, ow := refConv2D(x, k, bias, c.s, c.d, c.p, c.act)
		if !equalInts(got.Shape, []int{oh, ow, c.f}) {
			t.Fatalf("case %d %+v: shape %v, reference (%d, %d, %d)", i, c, got.Shape, oh, ow, c.f)
		}
		assertClose(t, fmt.Sprintf("case %d", i), got.Data, want, 1e-5, 1e-5)
	}
}

func TestConv2DTiled(t *testing.T) {
	// A wide input forces several im2col tiles; the result must not change.
	x := randTensor(1, 40, 300, 3)
	k := randTensor(2, 5, 5, 3, 4)
	p := ConvParams{Padding: Same, Strides: [2]int{1, 2}}
	plan, err := newConvPlan(x.Shape, [2]int{5, 5}, 4, p)
	if err != nil {
		t.Fatal(err)
	}
	if plan.tileRows(1) >= plan.g.outH {
		t.Fatalf("expected several tiles, got %d rows per tile for %d rows", plan.tileRows(1), plan.g.outH)
	}
	got, err := Conv2D(x, k, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := refConv2D(x, k, nil, p.Strides, [2]int{1, 1}, p.Padding, Linear)
	assertClose(t, "tiled", got.Data, want, 1e-5, 1e-5)
}

func TestConv2DErrors(t *testing.T) {
	x := randTensor(1, 14, 14, 2)
	k := randTensor(2, 3, 3, 2, 4)
	for _, c := range []struct {
		name string
		x, k Tensor
		bias []float32
		p    ConvParams
		want error
		msg  string
	}{
		{"kernel too large", x, randTensor(3, 16, 16, 2, 1), nil, ConvParams{}, ErrShape, "output height floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0"},
		{"channel mismatch", x, randTensor(3, 3, 3, 3, 1), nil, ConvParams{}, ErrShape, "kernel (3, 3, 3, 1) has 3 input channels but the input (14, 14, 2) has 2"},
		{"bias length", x, k, []float32{1}, ConvParams{}, ErrShape, "bias has 1 values but the kernel has 4 filters"},
		{"data length", Tensor{Data: make([]float32, 5), Shape: []int{2, 2, 1}}, k, nil, ConvParams{}, ErrInput, "input: 5 values do not match shape (2, 2, 1) (4 values)"},
		{"rank", Tensor{Data: make([]float32, 4), Shape: []int{2, 2}}, k, nil, ConvParams{}, ErrInput, "input: shape (2, 2) must have 3 dimensions"},
		{"zero dim", Tensor{Shape: []int{0, 2, 1}}, k, nil, ConvParams{}, ErrInput, "input: shape (0, 2, 1) must have positive dimensions"},
		{"huge dim", Tensor{Shape: []int{5000, 1, 1}}, k, nil, ConvParams{}, ErrLimit, "input: dimension 5000 in shape (5000, 1, 1) is above the limit 4096"},
		{"NaN input", Tensor{Data: []float32{nanF()}, Shape: []int{1, 1, 1}}, randTensor(1, 1, 1, 1, 1), nil, ConvParams{}, ErrInput, "input: value 0 is NaN"},
		{"Inf bias", x, k, []float32{0, 0, infF(), 0}, ConvParams{}, ErrInput, "bias: value 2 is +Inf"},
		{"negative stride", x, k, nil, ConvParams{Strides: [2]int{-1, 1}}, ErrConfig, "strides [-1 1] and dilation [0 0] must be positive"},
		{"activation", x, k, nil, ConvParams{Activation: "gelu"}, ErrConfig, `unknown activation "gelu" (want linear, relu, leaky_relu, sigmoid, tanh or softmax)`},
		{"padding", x, k, nil, ConvParams{Padding: Padding{Mode: "full"}}, ErrConfig, `unknown padding "full" (want valid, same or explicit)`},
	} {
		_, err := Conv2D(c.x, c.k, c.bias, c.p)
		if !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %v %q", c.name, err, c.want, c.msg)
		}
	}
}

func TestConv2DStepsMatchConv2D(t *testing.T) {
	for i, c := range awkwardConvCases {
		x, k, bias := c.data(uint64(7 * i))
		p := c.params()
		full, err := Conv2D(x, k, bias, p)
		if err != nil {
			t.Fatal(err)
		}
		oh, ow := full.Shape[0], full.Shape[1]
		for f := range c.f {
			s, err := Conv2DSteps(x, k, bias, p, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Kernels) != c.c || len(s.Partials) != c.c || s.Bias != bias[f] || s.Filter != f {
				t.Fatalf("case %d filter %d: %d kernels, %d partials, bias %v", i, f, len(s.Kernels), len(s.Partials), s.Bias)
			}
			channel := make([]float64, oh*ow)
			for j := range channel {
				channel[j] = float64(full.Data[j*c.f+f])
			}
			assertClose(t, fmt.Sprintf("case %d filter %d activated", i, f), s.Activated.Data, channel, 1e-5, 1e-5)
			for j := range channel {
				var sum float32
				for ch := range c.c {
					sum += s.Partials[ch].Data[j]
				}
				if s.Sum.Data[j] != sum || s.PlusBias.Data[j] != sum+bias[f] {
					t.Fatalf("case %d filter %d: sum %v plus bias %v, partials add to %v", i, f, s.Sum.Data[j], s.PlusBias.Data[j], sum)
				}
			}
			// Each partial is the channel convolved alone with its kernel.
			for ch := range c.c {
				xc := NewTensor(c.h, c.w, 1)
				for j := range xc.Data {
					xc.Data[j] = x.Data[j*c.c+ch]
				}
				kc := Tensor{Data: s.Kernels[ch].Data, Shape: []int{c.kh, c.kw, 1, 1}}
				for j, v := range kc.Data {
					if v != k.Data[j*c.c*c.f+ch*c.f+f] {
						t.Fatalf("case %d filter %d channel %d: kernel value %d is %v", i, f, ch, j, v)
					}
				}
				want, _, _ := refConv2D(xc, kc, nil, c.s, c.d, c.p, Linear)
				assertClose(t, "partial", s.Partials[ch].Data, want, 1e-5, 1e-5)
			}
		}
	}
	if _, err := Conv2DSteps(randTensor(1, 3, 3, 1), randTensor(1, 2, 2, 1, 2), nil, ConvParams{}, 2); !errors.Is(err, ErrConfig) {
		t.Errorf("filter out of range: got %v", err)
	}
}

func BenchmarkConv2DBackwardSeedConv2(b *testing.B) {
	x := randTensor(1, 16, 16, 10)
	k := randTensor(2, 5, 5, 10, 30)
	plan, _ := newConvPlan(x.Shape, [2]int{5, 5}, 30, ConvParams{Padding: Same})
	n := plan.scratchLen(1)
	cols, tmp := make([]float32, n), make([]float32, n)
	wT, dW, dIn := make([]float32, len(k.Data)), make([]float32, len(k.Data)), make([]float32, len(x.Data))
	transpose(wT, k.Data, plan.k, 30)
	// A max-pool gradient: one cell in four is non-zero.
	dOut := randSlice(3, 16*16*30)
	for i := range dOut {
		if i%4 != 0 {
			dOut[i] = 0
		}
	}
	loopCPU(b, func() {
		clear(dIn)
		plan.backward(x.Data, wT, dOut, dW, nil, dIn, 1, cols, tmp)
	})
}

// im2col in both layouts and its adjoint on seed conv2's geometry
// (16×16×10, 5×5, same), all 16 output rows in one tile.
func BenchmarkIm2colCols(b *testing.B) {
	benchSeedConv2Window(b, func(cols, x []float32, g *window) { im2colCols(cols, 256, 0, x, g, 0, 16, cols[250*256:]) })
}

func BenchmarkIm2colRows(b *testing.B) {
	benchSeedConv2Window(b, func(cols, x []float32, g *window) { im2colRows(cols, x, g, 0, 16) })
}

func BenchmarkCol2im(b *testing.B) {
	benchSeedConv2Window(b, func(cols, x []float32, g *window) { col2im(x, cols, g, 0, 16) })
}

func benchSeedConv2Window(b *testing.B, op func(cols, x []float32, g *window)) {
	x := randTensor(1, 16, 16, 10)
	plan, err := newConvPlan(x.Shape, [2]int{5, 5}, 30, ConvParams{Padding: Same})
	if err != nil {
		b.Fatal(err)
	}
	cols := randSlice(2, plan.scratchLen(1))
	loopCPU(b, func() { op(cols, x.Data, &plan.g) })
}

// directConv is the straightforward alternative to im2col + gemm that doc.go
// compares against: for every output cell and kernel tap, one axpy of the
// tap's input value times its kernel row over the filters.
func directConv(g *window, f int, in, kernel, out []float32) {
	clear(out)
	for oy := range g.outH {
		for ox := range g.outW {
			o := out[(oy*g.outW+ox)*f : (oy*g.outW+ox+1)*f]
			for ky := range g.kh {
				iy := oy*g.sh - g.padT + ky*g.dh
				if iy < 0 || iy >= g.inH {
					continue
				}
				for kx := range g.kw {
					ix := ox*g.sw - g.padL + kx*g.dw
					if ix < 0 || ix >= g.inW {
						continue
					}
					for c, v := range in[(iy*g.inW+ix)*g.inC : (iy*g.inW+ix+1)*g.inC] {
						if v != 0 {
							k := (ky*g.kw+kx)*g.inC + c
							kern.Axpy(v, kernel[k*f:(k+1)*f], o)
						}
					}
				}
			}
		}
	}
}

func TestDirectConvMatches(t *testing.T) {
	x := randTensor(1, 9, 7, 3)
	k := randTensor(2, 3, 2, 3, 5)
	p := ConvParams{Padding: Same, Strides: [2]int{2, 1}, Dilation: [2]int{1, 2}}
	plan, err := newConvPlan(x.Shape, [2]int{3, 2}, 5, p)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]float32, numElements(plan.outShape()))
	directConv(&plan.g, 5, x.Data, k.Data, out)
	want, _, _ := refConv2D(x, k, nil, p.Strides, p.Dilation, p.Padding, Linear)
	assertClose(t, "direct", out, want, 1e-5, 1e-5)
}

// The seed network's convolutions (5×5, same), forward with im2col + gemm
// or with directConv: conv1 on an MNIST-like 32×32×1 input, where four in
// five pixels are 0, and conv2 on pool1's 16×16×10 output, where about half
// the values are 0 after ReLU.
func BenchmarkConv2DSeedConv1(b *testing.B)       { benchSeedConv(b, 32, 1, 10, 5, false) }
func BenchmarkConv2DDirectSeedConv1(b *testing.B) { benchSeedConv(b, 32, 1, 10, 5, true) }
func BenchmarkConv2DSeedConv2(b *testing.B)       { benchSeedConv(b, 16, 10, 30, 2, false) }
func BenchmarkConv2DDirectSeedConv2(b *testing.B) { benchSeedConv(b, 16, 10, 30, 2, true) }

// benchSeedConv times a 5×5 same convolution of a side×side×c input, in
// which one value in every `every` is non-zero, with f filters.
func benchSeedConv(b *testing.B, side, c, f, every int, direct bool) {
	x, k := randTensor(1, side, side, c), randTensor(2, 5, 5, c, f)
	for i := range x.Data {
		if i%every != 0 {
			x.Data[i] = 0
		}
	}
	plan, err := newConvPlan(x.Shape, [2]int{5, 5}, f, ConvParams{Padding: Same})
	if err != nil {
		b.Fatal(err)
	}
	out := make([]float32, numElements(plan.outShape()))
	if direct {
		loopCPU(b, func() { directConv(&plan.g, f, x.Data, k.Data, out) })
		return
	}
	n := plan.scratchLen(1)
	cols, tmp := make([]float32, n), make([]float32, n)
	loopCPU(b, func() { plan.forward(x.Data, k.Data, nil, out, 1, ReLU, cols, tmp) })
}

func TestConv2DWorkLimit(t *testing.T) {
	// Within every size limit, but 1024·1024 outputs × 400 taps × 32 filters
	// is too much work for one call.
	_, err := newConvPlan([]int{1024, 1024, 16}, [2]int{5, 5}, 32, ConvParams{Padding: Same})
	if !errors.Is(err, ErrLimit) || err.Error() != "convolution needs 1048576·400·32 multiply-adds, more than 4294967296" {
		t.Errorf("got %v", err)
	}
}

func TestConv2DToAndPool2DToReuseTheirBuffer(t *testing.T) {
	in := NewTensor(6, 5, 2)
	for i := range in.Data {
		in.Data[i] = float32(i%7) - 3
	}
	k := NewTensor(3, 2, 2, 3)
	for i := range k.Data {
		k.Data[i] = float32(i%5) / 4
	}
	p := ConvParams{Padding: Same, Activation: ReLU}
	want, err := Conv2D(in, k, []float32{1, 0, -1}, p)
	if err != nil {
		t.Fatal(err)
	}
	dst := make([]float32, 200)
	for i := range dst {
		dst[i] = 99 // left over from an earlier call
	}
	got, err := Conv2DTo(dst, in, k, []float32{1, 0, -1}, p)
	if err != nil || &got.Data[0] != &dst[0] || !slices.Equal(got.Data, want.Data) || !slices.Equal(got.Shape, want.Shape) {
		t.Errorf("Conv2DTo = %v %v (err %v), want %v in dst's storage", got.Shape, got.Data, err, want.Data)
	}
	pp := PoolParams{Mode: AvgPool, Size: [2]int{2, 2}, Padding: Same}
	wantPool, _ := Pool2D(in, pp)
	gotPool, err := Pool2DTo(dst, in, pp)
	if err != nil || &gotPool.Data[0] != &dst[0] || !slices.Equal(gotPool.Data, wantPool.Data) {
		t.Errorf("Pool2DTo = %v (err %v), want %v in dst's storage", gotPool.Data, err, wantPool.Data)
	}
	small, _ := Pool2DTo(dst[:1:1], in, pp)
	if &small.Data[0] == &dst[0] || !slices.Equal(small.Data, wantPool.Data) {
		t.Errorf("Pool2DTo with too small a dst did not allocate")
	}
}

// TestTransposeAddBias checks the conv's transposition, with and without
// bias and ReLU, against its definition, bit for bit: position counts
// around its eight-value steps, and values whose ReLU is a corner (−0, NaN,
// ±Inf, values that the bias takes across 0).
func TestTransposeAddBias(t *testing.T) {
	corners := []float32{float32(math.Copysign(0, -1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)), 0.25, -0.25}
	for _, np := range []int{1, 7, 8, 9, 16, 23} {
		for _, f := range []int{1, 3, 10} {
			src := randTensor(uint64(np*f), f*np).Data
			for i := 0; i < len(src); i += 3 {
				src[i] = corners[i%len(corners)]
			}
			bias := randTensor(uint64(f), f).Data
			for _, b := range [][]float32{nil, bias} {
				for _, relu := range []bool{false, true} {
					got := make([]float32, np*f+1)
					got[np*f] = 42
					transposeAddBias(got[:np*f], src, b, np, f, relu)
					for p := range np {
						for j := range f {
							var bj float32 // a nil bias adds 0, as before, which makes −0 +0
							if b != nil {
								bj = b[j]
							}
							want := src[j*np+p] + bj
							if relu && want < 0 {
								want = 0
							}
							if g := got[p*f+j]; math.Float32bits(g) != math.Float32bits(want) && !(g != g && want != want) {
								t.Fatalf("np=%d f=%d bias %v relu %v: [%d, %d] = %v, want %v", np, f, b != nil, relu, p, j, g, want)
							}
						}
					}
					if got[np*f] != 42 {
						t.Fatalf("np=%d f=%d: wrote past the output", np, f)
					}
				}
			}
		}
	}
}
