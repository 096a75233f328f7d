//go:build !(goexperiment.simd && wasm)

package kernel

// gemm is Gemm's NN and TN forms as axpy loops along rows of B and C, so
// that axpy is the only code a platform needs to speed up. A zero
// multiplier skips its whole row, which pays off on the gradients ReLU and
// max pooling produce (three in four are zero).
func gemm(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if tA {
		// A is k×m: C[i,:] += A[l,i]·B[l,:]
		for l := range k {
			bl := b[l*ldb : l*ldb+n]
			for i, v := range a[l*lda : l*lda+m] {
				if v != 0 {
					axpy(v, bl, c[i*ldc:i*ldc+n])
				}
			}
		}
		return
	}
	// C[i,:] += A[i,l]·B[l,:]
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		for l, v := range a[i*lda : i*lda+k] {
			if v != 0 {
				axpy(v, b[l*ldb:l*ldb+n], ci)
			}
		}
	}
}
