//go:build !(goexperiment.simd && wasm)

package kernel

// Without SIMD the element-wise kernels are the reference loops: each is
// one load, one operation and one store per element, which the compiler
// already turns into the tightest scalar loop.

func scale(alpha float32, x []float32)                 { scaleRef(alpha, x) }
func add(dst, src []float32)                           { addRef(dst, src) }
func relu(x []float32)                                 { reluRef(x) }
func reluBackward(y, dy []float32)                     { reluBackwardRef(y, dy) }
func leakyRelu(slope float32, x []float32)             { leakyReluRef(slope, x) }
func leakyReluBackward(slope float32, y, dy []float32) { leakyReluBackwardRef(slope, y, dy) }
