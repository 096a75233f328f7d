package core

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

// Finite-difference checks of the exported gradient ops, with the helpers
// of gradient_test.go: the loss is L = Σ r·out for a fixed random r, which
// is passed as gradOutput.

// gradConvCases are awkwardConvCases (but the seed-size one) plus more of
// the geometries whose padding arithmetic is easy to get wrong.
func gradConvCases() []convCase {
	var cs []convCase
	for _, c := range awkwardConvCases {
		if c.h*c.w*c.c*c.kh*c.kw*c.f <= 20000 {
			cs = append(cs, c)
		}
	}
	return append(cs,
		convCase{6, 7, 2, 4, 4, 2, [2]int{2, 2}, [2]int{1, 1}, Same, ReLU},                 // same, even kernel, stride 2
		convCase{8, 7, 2, 2, 4, 3, [2]int{2, 2}, [2]int{2, 2}, Same, LeakyReLU},            // even kernel, stride 2, dilation 2
		convCase{7, 7, 1, 3, 3, 2, [2]int{1, 1}, [2]int{2, 2}, Same, Sigmoid},              // dilation 2, same
		convCase{5, 6, 2, 3, 2, 2, [2]int{2, 2}, [2]int{1, 2}, Explicit(2, 1, 0, 3), Tanh}, // explicit, stride and dilation
	)
}

// reluPattern is the kink pattern of an activated output: the signs for
// relu-like activations, nothing otherwise.
func reluPattern(act Activation, out []float32) string {
	if act != ReLU && act != LeakyReLU {
		return ""
	}
	b := make([]byte, len(out))
	for i, v := range out {
		b[i] = '-'
		if v > 0 {
			b[i] = '+'
		}
	}
	return string(b)
}

// weightedSum returns Σ r·v in float64.
func weightedSum(r, v []float32) float64 {
	s := 0.0
	for i, x := range v {
		s += float64(r[i]) * float64(x)
	}
	return s
}

func TestConv2DGradFiniteDifferences(t *testing.T) {
	for i, c := range gradConvCases() {
		for _, withBias := range []bool{true, false} {
			name := fmt.Sprintf("case %d %+v bias %v", i, c, withBias)
			x, k, bias := c.data(uint64(50 + 3*i))
			if !withBias {
				bias = nil
			}
			p := c.params()
			out, err := Conv2D(x, k, bias, p)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			r := randTensor(uint64(7+i), out.Shape...)
			dx, dk, db, err := Conv2DGrad(x, k, bias, p, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if (db == nil) != (bias == nil) || !equalInts(dx.Shape, x.Shape) || !equalInts(dk.Shape, k.Shape) {
				t.Fatalf("%s: gradient shapes %v %v, bias gradient %v", name, dx.Shape, dk.Shape, db)
			}
			loss := func() (float64, string) {
				o, err := Conv2D(x, k, bias, p)
				if err != nil {
					t.Fatal(err)
				}
				return weightedSum(r.Data, o.Data), reluPattern(c.act, o.Data)
			}
			_, base := loss()
			var n fdCount
			n.compare(t, name+": dinput", x.Data, dx.Data, loss, base, fdAtol)
			n.compare(t, name+": dkernel", k.Data, dk.Data, loss, base, fdAtol)
			if bias != nil {
				n.compare(t, name+": dbias", bias, db, loss, base, fdAtol)
			}
			n.enough(t, name)
		}
	}
}

// TestConv2DGradMatchesLayer checks that Conv2DGrad gives bit for bit what
// a Conv2D layer's backward pass accumulates in training.
func TestConv2DGradMatchesLayer(t *testing.T) {
	for i, c := range gradConvCases() {
		x, k, bias := c.data(uint64(80 + 3*i))
		l := NewConv2D("conv", c.f, [2]int{c.kh, c.kw}, c.params(), true)
		run := newLayerRun(t, l, []int{c.h, c.w, c.c}, 1, true)
		copy(l.weights[0].data, k.Data)
		copy(l.weights[1].data, bias)
		run.forward(x.Data)
		r := randTensor(uint64(9+i), l.OutputShape()...)
		dIn, grads := run.backward(x.Data, r.Data)
		dK := grads[0]

		dx, dk, db, err := Conv2DGrad(x, k, bias, c.params(), r)
		if err != nil {
			t.Fatal(err)
		}
		what := fmt.Sprintf("case %d", i)
		assertExact(t, what+" dinput", dx.Data, dIn)
		assertExact(t, what+" dkernel", dk.Data, dK)
		assertExact(t, what+" dbias", db, grads[1])
	}
}

func TestPool2DGradFiniteDifferences(t *testing.T) {
	for i, c := range awkwardPoolCases {
		if c.h*c.w*c.c > 500 {
			continue
		}
		for _, mode := range []PoolMode{MaxPool, MinPool, AvgPool} {
			name := fmt.Sprintf("pool case %d %s", i, mode)
			p := PoolParams{Mode: mode, Size: c.k, Strides: c.s, Padding: c.p}
			x := randTensor(uint64(30+i), c.h, c.w, c.c)
			plan, err := newPoolPlan(x.Shape, p)
			if err != nil {
				t.Fatal(err)
			}
			r := randTensor(uint64(40+i), plan.outShape()...)
			dx, err := Pool2DGrad(x, p, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out := make([]float32, len(r.Data))
			arg := make([]int32, len(r.Data))
			loss := func() (float64, string) {
				plan.forward(x.Data, out)
				if mode == AvgPool {
					return weightedSum(r.Data, out), ""
				}
				plan.forwardArg(x.Data, out, arg)
				return weightedSum(r.Data, out), fmt.Sprint(arg)
			}
			_, base := loss()
			var n fdCount
			n.compare(t, name, x.Data, dx.Data, loss, base, fdAtol)
			n.enough(t, name)
		}
	}
}

// TestPool2DGradSemantics checks TensorFlow's routing by hand: ties go to
// the first cell in window order, overlapping windows add up and average
// pooling divides by the real cells of a partial window.
func TestPool2DGradSemantics(t *testing.T) {
	ones := Tensor{Data: []float32{1, 1, 1, 1}, Shape: []int{2, 2, 1}}
	flat := Tensor{Data: make([]float32, 9), Shape: []int{3, 3, 1}}
	for i := range flat.Data {
		flat.Data[i] = 2
	}
	cases := []struct {
		name string
		in   Tensor
		p    PoolParams
		want []float32
	}{
		{"max ties", flat, PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Strides: [2]int{1, 1}},
			[]float32{1, 1, 0, 1, 1, 0, 0, 0, 0}},
		{"min ties", flat, PoolParams{Mode: MinPool, Size: [2]int{2, 2}, Strides: [2]int{1, 1}},
			[]float32{1, 1, 0, 1, 1, 0, 0, 0, 0}},
		{"max overlap", Tensor{Data: []float32{0, 0, 0, 0, 9, 0, 0, 0, 0}, Shape: []int{3, 3, 1}},
			PoolParams{Mode: MaxPool, Size: [2]int{2, 2}, Strides: [2]int{1, 1}},
			[]float32{0, 0, 0, 0, 4, 0, 0, 0, 0}},
		// 'same', 3×3 input, 2×2 pool, stride 2: windows of 4, 2, 2 and 1 real cells.
		{"avg same partial", flat, PoolParams{Mode: AvgPool, Size: [2]int{2, 2}, Padding: Same},
			[]float32{0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1}},
	}
	for _, c := range cases {
		got, err := Pool2DGrad(c.in, c.p, ones)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		assertExact(t, c.name, got.Data, c.want)
	}
}

func TestDenseGradFiniteDifferences(t *testing.T) {
	for i, act := range []Activation{"", Linear, ReLU, LeakyReLU, Sigmoid, Tanh} {
		for _, withBias := range []bool{true, false} {
			name := fmt.Sprintf("dense %q bias %v", act, withBias)
			x := randSlice(uint64(60+i), 7)
			k := randTensor(uint64(61+i), 7, 5)
			var bias []float32
			if withBias {
				bias = randSlice(uint64(62+i), 5)
			}
			r := randSlice(uint64(63+i), 5)
			dx, dk, db, err := DenseGrad(x, k, bias, act, r)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if (db == nil) != (bias == nil) || !equalInts(dk.Shape, k.Shape) || len(dx) != len(x) {
				t.Fatalf("%s: gradient shapes %d %v, bias gradient %v", name, len(dx), dk.Shape, db)
			}
			loss := func() (float64, string) {
				o, err := DenseForward(x, k, bias, act)
				if err != nil {
					t.Fatal(err)
				}
				return weightedSum(r, o), reluPattern(act.orLinear(), o)
			}
			_, base := loss()
			var n fdCount
			n.compare(t, name+": dinput", x, dx, loss, base, fdAtol)
			n.compare(t, name+": dkernel", k.Data, dk.Data, loss, base, fdAtol)
			if bias != nil {
				n.compare(t, name+": dbias", bias, db, loss, base, fdAtol)
			}
			n.enough(t, name)
		}
	}
}

// TestDenseForwardMatchesLayer checks DenseForward against a Dense layer.
func TestDenseForwardMatchesLayer(t *testing.T) {
	l := NewDense("dense", 4, Tanh)
	run := newLayerRun(t, l, []int{6}, 1, false)
	copy(l.weights[0].data, randSlice(1, 24))
	copy(l.weights[1].data, randSlice(2, 4))
	x := randSlice(3, 6)
	want := run.forward(x)
	got, err := DenseForward(x, l.Kernel(), l.Bias(), Tanh)
	if err != nil {
		t.Fatal(err)
	}
	assertExact(t, "dense", got, want)
}

func TestSoftmaxCrossEntropy(t *testing.T) {
	z := []float32{0.3, -1.2, 2.5, 0.01, -0.7}
	for label := range z {
		_, grad, err := SoftmaxCrossEntropy(z, label)
		if err != nil {
			t.Fatal(err)
		}
		loss := func() (float64, string) {
			l, _, err := SoftmaxCrossEntropy(z, label)
			if err != nil {
				t.Fatal(err)
			}
			return float64(l), ""
		}
		var n fdCount
		n.compare(t, fmt.Sprintf("label %d", label), z, grad, loss, "", 1e-3)
		n.enough(t, "cross-entropy")
	}
	// Extreme logits stay finite and exact.
	loss, grad, err := SoftmaxCrossEntropy([]float32{1000, -1000, 0}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if loss != 2000 {
		t.Errorf("loss = %v, want 2000", loss)
	}
	assertExact(t, "extreme gradient", grad, []float32{1, -1, 0})
}

func TestSoftmaxGradFiniteDifferences(t *testing.T) {
	z := []float32{0.3, -1.2, 2.5, 0.01, -0.7, 1.1}
	r := randSlice(5, len(z))
	probs := make([]float32, len(z))
	Softmax(probs, z)
	grad, err := SoftmaxGrad(probs, r)
	if err != nil {
		t.Fatal(err)
	}
	loss := func() (float64, string) {
		Softmax(probs, z)
		return weightedSum(r, probs), ""
	}
	var n fdCount
	n.compare(t, "softmax", z, grad, loss, "", 1e-3)
	n.enough(t, "softmax")
}

func TestGradientErrors(t *testing.T) {
	x := randTensor(1, 4, 4, 2)
	k := randTensor(2, 3, 3, 2, 3)
	good := NewTensor(2, 2, 3)
	nan := NewTensor(2, 2, 3)
	nan.Data[5] = float32(math.NaN())
	pool := PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}
	dk := NewTensor(3, 2)
	calls := []struct {
		name string
		err  error
		want error
	}{
		{"conv ok", second(Conv2DGrad(x, k, nil, ConvParams{}, good)), nil},
		{"conv gradOutput shape", second(Conv2DGrad(x, k, nil, ConvParams{}, NewTensor(2, 3, 3))), ErrShape},
		{"conv gradOutput rank", second(Conv2DGrad(x, k, nil, ConvParams{}, NewTensor(12))), ErrInput},
		{"conv gradOutput NaN", second(Conv2DGrad(x, k, nil, ConvParams{}, nan)), ErrInput},
		{"conv bias length", second(Conv2DGrad(x, k, []float32{1}, ConvParams{}, good)), ErrShape},
		{"conv channels", second(Conv2DGrad(randTensor(1, 4, 4, 1), k, nil, ConvParams{}, good)), ErrShape},
		{"pool ok", errOf(Pool2DGrad(x, pool, NewTensor(2, 2, 2))), nil},
		{"pool gradOutput shape", errOf(Pool2DGrad(x, pool, NewTensor(2, 2, 3))), ErrShape},
		{"pool gradOutput data", errOf(Pool2DGrad(x, pool, Tensor{Data: make([]float32, 3), Shape: []int{2, 2, 2}})), ErrInput},
		{"dense input length", second(DenseGrad([]float32{1, 2}, dk, nil, ReLU, []float32{1, 2})), ErrShape},
		{"dense gradOutput length", second(DenseGrad([]float32{1, 2, 3}, dk, nil, ReLU, []float32{1})), ErrShape},
		{"dense bias length", errOf(DenseForward([]float32{1, 2, 3}, dk, []float32{1}, ReLU)), ErrShape},
		{"dense activation", errOf(DenseForward([]float32{1, 2, 3}, dk, nil, "swish")), ErrConfig},
		{"cross-entropy label", third(SoftmaxCrossEntropy([]float32{1, 2}, 2)), ErrInput},
		{"cross-entropy empty", third(SoftmaxCrossEntropy(nil, 0)), ErrInput},
		{"cross-entropy NaN", third(SoftmaxCrossEntropy([]float32{1, float32(math.Inf(1))}, 0)), ErrInput},
		{"softmax grad length", errOf(SoftmaxGrad([]float32{0.5, 0.5}, []float32{1})), ErrShape},
	}
	for _, c := range calls {
		if c.want == nil && c.err != nil || c.want != nil && !errors.Is(c.err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, c.err, c.want)
		}
	}
}

func second[A, B, C any](_ A, _ B, _ C, err error) error { return err }
func third[A, B any](_ A, _ B, err error) error          { return err }
func errOf[A any](_ A, err error) error                  { return err }
