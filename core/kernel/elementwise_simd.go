//go:build goexperiment.simd && wasm

package kernel

import "simd/archsimd"

type vec = archsimd.Float32x4

// lanes runs op over the whole vectors of src and dst, dst[i:i+4] =
// op(dst[i:i+4], src[i:i+4]), and returns how many elements it did; the
// callers finish the rest with their reference loop. It is small enough to
// be inlined, and op with it, so each caller gets its own loop.
func lanes(dst, src []float32, op func(d, s vec) vec) int {
	n := len(src) &^ 3
	for i := 0; i < n; i += 4 {
		d := (*[4]float32)(dst[i : i+4])
		op(archsimd.LoadFloat32x4Array(d), archsimd.LoadFloat32x4Array((*[4]float32)(src[i:i+4]))).StoreArray(d)
	}
	return n
}

// axpy does eight floats per
// iteration: two vectors halve the loop's overhead, the jump through the
// function's dispatch table that every loop costs in Go's wasm.
func axpy(alpha float32, x, y []float32) {
	a := archsimd.BroadcastFloat32x4(alpha)
	n := len(x) &^ 7
	for i := 0; i < n; i += 8 {
		ys := (*[8]float32)(y[i : i+8])
		x0, x1 := load8((*[8]float32)(x[i : i+8]))
		y0, y1 := load8(ys)
		store8(ys, y0.Add(a.Mul(x0)), y1.Add(a.Mul(x1)))
	}
	axpyRef(alpha, x[n:], y[n:])
}

func scale(alpha float32, x []float32) {
	a := archsimd.BroadcastFloat32x4(alpha)
	n := lanes(x, x, func(x, _ vec) vec { return x.Mul(a) })
	scaleRef(alpha, x[n:])
}

func add(dst, src []float32) {
	n := lanes(dst, src, func(d, s vec) vec { return d.Add(s) })
	addRef(dst[n:], src[n:])
}

// The activations select with a comparison's mask instead of computing
// max(x, 0), so that NaN and −0 pass through as in the reference.

func relu(x []float32) {
	var zero vec
	n := lanes(x, x, func(x, _ vec) vec { return zero.IfElse(x.Less(zero), x) })
	reluRef(x[n:])
}

func reluBackward(y, dy []float32) {
	var zero vec
	n := lanes(dy, y, func(dy, y vec) vec { return zero.IfElse(y.LessEqual(zero), dy) })
	reluBackwardRef(y[n:], dy[n:])
}

func leakyRelu(slope float32, x []float32) {
	var zero vec
	s := archsimd.BroadcastFloat32x4(slope)
	n := lanes(x, x, func(x, _ vec) vec { return s.Mul(x).IfElse(x.Less(zero), x) })
	leakyReluRef(slope, x[n:])
}

func leakyReluBackward(slope float32, y, dy []float32) {
	var zero vec
	s := archsimd.BroadcastFloat32x4(slope)
	n := lanes(dy, y, func(dy, y vec) vec { return dy.Mul(s).IfElse(y.LessEqual(zero), dy) })
	leakyReluBackwardRef(slope, y[n:], dy[n:])
}

// dot keeps one running sum per lane, the reference's four lanes.
func dot(x, y []float32) float32 {
	var s vec
	n := len(x) &^ 3
	for i := 0; i < n; i += 4 {
		s = s.Add(archsimd.LoadFloat32x4Array((*[4]float32)(x[i : i+4])).Mul(archsimd.LoadFloat32x4Array((*[4]float32)(y[i : i+4]))))
	}
	s0 := s.GetElem(0)
	for i := n; i < len(x); i++ {
		s0 += float32(x[i] * y[i])
	}
	return (s0 + s.GetElem(1)) + (s.GetElem(2) + s.GetElem(3))
}
