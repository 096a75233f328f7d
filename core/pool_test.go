package core

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestPool2DHandComputed(t *testing.T) {
	// x = 1..9 as 3×3. 'same' 2×2 stride 2: output 2×2, one padding
	// row/column after, so the windows hold {1,2,4,5}, {3,6}, {7,8}, {9}.
	x := Tensor{Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape: []int{3, 3, 1}}
	neg := Tensor{Data: []float32{-1, -2, -3, -4, -5, -6, -7, -8, -9}, Shape: []int{3, 3, 1}}
	for _, c := range []struct {
		x    Tensor
		p    PoolParams
		want []float32
	}{
		{x, PoolParams{Mode: AvgPool, Size: [2]int{2, 2}, Padding: Same}, []float32{3, 4.5, 7.5, 9}},
		{x, PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Padding: Same}, []float32{5, 6, 8, 9}},
		{x, PoolParams{Mode: MinPool, Size: [2]int{2, 2}, Padding: Same}, []float32{1, 3, 7, 9}},
		// Max never picks a padded zero, min never picks one for positive input.
		{neg, PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Padding: Same}, []float32{-1, -3, -7, -9}},
		{x, PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}, []float32{5}},
		{x, PoolParams{Mode: AvgPool, Size: [2]int{2, 2}, Strides: [2]int{1, 1}}, []float32{3, 4, 6, 7}},
		// 3×1 windows, stride (1, 2): columns 0 and 2 of each 3-row block.
		{x, PoolParams{Mode: MaxPool, Size: [2]int{3, 1}, Strides: [2]int{1, 2}}, []float32{7, 9}},
	} {
		got, err := Pool2D(c.x, c.p)
		if err != nil {
			t.Fatalf("%+v: %v", c.p, err)
		}
		assertExact(t, fmt.Sprintf("%+v", c.p), got.Data, c.want)
	}
}

var awkwardPoolCases = []struct {
	h, w, c int
	k, s    [2]int
	p       Padding
}{
	{32, 32, 10, [2]int{2, 2}, [2]int{2, 2}, Valid},
	{5, 5, 2, [2]int{2, 2}, [2]int{2, 2}, Same},
	{7, 6, 3, [2]int{3, 3}, [2]int{2, 2}, Same},
	{1, 1, 2, [2]int{3, 3}, [2]int{1, 1}, Same},
	{2, 2, 1, [2]int{5, 5}, [2]int{1, 1}, Same},  // pool larger than input
	{8, 8, 2, [2]int{2, 2}, [2]int{3, 3}, Valid}, // stride > size
	{9, 7, 2, [2]int{2, 3}, [2]int{1, 2}, Same},
	{6, 6, 1, [2]int{4, 2}, [2]int{3, 1}, Explicit(1, 2, 1, 0)},
	{7, 9, 5, [2]int{2, 2}, [2]int{2, 2}, Same},                  // a vector and one channel more, clipped windows at the ends
	{6, 11, 6, [2]int{3, 3}, [2]int{1, 3}, Explicit(1, 1, 2, 1)}, // padding on both sides of a row
}

func TestPool2DMatchesReference(t *testing.T) {
	for i, c := range awkwardPoolCases {
		x := randTensor(uint64(i), c.h, c.w, c.c)
		for _, mode := range []PoolMode{MaxPool, MinPool, AvgPool} {
			got, err := Pool2D(x, PoolParams{Mode: mode, Size: c.k, Strides: c.s, Padding: c.p})
			if err != nil {
				t.Fatalf("case %d %s: %v", i, mode, err)
			}
			want, oh, ow := refPool2D(x, mode, c.k, c.s, c.p)
			if !equalInts(got.Shape, []int{oh, ow, c.c}) {
				t.Fatalf("case %d %s: shape %v, reference (%d, %d, %d)", i, mode, got.Shape, oh, ow, c.c)
			}
			assertClose(t, fmt.Sprintf("case %d %s", i, mode), got.Data, want, 1e-6, 1e-6)
		}
	}
}

// TestPoolForwardArg checks forwardArg on the awkward cases, with values
// rounded so that windows tie and a NaN in some: its outputs are forward's
// bit for bit, and each index is the window's first cell (row-major) equal
// to the output, or the first cell when none is (NaN).
func TestPoolForwardArg(t *testing.T) {
	for i, c := range awkwardPoolCases {
		x := randTensor(uint64(i), c.h, c.w, c.c)
		for j := range x.Data {
			x.Data[j] = float32(int(x.Data[j]*3)) / 3
		}
		x.Data[len(x.Data)/2] = float32(math.NaN())
		for _, mode := range []PoolMode{MaxPool, MinPool} {
			plan, err := newPoolPlan(x.Shape, PoolParams{Mode: mode, Size: c.k, Strides: c.s, Padding: c.p})
			if err != nil {
				t.Fatal(err)
			}
			outLen := plan.g.outH * plan.g.outW * plan.g.inC
			want, got, arg := make([]float32, outLen), make([]float32, outLen), make([]int32, outLen)
			plan.forward(x.Data, want)
			plan.forwardArg(x.Data, got, arg)
			plan.each(func(w poolWindow, o int) {
				for ch := range plan.g.inC {
					first := int32(w.first() + ch)
					wantArg := first
				cells:
					for y := w.y0; y < w.y1; y++ {
						for cell := w.row(y) + ch; cell < w.row(y)+w.rowLen(); cell += plan.g.inC {
							if x.Data[cell] == want[o+ch] {
								wantArg = int32(cell)
								break cells
							}
						}
					}
					if math.Float32bits(got[o+ch]) != math.Float32bits(want[o+ch]) || arg[o+ch] != wantArg {
						t.Fatalf("case %d %s: output %d = %v from %d, want %v from %d", i, mode, o+ch, got[o+ch], arg[o+ch], want[o+ch], wantArg)
					}
				}
			})
		}
	}
}

func TestPool2DErrors(t *testing.T) {
	x := randTensor(1, 4, 4, 1)
	for _, c := range []struct {
		p    PoolParams
		want error
		msg  string
	}{
		{PoolParams{Mode: "median", Size: [2]int{2, 2}}, ErrConfig, `unknown pooling mode "median" (want max, min or avg)`},
		{PoolParams{Mode: MaxPool, Size: [2]int{5, 5}}, ErrShape, "output height floor((4 + 0 − 5)/5) + 1 = 0 ≤ 0"},
		{PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Padding: Explicit(2, 0, 0, 0)}, ErrConfig, "padding [[2, 0], [0, 0]] must be smaller than the pool size [2 2] on every side"},
		{PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Strides: [2]int{-1, 1}}, ErrConfig, "strides [-1 1] must be positive"},
		{PoolParams{Mode: MaxPool}, ErrConfig, "kernel height must be positive, got 0"},
	} {
		_, err := Pool2D(x, c.p)
		if !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("%+v: got %v, want %q", c.p, err, c.msg)
		}
	}
}

func TestPool2DWorkLimit(t *testing.T) {
	_, err := newPoolPlan([]int{4096, 4096, 1}, PoolParams{Mode: MaxPool, Size: [2]int{1024, 1024}, Strides: [2]int{1, 1}, Padding: Same})
	if !errors.Is(err, ErrLimit) || err.Error() != "pooling needs 16777216·1048576 comparisons, more than 4294967296" {
		t.Errorf("got %v", err)
	}
}

// The seed network's pool1: 2×2 windows over conv1's 32×32×10 output:
// inference (values only), training's forward pass (values and, for max
// pooling, the winning cells) and the backward pass.
func BenchmarkPool2DMaxPredictSeedPool1(b *testing.B)  { benchPool(b, MaxPool, "predict") }
func BenchmarkPool2DMaxSeedPool1(b *testing.B)         { benchPool(b, MaxPool, "train") }
func BenchmarkPool2DAvgSeedPool1(b *testing.B)         { benchPool(b, AvgPool, "train") }
func BenchmarkPool2DMaxBackwardSeedPool1(b *testing.B) { benchPool(b, MaxPool, "backward") }
func BenchmarkPool2DAvgBackwardSeedPool1(b *testing.B) { benchPool(b, AvgPool, "backward") }

// benchPool times pool1 in the given mode and phase; the backward pass
// takes the forward's output for the gradient.
func benchPool(b *testing.B, mode PoolMode, phase string) {
	x := randTensor(1, 32, 32, 10)
	plan, err := newPoolPlan(x.Shape, PoolParams{Mode: mode, Size: [2]int{2, 2}})
	if err != nil {
		b.Fatal(err)
	}
	out, arg := make([]float32, 16*16*10), make([]int32, 16*16*10)
	if mode == AvgPool {
		plan.forward(x.Data, out)
	} else {
		plan.forwardArg(x.Data, out, arg)
	}
	dIn := make([]float32, len(x.Data))
	loopCPU(b, func() {
		switch phase {
		case "predict":
			plan.forward(x.Data, out)
		case "train":
			if mode == AvgPool {
				plan.forward(x.Data, out)
			} else {
				plan.forwardArg(x.Data, out, arg)
			}
		default:
			clear(dIn)
			plan.backward(out, dIn, arg)
		}
	})
}
