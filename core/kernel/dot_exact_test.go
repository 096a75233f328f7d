//go:build (goexperiment.simd && wasm) || (!(goexperiment.simd && wasm) && (js || svertka_purego) && !svertka_gonum)

package kernel

// dotExact: this build's Dot sums in the reference's lanes (doc.go).
const dotExact = true
