//go:build !(goexperiment.simd && wasm) && ((!js && !svertka_purego) || svertka_gonum)

package kernel

import "gonum.org/v1/gonum/blas/gonum"

// Native builds use gonum's level-1 BLAS: SSE assembly on amd64, about 3×
// faster there than the Go loops of blas_go.go, but 4× slower on js/wasm,
// where gonum has no assembly.

var blasImpl gonum.Implementation

// shortVector is the length below which the reference loop beats the call
// through gonum's argument checks into its assembly.
const shortVector = 16

func axpy(alpha float32, x, y []float32) {
	if len(x) < shortVector {
		axpyRef(alpha, x, y)
		return
	}
	blasImpl.Saxpy(len(x), alpha, x, 1, y, 1)
}

func dot(x, y []float32) float32 {
	if len(x) < shortVector {
		return dotRef(x, y)
	}
	return blasImpl.Sdot(len(x), x, 1, y, 1)
}
