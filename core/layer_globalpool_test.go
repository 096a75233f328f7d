package core

import (
	"errors"
	"testing"
)

func TestGlobalPoolingMatchesReference(t *testing.T) {
	const n = 3
	x := randTensor(1, n, 5, 4, 3)
	for _, c := range []struct {
		class string
		mode  PoolMode
	}{{"GlobalAveragePooling2D", AvgPool}, {"GlobalMaxPooling2D", MaxPool}} {
		for _, keep := range []bool{false, true} {
			config := `{"keepdims": false}`
			want := []int{3}
			if keep {
				config, want = `{"keepdims": true}`, []int{1, 1, 3}
			}
			l := specLayer(t, c.class, config)
			run := newLayerRun(t, l, []int{5, 4, 3}, n, false)
			if !equalInts(l.OutputShape(), want) {
				t.Errorf("%s %s: shape %v", c.class, config, l.OutputShape())
			}
			var ref []float64
			for s := range n {
				r, _, _ := refPool2D(Tensor{Data: x.Data[s*60 : (s+1)*60], Shape: []int{5, 4, 3}}, c.mode, [2]int{5, 4}, [2]int{5, 4}, Valid)
				ref = append(ref, r...)
			}
			assertClose(t, c.class, run.forward(x.Data), ref, 1e-6, 1e-6)
		}
	}
	if _, err := NewSequential([]int{2, 2, 1}, NewFlatten("f"), specLayer(t, "GlobalMaxPooling2D", `{}`)); !errors.Is(err, ErrShape) ||
		err.Error() != "layer: GlobalMaxPooling2D needs a [height, width, channels] input, got (4,)" {
		t.Errorf("got %v", err)
	}
}
