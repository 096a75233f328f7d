//go:build !(goexperiment.simd && wasm)

package kernel

// Without SIMD a window is pooled cell by cell along the channels, the
// tight loop of one max (min) per float, and the indices, when asked for,
// found in a second pass like the reference's: the reference's order,
// channel by channel, walks memory C floats apart and took twice as long
// natively.

func maxArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	poolWindow(dst, arg, src, w, foldMax)
}

func minArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	poolWindow(dst, arg, src, w, foldMin)
}

func maxWindows(dst, src []float32, w Window, n, step int) {
	foldWindows(dst, src, w, n, step, foldMax)
}

func minWindows(dst, src []float32, w Window, n, step int) {
	foldWindows(dst, src, w, n, step, foldMin)
}

// foldWindows is foldWindow of each of n windows step floats apart.
func foldWindows(dst, src []float32, w Window, n, step int, fold func(d, s []float32)) {
	c := len(dst) / n
	for i := range n {
		foldWindow(dst[i*c:(i+1)*c], src, w, fold)
		w.First += step
	}
}

func foldMax(d, s []float32) {
	for i, v := range s {
		d[i] = max(d[i], v)
	}
}

func foldMin(d, s []float32) {
	for i, v := range s {
		d[i] = min(d[i], v)
	}
}

func poolWindow(dst []float32, arg []int32, src []float32, w Window, fold func(d, s []float32)) {
	foldWindow(dst, src, w, fold)
	if arg != nil {
		argOf(dst, arg, src, w)
	}
}

// foldWindow sets dst to the first cell and folds every other cell into
// it, in row-major order.
func foldWindow(dst, src []float32, w Window, fold func(d, s []float32)) {
	c := len(dst)
	copy(dst, src[w.First:w.First+c])
	for r := range w.Rows {
		for j := range w.Cols {
			if at := w.First + r*w.Stride + j*c; at != w.First {
				fold(dst, src[at:at+c])
			}
		}
	}
}

// argOf writes into arg the first cell equal to the pooled value out, or
// the first cell when none is (NaN): the cells are visited last to first,
// each overwriting the index where it holds the value, a loop with no
// branch to mispredict. For ±0 any zero cell equals the result, as the
// reference's strict comparisons pick the first zero.
func argOf(out []float32, arg []int32, src []float32, w Window) {
	c := len(out)
	arg = arg[:c]
	for ch := range arg {
		arg[ch] = int32(w.First + ch)
	}
	for r := w.Rows - 1; r >= 0; r-- {
		for j := w.Cols - 1; j >= 0; j-- {
			at := w.First + r*w.Stride + j*c
			cell := src[at : at+c]
			for ch, v := range cell {
				x := arg[ch]
				if v == out[ch] {
					x = int32(at + ch)
				}
				arg[ch] = x
			}
		}
	}
}
