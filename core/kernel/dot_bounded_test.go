//go:build !(goexperiment.simd && wasm) && ((!js && !svertka_purego) || svertka_gonum)

package kernel

// dotExact: gonum's Sdot sums in an order that depends on alignment, so
// this build's Dot is only within the error bound of doc.go.
const dotExact = false
