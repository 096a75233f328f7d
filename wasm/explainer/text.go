package main

import (
	"bytes"
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/svertka/svertka/wasm/explainer/steps"
	"golang.org/x/image/font/gofont/goregular"
)

// Canvas text is set in Go Regular (golang.org/x/image/font/gofont), which
// covers Latin and Cyrillic and has tabular digits, so that the numbers of
// a grid line up. Sizes are in device pixels, like the whole screen (see
// game.LayoutF): glyphs are rasterised at the resolution they are shown
// at, and stay sharp at any device pixel ratio.
var goRegular = mustFaceSource(goregular.TTF)

func mustFaceSource(ttf []byte) *text.GoTextFaceSource {
	s, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
	if err != nil {
		panic(err) // the font is compiled in: it cannot fail to parse
	}
	return s
}

// face is Go Regular at size device pixels, rounded to a whole pixel: the
// glyph caches are per size, and a handful of sizes keeps them small.
func face(size float64) *text.GoTextFace { return faceOf(goRegular, size) }

// boldFace is face in Go Bold, for the desktop program's titles.
func boldFace(size float64) *text.GoTextFace { return faceOf(boldSource, size) }

func faceOf(src *text.GoTextFaceSource, size float64) *text.GoTextFace {
	return &text.GoTextFace{Source: src, Size: math.Max(1, math.Round(size))}
}

// lineHeight is the height of a line of f, ascent to descent.
func lineHeight(f *text.GoTextFace) float64 {
	m := f.Metrics()
	return math.Ceil(m.HAscent + m.HDescent)
}

// textWidth is the advance of s in f.
func textWidth(s string, f *text.GoTextFace) float64 { return text.Advance(s, f) }

// drawText draws s with the top of its line at y, starting at x (align
// text.AlignStart), centred on x (AlignCenter) or ending at x (AlignEnd).
// The start goes to a whole pixel, so that every glyph is drawn the same
// way wherever the line is.
func drawText(dst *ebiten.Image, s string, f *text.GoTextFace, x, y float64, clr color.Color, align text.Align) {
	x -= textWidth(s, f) * float64(align) / 2
	op := &text.DrawOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(clr)
	text.Draw(dst, s, f, op)
}

// drawTextMid draws s centred on (x, y): horizontally by its advance,
// vertically by the height of its digits and capitals, which is what the
// eye centres (descenders and the room above capitals do not count).
func drawTextMid(dst *ebiten.Image, s string, f *text.GoTextFace, x, y float64, clr color.Color) {
	m := f.Metrics()
	baseline := math.Round(y + m.CapHeight/2)
	drawText(dst, s, f, x, baseline-m.HAscent, clr, text.AlignCenter)
}

// numbers is how a grid writes its values: one face for all its cells, so
// that they line up, and as many decimals as fit.
type numbers struct {
	face *text.GoTextFace
	dec  int
	lang string
}

func (n *numbers) format(v float32) string { return steps.Decimals(v, n.dec, n.lang) }

// Sizes of the numbers in cells, in CSS pixels.
const (
	minNumber  = 8.5 // smaller is hard to read: the close-up panel shows such cells instead
	maxNumber  = 13  // in the grids
	zoomNumber = 17  // in the close-up of the window
)

// fitNumbers picks how grids with cells of side cell (device pixels, u
// per CSS pixel) write their values: one face for all, so that numbers
// side by side look alike, the largest up to maxSize CSS pixels with
// which each grid fits two decimals, or one; never a whole number, whose
// rounding would mislead (0.3 is not 0). A grid whose numbers would not
// be legible gets nil. Each grid is given by its values.
func fitNumbers(cell, u, maxSize float64, lang string, grids ...[]float32) []*numbers {
	smallest := math.Max(9, minNumber*u)
	// size is the largest face writing vals with dec decimals: the digits
	// take about a third of the cell's height and keep clear of its edges,
	// and of the focus frame should it highlight the cell.
	room := math.Min(0.72*cell, cell-2*(focusReach(u)+u))
	probe := face(100)
	size := func(vals []float32, dec int) float64 {
		widest := steps.Decimals(maxAbs(vals), dec, lang)
		if slices.Min(vals) < 0 {
			widest = "−" + widest
		}
		perPixel := textWidth(widest, probe) / probe.Size
		return math.Floor(math.Min(math.Min(maxSize*u, 0.42*cell), room/perPixel))
	}
	// The common face: as large as the tightest grid allows with two
	// decimals, but legible; a grid that cannot then fit two, writes one.
	common := maxSize * u
	for _, g := range grids {
		common = math.Min(common, math.Max(size(g, 2), smallest))
	}
	out := make([]*numbers, len(grids))
	for i, g := range grids {
		for _, dec := range []int{2, 1} {
			if size(g, dec) >= common {
				out[i] = &numbers{face: face(common), dec: dec, lang: lang}
				break
			}
		}
	}
	return out
}
