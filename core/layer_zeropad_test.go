package core

import (
	"errors"
	"testing"
)

func TestZeroPadding2D(t *testing.T) {
	// Two 2×2 samples of 1 channel, padded 1 row on top and 2 columns on
	// the right: 3×4 each.
	x := []float32{1, 2, 3, 4, 5, 6, 7, 8}
	l := specLayer(t, "ZeroPadding2D", `{"padding": [[1, 0], [0, 2]]}`)
	run := newLayerRun(t, l, []int{2, 2, 1}, 2, false)
	if !equalInts(l.OutputShape(), []int{3, 4, 1}) {
		t.Fatalf("shape %v", l.OutputShape())
	}
	assertExact(t, "padded", run.forward(x), []float32{
		0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0,
		0, 0, 0, 0, 5, 6, 0, 0, 7, 8, 0, 0,
	})
	// The forms Keras accepts.
	for config, want := range map[string]PaddingCells{
		`{}`:                            {{1, 1}, {1, 1}},
		`{"padding": 2}`:                {{2, 2}, {2, 2}},
		`{"padding": [1, 3]}`:           {{1, 1}, {3, 3}},
		`{"padding": [[0, 1], [2, 3]]}`: {{0, 1}, {2, 3}},
	} {
		if got := specLayer(t, "ZeroPadding2D", config).Config().(ZeroPadding2DConfig).Padding; got != want {
			t.Errorf("%s: %v, want %v", config, got, want)
		}
	}
	if _, err := NewModel(ModelSpec{InputShape: []int{2, 2, 1}, Layers: []LayerSpec{spec("ZeroPadding2D", `{"padding": [[1], [2]]}`)}}); !errors.Is(err, ErrConfig) ||
		err.Error() != `layer 0 (ZeroPadding2D) config: field "padding": padding must be n, [vertical, horizontal] or [[top, bottom], [left, right]], got [[1], [2]]` {
		t.Errorf("got %v", err)
	}
	if _, err := NewSequential([]int{2, 2, 1}, specLayer(t, "ZeroPadding2D", `{"padding": -1}`)); !errors.Is(err, ErrConfig) ||
		err.Error() != "layer: padding [[-1 -1] [-1 -1]] must be between 0 and 4096 cells on every side" {
		t.Errorf("got %v", err)
	}
}
