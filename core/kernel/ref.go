package kernel

// The reference: the simplest loops, which define what every build must
// compute (see "Results" in doc.go). The tests compare each exported
// function with its reference element by element. Every product is
// converted to float32 before it is added, which forbids the compiler to
// fuse the two into one multiply-add (it may on arm64, say) and so fixes
// the rounding of each step.

// gemmRef is Gemm: C[i,j] += A[i,l]·B[l,j] for l = 0, 1, ..., k−1 in order.
func gemmRef(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			s := c[i*ldc+j]
			for l := range k {
				ia, ib := i*lda+l, l*ldb+j
				if tA {
					ia = l*lda + i
				}
				if tB {
					ib = j*ldb + l
				}
				s += float32(a[ia] * b[ib])
			}
			c[i*ldc+j] = s
		}
	}
}

func axpyRef(alpha float32, x, y []float32) {
	for i, v := range x {
		y[i] += float32(alpha * v)
	}
}

// dotRef sums in four lanes, as a 4-wide vector does: lane r takes the
// products i ≡ r (mod 4) of the first len(x)/4·4 elements in order, lane 0
// then the rest, and the lanes are added as (s0 + s1) + (s2 + s3).
func dotRef(x, y []float32) float32 {
	var s [4]float32
	body := len(x) / 4 * 4
	for i := range body {
		s[i%4] += float32(x[i] * y[i])
	}
	for i := body; i < len(x); i++ {
		s[0] += float32(x[i] * y[i])
	}
	return (s[0] + s[1]) + (s[2] + s[3])
}

func scaleRef(alpha float32, x []float32) {
	for i := range x {
		x[i] *= alpha
	}
}

func addRef(dst, src []float32) {
	for i, v := range src {
		dst[i] += v
	}
}

// argWindowRef is MaxArgWindow (isMax) and MinArgWindow: each channel
// folds the window's cells in row-major order from the first with Go's
// max (min), its index moving only to a cell that beats the running value
// strictly, and back to the first cell when the result is NaN.
func argWindowRef(dst []float32, arg []int32, src []float32, w Window, isMax bool) {
	c := len(dst)
	for ch := range dst {
		first := w.First + ch
		best, at := src[first], first
		for r := range w.Rows {
			for j := range w.Cols {
				i := w.First + r*w.Stride + j*c + ch
				v := src[i]
				if isMax {
					if v > best {
						at = i
					}
					best = max(best, v)
				} else {
					if v < best {
						at = i
					}
					best = min(best, v)
				}
			}
		}
		if best != best {
			at = first
		}
		dst[ch] = best
		if arg != nil {
			arg[ch] = int32(at)
		}
	}
}

func addBiasRef(dst, bias []float32) {
	for i := range dst {
		dst[i] += bias[i%len(bias)]
	}
}

func reluRef(x []float32) {
	for i, v := range x {
		if v < 0 {
			x[i] = 0
		}
	}
}

func reluBackwardRef(y, dy []float32) {
	for i, v := range y {
		if v <= 0 {
			dy[i] = 0
		}
	}
}

func leakyReluRef(slope float32, x []float32) {
	for i, v := range x {
		if v < 0 {
			x[i] = slope * v
		}
	}
}

func leakyReluBackwardRef(slope float32, y, dy []float32) {
	for i, v := range y {
		if v <= 0 {
			dy[i] *= slope
		}
	}
}

func transposeRef(m, n int, a []float32, lda int, b []float32, ldb int) {
	for i := range m {
		for j := range n {
			b[j*ldb+i] = a[i*lda+j]
		}
	}
}
