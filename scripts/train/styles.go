package main

import (
	"math"
	"math/rand/v2"

	"github.com/svertka/svertka/core"
)

// MNIST was written by American Census Bureau employees and students. Much
// of the rest of the world writes a 1 with a long flag, which MNIST's model
// reads as a 7, and crosses its 7s. writingStyles adds both to training
// images, drawn with the digit's own stroke width, before the geometric
// distortions.
type writingStyles struct {
	Flag1     float64 `json:"flag_1"`      // probability of a flag on a 1
	Crossed7  float64 `json:"crossed_7"`   // probability of a bar across a 7
	FlagLen   float64 `json:"flag_length"` // longest flag, fraction of the digit's height
	FlagAngle float64 `json:"flag_angle"`  // steepest flag, degrees below horizontal (shallowest: 25°)
}

// apply maybe adds a style feature to img (28×28) of the given label.
func (s writingStyles) apply(img []float32, label int, rng *rand.Rand) {
	switch {
	case label == 1 && rng.Float64() < s.Flag1:
		length := 0.15 + rng.Float64()*(s.FlagLen-0.15)
		angle := 25 + rng.Float64()*(s.FlagAngle-25)
		addFlag(img, length, angle)
	case label == 7 && rng.Float64() < s.Crossed7:
		addCrossbar(img, 0.15+0.1*rng.Float64(), 0.45+0.15*rng.Float64())
	}
}

const field = core.PreprocessField

// inkBox returns the bounding box (x0, y0, x1, y1, exclusive) of the
// pixels with at least half ink, and the stroke width estimated as the ink
// per row in the box's lower half (a 7's bar or a 4's crossing are higher
// up); ok is false for a blank image.
func inkBox(img []float32) (x0, y0, x1, y1 int, width float64, ok bool) {
	x0, y0 = field, field
	for y := range field {
		for x := range field {
			if img[y*field+x] >= 0.5 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
			}
		}
	}
	if x1 <= x0 {
		return 0, 0, 0, 0, 0, false
	}
	mid := (y0 + y1) / 2
	var mass float64
	for _, v := range img[mid*field : y1*field] {
		mass += float64(v)
	}
	return x0, y0, x1, y1, mass / float64(y1-mid), true
}

// rowCentre returns the ink-weighted centre x of row y, in continuous
// coordinates.
func rowCentre(img []float32, y int) float64 {
	var m, mx float64
	for x := range field {
		v := float64(img[y*field+x])
		m += v
		mx += v * (float64(x) + 0.5)
	}
	if m == 0 {
		return field / 2
	}
	return mx / m
}

// addFlag draws a flag from the top of a 1's stem, down to the left:
// length × the digit's height long, angle degrees below horizontal. A 1 that
// is not a plain stroke — some row much wider than the stroke, as with a
// flag or a base already — is left alone.
func addFlag(img []float32, length, angle float64) {
	_, y0, _, y1, w, ok := inkBox(img)
	if !ok {
		return
	}
	for y := y0; y < y1; y++ {
		lo, hi := field, -1
		for x := range field {
			if img[y*field+x] >= 0.5 {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
		if float64(hi-lo+1) > 2*w+1 {
			return
		}
	}
	h := float64(y1 - y0)
	top := [2]float64{rowCentre(img, y0), float64(y0) + w/2}
	a := angle * math.Pi / 180
	end := [2]float64{top[0] - length*h*math.Cos(a), top[1] + length*h*math.Sin(a)}
	drawLine(img, top, end, w)
}

// addCrossbar draws a horizontal bar across a 7's stem at height at (0 top,
// 1 bottom), half × the digit's height to each side of the stem.
func addCrossbar(img []float32, half, at float64) {
	_, y0, _, y1, w, ok := inkBox(img)
	if !ok {
		return
	}
	h := float64(y1 - y0)
	row := y0 + int(at*h)
	y := float64(row) + 0.5
	x := rowCentre(img, row)
	drawLine(img, [2]float64{x - half*h, y}, [2]float64{x + half*h, y}, w)
}

// drawLine draws an anti-aliased segment of the given width (clamped to
// 1.5…4 pixels) with round ends, keeping the brighter of the line and the
// image.
func drawLine(img []float32, a, b [2]float64, width float64) {
	brushSegment(img, field, field, a, b, min(max(width, 1.5), 4)/2)
}
