package main

import (
	"math"
	"testing"
)

func TestStrokeStylePlace(t *testing.T) {
	for _, tc := range []struct {
		style strokeStyle
		in    [2]float64
		want  [2]float64
	}{
		{strokeStyle{Center: [2]float64{0.5, 0.5}, Height: 1}, [2]float64{0.2, 0.7}, [2]float64{0.2, 0.7}},
		{strokeStyle{Center: [2]float64{0.3, 0.6}, Height: 0.5}, [2]float64{1, 0}, [2]float64{0.55, 0.35}},
		// Slant: the top (y = 0) moves right by shear/2.
		{strokeStyle{Center: [2]float64{0.5, 0.5}, Height: 1, Shear: 0.4}, [2]float64{0.5, 0}, [2]float64{0.7, 0}},
		// A quarter turn clockwise (y down) takes the top to the right.
		{strokeStyle{Center: [2]float64{0.5, 0.5}, Height: 1, Rotate: 90}, [2]float64{0.5, 0}, [2]float64{1, 0.5}},
	} {
		got := tc.style.place(tc.in)
		if math.Abs(got[0]-tc.want[0]) > 1e-12 || math.Abs(got[1]-tc.want[1]) > 1e-12 {
			t.Errorf("%+v.place(%v) = %v, want %v", tc.style, tc.in, got, tc.want)
		}
	}
}

// A horizontal line 10 px wide: opaque along its middle, a 10 px band of
// ink across it, round caps, nothing far away.
func TestRenderBrush(t *testing.T) {
	const size = 100
	d := drawing{Strokes: [][][2]float64{{{0.2, 0.5}, {0.5, 0.5}, {0.8, 0.5}}}}
	rgba := d.render(size, 10)
	alpha := func(x, y int) float64 { return float64(rgba[4*(y*size+x)+3]) / 255 }
	if a := alpha(50, 50); a != 1 {
		t.Errorf("alpha on the line %v, want 1", a)
	}
	var across float64
	for y := range size {
		across += alpha(50, y)
	}
	if math.Abs(across-10) > 0.1 {
		t.Errorf("ink across the line %.2f px, want 10", across)
	}
	if a := alpha(16, 50); a < 0.5 { // round cap: 5 px beyond the end at x = 20
		t.Errorf("alpha in the round cap %v", a)
	}
	if a := alpha(50, 60); a != 0 {
		t.Errorf("alpha 10 px off the line %v, want 0", a)
	}
	for i := 0; i < len(rgba); i += 4 {
		if rgba[i] != 0 || rgba[i+1] != 0 || rgba[i+2] != 0 {
			t.Fatal("ink is not black")
		}
	}
}

func TestStrokeFile(t *testing.T) {
	f, err := loadStrokes("strokes.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Styles) < 3 {
		t.Errorf("%d styles, want at least 3", len(f.Styles))
	}
	var digits [10]int
	for _, d := range f.drawings() {
		digits[d.Digit]++
		for _, st := range d.Strokes {
			for _, p := range st {
				if p[0] < 0.02 || p[0] > 0.98 || p[1] < 0.02 || p[1] > 0.98 {
					t.Errorf("%d (%s): point %v is off the canvas", d.Digit, d.Name, p)
				}
			}
		}
	}
	for d, n := range digits {
		if n < 3 {
			t.Errorf("digit %d has %d drawings, want at least 3", d, n)
		}
	}
}
