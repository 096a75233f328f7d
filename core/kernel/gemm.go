package kernel

// Gemm computes C += op(A)·op(B) for row-major matrices: op(A) is m×k,
// op(B) is k×n and C is m×n. tA says that A is stored transposed (k×m),
// tB that B is (n×k); lda, ldb and ldc are the row strides, at least the
// stored row lengths. Each element of C adds its k products in the order
// l = 0, 1, ..., k−1 (see "Results" in doc.go). Both operands transposed is
// a form nothing needs, and panics, as do sizes that do not fit the slices.
func Gemm(tA, tB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if tA && tB {
		panic("kernel: Gemm with both operands transposed is not supported")
	}
	checkMatrix("Gemm", "A", tA, m, k, a, lda)
	checkMatrix("Gemm", "B", tB, k, n, b, ldb)
	checkMatrix("Gemm", "C", false, m, n, c, ldc)
	if m == 0 || n == 0 || k == 0 {
		return
	}
	if tB {
		// Transposing B costs k·n copies against m·n·k multiply-adds and
		// gives the NT form NN's kernel and NN's order of summation.
		bt := getScratch(k * n)
		defer putScratch(bt)
		Transpose(n, k, b, ldb, *bt, n)
		b, ldb = *bt, n
	}
	gemm(tA, m, n, k, a, lda, b, ldb, c, ldc)
}
