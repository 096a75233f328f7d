package core

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// refBatchNorm is BatchNormalization written from Keras's definition in
// float64: the mean and biased variance of each channel over the batch
// (training) or the moving ones (inference), then γ·(x − μ)/√(σ² + ε) + β.
func refBatchNorm(x []float32, ch int, gamma, beta, mm, mv []float32, eps float64, training bool) (out []float64, mean, variance []float64) {
	mean, variance = make([]float64, ch), make([]float64, ch)
	for j := range ch {
		if !training {
			mean[j], variance[j] = float64(mm[j]), float64(mv[j])
			continue
		}
		var vals []float64
		for i := j; i < len(x); i += ch {
			vals = append(vals, float64(x[i]))
		}
		for _, v := range vals {
			mean[j] += v / float64(len(vals))
		}
		for _, v := range vals {
			variance[j] += (v - mean[j]) * (v - mean[j]) / float64(len(vals))
		}
	}
	out = make([]float64, len(x))
	for i, v := range x {
		j := i % ch
		out[i] = float64(gamma[j])*(float64(v)-mean[j])/math.Sqrt(variance[j]+eps) + float64(beta[j])
	}
	return out, mean, variance
}

func TestBatchNormalizationMatchesReference(t *testing.T) {
	const n, ch = 3, 4
	l := specLayer(t, "BatchNormalization", `{"momentum": 0.9, "epsilon": 0.01}`).(*BatchNormalization)
	run := newLayerRun(t, l, []int{2, 3, ch}, n, true)
	gamma, beta := randSlice(1, ch), randSlice(2, ch)
	copy(l.weights[0].data, gamma)
	copy(l.weights[1].data, beta)
	mm, mv := l.moving()
	copy(mm, randSlice(3, ch))
	for j := range mv {
		mv[j] = 0.5 + float32(j)
	}
	mm0, mv0 := append([]float32(nil), mm...), append([]float32(nil), mv...)
	x := randSlice(4, n*2*3*ch)
	for i := range x {
		x[i] = 3*x[i] + float32(i%ch) // channels with different means
	}

	want, _, _ := refBatchNorm(x, ch, gamma, beta, mm0, mv0, 0.01, false)
	run.c.training = false
	assertClose(t, "inference", run.forward(x), want, 1e-5, 1e-5)
	assertExact(t, "inference leaves moving_mean", mm, mm0)

	want, mean, variance := refBatchNorm(x, ch, gamma, beta, mm0, mv0, 0.01, true)
	run.c.training = true
	assertClose(t, "training", run.forward(x), want, 1e-5, 1e-5)
	// Keras 3: moving = moving·momentum + batch·(1 − momentum), with the
	// biased batch variance.
	for j := range ch {
		if !closeTo(float64(mm[j]), 0.9*float64(mm0[j])+0.1*mean[j], 1e-6, 1e-6) ||
			!closeTo(float64(mv[j]), 0.9*float64(mv0[j])+0.1*variance[j], 1e-6, 1e-6) {
			t.Errorf("channel %d: moving %v %v, want %v %v", j, mm[j], mv[j], 0.9*float64(mm0[j])+0.1*mean[j], 0.9*float64(mv0[j])+0.1*variance[j])
		}
	}
}

// A convolutional network with batch normalisation: the gradient of the
// batch loss in training mode, through the batch statistics, matches
// finite differences.
func TestBatchNormalizationModelGradients(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{5, 5, 2}, Layers: []LayerSpec{
		spec("Conv2D", `{"filters": 3, "kernel_size": 3, "use_bias": false}`),
		spec("BatchNormalization", `{}`),
		spec("Activation", `{"activation": "tanh"}`),
		spec("GlobalAveragePooling2D", `{}`),
		spec("Dense", `{"units": 4}`),
		spec("BatchNormalization", `{"epsilon": 0.1}`),
		spec("Activation", `{"activation": "softmax"}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkModelGradients(t, m, 5)
}

func TestBatchNormalizationSummary(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{4, 4, 3}, Layers: []LayerSpec{
		spec("BatchNormalization", `{}`),
		spec("BatchNormalization", `{"center": false, "scale": false}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	s := m.Summary()
	for _, want := range []string{"batch_normalization (BatchNormalization)", "batch_normalization_1 (BatchNormalization)",
		"Total params: 18\n", "Trainable params: 6\n", "Non-trainable params: 12\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	m.Init(1)
	var names []string
	for _, w := range m.Weights() {
		names = append(names, w.Name)
		want := float32(0)
		if w.Name == "gamma" || w.Name == "moving_variance" {
			want = 1
		}
		for _, v := range w.Data {
			if v != want {
				t.Fatalf("%s/%s initialised to %v, want %v", w.Layer, w.Name, v, want)
			}
		}
		if w.Trainable != (w.Name == "gamma" || w.Name == "beta") {
			t.Errorf("%s trainable %v", w.Name, w.Trainable)
		}
	}
	if got := strings.Join(names, " "); got != "gamma beta moving_mean moving_variance moving_mean moving_variance" {
		t.Errorf("weights %s", got)
	}
}

func TestBatchNormalizationErrors(t *testing.T) {
	for _, c := range []struct {
		in          []int
		config, msg string
	}{
		{[]int{4, 4, 3}, `{"axis": 1}`, "layer: axis 1: only the channels axis, the last (-1 or 3), can be normalised"},
		{[]int{4, 4, 3}, `{"momentum": 1.5}`, "layer: momentum must be in [0, 1], got 1.5"},
		{[]int{4, 4, 3}, `{"epsilon": 0}`, "layer: epsilon must be positive, got 0"},
	} {
		_, err := NewSequential(c.in, specLayer(t, "BatchNormalization", c.config))
		if !errors.Is(err, ErrConfig) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %q", c.config, err, c.msg)
		}
	}
	// After a Dense layer, Keras's channels axis is 1.
	if _, err := NewSequential([]int{2, 2, 1}, NewFlatten("f"), specLayer(t, "BatchNormalization", `{"axis": 1}`)); err != nil {
		t.Error(err)
	}
}
