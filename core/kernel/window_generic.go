//go:build !(goexperiment.simd && wasm)

package kernel

func maxArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	maxArgWindowRef(dst, arg, src, w)
}

func minArgWindow(dst []float32, arg []int32, src []float32, w Window) {
	minArgWindowRef(dst, arg, src, w)
}
