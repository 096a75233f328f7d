//go:build !(goexperiment.simd && wasm)

package kernel

// gemm is the product as axpy loops, so that axpy is the only code a
// platform needs to speed up.
func gemm(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	gemmAxpy(tA, m, n, k, a, lda, b, ldb, c, ldc)
}
