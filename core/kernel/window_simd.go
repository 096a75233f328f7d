//go:build goexperiment.simd && wasm

package kernel

import "simd/archsimd"

func maxArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	if len(dst) < 4 {
		argWindowRef(dst, arg, src, w, true)
		return
	}
	argWindow(dst, arg, src, w, true)
}

func minArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	if len(dst) < 4 {
		argWindowRef(dst, arg, src, w, false)
		return
	}
	argWindow(dst, arg, src, w, false)
}

// argWindow runs four channels at a time, for the maximum or the minimum:
// a flag, since a function value too large to inline would be a call per
// cell. With C not a multiple of 4 the
// last group overlaps the one before, which computes the same values
// again instead of a scalar tail (len(dst) ≥ 4).
func argWindow(dst []float32, arg []int32, src []float32, w Window, isMax bool) {
	if arg == nil {
		extremeWindows(dst, src, w, 1, 0, isMax)
		return
	}
	c := len(dst)
	lane := archsimd.LoadInt32x4Array(&[4]int32{0, 1, 2, 3})
	for ch := 0; ch < c; ch += 4 {
		g := min(ch, c-4)
		first := w.First + g
		best := archsimd.LoadFloat32x4Array((*[4]float32)(src[first : first+4]))
		firstIdx := archsimd.BroadcastInt32x4(int32(first)).Add(lane)
		idx := firstIdx
		if w.Rows == 2 && w.Cols == 2 {
			// The common 2×2 window, unrolled: in Go's wasm every turn
			// of a loop is a jump through the function's dispatch table.
			r0, r1 := first, first+w.Stride
			best, idx = argCell(src, r0, lane, best, idx, isMax)
			best, idx = argCell(src, r0+c, lane, best, idx, isMax)
			best, idx = argCell(src, r1, lane, best, idx, isMax)
			best, idx = argCell(src, r1+c, lane, best, idx, isMax)
		} else {
			for r := range w.Rows {
				row := first + r*w.Stride
				for j := range w.Cols {
					best, idx = argCell(src, row+j*c, lane, best, idx, isMax)
				}
			}
		}
		idx = firstIdx.IfElse(best.NotEqual(best), idx)
		best.StoreArray((*[4]float32)(dst[g : g+4]))
		if arg != nil {
			idx.StoreArray((*[4]int32)(arg[g : g+4]))
		}
	}
}

// argCell folds the four channels at src[i:] into best and, where they
// beat it, their indices into idx.
func argCell(src []float32, i int, lane archsimd.Int32x4, best archsimd.Float32x4, idx archsimd.Int32x4, isMax bool) (archsimd.Float32x4, archsimd.Int32x4) {
	v := archsimd.LoadFloat32x4Array((*[4]float32)(src[i : i+4]))
	var beat archsimd.Mask32x4
	if isMax {
		best, beat = best.Max(v), v.Greater(best)
	} else {
		best, beat = best.Min(v), v.Less(best)
	}
	return best, archsimd.BroadcastInt32x4(int32(i)).Add(lane).IfElse(beat, idx)
}

func maxWindows(dst, src []float32, w Window, n, step int) { windows(dst, src, w, n, step, true) }

func minWindows(dst, src []float32, w Window, n, step int) { windows(dst, src, w, n, step, false) }

// windows runs extremeWindows, or the reference per window for fewer than
// 4 channels.
func windows(dst, src []float32, w Window, n, step int, isMax bool) {
	c := len(dst) / n
	if c >= 4 {
		extremeWindows(dst, src, w, n, step, isMax)
		return
	}
	for i := range n {
		argWindowRef(dst[i*c:(i+1)*c], nil, src, w, isMax)
		w.First += step
	}
}

// extremeWindows is argWindow without the indices, for inference, over n
// windows step floats apart (c = len(dst)/n ≥ 4 channels each): the same
// maxima or minima (the indices never feed back into them), at about half
// the work per cell, and no call per window.
func extremeWindows(dst, src []float32, w Window, n, step int, isMax bool) {
	c := len(dst) / n
	for i := range n {
		out := dst[i*c : (i+1)*c]
		for ch := 0; ch < c; ch += 4 {
			g := min(ch, c-4)
			first := w.First + i*step + g
			best := archsimd.LoadFloat32x4Array((*[4]float32)(src[first : first+4]))
			if w.Rows == 2 && w.Cols == 2 {
				r0, r1 := first, first+w.Stride
				best = extremeCell(src, r0+c, best, isMax)
				best = extremeCell(src, r1, best, isMax)
				best = extremeCell(src, r1+c, best, isMax)
			} else {
				for r := range w.Rows {
					row := first + r*w.Stride
					for j := range w.Cols {
						if r+j > 0 {
							best = extremeCell(src, row+j*c, best, isMax)
						}
					}
				}
			}
			best.StoreArray((*[4]float32)(out[g : g+4]))
		}
	}
}

// extremeCell folds the four channels at src[i:] into best.
func extremeCell(src []float32, i int, best archsimd.Float32x4, isMax bool) archsimd.Float32x4 {
	v := archsimd.LoadFloat32x4Array((*[4]float32)(src[i : i+4]))
	if isMax {
		return best.Max(v)
	}
	return best.Min(v)
}
