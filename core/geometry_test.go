package core

import (
	"fmt"
	"testing"
)

func TestWindow(t *testing.T) {
	for _, c := range []struct {
		spec   LayerSpec
		in     []int
		height AxisSize
		width  string // the width's formula
	}{
		{spec("Conv2D", `{"filters": 2, "kernel_size": [4, 1], "padding": "same"}`), []int{5, 6, 1},
			AxisSize{In: 5, Kernel: 4, Stride: 1, Dilation: 1, PadBefore: 1, PadAfter: 2, Out: 5, Formula: "floor((5 + 3 − 4)/1) + 1 = 5"},
			"floor((6 + 0 − 1)/1) + 1 = 6"},
		{spec("Conv2D", `{"filters": 1, "kernel_size": 3, "dilation_rate": 2, "strides": 2, "padding": "same"}`), []int{7, 7, 1},
			AxisSize{In: 7, Kernel: 3, Stride: 2, Dilation: 2, PadBefore: 2, PadAfter: 2, Out: 4, Formula: "floor((7 + 4 − 2·(3 − 1) − 1)/2) + 1 = 4"},
			"floor((7 + 4 − 2·(3 − 1) − 1)/2) + 1 = 4"},
		// Pool strides default to the pool size.
		{spec("AveragePooling2D", `{"pool_size": [3, 2]}`), []int{7, 5, 4},
			AxisSize{In: 7, Kernel: 3, Stride: 3, Dilation: 1, Out: 2, Formula: "floor((7 + 0 − 3)/3) + 1 = 2"},
			"floor((5 + 0 − 2)/2) + 1 = 2"},
		{spec("ZeroPadding2D", `{"padding": [[2, 1], [0, 3]]}`), []int{28, 28, 1},
			AxisSize{In: 28, Kernel: 1, Stride: 1, Dilation: 1, PadBefore: 2, PadAfter: 1, Out: 31, Formula: "floor((28 + 3 − 1)/1) + 1 = 31"},
			"floor((28 + 3 − 1)/1) + 1 = 31"},
	} {
		l, err := NewLayer(c.spec, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.spec.ClassName, err)
		}
		h, w := l.(Windowed).Window()
		if h != c.height || w.Formula != c.width {
			t.Errorf("%s %s on %v: window %+v and width %q, want %+v and %q", c.spec.ClassName, c.spec.Config, c.in, h, w.Formula, c.height, c.width)
		}
		if out := l.OutputShape(); out[0] != h.Out || out[1] != w.Out {
			t.Errorf("%s: output shape %v, window out %d×%d", c.spec.ClassName, out, h.Out, w.Out)
		}
	}
	// Only layers with a window have one.
	for _, c := range []struct {
		spec LayerSpec
		in   []int
	}{
		{spec("Dense", `{"units": 2}`), []int{10240}}, // a flat input longer than MaxSide
		{flatten, []int{4, 4, 2}},
		{spec("GlobalMaxPooling2D", `{}`), []int{4, 4, 2}},
		{spec("BatchNormalization", `{}`), []int{4, 4, 2}},
	} {
		l, err := NewLayer(c.spec, c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.spec.ClassName, err)
		}
		if _, ok := l.(Windowed); ok {
			t.Errorf("%s has a window", c.spec.ClassName)
		}
	}
}

func TestNewLayerErrors(t *testing.T) {
	if _, err := NewLayer(spec("MaxPool2D", `{"pool_size": 5}`), []int{4, 4, 1}); err == nil || err.Error() != "output height floor((4 + 0 − 5)/5) + 1 = 0 ≤ 0" {
		t.Errorf("pool larger than its input: %v", err)
	}
	if _, err := NewLayer(spec("Conv2D", `{"filters": 1, "kernel_size": 3}`), []int{0, 4, 1}); err == nil {
		t.Error("an empty input shape was accepted")
	}
}

// A receptive field grows through the seed network's layers by each
// window's kernel and stride.
func ExampleWindowed() {
	m, _ := NewSeedNet()
	field, jump := 1, 1 // input cells one output cell sees, input cells between neighbours
	for _, l := range m.Layers() {
		if w, ok := l.(Windowed); ok {
			h, _ := w.Window()
			field += (h.Kernel - 1) * h.Dilation * jump
			jump *= h.Stride
			fmt.Printf("%s: %s, receptive field %d×%d\n", l.Name(), h.Formula, field, field)
		}
	}
	// Output:
	// conv1: floor((32 + 4 − 5)/1) + 1 = 32, receptive field 5×5
	// pool1: floor((32 + 0 − 2)/2) + 1 = 16, receptive field 6×6
	// conv2: floor((16 + 4 − 5)/1) + 1 = 16, receptive field 14×14
	// pool2: floor((16 + 0 − 2)/2) + 1 = 8, receptive field 16×16
}
