package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// strokeFile is scripts/train/strokes.json: hand-written digit shapes and
// the styles they are drawn in. drawnDigits renders them here after
// training; the end-to-end test (scripts/e2e/strokes.mjs) draws the same
// strokes with the mouse on the playground's canvas.
type strokeFile struct {
	// Brush is the playground's brush width as a fraction of the canvas
	// width.
	Brush  float64       `json:"brush"`
	Styles []strokeStyle `json:"styles"`
	Digits []struct {
		Digit    int `json:"digit"`
		Variants []struct {
			Name    string         `json:"name"`
			Strokes [][][2]float64 `json:"strokes"`
		} `json:"variants"`
	} `json:"digits"`
}

// strokeStyle places a shape (drawn in a unit box, y down) on the canvas:
// slanted by shear, turned by rotate degrees (clockwise), scaled to height
// (fraction of the canvas) and centred on center.
type strokeStyle struct {
	Name   string     `json:"name"`
	Center [2]float64 `json:"center"`
	Height float64    `json:"height"`
	Shear  float64    `json:"shear"`
	Rotate float64    `json:"rotate"`
}

// place maps a point of the unit box to canvas-relative coordinates
// (0..1). scripts/e2e/strokes.mjs does the same in JavaScript.
func (s strokeStyle) place(p [2]float64) [2]float64 {
	u, v := p[0]-0.5, p[1]-0.5
	u -= s.Shear * v
	sin, cos := math.Sincos(s.Rotate * math.Pi / 180)
	u, v = u*cos-v*sin, u*sin+v*cos
	return [2]float64{s.Center[0] + s.Height*u, s.Center[1] + s.Height*v}
}

// drawing is one digit shape in one style, in canvas-relative coordinates.
type drawing struct {
	Digit   int
	Name    string // "<variant> <style>"
	Strokes [][][2]float64
}

func loadStrokes(name string) (*strokeFile, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var f strokeFile
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f.Brush <= 0 || len(f.Styles) == 0 || len(f.Digits) == 0 {
		return nil, fmt.Errorf("%s: needs a brush width, styles and digits", name)
	}
	return &f, nil
}

// drawings returns every variant of every digit in every style.
func (f *strokeFile) drawings() []drawing {
	var out []drawing
	for _, d := range f.Digits {
		for _, v := range d.Variants {
			for _, s := range f.Styles {
				dr := drawing{Digit: d.Digit, Name: v.Name + " " + s.Name}
				for _, st := range v.Strokes {
					placed := make([][2]float64, len(st))
					for i, p := range st {
						placed[i] = s.place(p)
					}
					dr.Strokes = append(dr.Strokes, placed)
				}
				out = append(out, dr)
			}
		}
	}
	return out
}

// render draws the strokes on a transparent size×size RGBA canvas in black
// with a round, anti-aliased brush of the given width in pixels, like the
// playground's canvas (lineCap and lineJoin "round").
func (d drawing) render(size int, brush float64) []byte {
	rgba := make([]byte, 4*size*size)
	cover := make([]float32, size*size)
	for _, st := range d.Strokes {
		// One stroke is one path: its coverage is the largest over its
		// segments, then it is composited over what is already drawn.
		clear(cover)
		for i := range st {
			a, b := st[i], st[min(i+1, len(st)-1)]
			brushSegment(cover, size, size, [2]float64{a[0] * float64(size), a[1] * float64(size)},
				[2]float64{b[0] * float64(size), b[1] * float64(size)}, brush/2)
		}
		for i, c := range cover {
			alpha := float64(rgba[4*i+3]) / 255
			rgba[4*i+3] = byte(math.Round((alpha + float64(c)*(1-alpha)) * 255))
		}
	}
	return rgba
}

// brushSegment paints the segment a–b (pixel coordinates) with a round brush
// of radius r onto cover (w×h), keeping each pixel's larger coverage. The
// edge is anti-aliased over one pixel: coverage = clamp(r − distance + ½).
func brushSegment(cover []float32, w, h int, a, b [2]float64, r float64) {
	x0 := max(int(math.Floor(min(a[0], b[0])-r-1)), 0)
	x1 := min(int(math.Ceil(max(a[0], b[0])+r+1)), w)
	y0 := max(int(math.Floor(min(a[1], b[1])-r-1)), 0)
	y1 := min(int(math.Ceil(max(a[1], b[1])+r+1)), h)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			d := segmentDistance(float64(x)+0.5, float64(y)+0.5, a[0], a[1], b[0], b[1])
			cover[y*w+x] = max(cover[y*w+x], float32(min(max(r-d+0.5, 0), 1)))
		}
	}
}

// segmentDistance is the distance from (px, py) to the segment a–b.
func segmentDistance(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = min(max(((px-ax)*dx+(py-ay)*dy)/l2, 0), 1)
	}
	return math.Hypot(px-ax-t*dx, py-ay-t*dy)
}
