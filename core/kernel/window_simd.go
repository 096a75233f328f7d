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
	c := len(dst)
	lane := archsimd.LoadInt32x4Array(&[4]int32{0, 1, 2, 3})
	for ch := 0; ch < c; ch += 4 {
		g := min(ch, c-4)
		first := w.First + g
		best := archsimd.LoadFloat32x4Array((*[4]float32)(src[first : first+4]))
		firstIdx := archsimd.BroadcastInt32x4(int32(first)).Add(lane)
		idx := firstIdx
		for r := range w.Rows {
			row := w.First + r*w.Stride + g
			for j := range w.Cols {
				i := row + j*c
				v := archsimd.LoadFloat32x4Array((*[4]float32)(src[i : i+4]))
				var beat archsimd.Mask32x4
				if isMax {
					best, beat = best.Max(v), v.Greater(best)
				} else {
					best, beat = best.Min(v), v.Less(best)
				}
				idx = archsimd.BroadcastInt32x4(int32(i)).Add(lane).IfElse(beat, idx)
			}
		}
		idx = firstIdx.IfElse(best.NotEqual(best), idx)
		best.StoreArray((*[4]float32)(dst[g : g+4]))
		if arg != nil {
			idx.StoreArray((*[4]int32)(arg[g : g+4]))
		}
	}
}
