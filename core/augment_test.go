package core

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// testDigit returns a 28×28 MNIST-style image made with Preprocess: a ring
// (a "0") or a horizontal bar.
func testDigit(t testing.TB, shape string) []float32 {
	t.Helper()
	c := newTestCanvas(140, 140)
	switch shape {
	case "ring":
		for y := range c.h {
			for x := range c.w {
				if d := math.Hypot((float64(x)+0.5-70)/0.7, float64(y)+0.5-70); d >= 40 && d <= 50 {
					c.fill(x, y, x+1, y+1)
				}
			}
		}
	case "bar": // 100×10: 20×2 pixels in the field
		c.fill(20, 65, 120, 75)
	}
	p, err := Preprocess(c.pix, c.w, c.h)
	if err != nil || p.Empty {
		t.Fatal(err, p.Empty)
	}
	return p.Image28
}

// fieldExtent returns the width and height of the pixels with at least
// preprocessInkMin ink.
func fieldExtent(img []float32) (w, h int) {
	r, _ := inkBounds(img, PreprocessField, PreprocessField)
	return r.Dx(), r.Dy()
}

func augmentOnce(t testing.TB, p AugmentParams, src []float32, seed uint64) []float32 {
	t.Helper()
	dst := make([]float32, len(src))
	if err := NewAugmenter(p).Augment(dst, src, seed); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestAugmentDeterministic(t *testing.T) {
	p := AugmentParams{Rotation: 15, Shear: 0.3, Aspect: 0.3, Thickness: [2]float64{-0.5, 1.5}, Elastic: 2, ElasticSpacing: 6, Scale: 0.1, Shift: 1}
	src := testDigit(t, "ring")
	a := NewAugmenter(p)
	first, again, other := make([]float32, 784), make([]float32, 784), make([]float32, 784)
	for _, run := range []struct {
		dst  []float32
		seed uint64
	}{{first, 7}, {other, 8}, {again, 7}} { // the same Augmenter in between
		if err := a.Augment(run.dst, src, run.seed); err != nil {
			t.Fatal(err)
		}
	}
	fresh := augmentOnce(t, p, src, 7)
	same, differ := true, false
	for i := range first {
		same = same && first[i] == again[i] && first[i] == fresh[i]
		differ = differ || first[i] != other[i]
	}
	if !same {
		t.Error("seed 7 gave two different images")
	}
	if !differ {
		t.Error("seeds 7 and 8 gave the same image")
	}
}

// Without distortions the digit comes back as it was: the zoom, the warp
// and the renormalisation add only a little blur.
func TestAugmentIdentity(t *testing.T) {
	src := testDigit(t, "ring")
	dst := augmentOnce(t, AugmentParams{}, src, 1)
	var dot, ns, nd float64
	for i := range src {
		dot += float64(src[i] * dst[i])
		ns += float64(src[i] * src[i])
		nd += float64(dst[i] * dst[i])
	}
	if c := dot / math.Sqrt(ns*nd); c < 0.97 {
		t.Errorf("cosine similarity to the original %.3f, want ≥ 0.97", c)
	}
	sw, sh := fieldExtent(src)
	dw, dh := fieldExtent(dst)
	if sw != dw || sh != dh {
		t.Errorf("extent %d×%d, original %d×%d", dw, dh, sw, sh)
	}
}

// Whatever the distortion, the output goes through the MNIST recipe: long
// side about 20 pixels and centre of mass at the centre (Scale and Shift
// off).
func TestAugmentRenormalises(t *testing.T) {
	p := AugmentParams{Rotation: 15, Shear: 0.4, Aspect: 0.4, Thickness: [2]float64{-0.5, 2}, Elastic: 2.5, ElasticSpacing: 6}
	src := testDigit(t, "ring")
	a := NewAugmenter(p)
	dst := make([]float32, 784)
	for seed := range uint64(50) {
		if err := a.Augment(dst, src, seed); err != nil {
			t.Fatal(err)
		}
		_, cx, cy := fieldMoments(dst)
		if math.Abs(cx-14.5) > 0.1 || math.Abs(cy-14.5) > 0.1 {
			t.Errorf("seed %d: centre of mass (%.2f, %.2f), want (14.5, 14.5)", seed, cx, cy)
		}
		if w, h := fieldExtent(dst); max(w, h) < 19 || max(w, h) > 21 {
			t.Errorf("seed %d: extent %d×%d, want a long side of 20", seed, w, h)
		}
	}
}

func TestAugmentScaleAndShift(t *testing.T) {
	p := AugmentParams{Scale: 0.2, Shift: 2}
	src := testDigit(t, "ring")
	a := NewAugmenter(p)
	dst := make([]float32, 784)
	var minSide, maxSide = 28, 0
	var minCx, maxCx = 28.0, 0.0
	for seed := range uint64(100) {
		if err := a.Augment(dst, src, seed); err != nil {
			t.Fatal(err)
		}
		_, cx, cy := fieldMoments(dst)
		if math.Abs(cx-14.5) > 2.1 || math.Abs(cy-14.5) > 2.1 {
			t.Errorf("seed %d: centre of mass (%.2f, %.2f) more than 2 px from the centre", seed, cx, cy)
		}
		minCx, maxCx = min(minCx, cx), max(maxCx, cx)
		w, h := fieldExtent(dst)
		minSide, maxSide = min(minSide, max(w, h)), max(maxSide, max(w, h))
	}
	// e^±0.2 · 20 = 16.4 … 24.4
	if minSide > 18 || maxSide < 23 || minSide < 16 || maxSide > 25 {
		t.Errorf("long side ranges %d…%d, want about 16…24", minSide, maxSide)
	}
	if maxCx-minCx < 3 {
		t.Errorf("centre of mass x ranges %.2f…%.2f, want spread over ±2", minCx, maxCx)
	}
}

// Rotation turns a horizontal bar by up to the range, both ways.
func TestAugmentRotation(t *testing.T) {
	src := testDigit(t, "bar")
	a := NewAugmenter(AugmentParams{Rotation: 15})
	dst := make([]float32, 784)
	lo, hi := 90.0, -90.0
	for seed := range uint64(60) {
		if err := a.Augment(dst, src, seed); err != nil {
			t.Fatal(err)
		}
		// Orientation from the second moments.
		mass, cx, cy := fieldMoments(dst)
		var sxx, syy, sxy float64
		for y := range PreprocessField {
			for x := range PreprocessField {
				v := float64(dst[y*PreprocessField+x]) / mass
				dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy
				sxx += v * dx * dx
				syy += v * dy * dy
				sxy += v * dx * dy
			}
		}
		deg := 0.5 * math.Atan2(2*sxy, sxx-syy) * 180 / math.Pi
		if math.Abs(deg) > 16 {
			t.Errorf("seed %d: bar at %.1f°, want within ±15°", seed, deg)
		}
		lo, hi = min(lo, deg), max(hi, deg)
	}
	if lo > -10 || hi < 10 {
		t.Errorf("angles range %.1f…%.1f°, want most of ±15°", lo, hi)
	}
}

// Thickening widens a 2-pixel bar by about the requested pixels; thinning
// narrows it.
func TestAugmentThickness(t *testing.T) {
	src := testDigit(t, "bar")
	width := func(thick float64) float64 { // ink in the middle column
		dst := augmentOnce(t, AugmentParams{Thickness: [2]float64{thick, thick}}, src, 3)
		var s float64
		for y := range PreprocessField {
			s += float64(dst[y*PreprocessField+14])
		}
		return s
	}
	w0 := width(0)
	if w0 < 1.7 || w0 > 2.3 {
		t.Fatalf("bar is %.2f px thick, want about 2", w0)
	}
	for _, tc := range []struct{ thick, lo, hi float64 }{
		{1, 0.7, 1.3},
		{2, 1.5, 2.5},
		{0.5, 0.3, 0.7},
		{-0.5, -0.7, -0.3},
	} {
		// The renormalisation shrinks a thickened digit a little (its long side grows).
		if d := width(tc.thick) - w0; d < tc.lo || d > tc.hi {
			t.Errorf("thickness %+v: width changed by %.2f px, want %v…%v", tc.thick, d, tc.lo, tc.hi)
		}
	}
}

// The elastic field is smooth and bounded by the control points' moves.
func TestAugmentElasticField(t *testing.T) {
	const amp, spacing = 2.0, 6.0
	a := NewAugmenter(AugmentParams{Elastic: amp, ElasticSpacing: spacing})
	a.elasticField(newTestRand(5), amp)
	var peak, step float64
	for v := range augmentSide {
		for u := range augmentSide {
			i := v*augmentSide + u
			for _, f := range [][]float32{a.du, a.dv} {
				peak = max(peak, math.Abs(float64(f[i])))
				if u > 0 {
					step = max(step, math.Abs(float64(f[i]-f[i-1])))
				}
				if v > 0 {
					step = max(step, math.Abs(float64(f[i]-f[i-augmentSide])))
				}
			}
		}
	}
	limit := amp * augmentZoom // work pixels
	if peak > limit || peak < limit/4 {
		t.Errorf("largest displacement %.2f work px, want up to %.2f and not negligible", peak, limit)
	}
	// A cubic B-spline's slope is at most the largest control difference
	// (2·limit) per spacing.
	if maxStep := 2 * limit / (spacing * augmentZoom); step > maxStep {
		t.Errorf("displacement changes by %.3f between neighbours, want ≤ %.3f", step, maxStep)
	}
}

func newTestRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

func TestBsplineWeightsPartitionUnity(t *testing.T) {
	for _, x := range []float64{0, 0.25, 0.5, 1, 3.75} {
		_, w := bsplineWeights(x)
		if s := w[0] + w[1] + w[2] + w[3]; math.Abs(float64(s)-1) > 1e-6 {
			t.Errorf("weights at %v sum to %v", x, s)
		}
	}
}

func TestAugmentErrors(t *testing.T) {
	a := NewAugmenter(AugmentParams{})
	if err := a.Augment(make([]float32, 784), make([]float32, 783), 1); !errors.Is(err, ErrInput) {
		t.Errorf("short src: error %v, want ErrInput", err)
	}
	if err := a.Augment(make([]float32, 10), make([]float32, 784), 1); !errors.Is(err, ErrInput) {
		t.Errorf("short dst: error %v, want ErrInput", err)
	}
	src := make([]float32, 784)
	src[5] = float32(math.Inf(1))
	if err := a.Augment(make([]float32, 784), src, 1); !errors.Is(err, ErrInput) {
		t.Errorf("infinite src: error %v, want ErrInput", err)
	}
	// Strokes thinned away: the original comes back.
	thin := testDigit(t, "bar")
	dst := augmentOnce(t, AugmentParams{Thickness: [2]float64{-6, -6}}, thin, 1)
	for i := range dst {
		if dst[i] != thin[i] {
			t.Fatalf("pixel %d: %v, want the original %v", i, dst[i], thin[i])
		}
	}
}

func ExampleAugmenter() {
	// A horizontal bar in a 28×28 field: 20 × 2 pixels.
	src := make([]float32, 28*28)
	for y := 14; y < 16; y++ {
		for x := 4; x < 24; x++ {
			src[y*28+x] = 1
		}
	}
	a := NewAugmenter(AugmentParams{Rotation: 15, Thickness: [2]float64{-0.5, 1.5}})
	dst := make([]float32, 28*28)
	for seed := range uint64(3) {
		if err := a.Augment(dst, src, seed); err != nil {
			fmt.Println(err)
			return
		}
		var mass, mx, my float64
		for i, v := range dst {
			mass += float64(v)
			mx += float64(v) * (float64(i%28) + 0.5)
			my += float64(v) * (float64(i/28) + 0.5)
		}
		// Rotated and thickened differently each time, always recentred.
		fmt.Printf("seed %d: centre of mass (%.1f, %.1f)\n", seed, mx/mass, my/mass)
	}
	// Output:
	// seed 0: centre of mass (14.5, 14.5)
	// seed 1: centre of mass (14.5, 14.5)
	// seed 2: centre of mass (14.5, 14.5)
}

func BenchmarkAugment(b *testing.B) {
	src := testDigit(b, "ring")
	a := NewAugmenter(AugmentParams{Rotation: 15, Shear: 0.3, Aspect: 0.3, Thickness: [2]float64{-0.5, 1.5}, Elastic: 2, ElasticSpacing: 6, Scale: 0.1, Shift: 1})
	dst := make([]float32, 784)
	b.ReportAllocs()
	var seed uint64
	for b.Loop() {
		seed++
		if err := a.Augment(dst, src, seed); err != nil {
			b.Fatal(err)
		}
	}
}
