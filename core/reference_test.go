package core

import (
	"math"
	"testing"
)

// Independent reference implementations, written straight from the
// TensorFlow definitions with float64 arithmetic and no code shared with
// the package: the padding comes from TF's own output-size rules
// (valid: ceil((in − eff + 1)/s); same: ceil(in/s)), and every output cell
// is a plain sum over its window.

type refAxis struct{ out, before int }

func refPadding(in, k, s, d int, mode string, before, after int) refAxis {
	eff := (k-1)*d + 1
	switch mode {
	case "same":
		out := (in + s - 1) / s
		total := (out-1)*s + eff - in
		if total < 0 {
			total = 0
		}
		return refAxis{out: out, before: total / 2}
	case "explicit":
		n := in + before + after - eff
		if n < 0 {
			return refAxis{out: 0}
		}
		return refAxis{out: n/s + 1, before: before}
	}
	n := in - eff + 1
	if n <= 0 {
		return refAxis{out: 0}
	}
	return refAxis{out: (n + s - 1) / s}
}

func refAxes(h, w int, k, s, d [2]int, p Padding) (refAxis, refAxis) {
	return refPadding(h, k[0], s[0], d[0], p.Mode, p.Top, p.Bottom), refPadding(w, k[1], s[1], d[1], p.Mode, p.Left, p.Right)
}

func refActivation(a Activation, v float64) float64 {
	switch a {
	case ReLU:
		return math.Max(v, 0)
	case LeakyReLU:
		if v < 0 {
			return 0.2 * v
		}
		return v
	case Sigmoid:
		return 1 / (1 + math.Exp(-v))
	case Tanh:
		return math.Tanh(v)
	}
	return v
}

// refConv2D: out[oy, ox, f] = act(bias[f] + Σ x[oy·s + ky·d − pad, ox·s + kx·d − pad, c]·w[ky, kx, c, f]).
func refConv2D(x Tensor, w Tensor, bias []float32, s, d [2]int, p Padding, act Activation) (out []float64, oh, ow int) {
	H, W, C := x.Shape[0], x.Shape[1], x.Shape[2]
	KH, KW, F := w.Shape[0], w.Shape[1], w.Shape[3]
	ah, aw := refAxes(H, W, [2]int{KH, KW}, s, d, p)
	out = make([]float64, ah.out*aw.out*F)
	for oy := 0; oy < ah.out; oy++ {
		for ox := 0; ox < aw.out; ox++ {
			for f := 0; f < F; f++ {
				sum := 0.0
				if bias != nil {
					sum = float64(bias[f])
				}
				for ky := 0; ky < KH; ky++ {
					for kx := 0; kx < KW; kx++ {
						iy := oy*s[0] + ky*d[0] - ah.before
						ix := ox*s[1] + kx*d[1] - aw.before
						if iy < 0 || iy >= H || ix < 0 || ix >= W {
							continue
						}
						for c := 0; c < C; c++ {
							sum += float64(x.Data[(iy*W+ix)*C+c]) * float64(w.Data[((ky*KW+kx)*C+c)*F+f])
						}
					}
				}
				out[(oy*aw.out+ox)*F+f] = refActivation(act, sum)
			}
		}
	}
	return out, ah.out, aw.out
}

// refPool2D pools over the real cells of each window only.
func refPool2D(x Tensor, mode PoolMode, k, s [2]int, p Padding) (out []float64, oh, ow int) {
	H, W, C := x.Shape[0], x.Shape[1], x.Shape[2]
	ah, aw := refAxes(H, W, k, s, [2]int{1, 1}, p)
	out = make([]float64, ah.out*aw.out*C)
	for oy := 0; oy < ah.out; oy++ {
		for ox := 0; ox < aw.out; ox++ {
			for c := 0; c < C; c++ {
				var vals []float64
				for ky := 0; ky < k[0]; ky++ {
					for kx := 0; kx < k[1]; kx++ {
						iy, ix := oy*s[0]+ky-ah.before, ox*s[1]+kx-aw.before
						if iy >= 0 && iy < H && ix >= 0 && ix < W {
							vals = append(vals, float64(x.Data[(iy*W+ix)*C+c]))
						}
					}
				}
				r := vals[0]
				for _, v := range vals[1:] {
					switch mode {
					case MaxPool:
						r = math.Max(r, v)
					case MinPool:
						r = math.Min(r, v)
					default:
						r += v
					}
				}
				if mode == AvgPool {
					r /= float64(len(vals))
				}
				out[(oy*aw.out+ox)*C+c] = r
			}
		}
	}
	return out, ah.out, aw.out
}

// testRNG makes reproducible test data.
func randTensor(seed uint64, shape ...int) Tensor {
	r := newRNG(seed, 12345)
	t := NewTensor(shape...)
	for i := range t.Data {
		t.Data[i] = r.uniform(1)
	}
	return t
}

func randSlice(seed uint64, n int) []float32 {
	return randTensor(seed, n).Data
}

// closeTo reports whether got matches want within a relative and absolute tolerance.
func closeTo(got, want, rtol, atol float64) bool {
	return math.Abs(got-want) <= atol+rtol*math.Abs(want)
}

func assertClose(t *testing.T, what string, got []float32, want []float64, rtol, atol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if !closeTo(float64(got[i]), want[i], rtol, atol) {
			t.Fatalf("%s: value %d = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func assertExact(t *testing.T, what string, got []float32, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s: value %d = %v, want %v (all: %v)", what, i, got[i], want[i], got)
		}
	}
}

func nanF() float32 { return float32(math.NaN()) }
func infF() float32 { return float32(math.Inf(1)) }

func assertDiffer(t *testing.T, what string, a, b []float32) {
	t.Helper()
	for i := range a {
		if a[i] != b[i] {
			return
		}
	}
	t.Errorf("%s: equal", what)
}
