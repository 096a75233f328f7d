package kernel

import "fmt"

// The level-1 kernels work on the first len(x) (or len(src)) elements; the
// other slice must be at least that long, and its elements past that stay
// as they are.

// Axpy computes y += alpha·x.
func Axpy(alpha float32, x, y []float32) {
	checkLen("Axpy", y, x)
	axpy(alpha, x, y[:len(x)])
}

// Dot returns x·y, summed in the reference's four lanes (see doc.go).
func Dot(x, y []float32) float32 {
	checkLen("Dot", y, x)
	return dot(x, y[:len(x)])
}

// Scale computes x *= alpha.
func Scale(alpha float32, x []float32) { scale(alpha, x) }

// Add computes dst += src.
func Add(dst, src []float32) {
	checkLen("Add", dst, src)
	add(dst[:len(src)], src)
}

// AddBias adds bias to every row of dst, a matrix of len(dst)/len(bias)
// rows of len(bias): the bias of a dense or channels-last convolution
// layer over its outputs. len(dst) must be a multiple of len(bias).
func AddBias(dst, bias []float32) {
	if len(bias) == 0 && len(dst) == 0 {
		return
	}
	if len(bias) == 0 || len(dst)%len(bias) != 0 {
		panic(fmt.Sprintf("kernel: AddBias: %d floats are not rows of %d", len(dst), len(bias)))
	}
	for r := 0; r < len(dst); r += len(bias) {
		add(dst[r:r+len(bias)], bias)
	}
}
