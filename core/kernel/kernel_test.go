package kernel

import (
	"fmt"
	"math"
	"testing"
)

// awkward are the sizes the tests combine: around the 4- and 8-wide tiles
// and their multiples.
var awkward = []int{1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33}

// rng is a SplitMix64 stream, so every platform tests the same numbers.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// values returns n finite test values: about a third zeros, the rest of
// both signs with exponents from −8 to 7, so that sums round often.
func values(seed uint64, n int) []float32 {
	r := rng(seed)
	s := make([]float32, n)
	for i := range s {
		u := r.next()
		if u%3 == 0 {
			continue
		}
		v := float32(u>>40) / (1 << 24) * float32(math.Ldexp(1, int(u>>8%16)-8))
		if u&2 != 0 {
			v = -v
		}
		s[i] = v
	}
	return s
}

// same reports whether a kernel's result matches the reference's as the
// guarantee says: the same value (so +0 and −0 count as equal), or NaN
// for both.
func same(got, want float32) bool {
	return got == want || got != got && want != want
}

// matrix returns a rows×cols matrix with row stride ld whose gaps between
// rows hold NaN, so that a kernel reading them shows in its result.
func matrix(seed uint64, rows, cols, ld int) []float32 {
	s := values(seed, max(0, (rows-1)*ld+cols))
	for i := range s {
		if i%ld >= cols {
			s[i] = float32(math.NaN())
		}
	}
	return s
}

// checkGemm compares Gemm with the reference on one shape, with A four
// fifths zeros if sparse (the SIMD build's other path).
func checkGemm(t *testing.T, tA, tB bool, m, n, k, pad int, sparse bool) {
	t.Helper()
	ar, ac := m, k
	if tA {
		ar, ac = k, m
	}
	br, bc := k, n
	if tB {
		br, bc = n, k
	}
	lda, ldb, ldc := ac+pad, bc+2*pad, n+pad
	seed := uint64(m*1e6 + n*1e3 + k)
	a, b := matrix(seed, ar, ac, lda), matrix(seed+1, br, bc, ldb)
	for i := range a {
		if sparse && i%5 != 0 && i%lda < ac {
			a[i] = 0
		}
	}
	want := matrix(seed+2, m, n, ldc)
	got := append([]float32(nil), want...)
	gemmRef(tA, tB, m, n, k, a, lda, b, ldb, want, ldc)
	Gemm(tA, tB, m, n, k, a, lda, b, ldb, got, ldc)
	for i := range want {
		if !same(got[i], want[i]) {
			t.Fatalf("Gemm(%v, %v, m=%d, n=%d, k=%d, pad %d, sparse %v): C[%d, %d] = %v, reference %v",
				tA, tB, m, n, k, pad, sparse, i/ldc, i%ldc, got[i], want[i])
		}
	}
}

var forms = [][2]bool{{false, false}, {true, false}, {false, true}}

func TestGemmAwkwardShapes(t *testing.T) {
	for _, f := range forms {
		for _, m := range awkward {
			for _, n := range awkward {
				for _, k := range awkward {
					checkGemm(t, f[0], f[1], m, n, k, (m+n+k)%3*5, (m+n+k)%4 == 0)
				}
			}
		}
	}
}

// TestGemmLarge covers more than one pass over k (256 products) and more
// than one packed block of rows (64) in the SIMD build, and the seed
// network's shapes with fewer positions.
func TestGemmLarge(t *testing.T) {
	for _, f := range forms {
		for _, s := range [][3]int{{4, 8, 255}, {4, 8, 256}, {5, 9, 257}, {3, 19, 600}, {65, 9, 3}, {130, 17, 300}, {10, 64, 25}, {30, 40, 250}, {2, 10, 1920}, {33, 1, 300}} {
			checkGemm(t, f[0], f[1], s[0], s[1], s[2], 1, false)
			checkGemm(t, f[0], f[1], s[0], s[1], s[2], 2, true)
		}
	}
}

func TestGemmEmpty(t *testing.T) {
	c := []float32{1, 2}
	Gemm(false, false, 1, 2, 0, nil, 1, nil, 2, c, 2)
	Gemm(false, false, 0, 2, 3, nil, 3, make([]float32, 6), 2, nil, 2)
	if c[0] != 1 || c[1] != 2 {
		t.Errorf("k = 0 changed C: %v", c)
	}
}

// mustPanic runs f and checks that it panics with exactly msg.
func mustPanic(t *testing.T, msg string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		if r := recover(); r != msg {
			t.Errorf("panic %q, want %q", r, msg)
		}
	}()
	f()
}

func TestBadSizesPanic(t *testing.T) {
	s := make([]float32, 12)
	mustPanic(t, "kernel: Gemm with both operands transposed is not supported", func() { Gemm(true, true, 2, 2, 2, s, 2, s, 2, s, 2) })
	mustPanic(t, "kernel: Gemm: A (3×4, stride 4) needs 12 floats, got 11", func() { Gemm(false, false, 3, 1, 4, s[:11], 4, s, 1, s, 1) })
	mustPanic(t, "kernel: Gemm: B has rows of 5 but a stride of 4", func() { Gemm(false, false, 1, 5, 2, s, 2, s, 4, s, 5) })
	mustPanic(t, "kernel: Gemm: A is -1×2", func() { Gemm(false, false, -1, 2, 2, s, 2, s, 2, s, 2) })
	mustPanic(t, "kernel: Gemm: C (2×3, stride 3) needs 6 floats, got 5", func() { Gemm(false, true, 2, 3, 1, s, 1, s, 1, s[:5], 3) })
	mustPanic(t, "kernel: Transpose: B (3×2, stride 2) needs 6 floats, got 4", func() { Transpose(2, 3, s, 3, s[:4], 2) })
	mustPanic(t, "kernel: Axpy: destination of 3 floats is shorter than the source of 4", func() { Axpy(1, s[:4], s[:3]) })
	mustPanic(t, "kernel: AddBias: 12 floats are not rows of 5", func() { AddBias(s, s[:5]) })
	mustPanic(t, "kernel: AddBias: 12 floats are not rows of 0", func() { AddBias(s, nil) })
}

// lengths are the vector lengths the level-1 tests try.
var lengths = []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 250, 1025}

// special holds the values whose handling the element-wise kernels define
// exactly: signed zeros, infinities, NaN.
var special = []float32{0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), 1, -1, 0.5, -0.5}

// elementInputs returns x and y for length n: random values on odd seeds,
// all pairs of special values cycling through on even ones.
func elementInputs(seed uint64, n int) (x, y []float32) {
	x, y = values(seed, n), values(seed+1, n)
	if seed%2 == 0 {
		for i := range n {
			x[i] = special[i%len(special)]
			y[i] = special[i/len(special)%len(special)]
		}
	}
	return x, y
}

// bitsOrNaN is the stricter match of the element-wise kernels: the same
// bits (so the sign of a zero too), or NaN for both.
func bitsOrNaN(got, want float32) bool {
	return math.Float32bits(got) == math.Float32bits(want) || got != got && want != want
}

// elementCase is one element-wise kernel and its reference, both writing
// into y from x; match is the comparison its guarantee promises.
type elementCase struct {
	name        string
	kernel, ref func(x, y []float32)
	finiteOnly  bool // defined exactly for finite inputs only (see doc.go)
}

var elementCases = []elementCase{
	{"Axpy", func(x, y []float32) { Axpy(-0.375, x, y) }, func(x, y []float32) { axpyRef(-0.375, x, y) }, true},
	{"Scale", func(_, y []float32) { Scale(1.75, y) }, func(_, y []float32) { scaleRef(1.75, y) }, false},
	{"Add", Add, addRef, false},
	{"Relu", func(_, y []float32) { Relu(y) }, func(_, y []float32) { reluRef(y) }, false},
	{"ReluBackward", ReluBackward, reluBackwardRef, false},
	{"LeakyRelu", func(_, y []float32) { LeakyRelu(0.2, y) }, func(_, y []float32) { leakyReluRef(0.2, y) }, false},
	{"LeakyReluBackward", func(x, y []float32) { LeakyReluBackward(0.2, x, y) }, func(x, y []float32) { leakyReluBackwardRef(0.2, x, y) }, false},
	{"AddBias", func(x, y []float32) { AddBias(y, x[:divisor(len(y))]) }, func(x, y []float32) { addBiasRef(y, x[:divisor(len(y))]) }, false},
}

// divisor returns a bias length for AddBias that divides n: rows of 1, 3,
// 5, 10 or 17 as n allows, so that rows straddle the vector width.
func divisor(n int) int {
	for _, d := range []int{17, 10, 5, 3} {
		if d <= n && n%d == 0 {
			return d
		}
	}
	return min(n, 1)
}

func TestElementwiseMatchReference(t *testing.T) {
	for _, c := range elementCases {
		for _, n := range lengths {
			for seed := range uint64(4) {
				if c.finiteOnly && seed%2 == 0 {
					continue
				}
				x, y := elementInputs(seed, n)
				// y is longer than x: the element past the end must stay.
				got := append(append([]float32(nil), y...), 42)
				want := append(append([]float32(nil), y...), 42)
				c.kernel(x, got[:n])
				c.ref(x, want[:n])
				match := bitsOrNaN
				if c.finiteOnly {
					match = same
				}
				for i := range got {
					if !match(got[i], want[i]) {
						t.Fatalf("%s n=%d seed %d: element %d (x %v, y %v) = %v, reference %v", c.name, n, seed, i, x[min(i, n-1)], y[min(i, n-1)], got[i], want[i])
					}
				}
			}
		}
	}
}

func TestDot(t *testing.T) {
	const eps = 0x1p-23
	for _, n := range lengths {
		for off := range 3 {
			x, y := values(uint64(n), n+off)[off:], values(uint64(n)+7, n)
			got, want := Dot(x, y), dotRef(x, y)
			if dotExact {
				if !same(got, want) {
					t.Errorf("Dot n=%d offset %d = %v, reference %v", n, off, got, want)
				}
				continue
			}
			var abs float64
			for i := range x {
				abs += math.Abs(float64(x[i]) * float64(y[i]))
			}
			if d := math.Abs(float64(got) - float64(want)); d > 2*float64(n)*eps*abs {
				t.Errorf("Dot n=%d offset %d = %v, reference %v: off by %g > 2·n·ε·Σ|x·y| = %g", n, off, got, want, d, 2*float64(n)*eps*abs)
			}
		}
	}
}

func TestTranspose(t *testing.T) {
	for _, m := range append(awkward, 64, 70) {
		for _, n := range []int{1, 3, 8, 33, 65} {
			a := matrix(uint64(m), m, n, n+2)
			got, want := make([]float32, n*(m+1)), make([]float32, n*(m+1))
			Transpose(m, n, a, n+2, got, m+1)
			transposeRef(m, n, a, n+2, want, m+1)
			for i := range want {
				if !bitsOrNaN(got[i], want[i]) {
					t.Fatalf("Transpose %d×%d: element %d = %v, want %v", m, n, i, got[i], want[i])
				}
			}
		}
	}
}

func ExampleGemm() {
	// C (2×2) += A (2×3) · B (3×2)
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{1, 0, 0, 1, 1, 1}
	c := []float32{100, 200, 300, 400}
	Gemm(false, false, 2, 2, 3, a, 3, b, 2, c, 2)
	fmt.Println(c)
	// Output: [104 205 310 411]
}

func ExampleMaxArgWindow() {
	// Max pooling of a 1×2 window over 3 channels (channels last), which
	// ties on the last channel: the first cell wins.
	window := []float32{1, -2, 3, 4, -5, 3}
	out, arg := make([]float32, 3), make([]int32, 3)
	MaxArgWindow(out, arg, window, Window{Cols: 2, Rows: 1, Stride: 6})
	fmt.Println(out, arg)
	// Output: [4 -2 3] [3 1 2]
}

// TestWindowsMatchReference compares MaxWindows and MinWindows, n windows
// in a row, with the reference run on each window, bit for bit, on the
// shapes and values of TestArgWindowMatchesReference.
func TestWindowsMatchReference(t *testing.T) {
	for _, k := range []struct {
		name   string
		kernel func(dst, src []float32, w Window, n, step int)
		isMax  bool
	}{{"MaxWindows", MaxWindows, true}, {"MinWindows", MinWindows, false}} {
		for _, c := range []int{1, 3, 4, 5, 10, 30} {
			for rows := 1; rows <= 3; rows++ {
				for cols := 1; cols <= 3; cols++ {
					for n := 1; n <= 4; n++ {
						seed := uint64(n % 3)
						step := cols*c + int(seed)
						w := Window{First: 3, Cols: cols, Rows: rows, Stride: n*step + int(seed)}
						src := values(seed*100+uint64(c), w.First+(n-1)*step+rows*w.Stride)
						for i := range src {
							if seed == 0 {
								src[i] = special[i%len(special)]
							} else {
								src[i] = float32(int(src[i] * 2))
							}
						}
						got, want := make([]float32, n*c+1), make([]float32, n*c+1)
						got[n*c], want[n*c] = 42, 42
						k.kernel(got[:n*c], src, w, n, step)
						for i := range n {
							wi := w
							wi.First += i * step
							argWindowRef(want[i*c:(i+1)*c], nil, src, wi, k.isMax)
						}
						for i := range got {
							if !bitsOrNaN(got[i], want[i]) {
								t.Fatalf("%s c=%d %d×%d n=%d: value %d = %v, reference %v", k.name, c, rows, cols, n, i, got[i], want[i])
							}
						}
					}
				}
			}
		}
	}
	mustPanic(t, "kernel: MaxWindows: 2 windows of step 3 into 5 floats", func() {
		MaxWindows(make([]float32, 5), make([]float32, 9), Window{Cols: 1, Rows: 1, Stride: 3}, 2, 3)
	})
	mustPanic(t, "kernel: MinWindows: window {First:6 Cols:2 Rows:1 Stride:6} of 3 channels needs 12 floats, got 11", func() {
		MinWindows(make([]float32, 6), make([]float32, 11), Window{Cols: 2, Rows: 1, Stride: 6}, 2, 6)
	})
}

// TestArgWindowMatchesReference compares MaxArgWindow and MinArgWindow
// with their reference, values bit for bit and indices exactly, on windows
// of 1 to 3 rows and columns, channel counts around the vector width, rows
// with gaps between them, and values drawn from few levels (ties) or from
// the special values (±0, NaN, infinities).
func TestArgWindowMatchesReference(t *testing.T) {
	cases := []struct {
		name   string
		kernel func(dst []float32, arg []int32, src []float32, w Window)
		isMax  bool
	}{{"MaxArgWindow", MaxArgWindow, true}, {"MinArgWindow", MinArgWindow, false}}
	for _, k := range cases {
		for _, c := range []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 17, 30} {
			for rows := 1; rows <= 3; rows++ {
				for cols := 1; cols <= 3; cols++ {
					for seed := range uint64(3) {
						w := Window{First: 3, Cols: cols, Rows: rows, Stride: cols*c + int(seed)}
						src := values(seed*100+uint64(c), w.First+rows*w.Stride)
						for i := range src {
							switch seed {
							case 0:
								src[i] = special[i%len(special)]
							default:
								src[i] = float32(int(src[i] * 2)) // a few levels: ties
							}
						}
						got, want := make([]float32, c+1), make([]float32, c+1)
						gotArg, wantArg := make([]int32, c+1), make([]int32, c+1)
						got[c], want[c], gotArg[c], wantArg[c] = 42, 42, -1, -1
						k.kernel(got[:c], gotArg, src, w)
						argWindowRef(want[:c], wantArg, src, w, k.isMax)
						alone := make([]float32, c+1)
						alone[c] = 42
						k.kernel(alone[:c], nil, src, w)
						for i := range got {
							if !bitsOrNaN(got[i], want[i]) || gotArg[i] != wantArg[i] || !bitsOrNaN(alone[i], want[i]) {
								t.Fatalf("%s c=%d %d×%d seed %d: channel %d = %v from %d (%v without indices), reference %v from %d", k.name, c, rows, cols, seed, i, got[i], gotArg[i], alone[i], want[i], wantArg[i])
							}
						}
					}
				}
			}
		}
	}
	mustPanic(t, "kernel: MaxArgWindow: 2 indices for 3 channels", func() {
		MaxArgWindow(make([]float32, 3), make([]int32, 2), make([]float32, 9), Window{Cols: 1, Rows: 1, Stride: 3})
	})
	mustPanic(t, "kernel: MinArgWindow: window {First:0 Cols:2 Rows:2 Stride:6} of 3 channels needs 12 floats, got 11", func() {
		MinArgWindow(make([]float32, 3), make([]int32, 3), make([]float32, 11), Window{Cols: 2, Rows: 2, Stride: 6})
	})
}
