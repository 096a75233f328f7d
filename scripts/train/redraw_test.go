package main

import (
	"math"
	"testing"
)

// A bar 3 pixels thick thins to one line along its middle, which the brush
// draws again at the brush's width.
func TestRedrawBar(t *testing.T) {
	img := make([]float32, 28*28)
	for y := 12; y < 15; y++ {
		for x := 4; x < 24; x++ {
			img[y*28+x] = 1
		}
	}
	line := centreLine(img)
	if len(line) < 60 {
		t.Fatalf("centre line of %d points, want about 20·%d", len(line), redrawZoom)
	}
	for _, p := range line {
		if math.Abs(p[1]-13.5) > 0.5 || p[0] < 4 || p[0] > 24 {
			t.Fatalf("centre line point %v is not on the bar's middle (y = 13.5, x in 4…24)", p)
		}
	}
	// Drawn 200 px long with a 20 px brush, centred on the canvas.
	const size = 280
	rgba := redraw(line, size, 20, 200, 140, 140)
	alpha := func(x, y int) float64 { return float64(rgba[4*(y*size+x)+3]) / 255 }
	var across float64
	for y := range size {
		across += alpha(140, y)
	}
	if math.Abs(across-20) > 1 {
		t.Errorf("ink across the redrawn bar %.2f px, want 20", across)
	}
	var along float64
	for x := range size {
		along += alpha(x, 140)
	}
	if math.Abs(along-220) > 3 { // 200 px of centre line + the round caps
		t.Errorf("ink along the redrawn bar %.2f px, want 220", along)
	}
}

// Thinning keeps a ring a ring: one-pixel wide and closed.
func TestThinKeepsConnectivity(t *testing.T) {
	const n = 40
	img := make([]bool, n*n)
	for y := range n {
		for x := range n {
			d := math.Hypot(float64(x)+0.5-20, float64(y)+0.5-20)
			img[y*n+x] = d >= 10 && d <= 15
		}
	}
	thin(img, n)
	on := func(x, y int) bool { return x >= 0 && y >= 0 && x < n && y < n && img[y*n+x] }
	count := 0
	for y := range n {
		for x := range n {
			if !on(x, y) {
				continue
			}
			count++
			neighbours := 0
			for _, d := range [][2]int{{-1, -1}, {0, -1}, {1, -1}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}} {
				if on(x+d[0], y+d[1]) {
					neighbours++
				}
			}
			if neighbours < 2 || neighbours > 3 {
				t.Errorf("pixel (%d, %d) has %d neighbours: the ring is broken or thick there", x, y, neighbours)
			}
		}
	}
	// The middle circle, radius 12.5, is about 2π·12.5 ≈ 79 pixels long; an
	// 8-connected line needs fewer pixels than its length.
	if count < 55 || count > 85 {
		t.Errorf("%d pixels on the thinned ring, want about 60–80", count)
	}
}
