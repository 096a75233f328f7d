package core

import (
	"fmt"
	"testing"
)

func TestKernelsMatchReference(t *testing.T) {
	for _, n := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 64, 250, 1025} {
		x, y := randSlice(uint64(n), n), randSlice(uint64(n+1), n)
		got, want := append([]float32(nil), y...), append([]float32(nil), y...)
		axpy(0.75, x, got)
		axpyRef(0.75, x, want)
		w64 := make([]float64, n)
		for i := range want {
			w64[i] = float64(want[i])
		}
		assertClose(t, fmt.Sprintf("axpy n=%d", n), got, w64, 1e-6, 1e-6)
		if d, r := dot(x, y), dotRef(x, y); !closeTo(float64(d), float64(r), 1e-5, 1e-5) {
			t.Errorf("dot n=%d: %v, reference %v", n, d, r)
		}
	}
}

// refMatMul computes op(A)·op(B) in float64.
func refMatMul(tA, tB bool, m, n, k int, a, b []float32) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			for l := range k {
				av := a[i*k+l]
				if tA {
					av = a[l*m+i]
				}
				bv := b[l*n+j]
				if tB {
					bv = b[j*k+l]
				}
				s += float64(av) * float64(bv)
			}
			c[i*n+j] = s
		}
	}
	return c
}

func TestGemm(t *testing.T) {
	for _, f := range [][2]bool{{false, false}, {true, false}, {false, true}} {
		for _, sz := range [][3]int{{1, 1, 1}, {3, 5, 7}, {30, 256, 250}, {17, 2, 40}} {
			m, n, k := sz[0], sz[1], sz[2]
			a := randSlice(1, m*k)
			b := randSlice(2, k*n)
			a[0] = 0 // exercise the zero skip
			c0 := randSlice(3, m*n)
			c := append([]float32(nil), c0...)
			lda, ldb := k, n
			if f[0] {
				lda = m
			}
			if f[1] {
				ldb = k
			}
			gemm(f[0], f[1], m, n, k, a, lda, b, ldb, c, n)
			want := refMatMul(f[0], f[1], m, n, k, a, b)
			for i := range want {
				want[i] += float64(c0[i])
			}
			assertClose(t, fmt.Sprintf("gemm %v %v", f, sz), c, want, 1e-4, 1e-4)
		}
	}
}

func BenchmarkAxpy256(b *testing.B) {
	x, y := randSlice(1, 256), randSlice(2, 256)
	for b.Loop() {
		axpy(0.5, x, y)
	}
}

func BenchmarkAxpyRef256(b *testing.B) {
	x, y := randSlice(1, 256), randSlice(2, 256)
	for b.Loop() {
		axpyRef(0.5, x, y)
	}
}

var dotSink float32

func BenchmarkDot256(b *testing.B) {
	x, y := randSlice(1, 256), randSlice(2, 256)
	for b.Loop() {
		dotSink += dot(x, y)
	}
}

func BenchmarkGemmSeedConv2(b *testing.B) {
	// The forward product of the seed network's conv2: [30, 256] += [250, 30]ᵀ·[250, 256].
	a, bb, c := randSlice(1, 250*30), randSlice(2, 250*256), make([]float32, 30*256)
	for b.Loop() {
		gemm(true, false, 30, 256, 250, a, 30, bb, 256, c, 256)
	}
}
