package core

import (
	"errors"
	"math"
	"testing"
)

func TestActivationLayerMatchesReference(t *testing.T) {
	x := randSlice(1, 2*2*3*4)
	for i := range x {
		x[i] *= 3
	}
	for _, act := range []Activation{Linear, ReLU, LeakyReLU, Sigmoid, Tanh, SoftmaxActivation} {
		run := newLayerRun(t, NewActivation("act", act), []int{2, 3, 4}, 2, false)
		want := make([]float64, len(x))
		for g := 0; g < len(x); g += 4 {
			sum := 0.0
			for _, v := range x[g : g+4] {
				sum += math.Exp(float64(v))
			}
			for i := g; i < g+4; i++ {
				if act == SoftmaxActivation {
					want[i] = math.Exp(float64(x[i])) / sum // along the last axis
				} else {
					want[i] = refActivation(act, float64(x[i]))
				}
			}
		}
		assertClose(t, string(act), run.forward(x), want, 1e-6, 1e-7)
	}
	if _, err := NewSequential([]int{2, 2, 1}, NewActivation("a", "swish")); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown activation: %v", err)
	}
}

// A model may end in a Softmax layer, Activation('softmax') or a Dense
// layer with activation softmax: training fuses the gradient with the loss
// in all three, so one step from the same weights gives the same model.
func TestSoftmaxEndingsTrainAlike(t *testing.T) {
	x, y := stripes(12, 3)
	build := func(layers ...LayerSpec) *Model {
		m, err := NewModel(ModelSpec{InputShape: []int{8, 8, 1}, Layers: append([]LayerSpec{
			spec("Conv2D", `{"name": "conv", "filters": 2, "kernel_size": 3, "activation": "relu"}`), flatten}, layers...)})
		if err != nil {
			t.Fatal(err)
		}
		m.Init(4)
		return m
	}
	models := []*Model{
		build(spec("Dense", `{"name": "dense", "units": 2}`), spec("Softmax", `{}`)),
		build(spec("Dense", `{"name": "dense", "units": 2}`), spec("Activation", `{"activation": "softmax"}`)),
		build(spec("Dense", `{"name": "dense", "units": 2, "activation": "softmax"}`)),
	}
	var losses []float32
	for _, m := range models {
		tr := NewTrainer(m, NewSGD(0.5, 0), 1)
		for range 3 {
			loss, _, err := tr.TrainBatch(x, y)
			if err != nil {
				t.Fatal(err)
			}
			losses = append(losses, loss)
		}
	}
	for i, m := range models[1:] {
		for j, w := range m.Weights() {
			assertExact(t, "weights", w.Data, models[0].Weights()[j].Data)
		}
		for k := range 3 {
			if a, b := losses[k], losses[3*(i+1)+k]; !closeTo(float64(b), float64(a), 1e-5, 1e-6) {
				t.Errorf("model %d step %d: loss %v, Softmax layer %v", i+1, k, b, a)
			}
		}
	}
}

// Dense(activation='softmax') followed by more layers needs softmax's own
// backward pass (the Jacobian), not the fused one.
func TestSoftmaxActivationInsideGradients(t *testing.T) {
	m, err := NewModel(ModelSpec{InputShape: []int{3, 3, 1}, Layers: []LayerSpec{
		flatten,
		spec("Dense", `{"units": 4, "activation": "softmax"}`),
		spec("Dense", `{"units": 3}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkModelGradients(t, m, 4)
}
