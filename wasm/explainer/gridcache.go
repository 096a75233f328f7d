package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

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
	// inputNumbers says whether the input grids write their values (the
	// window-corner marks then keep to a corner); zoom is how the close-up
	// of the window writes them (nil: it cannot).
	inputNumbers bool
	zoom         *numbers
}

// dispose frees the cache's images at once, rather than when the garbage
// collector gets to them: a new language or screen size replaces them all.
func (c *gridCache) dispose() {
	for _, img := range c.images {
		img.Deallocate()
	}
	c.markers.sheet.Deallocate()
}

// markers are the window-corner marks, drawn once: one image holds the
// three, so that a frame draws all of them in one batch.
type markers struct {
	size  int
	sheet *ebiten.Image
}

func newMarkers(cell, u float64) markers {
	d := math.Max(4*u, math.Round(cell*0.2))
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

// cellFunc gives a cell's colour, its value, whether the value is written
// and whether it is a padding cell.
type cellFunc func(row, col int) (clr color.RGBA, v float32, label, pad bool)

// newGridCache renders the grids of plan p laid out in v, numbers written
// as lang writes them.
func newGridCache(p *steps.Plan, v *view, lang string) *gridCache {
	c := &gridCache{images: map[string]*ebiten.Image{}}
	in := v.panel("input")
	if in == nil {
		in = v.panel("chan0")
	}
	c.markers = newMarkers(in.cell, v.u)
	for _, pn := range v.panels {
		c.images[pn.id+"/empty"] = renderGrid(pn, v.u, nil, func(int, int) (color.RGBA, float32, bool, bool) {
			return colEmpty, 0, false, false
		})
	}
	// fit is how panels with cells like id's write values, one grid of
	// values per panel.
	fit := func(id string, size float64, grids ...[]float32) []*numbers {
		return fitNumbers(v.panel(id).cell, v.u, size, lang, grids...)
	}
	grid := func(key, id string, n *numbers, cell cellFunc) {
		c.images[key] = renderGrid(v.panel(id), v.u, n, cell)
	}
	cfg := p.Config
	switch cfg.Scene {
	case steps.SceneConv, steps.ScenePool:
		label := cfg.Scene == steps.SceneConv // pooling ignores padding: no 0 to show
		out := p.Output(0)
		// Input and output have cells of one size (see newView).
		n := fit("input", maxNumber, p.Input.Data, out)
		c.inputNumbers = n[0] != nil
		grid("input", "input", n[0], paddedCells(p, 0, shadeGrey, label))
		// The close-up writes the window's values, times the kernel's
		// weights for a convolution.
		zoom := p.Input.Data
		sh, scale := shadeGrey, float32(1)
		if cfg.Scene == steps.SceneConv {
			sh, scale = shadeDiverging, maxAbs(out)
			k := p.Filters[0].Kernels[0].Data
			grid("kernel", "kernel", fit("kernel", maxNumber, k)[0], mapCells(k, p.WindowSize(), shadeDiverging, maxAbs(k)))
			// The extremes of the products: extreme input times extreme weight.
			zoom = nil
			for _, x := range []float32{slices.Min(p.Input.Data), slices.Max(p.Input.Data)} {
				for _, w := range []float32{slices.Min(k), slices.Max(k)} {
					zoom = append(zoom, x*w)
				}
			}
		}
		grid("output", "output", n[1], mapCells(out, p.OutW(), sh, scale))
		c.zoom = fit("zoom", zoomNumber, zoom)[0]
	case steps.SceneRGB:
		res := cfg.Res
		c.images["image"] = renderGrid(v.panel("image"), v.u, nil, func(r, col int) (color.RGBA, float32, bool, bool) {
			px := p.Input.Data[(r*res+col)*3:]
			return color.RGBA{uint8(255 * px[0]), uint8(255 * px[1]), uint8(255 * px[2]), 0xff}, 0, false, false
		})
		// Channels, partial maps, their sum, bias, activation and the
		// outputs have cells of one size (see layoutRGB): their numbers
		// look alike, whichever filter they show.
		var kernels, maps [][]float32
		for _, filt := range p.Filters {
			for ch, k := range filt.Kernels {
				kernels = append(kernels, k.Data)
				maps = append(maps, filt.Partials[ch].Data)
			}
			maps = append(maps, filt.Sum.Data, filt.PlusBias.Data, filt.Activated.Data)
		}
		kernN := fit("kern0", maxNumber, slices.Concat(kernels...))[0]
		n := fit("chan0", maxNumber, p.Input.Data, slices.Concat(maps...))
		inN, mapN := n[0], n[1]
		c.inputNumbers = inN != nil
		for ch := range 3 {
			id := fmt.Sprint("chan", ch)
			grid(id, id, inN, paddedCells(p, ch, shadeRed+shade(ch), true))
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
				grid(fmt.Sprint(id, "/", f), id, kernN, mapCells(k.Data, p.WindowSize(), shadeDiverging, kscale))
				id = fmt.Sprint("part", ch)
				grid(fmt.Sprint(id, "/", f), id, mapN, mapCells(filt.Partials[ch].Data, p.OutW(), shadeDiverging, scale))
			}
			for i, m := range [][]float32{filt.Sum.Data, filt.PlusBias.Data, filt.Activated.Data} {
				grid(fmt.Sprint(mapIDs[i], "/", f), mapIDs[i], mapN, mapCells(m, p.OutW(), shadeDiverging, scale))
			}
			id := fmt.Sprint("out", f)
			grid(id, id, mapN, mapCells(filt.Activated.Data, p.OutW(), shadeDiverging, scale))
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

// renderGrid draws a panel's cells into an image of the grid's size,
// writing their values with n (nil: none).
func renderGrid(p *panel, u float64, n *numbers, cell cellFunc) *ebiten.Image {
	cs := p.cell
	img := ebiten.NewImage(int(float64(p.cols)*cs), int(float64(p.rows)*cs))
	gap := 0.0
	if cs >= 8*u {
		gap = math.Max(1, math.Round(u))
		img.Fill(colGridLine)
	}
	for r := range p.rows {
		for c := range p.cols {
			clr, v, label, pad := cell(r, c)
			x, y := float64(c)*cs, float64(r)*cs
			box := rect{x, y, cs - gap, cs - gap}
			fillRect(img, box, clr)
			if pad {
				hatch(img, box, u)
			}
			if !label || n == nil {
				continue
			}
			s := n.format(v)
			if pad {
				s = "0" // a fake cell: exactly zero, not a measured value
			}
			drawTextMid(img, s, n.face, box.midX(), box.midY(), inkOn(clr))
		}
	}
	return img
}

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
