//go:build (!js && !svertka_purego) || svertka_gonum

package core

import "gonum.org/v1/gonum/blas/gonum"

// Native kernels: gonum's level-1 BLAS, which is SSE assembly on amd64
// (and plain Go on other architectures). Measured against kernels_go.go in
// doc.go: about 3× faster natively, but 4× slower on js/wasm, where gonum
// has no assembly.

var blasImpl gonum.Implementation

// shortVector is the length below which a plain Go loop beats the call
// into gonum's argument checks and assembly.
const shortVector = 16

// axpy computes y += alpha*x; len(y) must be at least len(x).
func axpy(alpha float32, x, y []float32) {
	if len(x) < shortVector {
		axpyRef(alpha, x, y)
		return
	}
	blasImpl.Saxpy(len(x), alpha, x, 1, y, 1)
}

// dot returns x·y; len(y) must be at least len(x).
func dot(x, y []float32) float32 {
	if len(x) < shortVector {
		return dotRef(x, y)
	}
	return blasImpl.Sdot(len(x), x, 1, y, 1)
}
