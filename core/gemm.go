package core

// gemm computes C += op(A)·op(B) for row-major matrices, where op(A) is m×k
// and op(B) is k×n; tA and tB say whether A and B are stored transposed.
// lda, ldb and ldc are the row strides. Every form is written with the two
// inner kernels axpy and dot, so they are the only code a platform needs to
// speed up; the axpy forms skip zero multipliers, which pays off on the many
// zeros ReLU and max-pool gradients produce.
func gemm(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	switch {
	case !tA && !tB:
		// C[i,:] += A[i,l] * B[l,:]
		for i := range m {
			ci := c[i*ldc : i*ldc+n]
			for l, v := range a[i*lda : i*lda+k] {
				if v != 0 {
					axpy(v, b[l*ldb:l*ldb+n], ci)
				}
			}
		}
	case tA && !tB:
		// A is k×m: C[i,:] += A[l,i] * B[l,:]
		for l := range k {
			bl := b[l*ldb : l*ldb+n]
			for i, v := range a[l*lda : l*lda+m] {
				if v != 0 {
					axpy(v, bl, c[i*ldc:i*ldc+n])
				}
			}
		}
	case !tA && tB:
		// B is n×k: C[i,j] += A[i,:]·B[j,:]
		for i := range m {
			ai := a[i*lda : i*lda+k]
			ci := c[i*ldc : i*ldc+n]
			for j := range ci {
				ci[j] += dot(ai, b[j*ldb:j*ldb+k])
			}
		}
	default:
		panic("core: gemm with both operands transposed is not used")
	}
}
