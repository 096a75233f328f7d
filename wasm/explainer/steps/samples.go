package steps

import (
	"math"
	"strings"

	"github.com/svertka/svertka/core"
)

// Samples lists the built-in sample images, generated here so that the
// explainer needs no image files.
var Samples = []string{"shapes", "sunset", "stripes", "checker", "digit"}

// sampleAA is the supersampling factor per axis that anti-aliases the
// edges of the samples.
const sampleAA = 4

// Sample draws a built-in sample as a [res, res, 3] image with values in [0, 1].
func Sample(name string, res int) (core.Tensor, error) {
	paint, ok := samplePainters[name]
	if !ok {
		return core.Tensor{}, newError(ErrConfig, "input", name, strings.Join(Samples, ", "))
	}
	if res < MinRes || res > MaxRes {
		return core.Tensor{}, newError(ErrConfig, "param-range", "res", MinRes, MaxRes, res)
	}
	t := core.NewTensor(res, res, 3)
	for y := range res {
		for x := range res {
			var sum [3]float64
			for sy := range sampleAA {
				for sx := range sampleAA {
					u := (float64(x) + (float64(sx)+0.5)/sampleAA) / float64(res)
					v := (float64(y) + (float64(sy)+0.5)/sampleAA) / float64(res)
					c := paint(u, v)
					for i := range sum {
						sum[i] += c[i]
					}
				}
			}
			for i := range sum {
				t.Data[(y*res+x)*3+i] = float32(sum[i] / (sampleAA * sampleAA))
			}
		}
	}
	return t, nil
}

type rgb = [3]float64

// samplePainters give the colour at (u, v) in the unit square, u to the
// right and v down.
var samplePainters = map[string]func(u, v float64) rgb{
	// A red square, a green disc and a blue triangle on white: each shape
	// lives mostly in one colour channel.
	"shapes": func(u, v float64) rgb {
		switch {
		case u > 0.1 && u < 0.45 && v > 0.1 && v < 0.45:
			return rgb{0.9, 0.12, 0.1}
		case math.Hypot(u-0.72, v-0.3) < 0.19:
			return rgb{0.1, 0.72, 0.25}
		case v > 0.56 && v < 0.92 && math.Abs(u-0.5) < (v-0.56)*0.85:
			return rgb{0.12, 0.25, 0.88}
		}
		return rgb{1, 1, 1}
	},
	// A sun setting over the sea: smooth gradients and one round edge.
	"sunset": func(u, v float64) rgb {
		const horizon = 0.62
		if v >= horizon {
			if math.Abs(u-0.5) < 0.14*(1.2-v) && math.Sin(v*70) > 0 {
				return rgb{0.95, 0.6, 0.3}
			}
			return rgb{0.05, 0.15 + 0.1*(v-horizon), 0.38}
		}
		if math.Hypot(u-0.5, v-0.6) < 0.2 {
			return rgb{1, 0.86, 0.3}
		}
		t := v / horizon
		return rgb{0.3 + 0.7*t, 0.15 + 0.4*t, 0.5 - 0.3*t}
	},
	// Four vertical colour bands: sharp vertical edges, none horizontal.
	"stripes": func(u, v float64) rgb {
		bands := [...]rgb{{0.85, 0.1, 0.1}, {0.95, 0.8, 0.1}, {0.1, 0.6, 0.25}, {0.1, 0.3, 0.85}}
		return bands[min(int(u*4), 3)]
	},
	// A 4×4 checkerboard: a regular pattern that strides and pooling can alias.
	"checker": func(u, v float64) rgb {
		if (int(u*4)+int(v*4))%2 == 0 {
			return rgb{0.95, 0.95, 0.95}
		}
		return rgb{0.15, 0.2, 0.6}
	},
	// A handwritten-looking 7, white on black like the playground's input.
	"digit": func(u, v float64) rgb {
		d := math.Min(segmentDist(u, v, 0.25, 0.22, 0.75, 0.22), segmentDist(u, v, 0.75, 0.22, 0.42, 0.82))
		d = math.Min(d, segmentDist(u, v, 0.4, 0.52, 0.68, 0.52))
		if d < 0.065 {
			return rgb{1, 1, 1}
		}
		return rgb{0, 0, 0}
	},
}

// segmentDist is the distance from (u, v) to the segment (x0, y0)–(x1, y1).
func segmentDist(u, v, x0, y0, x1, y1 float64) float64 {
	dx, dy := x1-x0, y1-y0
	t := ((u-x0)*dx + (v-y0)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(u-x0-t*dx, v-y0-t*dy)
}
