// Package kernel holds the float32 loops Svertka's engine spends its time
// in: a matrix product (Gemm), the level-1 kernels Axpy and Dot, and
// element-wise kernels for pooling, biases and activations. It is a leaf:
// it imports nothing of the project, and the engine's gemm, axpy and dot
// map onto Gemm, Axpy and Dot one to one.
//
// A minimal complete program:
//
//	package main
//
//	import (
//		"fmt"
//
//		"github.com/svertka/svertka/core/kernel"
//	)
//
//	func main() {
//		// C (2×2) += A (2×3) · B (3×2), all row-major.
//		a := []float32{1, 2, 3, 4, 5, 6}
//		b := []float32{1, 0, 0, 1, 1, 1}
//		c := make([]float32, 4)
//		kernel.Gemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2)
//		kernel.Relu(c)
//		fmt.Println(c) // [4 5 10 11]
//	}
//
// # Model and conventions
//
// Every kernel works in place on flat []float32 that the caller owns: it
// reads and writes them during the call and keeps nothing. Matrices are
// row-major with an explicit row stride (lda, ldb, ldc), at least the
// stored row length, so that a kernel can work on a block of a larger
// matrix. The level-1 and element-wise kernels take the length of x (or
// src) and need the other slice to be at least that long. Wrong sizes are
// a bug in the caller and panic with a message that names the numbers
// ("kernel: Gemm: A (3×4, stride 4) needs 12 floats, got 11"), as gonum's
// BLAS does; nothing else panics. The kernels allocate nothing, except
// that Gemm's NT form takes a k×n buffer from a sync.Pool, and are safe
// for concurrent use.
//
// # Layouts
//
// Gemm computes C += op(A)·op(B) in the three forms the engine uses, by
// the flags tA and tB:
//
//   - NN: A is m×k, B is k×n. A dense layer's forward pass, [batch, in] ·
//     [in, units], and the input gradient of a convolution, dOut[P, F] ·
//     kernelᵀ[F, K].
//   - TN: A is stored k×m. A convolution's forward pass after im2col,
//     outᵀ[F, P] = kernelᵀ[F, K]·cols[K, P] with the HWIO kernel viewed
//     as [K, F], and every weight gradient, inputᵀ·dOut.
//   - NT: B is stored n×k. A dense layer's input gradient, dOut · Wᵀ.
//
// TT is never needed and panics. Activations are channels-last (NHWC), so
// a pooling window's cells are C-long vectors: max and min pooling take
// a whole window per call (MaxArgWindow, MinArgWindow, which also find the
// cell each output came from) or, in inference, a row's windows per call
// (MaxWindows, MinWindows), average pooling Add then Scale. AddBias adds a bias to every row of a [P, F] or
// [batch, units] output.
//
// # Results
//
// ref.go holds the reference: the simplest loops, which define the
// results. Gemm adds, for each element of C, the k products in the order
// l = 0, 1, ..., k−1 to the element's old value, each product rounded to
// float32 before it is added; Axpy computes y + alpha·x the same way.
// Dot sums in four lanes, as one 4-wide vector does: lane r takes the
// products i ≡ r (mod 4) of the first len(x)/4·4 elements in order, lane
// 0 then takes the rest, and the result is (s0 + s1) + (s2 + s3).
//
// Every build follows that order exactly. WebAssembly has no fused
// multiply-add, the SIMD code does one Mul and one Add per product, and
// the Go loops convert each product to float32, which forbids the compiler
// to fuse it. The guarantee, which the tests check element by element on
// every build:
//
//   - Gemm, Axpy: for finite inputs, exactly the reference's values, as
//     compared with ==. Only the sign of a zero may differ: Gemm's axpy
//     loops and strips skip zero multipliers (c + 0·b is c, except that
//     −0 + 0 is +0), and so does gonum's Saxpy for alpha = 0.
//   - Scale, Add, MaxArgWindow, MinArgWindow, MaxWindows, MinWindows, AddBias, Relu, ReluBackward,
//     LeakyRelu, LeakyReluBackward, Transpose: bit for bit the reference's
//     result (and MaxArgWindow's and MinArgWindow's indices) for
//     every input, NaN, infinities and signed zeros included (wasm's
//     f32x4.max and f32x4.min treat NaN and ±0 as Go's max and min do; a
//     NaN's payload is not specified).
//   - Dot: exactly the reference's value on js/wasm, with or without SIMD,
//     and with the svertka_purego tag. Natively gonum's Sdot sums in an
//     order that depends on the alignment of x, so there Dot is within
//     2·n·ε·Σ|x_i·y_i| (ε = 2⁻²³) of the reference.
//
// # Builds
//
// Three implementations sit behind the same functions, chosen by build
// constraints:
//
//   - GOOS=js GOARCH=wasm with GOEXPERIMENT=simd (files *_simd.go): the
//     128-bit WebAssembly SIMD of simd/archsimd. Gemm runs a 4×8 register
//     tile (eight Float32x4 accumulators, four rows of A broadcast against
//     two vectors of a row of B) over A packed in blocks of 64 rows and 256
//     products; it reads both operands by pointer after one bounds check
//     of B's last row (a slice per step cost as much as the arithmetic)
//     and broadcasts one row of A at a time, so that the accumulators,
//     two vectors of B and the broadcast fit Go's sixteen wasm vector
//     registers. The tile multiplies every element; when more than two
//     thirds of A are zeros, or A has fewer than 4 rows, Gemm instead
//     gathers each row's nonzero multipliers and sweeps the row of C in
//     strips of 16 and 4 columns held in registers (gemmStrips). The other kernels run four lanes at a time and finish with the
//     reference loop.
//   - Natively (files *_generic.go, blas_gonum.go): Gemm as axpy loops
//     along the rows of B and C that skip zero multipliers, Axpy and Dot
//     by gonum's level-1 BLAS (SSE assembly on amd64), the element-wise
//     kernels as the reference loops.
//   - GOOS=js without the experiment, or with the svertka_purego tag
//     (blas_go.go instead of blas_gonum.go): Axpy and Dot as Go loops
//     unrolled by 8 and 4, which on wasm are about 4× faster than gonum's
//     generic code. svertka_gonum forces gonum's instead. Both tags only
//     choose among the generic kernels; a SIMD build ignores them.
//
// The NT form transposes B into its buffer and runs NN, so all three forms
// share one kernel and one order of summation.
//
// # Speed
//
// make bench runs every benchmark natively and in Chromium, without and
// with SIMD, and compares them with benchstat. BenchmarkGemmSeed times the
// seed network's products: conv1 and conv2 forward (TN, [F, K]·[K, P]),
// the dense layer forward (NN, [batch, 1920]·[1920, 10]), conv2's input
// gradient (NN, [P, 30]·[30, 250], A three quarters zeros) and the dense
// layer's (NT). Measured on the 2-core development machine (Go 1.27.3,
// Chromium 156) while it ran other jobs at a load of 15 to 35, so each
// figure is the best of 15 runs, and runs differed by up to 2×. GFLOP/s
// count 2·m·n·k, zeros included:
//
//	                                        plain wasm   SIMD wasm   SIMD/plain   native (gonum)
//	conv1 forward, P = 1,024 (batch 1)      0.88         1.78        2.0×         5.2
//	conv2 forward, P = 256                  0.65         2.86        4.4×         2.7
//	conv2 forward, P = 8,192 (batch 32)     0.71         2.17        3.1×         3.7
//	dense forward, batch 32                 0.20         0.54        2.7×         0.37
//	dense forward, batch 1                  0.20         0.21        1.0×         0.30
//	conv2 input gradient, batch 32          3.15         1.87        0.6×         10.3
//	dense input gradient, batch 32          0.72         1.30        1.8×         3.9
//
// The tile pays where k is long and A has rows to spare: conv2's forward
// pass, the bulk of the seed network's work, runs 3 to 4× faster. conv1
// (k = 25, 10 filters) and the dense layer at batch 1 (one row) gain
// little: the tile's fixed cost per call and its empty rows weigh more
// there, and one row takes the axpy loops anyway. The gradients, mostly
// zeros, take the axpy loops natively and without SIMD; their SIMD
// figures above predate gemmStrips, which keeps strips of C in registers
// instead of an axpy call per multiplier and, on the comparison model of
// scripts/bench (conv1 with K = 9), made a training step about a sixth
// faster.
// Element-wise, max and min gained the most (12 to 20×: Go's scalar max
// on wasm is a call into the runtime), Relu and its relatives 2 to 4×.
// Under node 20 (an older V8) the same SIMD code gains much less: 1.2 to
// 2× in CPU time. Natively nothing changes: gonum's SSE assembly.
package kernel
