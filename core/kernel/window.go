package kernel

import "fmt"

// Window is a pooling window over a channels-last input: Rows rows of Cols
// cells, each C floats (the channels), cell (r, j) starting at
// src[First + r·Stride + j·C].
type Window struct{ First, Cols, Rows, Stride int }

// MaxArgWindow sets dst (C channels) to the maximum of the window's cells,
// folded with Go's max (NaN wins, +0 beats −0) as Max over the cells would,
// and arg to the index in src of the first cell, in row-major order, that
// holds it: the cell TensorFlow's max pooling gradient takes on ties. A
// NaN maximum equals no cell; its index is the first cell's. One call per
// window keeps the running values and indices of four channels in
// registers across the cells. A nil arg asks for the maximum alone.
func MaxArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	checkWindow("MaxArgWindow", dst, arg, src, w)
	maxArgWindow(dst, arg, src, w)
}

// MinArgWindow is MaxArgWindow for the minimum, with Go's min.
func MinArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	checkWindow("MinArgWindow", dst, arg, src, w)
	minArgWindow(dst, arg, src, w)
}

// MaxWindows pools n windows of one shape, without indices: window i is w
// with First moved on by i·step, and its maxima go to dst[i·C:(i+1)·C],
// C = len(dst)/n. It gives what n MaxArgWindow calls with a nil arg give,
// in one call: the windows of a row of max pooling, where the calls
// themselves cost more than the maxima.
func MaxWindows(dst, src []float32, w Window, n, step int) {
	checkWindows("MaxWindows", dst, src, w, n, step)
	maxWindows(dst, src, w, n, step)
}

// MinWindows is MaxWindows for the minimum.
func MinWindows(dst, src []float32, w Window, n, step int) {
	checkWindows("MinWindows", dst, src, w, n, step)
	minWindows(dst, src, w, n, step)
}

func checkWindows(fn string, dst, src []float32, w Window, n, step int) {
	if n < 1 || len(dst)%n != 0 || step < 0 {
		panic(fmt.Sprintf("kernel: %s: %d windows of step %d into %d floats", fn, n, step, len(dst)))
	}
	c := len(dst) / n
	checkWindow(fn, dst[:c], nil, src, w)
	last := w
	last.First += (n - 1) * step
	checkWindow(fn, dst[:c], nil, src, last)
}

func checkWindow(fn string, dst []float32, arg []int32, src []float32, w Window) {
	c := len(dst)
	if arg != nil && len(arg) < c {
		panic(fmt.Sprintf("kernel: %s: %d indices for %d channels", fn, len(arg), c))
	}
	if w.First < 0 || w.Cols < 1 || w.Rows < 1 || w.Stride < w.Cols*c {
		panic(fmt.Sprintf("kernel: %s: window %+v of %d channels", fn, w, c))
	}
	if end := w.First + (w.Rows-1)*w.Stride + w.Cols*c; end > len(src) {
		panic(fmt.Sprintf("kernel: %s: window %+v of %d channels needs %d floats, got %d", fn, w, c, end, len(src)))
	}
}
