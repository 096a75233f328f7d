package core

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// testCanvas is a transparent RGBA canvas for building synthetic drawings.
type testCanvas struct {
	w, h int
	pix  []byte
}

func newTestCanvas(w, h int) *testCanvas {
	return &testCanvas{w: w, h: h, pix: make([]byte, 4*w*h)}
}

// fill paints the rectangle [x0, x1) × [y0, y1) opaque black.
func (c *testCanvas) fill(x0, y0, x1, y1 int) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			copy(c.pix[4*(y*c.w+x):], []byte{0, 0, 0, 255})
		}
	}
}

// disc paints the pixels whose centres lie within r of (cx, cy).
func (c *testCanvas) disc(cx, cy, r float64) {
	for y := range c.h {
		for x := range c.w {
			if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= r {
				c.fill(x, y, x+1, y+1)
			}
		}
	}
}

func (c *testCanvas) preprocess(t *testing.T) *Preprocessed {
	t.Helper()
	p, err := Preprocess(c.pix, c.w, c.h)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fieldMoments returns the mass and centre of mass of a 28×28 image in
// continuous coordinates (pixel centres at i+0.5).
func fieldMoments(img []float32) (mass, cx, cy float64) {
	for y := range PreprocessField {
		for x := range PreprocessField {
			v := float64(img[y*PreprocessField+x])
			mass += v
			cx += v * (float64(x) + 0.5)
			cy += v * (float64(y) + 0.5)
		}
	}
	return mass, cx / mass, cy / mass
}

func TestInkFromRGBA(t *testing.T) {
	rgba := []byte{
		0, 0, 0, 255, // opaque black: full ink
		255, 255, 255, 255, // opaque white: none
		0, 0, 0, 0, // transparent: none
		0, 0, 0, 51, // 20% black
		255, 0, 0, 255, // opaque red: luminance 0.299·255
		100, 100, 100, 255, // grey 100
	}
	want := []float32{1, 0, 0, 0.2, 1 - 0.299, 1 - 100.0/255}
	got := make([]float32, len(want))
	inkFromRGBA(got, rgba)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-6 {
			t.Errorf("pixel %d: ink %v, want %v", i, got[i], want[i])
		}
	}
}

func TestInkBounds(t *testing.T) {
	const w, h = 7, 5
	ink := make([]float32, w*h)
	ink[1*w+2] = 1
	ink[3*w+5] = 0.3
	ink[4*w+6] = preprocessInkMin / 2 // faint fringe: ignored
	r, ok := inkBounds(ink, w, h)
	if want := (Rect{X0: 2, Y0: 1, X1: 6, Y1: 4}); !ok || r != want {
		t.Errorf("inkBounds = %+v, %v; want %+v, true", r, ok, want)
	}
	if _, ok := inkBounds(make([]float32, w*h), w, h); ok {
		t.Error("blank image has a bounding box")
	}
}

func TestPreprocessNothingDrawn(t *testing.T) {
	blank := newTestCanvas(280, 280)
	if p := blank.preprocess(t); !p.Empty || p.BBox != (Rect{}) {
		t.Errorf("blank canvas: Empty %v, BBox %+v; want empty with no box", p.Empty, p.BBox)
	}

	// A click with a 20 px brush on a 280 px canvas (1/14 of the side).
	dot := newTestCanvas(280, 280)
	dot.disc(100, 120, 10)
	p := dot.preprocess(t)
	if !p.Empty {
		t.Error("a single dot is not reported as nothing drawn")
	}
	if want := (Rect{X0: 90, Y0: 110, X1: 110, Y1: 130}); p.BBox != want {
		t.Errorf("dot's BBox %+v, want %+v", p.BBox, want)
	}
	for i, v := range p.Input {
		if v != 0 {
			t.Fatalf("empty result has input[%d] = %v", i, v)
		}
	}

	// A short dash of 15% of the canvas is a drawing.
	dash := newTestCanvas(280, 280)
	dash.fill(100, 120, 142, 130)
	if dash.preprocess(t).Empty {
		t.Error("a dash of 42 px on a 280 px canvas is reported as nothing drawn")
	}

	// White background, nothing drawn: no ink.
	white := newTestCanvas(50, 40)
	for i := range white.pix {
		white.pix[i] = 255
	}
	if !white.preprocess(t).Empty {
		t.Error("white canvas is not empty")
	}
}

// A 10×5 block, scale 2: it becomes 20×10 with its centre of mass at
// (14.5, 14.5), i.e. covering [4.5, 24.5) × [9.5, 19.5) of the field, so its
// edge pixels are half covered and its corners a quarter.
func TestPreprocessScaleAndCenter(t *testing.T) {
	c := newTestCanvas(80, 80)
	c.fill(20, 40, 30, 45)
	p := c.preprocess(t)
	if p.Empty {
		t.Fatal("empty")
	}
	if want := (Rect{X0: 20, Y0: 40, X1: 30, Y1: 45}); p.BBox != want {
		t.Errorf("BBox %+v, want %+v", p.BBox, want)
	}
	if want := [2]float64{25, 42.5}; p.CanvasCenterOfMass != want {
		t.Errorf("CanvasCenterOfMass %v, want %v", p.CanvasCenterOfMass, want)
	}
	// Box centred: [4, 24) × [9, 19), centre of mass (14, 14).
	if want := [2]float64{14, 14}; p.CenterOfMass != want {
		t.Errorf("CenterOfMass %v, want %v", p.CenterOfMass, want)
	}
	if want := [2]float64{0.5, 0.5}; p.Shift != want {
		t.Errorf("Shift %v, want %v", p.Shift, want)
	}
	cover := func(i, lo, hi int) float32 { // coverage of pixel i by [lo+0.5, hi+0.5)
		switch {
		case i == lo || i == hi:
			return 0.5
		case i > lo && i < hi:
			return 1
		}
		return 0
	}
	for y := range PreprocessField {
		for x := range PreprocessField {
			want := cover(x, 4, 24) * cover(y, 9, 19)
			if got := p.Image28[y*PreprocessField+x]; math.Abs(float64(got-want)) > 1e-6 {
				t.Errorf("Image28[%d][%d] = %v, want %v", y, x, got, want)
			}
		}
	}
}

// An L made of a 10×40 bar and a 20×10 foot: the centre of mass is off the
// box's centre, and the shift moves it to the field's centre.
func TestPreprocessCenterOfMassShift(t *testing.T) {
	c := newTestCanvas(64, 64)
	c.fill(10, 10, 20, 50) // mass 400, centre (15, 30)
	c.fill(20, 40, 40, 50) // mass 200, centre (30, 45)
	p := c.preprocess(t)
	if want := [2]float64{20, 35}; p.CanvasCenterOfMass != want {
		t.Errorf("CanvasCenterOfMass %v, want %v", p.CanvasCenterOfMass, want)
	}
	// Box 30×40 → scale 0.5 → 15×20 centred at offset (6.5, 4).
	if want := [2]float64{(20-10)*0.5 + 6.5, (35-10)*0.5 + 4}; p.CenterOfMass != want {
		t.Errorf("CenterOfMass %v, want %v", p.CenterOfMass, want)
	}
	if want := [2]float64{14.5 - 11.5, 14.5 - 16.5}; p.Shift != want {
		t.Errorf("Shift %v, want %v", p.Shift, want)
	}
	_, cx, cy := fieldMoments(p.Image28)
	if math.Abs(cx-14.5) > 0.02 || math.Abs(cy-14.5) > 0.02 {
		t.Errorf("centre of mass of Image28 (%.3f, %.3f), want (14.5, 14.5)", cx, cy)
	}
}

// The long side becomes 20 pixels whatever the orientation; the aspect ratio
// is kept.
func TestPreprocessKeepsAspectRatio(t *testing.T) {
	for _, tc := range []struct {
		name           string
		x0, y0, x1, y1 int
		wantW, wantH   float64
	}{
		{"tall", 40, 10, 50, 90, 2.5, 20},
		{"wide", 10, 40, 90, 60, 20, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCanvas(100, 100)
			c.fill(tc.x0, tc.y0, tc.x1, tc.y1)
			p := c.preprocess(t)
			var cols, rows [PreprocessField]float64
			for y := range PreprocessField {
				for x := range PreprocessField {
					v := float64(p.Image28[y*PreprocessField+x])
					cols[x] = max(cols[x], v)
					rows[y] = max(rows[y], v)
				}
			}
			var w, h float64
			for i := range PreprocessField {
				w += cols[i]
				h += rows[i]
			}
			if math.Abs(w-tc.wantW) > 1e-5 || math.Abs(h-tc.wantH) > 1e-5 {
				t.Errorf("digit is %.3f×%.3f, want %v×%v", w, h, tc.wantW, tc.wantH)
			}
		})
	}
}

// Fine detail is averaged, not sampled: one-pixel stripes shrunk by half
// become a uniform grey (nearest-neighbour sampling would keep stripes or
// lose them).
func TestPreprocessAntiAliases(t *testing.T) {
	c := newTestCanvas(60, 60)
	for x := 10; x < 50; x += 2 {
		c.fill(x, 10, x+1, 50)
	}
	p := c.preprocess(t)
	ref := p.Image28[14*PreprocessField+14]
	if ref < 0.9 {
		t.Errorf("centre pixel %v: the grey should be the brightest value, normalised to 1", ref)
	}
	for y := 7; y < 22; y++ {
		for x := 7; x < 22; x++ {
			if v := p.Image28[y*PreprocessField+x]; math.Abs(float64(v-ref)) > 1e-5 {
				t.Fatalf("Image28[%d][%d] = %v, centre %v: stripes were not averaged", y, x, v, ref)
			}
		}
	}
}

// The resample conserves ink: the field's mass is the canvas's mass times
// the scale squared.
func TestResampleAreaConservesMass(t *testing.T) {
	const w, h = 37, 23
	ink := make([]float32, w*h)
	var mass float64
	for i := range ink {
		ink[i] = float32((i*7919)%13) / 12
		mass += float64(ink[i])
	}
	box := Rect{X1: w, Y1: h}
	for _, scale := range []float64{0.3, 0.5, 20.0 / 37, 1, 1.7} {
		var ax, ay areaAxis
		ax.init(80, scale, 3.25, 0, w)
		ay.init(80, scale, 1.5, 0, h)
		dst := make([]float32, 80*80)
		resampleArea(dst, make([]float32, h*80), ink, w, box, &ax, &ay)
		var got float64
		for _, v := range dst {
			got += float64(v)
		}
		if want := mass * scale * scale; math.Abs(got-want) > 1e-4*want {
			t.Errorf("scale %v: mass %v, want %v", scale, got, want)
		}
	}
}

// The same drawing at twice the size (on a canvas twice as big) gives the
// same field.
func TestPreprocessScaleInvariant(t *testing.T) {
	small, large := newTestCanvas(60, 60), newTestCanvas(120, 120)
	for _, r := range [][4]int{{10, 10, 50, 14}, {10, 10, 14, 50}, {30, 30, 50, 34}, {46, 14, 50, 34}} {
		small.fill(r[0], r[1], r[2], r[3])
		large.fill(2*r[0], 2*r[1], 2*r[2], 2*r[3])
	}
	a, b := small.preprocess(t), large.preprocess(t)
	for i := range a.Image28 {
		if math.Abs(float64(a.Image28[i]-b.Image28[i])) > 1e-5 {
			t.Fatalf("pixel %d: %v at 60 px, %v at 120 px", i, a.Image28[i], b.Image28[i])
		}
	}
}

// A white canvas with black ink gives what a transparent one does.
func TestPreprocessWhiteBackground(t *testing.T) {
	clearCanvas, white := newTestCanvas(40, 40), newTestCanvas(40, 40)
	for i := range white.pix {
		white.pix[i] = 255
	}
	clearCanvas.fill(10, 5, 14, 35)
	white.fill(10, 5, 14, 35)
	a, b := clearCanvas.preprocess(t), white.preprocess(t)
	for i := range a.Input {
		if a.Input[i] != b.Input[i] {
			t.Fatalf("input[%d]: %v transparent, %v white", i, a.Input[i], b.Input[i])
		}
	}
}

func TestPreprocessPadsInput(t *testing.T) {
	c := newTestCanvas(30, 30)
	c.fill(5, 5, 25, 9)
	c.fill(5, 9, 9, 25)
	p := c.preprocess(t)
	for y := range PreprocessInput {
		for x := range PreprocessInput {
			var want float32
			if y >= 2 && y < 30 && x >= 2 && x < 30 {
				want = p.Image28[(y-2)*PreprocessField+x-2]
			}
			if got := p.Input[y*PreprocessInput+x]; got != want {
				t.Fatalf("Input[%d][%d] = %v, want %v", y, x, got, want)
			}
		}
	}
}

func TestPreprocessErrors(t *testing.T) {
	for _, tc := range []struct {
		name          string
		rgba          []byte
		width, height int
		sentinel      error
		msg           string
	}{
		{"short buffer", make([]byte, 10), 2, 2, ErrInput, "10 bytes of RGBA do not match a 2×2 canvas (16 bytes)"},
		{"zero width", nil, 0, 5, ErrInput, "positive"},
		{"negative height", nil, 3, -1, ErrInput, "positive"},
		{"too wide", nil, MaxSide + 1, 1, ErrLimit, "above the limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Preprocess(tc.rgba, tc.width, tc.height)
			if !errors.Is(err, tc.sentinel) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want %v mentioning %q", err, tc.sentinel, tc.msg)
			}
		})
	}
	ink := make([]float32, 4)
	ink[2] = float32(math.NaN())
	if _, err := PreprocessInk(ink, 2, 2); !errors.Is(err, ErrInput) {
		t.Errorf("NaN ink: error %v, want ErrInput", err)
	}
	if _, err := PreprocessInk(ink, 3, 2); !errors.Is(err, ErrInput) {
		t.Errorf("wrong ink length: error %v, want ErrInput", err)
	}
}

// PreprocessInk and Preprocess agree, and out-of-range ink is clamped.
func TestPreprocessInkMatchesCanvas(t *testing.T) {
	c := newTestCanvas(50, 50)
	c.disc(25, 25, 12)
	c.fill(20, 5, 24, 45)
	ink := make([]float32, 50*50)
	inkFromRGBA(ink, c.pix)
	for i := range ink {
		ink[i] *= 3 // above 1: clamped back
	}
	a := c.preprocess(t)
	b, err := PreprocessInk(ink, 50, 50)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Input {
		if a.Input[i] != b.Input[i] {
			t.Fatalf("input[%d]: %v from RGBA, %v from ink", i, a.Input[i], b.Input[i])
		}
	}
}

func ExamplePreprocess() {
	// A 100×100 canvas with a black 10×40 bar, a "1": it becomes 5×20
	// pixels whose centre of mass is at (14.5, 14.5).
	const w, h = 100, 100
	rgba := make([]byte, 4*w*h)
	for y := 30; y < 70; y++ {
		for x := 45; x < 55; x++ {
			rgba[4*(y*w+x)+3] = 255 // opaque black
		}
	}
	p, err := Preprocess(rgba, w, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("empty:", p.Empty)
	fmt.Printf("box: %+v\n", p.BBox)
	fmt.Println("centre of mass before the shift:", p.CenterOfMass, "shift:", p.Shift)
	for _, y := range []int{3, 4, 5, 14, 24, 25} {
		fmt.Printf("row %2d: %.1f\n", y, p.Image28[y*28+10:y*28+19])
	}
	// Output:
	// empty: false
	// box: {X0:45 Y0:30 X1:55 Y1:70}
	// centre of mass before the shift: [14 14] shift: [0.5 0.5]
	// row  3: [0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0]
	// row  4: [0.0 0.0 0.5 0.5 0.5 0.5 0.5 0.0 0.0]
	// row  5: [0.0 0.0 1.0 1.0 1.0 1.0 1.0 0.0 0.0]
	// row 14: [0.0 0.0 1.0 1.0 1.0 1.0 1.0 0.0 0.0]
	// row 24: [0.0 0.0 0.5 0.5 0.5 0.5 0.5 0.0 0.0]
	// row 25: [0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0 0.0]
}

// ringCanvas is a 280×280 canvas (the playground's) with a ring drawn by a
// 20 px brush.
func ringCanvas() *testCanvas {
	c := newTestCanvas(280, 280)
	for y := range 280 {
		for x := range 280 {
			if d := math.Hypot(float64(x)-140, float64(y)-130); d > 60 && d < 80 {
				c.fill(x, y, x+1, y+1)
			}
		}
	}
	return c
}

// A Preprocessor used again and again gives what a fresh Preprocess gives,
// whatever it saw before: other drawings, other canvas sizes, nothing drawn.
func TestPreprocessorReuse(t *testing.T) {
	bar := newTestCanvas(120, 90)
	bar.fill(50, 10, 62, 80)
	dot := newTestCanvas(280, 280)
	dot.disc(140, 140, 3)
	var pp Preprocessor
	for i, c := range []*testCanvas{ringCanvas(), bar, dot, ringCanvas(), newTestCanvas(280, 280), bar, ringCanvas()} {
		got, err := pp.Preprocess(c.pix, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		want := c.preprocess(t)
		if fmt.Sprint(*got) != fmt.Sprint(*want) {
			t.Errorf("drawing %d (%d×%d): the reused Preprocessor gave\n%+v\nwant\n%+v", i, c.w, c.h, *got, *want)
		}
	}
}

// The playground's path on every pen move — preprocessing the canvas, then
// every activation of the seed network — allocates nothing once warm.
func TestDrawingPathAllocs(t *testing.T) {
	c := ringCanvas()
	m := seedNet(t)
	var pp Preprocessor
	run := func() {
		p, err := pp.Preprocess(c.pix, c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := m.PredictAll(p.Input); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if n := testing.AllocsPerRun(20, run); n != 0 {
		t.Errorf("preprocess + PredictAll allocates %v times per drawing, want 0", n)
	}
}

func BenchmarkPreprocess(b *testing.B) {
	c := ringCanvas()
	var pp Preprocessor
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pp.Preprocess(c.pix, 280, 280); err != nil {
			b.Fatal(err)
		}
	}
}
