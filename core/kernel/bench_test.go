package kernel

import (
	"fmt"
	"testing"
)

// gemmShape is one product of the seed network.
type gemmShape struct {
	name    string
	tA, tB  bool
	m, n, k int
	sparse  bool // A three quarters zeros, as a gradient after ReLU and max pooling
}

// seedShapes are the seed network's products for a batch: conv1 and conv2
// forward (outᵀ[F, P] = kernelᵀ[F, K]·cols[K, P]), dense forward, and
// conv2's input gradient (dcols[P, K] = dOut[P, F]·wT[F, K]) and dense's
// (dIn = dOut·Wᵀ), whose dOut is mostly zeros.
func seedShapes(batch int) []gemmShape {
	return []gemmShape{
		{"conv1", true, false, 10, 1024 * batch, 25, false},
		{"conv2", true, false, 30, 256 * batch, 250, false},
		{"dense", false, false, batch, 10, 1920, false},
		{"conv2-grad", false, false, 256 * batch, 250, 30, true},
		{"dense-grad", false, true, batch, 1920, 10, false},
	}
}

func BenchmarkGemmSeed(b *testing.B) {
	for _, batch := range []int{1, 32} {
		for _, s := range seedShapes(batch) {
			b.Run(fmt.Sprintf("%s/batch=%d", s.name, batch), func(b *testing.B) {
				lda, ldb := s.k, s.n
				if s.tA {
					lda = s.m
				}
				if s.tB {
					ldb = s.k
				}
				a, bb, c := values(1, s.m*s.k), values(2, s.k*s.n), make([]float32, s.m*s.n)
				if s.sparse {
					for i := range a {
						if i%4 != 0 {
							a[i] = 0
						}
					}
				}
				b.ReportAllocs()
				for b.Loop() {
					Gemm(s.tA, s.tB, s.m, s.n, s.k, a, lda, bb, ldb, c, s.n)
				}
				b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// benchLen is the length of the level-1 benchmarks: conv2's 256 positions
// times its 10 input channels, or 2,560 floats.
const benchLen = 2560

func benchVectors(b *testing.B, f func(x, y []float32)) {
	x, y := values(1, benchLen), values(2, benchLen)
	b.SetBytes(4 * benchLen)
	for b.Loop() {
		f(x, y)
	}
}

func BenchmarkAxpy(b *testing.B) {
	benchVectors(b, func(x, y []float32) { Axpy(1e-9, x, y) })
}

var dotSink float32

func BenchmarkDot(b *testing.B) {
	benchVectors(b, func(x, y []float32) { dotSink += Dot(x, y) })
}

func BenchmarkScale(b *testing.B) {
	benchVectors(b, func(_, y []float32) { Scale(1, y) })
}

func BenchmarkAdd(b *testing.B) { benchVectors(b, func(x, y []float32) { Add(y, x) }) }

// BenchmarkAddBias adds conv1's 10 biases to 256 positions' outputs.
func BenchmarkAddBias(b *testing.B) {
	benchVectors(b, func(x, y []float32) { AddBias(y, x[:10]) })
}

func BenchmarkRelu(b *testing.B) { benchVectors(b, func(_, y []float32) { Relu(y) }) }

func BenchmarkReluBackward(b *testing.B) {
	benchVectors(b, func(x, y []float32) { ReluBackward(x, y) })
}

func BenchmarkLeakyRelu(b *testing.B) {
	benchVectors(b, func(_, y []float32) { LeakyRelu(1, y) })
}

func BenchmarkLeakyReluBackward(b *testing.B) {
	benchVectors(b, func(x, y []float32) { LeakyReluBackward(1, x, y) })
}

// BenchmarkTranspose transposes the dense layer's [1920, 10] kernel.
func BenchmarkTranspose(b *testing.B) {
	a, t := values(1, 1920*10), make([]float32, 1920*10)
	b.SetBytes(4 * int64(len(a)))
	for b.Loop() {
		Transpose(1920, 10, a, 10, t, 1920)
	}
}
