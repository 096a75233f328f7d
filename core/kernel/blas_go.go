//go:build !(goexperiment.simd && wasm) && (js || svertka_purego) && !svertka_gonum

package kernel

// Plain Go unrolled with re-sliced windows, so that the compiler drops the
// bounds checks: on js/wasm without SIMD about 4× faster than gonum's
// generic loops.

func axpy(alpha float32, x, y []float32) {
	y = y[:len(x)]
	i := 0
	for ; i+8 <= len(x); i += 8 {
		xs := x[i : i+8 : i+8]
		ys := y[i : i+8 : i+8]
		ys[0] += float32(alpha * xs[0])
		ys[1] += float32(alpha * xs[1])
		ys[2] += float32(alpha * xs[2])
		ys[3] += float32(alpha * xs[3])
		ys[4] += float32(alpha * xs[4])
		ys[5] += float32(alpha * xs[5])
		ys[6] += float32(alpha * xs[6])
		ys[7] += float32(alpha * xs[7])
	}
	axpyRef(alpha, x[i:], y[i:])
}

// dot keeps the reference's four lanes, which also breaks the dependency
// chain between iterations.
func dot(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		xs := x[i : i+4 : i+4]
		ys := y[i : i+4 : i+4]
		s0 += float32(xs[0] * ys[0])
		s1 += float32(xs[1] * ys[1])
		s2 += float32(xs[2] * ys[2])
		s3 += float32(xs[3] * ys[3])
	}
	for ; i < len(x); i++ {
		s0 += float32(x[i] * y[i])
	}
	return (s0 + s1) + (s2 + s3)
}
