package core

import (
	"math"
	"testing"
)

func TestSoftmax(t *testing.T) {
	for _, c := range []struct {
		logits []float32
		want   []float64
	}{
		{[]float32{0, 0}, []float64{0.5, 0.5}},
		{[]float32{1, 2, 3}, []float64{0.09003057317038046, 0.24472847105479764, 0.6652409557748219}},
		{[]float32{1000, -1000}, []float64{1, 0}},
		{[]float32{-1000, -1000, -1000, -1000}, []float64{0.25, 0.25, 0.25, 0.25}},
		{[]float32{1000, 1000}, []float64{0.5, 0.5}},
		{[]float32{7}, []float64{1}},
	} {
		got := make([]float32, len(c.logits))
		Softmax(got, c.logits)
		assertClose(t, "softmax", got, c.want, 1e-6, 1e-7)
	}
	// In place.
	v := []float32{3, 1}
	Softmax(v, v)
	if math.Abs(float64(v[0])-0.8807970779778823) > 1e-6 {
		t.Errorf("in place: %v", v)
	}
}

func TestLogSumExpLarge(t *testing.T) {
	if got := logSumExp([]float32{1000, 1000}); math.Abs(got-(1000+math.Ln2)) > 1e-9 {
		t.Errorf("logSumExp = %v", got)
	}
}

func TestActivations(t *testing.T) {
	x := []float32{-2, -0.5, 0, 0.5, 3}
	for _, a := range []Activation{Linear, ReLU, LeakyReLU, Sigmoid, Tanh} {
		got := append([]float32(nil), x...)
		activate(a, got, len(got))
		want := make([]float64, len(x))
		for i, v := range x {
			want[i] = refActivation(a, float64(v))
		}
		assertClose(t, string(a), got, want, 1e-6, 1e-7)
	}
	// Softmax normalises each group along the last axis.
	x6 := []float32{-2, -0.5, 0, 0.5, 3, 1}
	got := append([]float32(nil), x6...)
	activate(SoftmaxActivation, got, 3)
	for g := 0; g < 6; g += 3 {
		sum := 0.0
		for _, v := range x6[g : g+3] {
			sum += math.Exp(float64(v))
		}
		for i := g; i < g+3; i++ {
			if want := math.Exp(float64(x6[i])) / sum; !closeTo(float64(got[i]), want, 1e-6, 1e-7) {
				t.Errorf("softmax value %d = %v, want %v", i, got[i], want)
			}
		}
	}
	// Sigmoid never overflows.
	big := []float32{-1000, 1000}
	activate(Sigmoid, big, 2)
	if big[0] != 0 || big[1] != 1 {
		t.Errorf("sigmoid(±1000) = %v", big)
	}
}

func BenchmarkSoftmax10(b *testing.B) {
	z, p := randSlice(1, 10), make([]float32, 10)
	for b.Loop() {
		Softmax(p, z)
	}
}
