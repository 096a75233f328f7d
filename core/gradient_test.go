package core

import (
	"fmt"
	"math"
	"testing"
)

// Finite-difference gradient checks. The loss of a single layer is
// L = Σ r·out for a fixed random r, so dL/dout = r. Each input and parameter
// is moved by ±eps and the central difference of L (summed in float64) is
// compared with the backward pass. Where a move crosses a kink (a ReLU
// switching, a different max winning) the difference is meaningless, so
// such coordinates are skipped; the checks require that most are compared.

const (
	fdEps  = 1e-3
	fdRtol = 1e-2
	fdAtol = 3e-3
)

// kinkPattern records which branch every piecewise op took: the sign of
// ReLU-like outputs and the winning cell of max/min pooling.
func kinkPattern(l Layer, c *call, out []float32) string {
	var b []byte
	if act := l.activation(); act == ReLU || act == LeakyReLU {
		for _, v := range out {
			if v > 0 {
				b = append(b, '+')
			} else {
				b = append(b, '-')
			}
		}
	}
	if rl, ok := l.(*ReLULayer); ok {
		for _, v := range out {
			switch {
			case v == rl.cap():
				b = append(b, 'c')
			case v > 0:
				b = append(b, '+')
			default:
				b = append(b, '-')
			}
		}
	}
	if len(c.ints) > 0 {
		b = fmt.Appendf(b, "%v", c.ints)
	}
	return string(b)
}

type fdLayerCase struct {
	name string
	l    Layer
	in   []int
}

// checkLayerGradients checks a layer's backward pass on a batch of two
// samples against finite differences of L = Σ r·out.
func checkLayerGradients(t *testing.T, c fdLayerCase, seed uint64) {
	t.Helper()
	const n = 2
	l := c.l
	run := newLayerRun(t, l, c.in, n, true)
	for i, p := range l.base().weights {
		copy(p.data, randSlice(seed+uint64(10+i), len(p.data)))
	}
	x := randSlice(seed, n*numElements(c.in))
	r := randSlice(seed+1, len(run.out))

	loss := func() (float64, string) {
		out := run.forward(x)
		return weightedSum(r, out), kinkPattern(l, &run.c, out)
	}
	_, base := loss()
	dIn, grads := run.backward(x, r)

	var count fdCount
	count.compare(t, c.name+": dinput", x, dIn, loss, base, fdAtol)
	for i, p := range l.base().weights {
		if grads[i] != nil {
			count.compare(t, c.name+": d"+p.name, p.data, grads[i], loss, base, fdAtol)
		}
	}
	count.enough(t, c.name)
}

// centralDiff moves v[i] by ±fdEps and returns the central difference of
// loss over the step float32 actually took, and whether both moves left
// loss's kink pattern at base (otherwise the difference is meaningless).
func centralDiff(v []float32, i int, loss func() (float64, string), base string) (numeric float64, smooth bool) {
	orig := v[i]
	v[i] = orig + fdEps
	plus, pp := loss()
	hi := v[i]
	v[i] = orig - fdEps
	minus, pm := loss()
	lo := v[i]
	v[i] = orig
	return (plus - minus) / (float64(hi) - float64(lo)), pp == base && pm == base
}

// fdCount counts the coordinates a gradient check compared and skipped.
type fdCount struct{ checked, skipped int }

// compare checks analytic, the gradient of loss with respect to v, against
// centralDiff at every coordinate away from a kink; it reports the first
// mismatch only.
func (n *fdCount) compare(t *testing.T, what string, v, analytic []float32, loss func() (float64, string), base string, atol float64) {
	t.Helper()
	for i := range v {
		numeric, smooth := centralDiff(v, i, loss, base)
		if !smooth {
			n.skipped++
			continue
		}
		n.checked++
		if !closeTo(float64(analytic[i]), numeric, fdRtol, atol) {
			t.Errorf("%s[%d] = %v, finite difference %v", what, i, analytic[i], numeric)
			return
		}
	}
}

// enough fails the test unless most coordinates were compared.
func (n fdCount) enough(t *testing.T, what string) {
	t.Helper()
	if n.checked == 0 || n.checked < 4*n.skipped {
		t.Errorf("%s: only %d coordinates checked, %d skipped at kinks", what, n.checked, n.skipped)
	}
}

func TestLayerGradients(t *testing.T) {
	var cases []fdLayerCase
	for i, c := range awkwardConvCases {
		if c.h*c.w*c.c*c.kh*c.kw*c.f > 20000 {
			continue // the seed-size case is covered by the model check
		}
		for _, bias := range []bool{true, false} {
			cases = append(cases, fdLayerCase{fmt.Sprintf("conv case %d bias %v", i, bias), NewConv2D("conv", c.f, [2]int{c.kh, c.kw}, c.params(), bias), []int{c.h, c.w, c.c}})
		}
	}
	for i, c := range awkwardPoolCases {
		if c.h*c.w*c.c > 500 {
			continue
		}
		for _, mode := range []PoolMode{MaxPool, MinPool, AvgPool} {
			cases = append(cases, fdLayerCase{fmt.Sprintf("pool case %d %s", i, mode), NewPool2D("pool", PoolParams{Mode: mode, Size: c.k, Strides: c.s, Padding: c.p}), []int{c.h, c.w, c.c}})
		}
	}
	for _, act := range []Activation{Linear, ReLU, LeakyReLU, Sigmoid, Tanh, SoftmaxActivation} {
		cases = append(cases,
			fdLayerCase{"dense " + string(act), NewDense("dense", 5, act), []int{7}},
			fdLayerCase{"activation " + string(act), NewActivation("act", act), []int{2, 3, 4}},
			fdLayerCase{"conv " + string(act), NewConv2D("conv", 3, [2]int{2, 2}, ConvParams{Padding: Same, Activation: act}, true), []int{3, 3, 2}},
		)
	}
	cases = append(cases,
		fdLayerCase{"dense no bias", NewDenseBias("dense", 3, Tanh, false), []int{6}},
		fdLayerCase{"flatten", NewFlatten("flatten"), []int{2, 3, 2}},
		fdLayerCase{"dropout", NewDropout("dropout", 0.4), []int{30}},
		fdLayerCase{"softmax", NewSoftmax("softmax"), []int{6}},
		fdLayerCase{"softmax images", NewSoftmax("softmax"), []int{2, 2, 3}},
	)
	for _, c := range []struct{ class, config string }{
		{"ReLU", `{}`},
		{"ReLU", `{"max_value": 0.6, "negative_slope": 0.3, "threshold": 0.1}`},
		{"ZeroPadding2D", `{"padding": [[2, 0], [1, 3]]}`},
		{"GlobalAveragePooling2D", `{}`},
		{"GlobalMaxPooling2D", `{"keepdims": true}`},
		{"BatchNormalization", `{}`},
		{"BatchNormalization", `{"scale": false}`},
		{"BatchNormalization", `{"center": false, "epsilon": 0.1}`},
	} {
		cases = append(cases, fdLayerCase{c.class + " " + c.config, specLayer(t, c.class, c.config), []int{3, 4, 2}})
	}
	for i, c := range cases {
		checkLayerGradients(t, c, uint64(100*i))
	}
}

// specLayer builds a layer of a class from a config over the defaults.
func specLayer(t testing.TB, class, config string) Layer {
	t.Helper()
	c, cfg, err := decodeSpec(ErrConfig, "layer", spec(class, config), false)
	if err != nil {
		t.Fatal(err)
	}
	*configName(cfg) = "layer"
	return c.build(cfg)
}

// TestLossGradient checks p − onehot against the finite difference of the
// softmax cross-entropy log Σ exp(z) − z[label].
func TestLossGradient(t *testing.T) {
	z := []float32{0.3, -1.2, 2.5, 0.01, -0.7}
	probs := make([]float32, len(z))
	Softmax(probs, z)
	for label := range z {
		loss := func() (float64, string) { return logSumExp(z) - float64(z[label]), "" }
		for i := range z {
			want := float64(probs[i])
			if i == label {
				want--
			}
			if numeric, _ := centralDiff(z, i, loss, ""); !closeTo(want, numeric, 1e-3, 1e-4) {
				t.Errorf("label %d: dL/dz[%d] = %v, finite difference %v", label, i, want, numeric)
			}
		}
	}
}

// TestModelGradients checks the whole backward pass of a small model, from
// the softmax cross-entropy loss to every weight, through the trainer's
// runner on a batch of three.
func TestModelGradients(t *testing.T) {
	m, err := NewSequential([]int{6, 6, 2},
		NewConv2D("conv1", 3, [2]int{3, 3}, ConvParams{Padding: Same, Activation: ReLU}, true),
		NewPool2D("pool1", PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}),
		NewConv2D("conv2", 4, [2]int{2, 2}, ConvParams{Activation: Tanh}, true),
		NewPool2D("pool2", PoolParams{Mode: AvgPool, Size: [2]int{2, 2}, Padding: Same}),
		NewFlatten("flatten"),
		NewDense("hidden", 5, Sigmoid),
		NewDense("logits", 3, Linear),
		NewSoftmax("softmax"),
	)
	if err != nil {
		t.Fatal(err)
	}
	checkModelGradients(t, m, 3)
}

// TestModelGradientsPoolOverRelu covers the pooling layers that apply the
// ReLU derivative of the layer below (runner.reluBelow) on the other
// paths: an Activation layer's ReLU under min pooling with overlapping
// windows.
func TestModelGradientsPoolOverRelu(t *testing.T) {
	m, err := NewSequential([]int{7, 7, 2},
		NewConv2D("conv", 3, [2]int{3, 3}, ConvParams{Padding: Same}, true),
		NewActivation("relu", ReLU),
		NewPool2D("pool", PoolParams{Mode: MinPool, Size: [2]int{3, 3}, Strides: [2]int{2, 2}}),
		NewFlatten("flatten"),
		NewDense("logits", 3, Linear),
		NewSoftmax("softmax"),
	)
	if err != nil {
		t.Fatal(err)
	}
	checkModelGradients(t, m, 3)
}

// checkModelGradients compares the gradient of the mean loss over a batch
// of n random samples, as TrainBatch computes it, with finite differences
// of the loss in training mode.
func checkModelGradients(t *testing.T, m *Model, n int) {
	t.Helper()
	m.Init(3)
	// Biases away from zero so they matter.
	for _, w := range m.Weights() {
		if w.Name == "bias" || w.Name == "beta" {
			copy(w.Data, randSlice(5, len(w.Data)))
		}
	}
	x := randSlice(4, n*numElements(m.input))
	labels := make([]int, n)
	for i := range labels {
		labels[i] = (2 * i) % m.layers[len(m.layers)-1].base().outLen()
	}

	tr := NewTrainer(m, NewSGD(0, 0), 1)
	if _, _, err := tr.TrainBatch(x, labels); err != nil { // lr 0: only computes the gradients
		t.Fatal(err)
	}
	r := tr.r
	lossAt := func() (float64, string) {
		r.forward(x, n, len(m.layers))
		r.loss(x, labels)
		mean, _ := r.meanLoss(n)
		var pat string
		for i, l := range m.layers {
			pat += kinkPattern(l, r.layerCall(0, i, 0, n), r.acts[i][:n*l.base().outLen()])
		}
		return mean, pat
	}
	for i := range n {
		r.rngs[i] = newRNG(tr.seed, 0, uint64(i))
	}
	_, base := lossAt()
	var count fdCount
	for p, data := range tr.params {
		analytic := append([]float32(nil), tr.grads[p]...)
		count.compare(t, fmt.Sprintf("weight %d", p), data, analytic, lossAt, base, 1e-3)
	}
	count.enough(t, "model")
	if math.IsNaN(float64(tr.grads[0][0])) {
		t.Error("NaN gradient")
	}
}
