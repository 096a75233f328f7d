package main

import (
	"math"

	"github.com/svertka/svertka/core"
)

// Redrawing MNIST digits with the playground's brush estimates how the model
// does on digits many people draw in the browser: the shapes are MNIST's
// 10,000 test writers', the strokes are the canvas brush's. Each digit is
// thinned to its centre line and drawn again with a round brush, at the
// sizes and places a person might draw it, then preprocessed like a drawing.

// redrawZoom is how much the 28×28 digit is enlarged before thinning: enough
// for a smooth centre line.
const redrawZoom = 4

// centreLine returns the centre line of a 28×28 digit as points in field
// pixels: the digit enlarged redrawZoom times (bilinear), cut at half ink
// and thinned to one pixel (Zhang and Suen, 1984).
func centreLine(img []float32) [][2]float64 {
	const f = core.PreprocessField
	const n = f * redrawZoom
	bin := make([]bool, n*n)
	for v := range n {
		for u := range n {
			x := (float64(u)+0.5)/redrawZoom - 0.5
			y := (float64(v)+0.5)/redrawZoom - 0.5
			bin[v*n+u] = bilinear(img, f, x, y) >= 0.5
		}
	}
	thin(bin, n)
	var pts [][2]float64
	for i, on := range bin {
		if on {
			pts = append(pts, [2]float64{(float64(i%n) + 0.5) / redrawZoom, (float64(i/n) + 0.5) / redrawZoom})
		}
	}
	return pts
}

// bilinear interpolates the f×f image at index coordinates (x, y), zero
// outside.
func bilinear(img []float32, f int, x, y float64) float32 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := float32(x-x0), float32(y-y0)
	at := func(i, j int) float32 {
		if i < 0 || j < 0 || i >= f || j >= f {
			return 0
		}
		return img[j*f+i]
	}
	i, j := int(x0), int(y0)
	top := at(i, j)*(1-fx) + at(i+1, j)*fx
	bottom := at(i, j+1)*(1-fx) + at(i+1, j+1)*fx
	return top*(1-fy) + bottom*fy
}

// thin reduces the n×n binary image to lines one pixel wide that keep its
// connectivity (Zhang–Suen thinning).
func thin(img []bool, n int) {
	at := func(x, y int) int {
		if x < 0 || y < 0 || x >= n || y >= n || !img[y*n+x] {
			return 0
		}
		return 1
	}
	var del []int
	for changed := true; changed; {
		changed = false
		for pass := range 2 {
			del = del[:0]
			for y := range n {
				for x := range n {
					if !img[y*n+x] {
						continue
					}
					// Neighbours p2…p9 clockwise from north.
					p := [8]int{at(x, y-1), at(x+1, y-1), at(x+1, y), at(x+1, y+1), at(x, y+1), at(x-1, y+1), at(x-1, y), at(x-1, y-1)}
					b, a := 0, 0
					for k := range 8 {
						b += p[k]
						if p[k] == 0 && p[(k+1)%8] == 1 {
							a++
						}
					}
					if b < 2 || b > 6 || a != 1 {
						continue
					}
					// pass 0: p2·p4·p6 = 0 and p4·p6·p8 = 0; pass 1: p2·p4·p8 = 0 and p2·p6·p8 = 0.
					if pass == 0 && (p[0]*p[2]*p[4] != 0 || p[2]*p[4]*p[6] != 0) {
						continue
					}
					if pass == 1 && (p[0]*p[2]*p[6] != 0 || p[0]*p[4]*p[6] != 0) {
						continue
					}
					del = append(del, y*n+x)
				}
			}
			for _, i := range del {
				img[i] = false
			}
			changed = changed || len(del) > 0
		}
	}
}

// redraw draws the centre line (field pixels) on a transparent size×size
// canvas in black with a round anti-aliased brush of the given width in
// canvas pixels, scaled so the line's box is height canvas pixels tall (or
// wide, if wider) and centred on (cx, cy) in canvas pixels.
func redraw(line [][2]float64, size int, brush, height, cx, cy float64) []byte {
	rgba := make([]byte, 4*size*size)
	if len(line) == 0 {
		return rgba
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range line {
		x0, y0, x1, y1 = min(x0, p[0]), min(y0, p[1]), max(x1, p[0]), max(y1, p[1])
	}
	scale := height / max(x1-x0, y1-y0, 1)
	cover := make([]float32, size*size)
	for _, p := range line {
		q := [2]float64{cx + (p[0]-(x0+x1)/2)*scale, cy + (p[1]-(y0+y1)/2)*scale}
		brushSegment(cover, size, size, q, q, brush/2)
	}
	for i, c := range cover {
		rgba[4*i+3] = byte(math.Round(float64(c) * 255))
	}
	return rgba
}

// redrawnAccuracy is the model's accuracy on the first n test digits
// redrawn with the brush (fraction of the canvas width) with a long side of
// height (fraction of the canvas), placed around the centre.
func redrawnAccuracy(m *core.Model, test *dataset, n int, brush, height float64) (float64, error) {
	const size = 280
	correct, total := 0, 0
	for i := range min(n, test.len()) {
		// Deterministic placements: centred, or off by up to half the free space.
		free := (1 - height) * size / 2
		dx, dy := free/2*math.Sin(float64(7*i)), free/2*math.Cos(float64(5*i))
		rgba := redraw(centreLine(test.image(i)), size, brush*size, height*size, size/2+dx, size/2+dy)
		p, err := core.Preprocess(rgba, size, size)
		if err != nil {
			return 0, err
		}
		total++
		if p.Empty {
			continue
		}
		_, label, err := m.Predict(p.Input)
		if err != nil {
			return 0, err
		}
		if label == test.labels[i] {
			correct++
		}
	}
	return float64(correct) / float64(total), nil
}
