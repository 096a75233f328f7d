package main

import (
	"image/color"
	"math"
)

// Colours, matching the playground (site/style.css, site/js/colormap.js).
// Signed values use its blue–white–orange diverging scale, readable with
// the common colour-vision deficiencies; markers differ in shape as well as
// colour.
var (
	colBackground = color.RGBA{0xff, 0xff, 0xff, 0xff}
	colGridLine   = color.RGBA{0x00, 0x00, 0x00, 0x30}
	colPadFill    = color.RGBA{0xdd, 0xd6, 0xec, 0xff}
	colPadHatch   = color.RGBA{0x8f, 0x7f, 0xb8, 0xff}
	colEmpty      = color.RGBA{0xea, 0xe8, 0xe2, 0xff}
	colInk        = color.RGBA{0x1b, 0x21, 0x30, 0xff}
	colInkSoft    = color.RGBA{0x59, 0x60, 0x71, 0xff}
	colPaper      = color.RGBA{0xff, 0xff, 0xff, 0xff}
	colFocus      = color.RGBA{0xff, 0xc4, 0x00, 0xff} // window and the cell it writes
	colFocusEdge  = color.RGBA{0x1c, 0x1c, 0x1c, 0xff}
	colVisited    = color.RGBA{0xe0, 0x8a, 0x00, 0xff}
	colSkipped    = color.RGBA{0xd5, 0x3e, 0x00, 0xff}
	colHole       = color.RGBA{0x00, 0x00, 0x00, 0x70} // cells inside a dilated window that it does not read
	colArrow      = color.RGBA{0x70, 0x70, 0x70, 0xff}

	// diverging runs from −1 to 1: the blue half of ColorBrewer RdBu, the
	// orange half of PuOr, white at 0 (as the playground's BLUE_ORANGE).
	diverging = [...][3]float64{
		{0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3}, {0x92, 0xc5, 0xde}, {0xd1, 0xe5, 0xf0},
		{0xf7, 0xf7, 0xf7},
		{0xfe, 0xe0, 0xb6}, {0xfd, 0xb8, 0x63}, {0xe0, 0x82, 0x14}, {0xb3, 0x58, 0x06}, {0x7f, 0x3b, 0x08},
	}
)

// channelTints are the colours of the red, green and blue channel views
// (value 1); value 0 is black.
var channelTints = [3][3]float64{{0xe8, 0x2e, 0x2e}, {0x2e, 0xb0, 0x48}, {0x33, 0x66, 0xf0}}

// shade is how a grid shows its values.
type shade int

const (
	shadeGrey shade = iota // 0 black … 1 white
	shadeRed               // channel tints
	shadeGreen
	shadeBlue
	shadeDiverging // signed, scaled by the largest |value| of the map
)

// colorOf maps v to a colour; scale is the largest |value| of the map
// (shadeDiverging only).
func colorOf(s shade, v, scale float32) color.RGBA {
	switch s {
	case shadeGrey:
		g := uint8(math.Round(255 * clamp01(float64(v))))
		return color.RGBA{g, g, g, 0xff}
	case shadeRed, shadeGreen, shadeBlue:
		t, k := clamp01(float64(v)), channelTints[s-shadeRed]
		return color.RGBA{uint8(t * k[0]), uint8(t * k[1]), uint8(t * k[2]), 0xff}
	}
	t := 0.0
	if scale > 0 {
		t = math.Max(-1, math.Min(1, float64(v/scale)))
	}
	pos := (t + 1) / 2 * float64(len(diverging)-1)
	k := min(int(pos), len(diverging)-2)
	f := pos - float64(k)
	var c [3]uint8
	for i := range c {
		c[i] = uint8(math.Round(diverging[k][i] + (diverging[k+1][i]-diverging[k][i])*f))
	}
	return color.RGBA{c[0], c[1], c[2], 0xff}
}

// inkOn picks a text colour that reads on background bg.
func inkOn(bg color.RGBA) color.RGBA {
	lum := 0.299*float64(bg.R) + 0.587*float64(bg.G) + 0.114*float64(bg.B)
	if lum > 140 {
		return colInk
	}
	return colPaper
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

// maxAbs is the scale of a diverging map.
func maxAbs(v []float32) float32 {
	var m float32
	for _, x := range v {
		m = max(m, x, -x)
	}
	return m
}
