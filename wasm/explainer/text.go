package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
)

// The canvas shows numbers and, on the desktop, short English labels; the
// page puts every word (in English or Russian) in HTML around the canvas.
// Glyphs come from ebiten's built-in debug font, printed once into an
// atlas so that they can be scaled and tinted.
const (
	glyphW, glyphH = 6, 16
	// glyphTop and glyphInk are where the ink of a digit sits in its cell.
	glyphTop, glyphInk = 3, 9
	glyphChars         = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
)

var glyphAtlas *ebiten.Image

func glyph(r rune) *ebiten.Image {
	if glyphAtlas == nil {
		glyphAtlas = ebiten.NewImage(len(glyphChars)*glyphW, glyphH)
		// DebugPrintAt draws at x+1.
		ebitenutil.DebugPrintAt(glyphAtlas, glyphChars, -1, 0)
	}
	i := strings.IndexRune(glyphChars, r)
	if i < 0 {
		i = strings.IndexRune(glyphChars, '?')
	}
	return glyphAtlas.SubImage(image.Rect(i*glyphW, 0, (i+1)*glyphW, glyphH)).(*ebiten.Image)
}

// ascii replaces the typographic characters core and steps use with what
// the debug font has.
var ascii = strings.NewReplacer("−", "-", "·", "*", "×", "x", "–", "-", "≤", "<=", "→", "->")

// textWidth is the width of s drawn at scale.
func textWidth(s string, scale float64) float64 {
	return float64(len([]rune(ascii.Replace(s)))) * glyphW * scale
}

// textHeight is the line height at scale.
func textHeight(scale float64) float64 { return glyphH * scale }

// drawTextMid draws s centred on (x, y).
func drawTextMid(dst *ebiten.Image, s string, x, y, scale float64, clr color.Color) {
	drawText(dst, s, x, y-(glyphTop+glyphInk/2.0)*scale, scale, clr, 1)
}

// drawText draws s with its top-left corner at (x, y) (align 0), centred
// on x (align 1) or ending at x (align 2).
func drawText(dst *ebiten.Image, s string, x, y, scale float64, clr color.Color, align int) {
	s = ascii.Replace(s)
	x -= textWidth(s, scale) * float64(align) / 2
	op := &ebiten.DrawImageOptions{}
	op.ColorScale.ScaleWithColor(clr)
	for _, r := range s {
		op.GeoM.Reset()
		op.GeoM.Scale(scale, scale)
		op.GeoM.Translate(math.Round(x), math.Round(y))
		dst.DrawImage(glyph(r), op)
		x += glyphW * scale
	}
}

// cellText formats a cell value to fit n characters: two decimals, or
// one; a value that needs more room is not shown (its rounding to a whole
// number would mislead: 0.3 is not 0).
func cellText(v float32, n int) (string, bool) {
	for _, f := range []string{"%.2f", "%.1f"} {
		s := trimZero(fmt.Sprintf(f, v))
		if len(s) <= n {
			return s, true
		}
	}
	return "", false
}

// trimZero drops the sign of a zero ("-0.00" → "0.00").
func trimZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}
