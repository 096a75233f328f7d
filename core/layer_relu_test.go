package core

import (
	"errors"
	"testing"
)

func TestReLULayer(t *testing.T) {
	for _, c := range []struct {
		config string
		want   []float32
	}{
		{`{}`, []float32{0, 0, 0, 0.5, 5, 10}},
		// The example of Keras's ReLU docstring.
		{`{"max_value": 10, "negative_slope": 0.5}`, []float32{-5, -2.5, 0, 0.5, 5, 10}},
		{`{"max_value": 6}`, []float32{0, 0, 0, 0.5, 5, 6}},
		// A threshold: x up to it gives negative_slope·(x − threshold).
		{`{"threshold": 1, "negative_slope": 0.1}`, []float32{-1.1, -0.6, -0.1, -0.05, 5, 10}},
		{`{"max_value": null}`, []float32{0, 0, 0, 0.5, 5, 10}},
	} {
		run := newLayerRun(t, specLayer(t, "ReLU", c.config), []int{6}, 1, false)
		assertClose(t, c.config, run.forward([]float32{-10, -5, 0, 0.5, 5, 10}), toFloat64(c.want), 1e-6, 1e-6)
	}
	for _, c := range []struct{ config, msg string }{
		{`{"max_value": -1}`, "layer: max_value must be at least 0 (or null for none), got -1"},
		{`{"negative_slope": -0.1}`, "layer: negative_slope must be at least 0, got -0.1"},
		{`{"threshold": -1}`, "layer: threshold must be at least 0, got -1"},
	} {
		if _, err := NewSequential([]int{2, 2, 1}, specLayer(t, "ReLU", c.config)); !errors.Is(err, ErrConfig) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %q", c.config, err, c.msg)
		}
	}
}

func toFloat64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
