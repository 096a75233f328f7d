package steps

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/svertka/svertka/core"
)

// settings covers the awkward geometry: same padding with strides that do
// not divide the input, even kernels, dilation, explicit uneven padding,
// a stride larger than the kernel, and every pooling mode.
var settings = []string{
	"",
	"stride=2",
	"stride=3&ksize=5&kernel=gaussian",
	"ksize=4&kernel=sharpen&stride=3",
	"ksize=2&kernel=emboss&stride=2&res=7",
	"dilation=2&padding=valid",
	"dilation=3&stride=2&ksize=3&res=13",
	"padding=0,2,1,3&stride=2&ksize=3&kernel=laplacian&res=9",
	"padding=1&kernel=1,-2,3,-4,5,-6,7,-8,9",
	"ksize=1&kernel=identity&stride=4&res=10",
	"scene=rgb",
	"scene=rgb&stride=2&input=sunset",
	"scene=rgb&ksize=4&dilation=2&padding=1,0,2,1&input=stripes",
	"scene=pool",
	"scene=pool&mode=min&padding=same&res=9&size=2",
	"scene=pool&mode=avg&padding=same&res=7&size=3&stride=2",
	"scene=pool&mode=max&size=3&stride=1&input=digit",
	"scene=pool&mode=avg&size=4&stride=3&padding=same&res=10",
}

func mustPlan(t testing.TB, query string) *Plan {
	t.Helper()
	cfg, err := ParseQuery(query)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", query, err)
	}
	img, err := Sample(cfg.Input, cfg.Res)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(cfg, img)
	if err != nil {
		t.Fatalf("NewPlan(%q): %v", query, err)
	}
	return p
}

func near(a, b float32) bool { return math.Abs(float64(a-b)) <= 1e-5*(1+math.Abs(float64(b))) }

// reference computes the scene's output with core's one-call ops, apart
// from the step machinery: Conv2D with the whole kernel, or Pool2D.
func reference(t *testing.T, p *Plan) core.Tensor {
	t.Helper()
	cfg := p.Config
	k, st := p.WindowSize(), cfg.Strides()
	if cfg.Scene == ScenePool {
		out, err := core.Pool2D(p.Input, core.PoolParams{Mode: cfg.Pool, Size: [2]int{k, k}, Strides: [2]int{st, st}, Padding: cfg.Padding})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	in := p.Input.Shape[2]
	kernel := core.NewTensor(k, k, in, len(p.Filters))
	bias := make([]float32, len(p.Filters))
	for f, filt := range p.Filters {
		for c, kc := range filt.Kernels {
			for i, w := range kc.Data {
				kernel.Data[(i*in+c)*len(p.Filters)+f] = w
			}
		}
		bias[f] = filt.Bias
	}
	out, err := core.Conv2D(p.Input, kernel, bias, core.ConvParams{
		Strides: [2]int{st, st}, Dilation: [2]int{cfg.Dilation, cfg.Dilation}, Padding: cfg.Padding, Activation: p.Filters[0].Activation,
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPlanMatchesCore(t *testing.T) {
	for _, q := range settings {
		t.Run(q, func(t *testing.T) {
			p := mustPlan(t, q)
			cfg := p.Config
			k, st, d := p.WindowSize(), cfg.Strides(), p.dilation()
			ref := reference(t, p)
			oh, ow := ref.Shape[0], ref.Shape[1]
			if p.OutH() != oh || p.OutW() != ow {
				t.Fatalf("output size %d×%d, core computes %v", p.OutH(), p.OutW(), ref.Shape)
			}
			filters := ref.Shape[2]
			if want := 1 + oh*ow; cfg.Scene != SceneRGB && p.Len() != want {
				t.Fatalf("Len %d, want %d", p.Len(), want)
			}
			if want := 1 + filters*(oh*ow+3); cfg.Scene == SceneRGB && p.Len() != want {
				t.Fatalf("Len %d, want %d", p.Len(), want)
			}
			cells := 0
			for i := range p.Len() {
				s := p.Step(i)
				if s.Index != i {
					t.Fatalf("step %d has index %d", i, s.Index)
				}
				if s.Phase != PhaseCell {
					continue
				}
				cells++
				checkWindow(t, p, s, k, st, d)
				want := ref.Data[(s.Cell)*filters+s.Filter]
				switch cfg.Scene {
				case ScenePool:
					checkPool(t, p, s, want)
				case SceneConv:
					if got := s.Terms[0].Dot(); !near(got, want) || !near(s.Value, want) {
						t.Fatalf("step %d cell (%d,%d): window·kernel = %v, value %v, core Conv2D %v", i, s.Row, s.Col, got, s.Value, want)
					}
				case SceneRGB:
					f := p.Filters[s.Filter]
					var sum float32
					for _, term := range s.Terms {
						if !near(term.Dot(), term.Value) {
							t.Fatalf("step %d channel %d: window·kernel %v, partial %v", i, term.Channel, term.Dot(), term.Value)
						}
						sum += term.Dot()
					}
					if !near(sum, s.Value) || !near(max(sum+f.Bias, 0), want) {
						t.Fatalf("step %d: partials sum to %v (step says %v), relu(sum+bias) %v, core Conv2D %v", i, sum, s.Value, max(sum+f.Bias, 0), want)
					}
				}
			}
			if cells != filters*oh*ow {
				t.Fatalf("%d cell steps, want %d", cells, filters*oh*ow)
			}
		})
	}
}

// checkWindow checks the window geometry against the definition: output
// cell (r, c) reads padded cells (r·s + i·d, c·s + j·d).
func checkWindow(t *testing.T, p *Plan, s Step, k, st, d int) {
	t.Helper()
	w := s.Window
	if w.Top != s.Row*st || w.Left != s.Col*st || w.Bottom != w.Top+(k-1)*d || w.Right != w.Left+(k-1)*d {
		t.Fatalf("cell (%d,%d): window rows %d–%d, columns %d–%d; kernel %d stride %d dilation %d", s.Row, s.Col, w.Top, w.Bottom, w.Left, w.Right, k, st, d)
	}
	if len(w.Taps) != k*k {
		t.Fatalf("%d taps, want %d", len(w.Taps), k*k)
	}
	if w.Bottom >= p.PaddedH() || w.Right >= p.PaddedW() {
		t.Fatalf("window rows ..%d, columns ..%d outside the padded input %d×%d", w.Bottom, w.Right, p.PaddedH(), p.PaddedW())
	}
	for i, tap := range w.Taps {
		r, c := w.Top+(i/k)*d, w.Left+(i%k)*d
		inside := r >= p.Height.PadBefore && r < p.Height.PadBefore+p.Height.In && c >= p.Width.PadBefore && c < p.Width.PadBefore+p.Width.In
		if tap.Row != r || tap.Col != c || tap.KRow != i/k || tap.KCol != i%k || tap.Pad == inside {
			t.Fatalf("tap %d = %+v, want row %d col %d pad %v", i, tap, r, c, !inside)
		}
	}
}

func checkPool(t *testing.T, p *Plan, s Step, want float32) {
	t.Helper()
	x := s.Terms[0].X
	if !near(s.Value, want) {
		t.Fatalf("cell (%d,%d) = %v, core Pool2D %v", s.Row, s.Col, s.Value, want)
	}
	if p.Config.Pool == core.AvgPool {
		var sum float32
		for i, tap := range s.Window.Taps {
			if !tap.Pad {
				sum += x[i]
			}
		}
		if got := sum / float32(s.Window.Real()); s.Chosen != -1 || !near(got, want) {
			t.Fatalf("cell (%d,%d): average of real cells %v (chosen %d), core %v", s.Row, s.Col, got, s.Chosen, want)
		}
		return
	}
	if s.Chosen < 0 || s.Window.Taps[s.Chosen].Pad || x[s.Chosen] != want {
		t.Fatalf("cell (%d,%d): chosen tap %d, core %v, window %v", s.Row, s.Col, s.Chosen, want, x)
	}
}

func TestMapSteps(t *testing.T) {
	p := mustPlan(t, "scene=rgb&stride=2")
	base := 1
	for f, filt := range p.Filters {
		first := base + f*(p.OutH()*p.OutW()+3) + p.OutH()*p.OutW()
		for k, phase := range []Phase{PhaseSum, PhaseBias, PhaseActivation} {
			s := p.Step(first + k)
			if s.Phase != phase || s.Filter != f || s.Cell != filt.Focus {
				t.Fatalf("step %d: %s filter %d cell %d, want %s filter %d cell %d", first+k, s.Phase, s.Filter, s.Cell, phase, f, filt.Focus)
			}
			var sum float32
			for _, term := range s.Terms {
				sum += term.Value
			}
			want := []float32{sum, sum + filt.Bias, max(sum+filt.Bias, 0)}[k]
			if !near(s.Value, want) {
				t.Fatalf("%s: value %v, want %v", phase, s.Value, want)
			}
		}
		for i, v := range filt.Activated.Data {
			if v > filt.Activated.Data[filt.Focus] {
				t.Fatalf("focus cell %d (%v) is not the strongest: cell %d has %v", filt.Focus, filt.Activated.Data[filt.Focus], i, v)
			}
		}
	}
	if p.Filters[0].Bias == 0 || p.Filters[1].Bias == 0 {
		t.Fatal("the bias step must change something")
	}
}

func TestImpossibleShape(t *testing.T) {
	cfg, err := ParseQuery("ksize=7&dilation=4&padding=valid&res=16")
	if err != nil {
		t.Fatal(err)
	}
	img, _ := Sample(cfg.Input, cfg.Res)
	_, err = NewPlan(cfg, img)
	if !errors.Is(err, ErrShape) {
		t.Fatalf("err = %v, want ErrShape", err)
	}
	// The effective kernel is 4·6 + 1 = 25 cells; core writes the formula.
	want := "output height floor((16 + 0 − 4·(7 − 1) − 1)/1) + 1 = −8 ≤ 0: the window does not fit into the padded input"
	if err.Error() != want {
		t.Fatalf("err = %q\nwant  %q", err, want)
	}
	if ru := Message(err, "ru"); ru == err.Error() {
		t.Fatalf("no Russian message: %q", ru)
	}
}

func TestAnchors(t *testing.T) {
	p := mustPlan(t, "stride=2&padding=same&res=6") // padded 7×7, corners 0..4, output 3×3
	if p.PaddedW() != 7 || p.OutW() != 3 {
		t.Fatalf("padded %d, out %d", p.PaddedW(), p.OutW())
	}
	show := func(a []Anchor) string {
		s := ""
		for i, v := range a {
			s += string(".acvjs"[v])
			if i%p.PaddedW() == p.PaddedW()-1 {
				s += "\n"
			}
		}
		return s
	}
	cases := []struct {
		step int
		want string
	}{
		{0, "aaaaa..\naaaaa..\naaaaa..\naaaaa..\naaaaa..\n.......\n.......\n"},
		{1, "caaaa..\naaaaa..\naaaaa..\naaaaa..\naaaaa..\n.......\n.......\n"},
		{2, "vjcaa..\naaaaa..\naaaaa..\naaaaa..\naaaaa..\n.......\n.......\n"},
		// Moving to the next row of cells skips the rest of row 0 and all of row 1.
		{4, "vsvsv..\njjjjj..\ncaaaa..\naaaaa..\naaaaa..\n.......\n.......\n"},
		{9, "vsvsv..\nsssss..\nvsvsv..\nsssss..\nvsvjc..\n.......\n.......\n"},
	}
	for _, c := range cases {
		if got := show(p.Anchors(c.step)); got != c.want {
			t.Errorf("step %d:\n%s\nwant\n%s", c.step, got, c.want)
		}
	}
	// A leftover at the edge: width 9, kernel 2, stride 3 → corners 0…7,
	// windows at 0, 3 and 6; at the last step the window leaves 7 behind.
	p = mustPlan(t, "stride=3&padding=valid&res=9&ksize=2&kernel=box-blur")
	pw := p.PaddedW()
	lastRow := p.Anchors(p.Len() - 1)[6*pw : 7*pw]
	if got := show(lastRow); got != "vssvjjcj.\n" {
		t.Errorf("last row of corners %q", got)
	}
}

// A 3×3 box blur with stride 2 on an 8×8 checkerboard of 2×2 blocks. The
// window of output cell (0, 1) covers 4 light cells (0.95) and 5 dark ones
// (luma 0.299·0.15 + 0.587·0.2 + 0.114·0.6 ≈ 0.231): (4·0.95 + 5·0.231)/9 ≈ 0.55.
func ExamplePlan_Describe() {
	cfg, err := ParseQuery("kernel=box-blur&padding=same&stride=2&res=8")
	if err != nil {
		panic(err)
	}
	img, err := Sample("checker", cfg.Res)
	if err != nil {
		panic(err)
	}
	p, err := NewPlan(cfg, img)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Len(), "steps")
	fmt.Println(p.Describe(0, "en"))
	fmt.Println(p.Describe(2, "en"))
	fmt.Println(p.Describe(2, "ru"))
	// Output:
	// 17 steps
	// Input 8 × 8 with same padding (top 0, bottom 1, left 0, right 1; the fake cells are hatched) becomes 9 × 9. A 3 × 3 kernel with stride 2 and dilation 1 gives output size 4 × 4.
	// Output cell (0, 1) = 0.55: the sum of 9 products input × kernel over rows 0–2, columns 2–4 of the padded input.
	// Выходная клетка (0, 1) = 0,55: сумма 9 произведений вход × ядро, строки 0–2, столбцы 2–4 входа с дополнением.
}

func BenchmarkStep(b *testing.B) {
	p := mustPlan(b, "scene=rgb&res=32&ksize=7&dilation=2")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Step(1 + i%(p.Len()-1))
	}
}

func BenchmarkAnchors(b *testing.B) {
	p := mustPlan(b, "res=32&padding=4&stride=2")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Anchors(1 + i%(p.Len()-1))
	}
}
