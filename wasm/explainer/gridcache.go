package main

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// gridCache holds every grid that does not change from step to step,
// rendered once per plan and screen size: drawing a frame is then a few
// image copies plus the moving parts.
type gridCache struct {
	images  map[string]*ebiten.Image
	markers markers
}

// markers are the window-corner marks, drawn once: one image holds the
// three, so that a frame draws all of them in one batch.
type markers struct {
	size  int
	sheet *ebiten.Image
}

func newMarkers(cell, u float64) markers {
	d := math.Max(4*u, math.Round(cell*0.24))
	m := markers{size: int(d), sheet: ebiten.NewImage(3*int(d), int(d))}
	r := float32(d / 2)
	w := float32(math.Max(1, u))
	vector.DrawFilledCircle(m.sheet, r, r, r, colVisited, true)
	vector.StrokeCircle(m.sheet, float32(d)+r, r, r-w/2, w, colSkipped, true)
	x0, x1, lw := float32(2*d)+w, float32(3*d)-w, float32(math.Max(1.5, 1.5*u))
	vector.StrokeLine(m.sheet, x0, w, x1, float32(d)-w, lw, colSkipped, true)
	vector.StrokeLine(m.sheet, x0, float32(d)-w, x1, w, lw, colSkipped, true)
	return m
}

// sprite is the mark of anchor state a, or nil for none.
func (m markers) sprite(a steps.Anchor) *ebiten.Image {
	var k int
	switch a {
	case steps.AnchorVisited:
		k = 0
	case steps.AnchorSkipped:
		k = 1
	case steps.AnchorJustSkipped:
		k = 2
	default:
		return nil
	}
	return m.sheet.SubImage(image.Rect(k*m.size, 0, (k+1)*m.size, m.size)).(*ebiten.Image)
}

// cellFunc gives a cell's colour, its number (empty for none) and whether
// it is a padding cell.
type cellFunc func(row, col int) (clr color.RGBA, v float32, label, pad bool)

func newGridCache(p *steps.Plan, v *view) *gridCache {
	c := &gridCache{images: map[string]*ebiten.Image{}}
	in := v.panel("input")
	if in == nil {
		in = v.panel("chan0")
	}
	c.markers = newMarkers(in.cell, v.u)
	for _, pn := range v.panels {
		c.images[pn.id+"/empty"] = renderGrid(pn, v.u, func(int, int) (color.RGBA, float32, bool, bool) {
			return colEmpty, 0, false, false
		})
	}
	cfg := p.Config
	switch cfg.Scene {
	case steps.SceneConv, steps.ScenePool:
		label := cfg.Scene == steps.SceneConv // pooling ignores padding: no 0 to show
		c.images["input"] = renderGrid(v.panel("input"), v.u, paddedCells(p, 0, shadeGrey, label))
		out := p.Output(0)
		sh, scale := shadeGrey, float32(1)
		if cfg.Scene == steps.SceneConv {
			sh, scale = shadeDiverging, maxAbs(out)
			k := p.Filters[0].Kernels[0]
			c.images["kernel"] = renderGrid(v.panel("kernel"), v.u, mapCells(k.Data, p.WindowSize(), shadeDiverging, maxAbs(k.Data)))
		}
		c.images["output"] = renderGrid(v.panel("output"), v.u, mapCells(out, p.OutW(), sh, scale))
	case steps.SceneRGB:
		res := cfg.Res
		c.images["image"] = renderGrid(v.panel("image"), v.u, func(r, col int) (color.RGBA, float32, bool, bool) {
			px := p.Input.Data[(r*res+col)*3:]
			return color.RGBA{uint8(255 * px[0]), uint8(255 * px[1]), uint8(255 * px[2]), 0xff}, 0, false, false
		})
		for ch := range 3 {
			id := fmt.Sprint("chan", ch)
			c.images[id] = renderGrid(v.panel(id), v.u, paddedCells(p, ch, shadeRed+shade(ch), true))
		}
		for f, filt := range p.Filters {
			var ks []float32
			for _, k := range filt.Kernels {
				ks = append(ks, k.Data...)
			}
			all := append(append(append([]float32{}, filt.Sum.Data...), filt.PlusBias.Data...), filt.Activated.Data...)
			for _, part := range filt.Partials {
				all = append(all, part.Data...)
			}
			kscale, scale := maxAbs(ks), maxAbs(all)
			for ch, k := range filt.Kernels {
				id := fmt.Sprint("kern", ch)
				c.images[fmt.Sprint(id, "/", f)] = renderGrid(v.panel(id), v.u, mapCells(k.Data, p.WindowSize(), shadeDiverging, kscale))
				id = fmt.Sprint("part", ch)
				c.images[fmt.Sprint(id, "/", f)] = renderGrid(v.panel(id), v.u, mapCells(filt.Partials[ch].Data, p.OutW(), shadeDiverging, scale))
			}
			for i, m := range [][]float32{filt.Sum.Data, filt.PlusBias.Data, filt.Activated.Data} {
				c.images[fmt.Sprint(mapIDs[i], "/", f)] = renderGrid(v.panel(mapIDs[i]), v.u, mapCells(m, p.OutW(), shadeDiverging, scale))
			}
			id := fmt.Sprint("out", f)
			c.images[id] = renderGrid(v.panel(id), v.u, mapCells(filt.Activated.Data, p.OutW(), shadeDiverging, scale))
		}
	}
	return c
}

// paddedCells shows channel ch of the padded input.
func paddedCells(p *steps.Plan, ch int, sh shade, padLabel bool) cellFunc {
	return func(r, c int) (color.RGBA, float32, bool, bool) {
		v, pad := p.Padded(r, c, ch)
		if pad {
			return colPadFill, 0, padLabel, true
		}
		return colorOf(sh, v, 1), v, true, false
	}
}

// mapCells shows a row-major map of width w.
func mapCells(m []float32, w int, sh shade, scale float32) cellFunc {
	return func(r, c int) (color.RGBA, float32, bool, bool) {
		v := m[r*w+c]
		return colorOf(sh, v, scale), v, true, false
	}
}

// renderGrid draws a panel's cells into an image of the grid's size.
func renderGrid(p *panel, u float64, cell cellFunc) *ebiten.Image {
	cs := p.cell
	img := ebiten.NewImage(int(float64(p.cols)*cs), int(float64(p.rows)*cs))
	gap := 0.0
	if cs >= 8*u {
		gap = math.Max(1, math.Round(u))
		img.Fill(colGridLine)
	}
	ts := textScale(u)
	chars := cellChars(cs, u)
	for r := range p.rows {
		for c := range p.cols {
			clr, v, label, pad := cell(r, c)
			x, y := float64(c)*cs, float64(r)*cs
			box := rect{x, y, cs - gap, cs - gap}
			fillRect(img, box, clr)
			if pad {
				hatch(img, box, u)
			}
			if !label || chars < minChars {
				continue
			}
			if s, ok := cellText(v, chars); ok {
				drawTextMid(img, s, box.midX(), box.midY(), ts, inkOn(clr))
			}
		}
	}
	return img
}

// minChars is the fewest characters a cell must hold to show its number.
const minChars = 4

// cellChars is how many characters of ordinary text fit across a cell.
func cellChars(cs, u float64) int { return int((cs - 4*u) / (glyphW * textScale(u))) }

// fillRect fills r.
func fillRect(dst *ebiten.Image, r rect, clr color.Color) {
	vector.DrawFilledRect(dst, float32(r.x), float32(r.y), float32(r.w), float32(r.h), clr, false)
}

// strokeRect outlines r with a line of width w inside r.
func strokeRect(dst *ebiten.Image, r rect, w float64, clr color.Color) {
	vector.StrokeRect(dst, float32(r.x+w/2), float32(r.y+w/2), float32(r.w-w), float32(r.h-w), float32(w), clr, true)
}

// hatch draws diagonal lines across r: the mark of a fake padding cell.
func hatch(dst *ebiten.Image, r rect, u float64) {
	sub := dst.SubImage(image.Rect(int(r.x), int(r.y), int(math.Ceil(r.x+r.w)), int(math.Ceil(r.y+r.h)))).(*ebiten.Image)
	step := math.Max(4*u, r.w/3)
	for d := step / 2; d < r.w+r.h; d += step {
		vector.StrokeLine(sub, float32(r.x+d), float32(r.y), float32(r.x+d-r.h), float32(r.y+r.h), float32(math.Max(1, u)), colPadHatch, true)
	}
}
