package kernel

// transposeBlock is the side of the square blocks Transpose copies one at
// a time, so that both the rows it reads and the rows it writes stay in
// the cache.
const transposeBlock = 32

// Transpose writes B = Aᵀ: A is m×n with row stride lda, B is n×m with
// row stride ldb. A and B must not overlap.
func Transpose(m, n int, a []float32, lda int, b []float32, ldb int) {
	checkMatrix("Transpose", "A", false, m, n, a, lda)
	checkMatrix("Transpose", "B", true, m, n, b, ldb)
	for i0 := 0; i0 < m; i0 += transposeBlock {
		for j0 := 0; j0 < n; j0 += transposeBlock {
			for i := i0; i < min(i0+transposeBlock, m); i++ {
				row := a[i*lda : i*lda+n]
				for j := j0; j < min(j0+transposeBlock, n); j++ {
					b[j*ldb+i] = row[j]
				}
			}
		}
	}
}
