package main

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// settle is how long after a step change frames keep being drawn, so that
// the last frame of the slide and of the fade-in is exact.
const settle = 0.1

// frame is what one Draw needs: the view, the step on screen, the step the
// window comes from and how far it has come.
type frame struct {
	g         *game
	v         *view
	dst       *ebiten.Image
	cur, prev steps.Step
	t         float64 // 0…1: window travel; the cell is written at 1
}

// Draw draws the current step. The screen keeps its pixels between frames
// (main calls ebiten.SetScreenClearedEveryFrame(false)), so a frame is
// drawn only while something moves or after a change: a software WebGL
// renderer then spends its time on nothing else.
func (g *game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.stale && g.moved > g.tweenTime()+settle {
		return
	}
	g.stale = false
	screen.Fill(colBackground)
	v := g.layout()
	if v == nil {
		return
	}
	f := &frame{g: g, v: v, dst: screen, cur: g.plan.Step(g.step), prev: g.plan.Step(g.from), t: g.tween()}
	for _, l := range v.links {
		f.link(l)
	}
	switch g.cfg.Scene {
	case steps.SceneRGB:
		f.drawRGB()
	default:
		f.drawSlide()
	}
	if g.host.drawsChrome() {
		f.drawChrome()
	}
}

// drawSlide draws the conv and pool scenes: input, kernel, window and output.
func (f *frame) drawSlide() {
	p := f.g.plan
	f.image("input", "input", 1)
	f.inputOverlay("input")
	if p.Config.Scene == steps.SceneConv {
		f.image("kernel", "kernel", 1)
	}
	f.zoom()
	f.revealed("output", "output", f.written())
	f.focusCell("output", f.cur.Phase == steps.PhaseCell && f.t >= 1)
}

// drawRGB draws the multichannel scene.
func (f *frame) drawRGB() {
	s := f.cur
	f.image("image", "image", 1)
	for ch := range 3 {
		id := fmt.Sprint("chan", ch)
		f.image(id, id, 1)
		f.inputOverlay(id)
		kid := fmt.Sprint("kern", ch)
		if s.Phase == steps.PhasePad {
			f.image(kid, kid+"/empty", 1)
		} else {
			f.image(kid, fmt.Sprint(kid, "/", s.Filter), 1)
		}
		pid := fmt.Sprint("part", ch)
		f.revealed(pid, fmt.Sprint(pid, "/", s.Filter), f.written())
		f.focusCell(pid, s.Phase != steps.PhasePad && f.t >= 1)
	}
	order := map[steps.Phase]int{steps.PhaseSum: 0, steps.PhaseBias: 1, steps.PhaseActivation: 2}
	at, mapPhase := order[s.Phase]
	for i, id := range mapIDs {
		if !mapPhase || i > at {
			f.image(id, id+"/empty", 1)
			continue
		}
		f.image(id, fmt.Sprint(id, "/", s.Filter), f.fadeIn(i == at))
		f.focusCell(id, i == at)
	}
	for out := range 2 {
		id := fmt.Sprint("out", out)
		done := out < s.Filter || out == s.Filter && s.Phase == steps.PhaseActivation
		if !done {
			f.image(id, id+"/empty", 1)
			continue
		}
		last := out == s.Filter
		f.image(id, id, f.fadeIn(last))
		f.focusCell(id, last)
	}
}

// fadeIn is the opacity of a map that appears at this step.
func (f *frame) fadeIn(appearing bool) float64 {
	if appearing && f.g.from == f.g.step-1 {
		return math.Min(1, f.g.moved/f.g.tweenTime())
	}
	return 1
}

// written is how many output cells of the current filter are on screen:
// those before the current cell, plus the current one once the window has
// arrived; every cell after the cell steps.
func (f *frame) written() int {
	switch f.cur.Phase {
	case steps.PhasePad:
		return 0
	case steps.PhaseCell:
		if f.t >= 1 {
			return f.cur.Cell + 1
		}
		return f.cur.Cell
	}
	return f.g.plan.OutH() * f.g.plan.OutW()
}

// image draws a cached grid image into panel id with opacity alpha.
func (f *frame) image(id, key string, alpha float64) {
	pn := f.v.panel(id)
	img := f.g.cache.images[key]
	if pn == nil || img == nil {
		return
	}
	g := pn.grid(f.v.title)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(g.x, g.y)
	op.ColorScale.ScaleAlpha(float32(alpha))
	f.dst.DrawImage(img, op)
}

// revealed draws the first n cells (row by row) of a cached grid over its
// empty version.
func (f *frame) revealed(id, key string, n int) {
	f.image(id, id+"/empty", 1)
	pn := f.v.panel(id)
	img := f.g.cache.images[key]
	if pn == nil || img == nil || n <= 0 {
		return
	}
	g := pn.grid(f.v.title)
	cs := int(pn.cell)
	full, part := n/pn.cols, n%pn.cols
	for _, r := range []image.Rectangle{
		image.Rect(0, 0, pn.cols*cs, full*cs),
		image.Rect(0, full*cs, part*cs, (full+1)*cs),
	} {
		if r.Empty() {
			continue
		}
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(g.x+float64(r.Min.X), g.y+float64(r.Min.Y))
		f.dst.DrawImage(img.SubImage(r).(*ebiten.Image), op)
	}
}

// inputOverlay marks the real input in the pad step, and the window
// corners and the window itself afterwards.
func (f *frame) inputOverlay(id string) {
	pn := f.v.panel(id)
	p, u := f.g.plan, f.v.u
	if f.cur.Phase == steps.PhasePad {
		a := pn.cellAt(f.v.title, p.Height.PadBefore, p.Width.PadBefore)
		b := pn.cellAt(f.v.title, p.Height.PadBefore+p.Height.In-1, p.Width.PadBefore+p.Width.In-1)
		focusRect(f.dst, rect{a.x, a.y, b.x + b.w - a.x, b.y + b.h - a.y}, u)
		return
	}
	if f.g.showAnchors {
		f.anchors(pn)
	}
	if f.cur.Phase == steps.PhaseCell || f.cur.Window.Taps != nil {
		f.window(pn)
	}
}

// anchors marks where windows started (dots), and the places the stride
// skipped (rings, crosses for those skipped on the way to this step).
func (f *frame) anchors(pn *panel) {
	pw := f.g.plan.PaddedW()
	m := f.g.cache.markers
	d := float64(m.size)
	for i, a := range f.g.stepAnchors() {
		sprite := m.sprite(a)
		if sprite == nil {
			continue
		}
		c := pn.cellAt(f.v.title, i/pw, i%pw)
		// Markers sit in the upper-left corner of the cell, clear of its
		// number, or in the middle when the cell shows none.
		inset := math.Min(2*f.v.u, c.w/10)
		if !f.g.cache.inputNumbers {
			inset = (c.w - d) / 2
		}
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(math.Round(c.x+inset), math.Round(c.y+inset))
		f.dst.DrawImage(sprite, op)
	}
}

// window outlines the window, sliding from its previous place, and dims
// the cells a dilated window spans but does not read.
func (f *frame) window(pn *panel) {
	w := f.cur.Window
	box := f.windowRect(pn, w)
	if pw := f.prev.Window; pw.Taps != nil && f.t < 1 {
		from := f.windowRect(pn, pw)
		box = rect{lerp(from.x, box.x, f.t), lerp(from.y, box.y, f.t), lerp(from.w, box.w, f.t), lerp(from.h, box.h, f.t)}
	}
	if d := f.g.plan.Config.Dilation; d > 1 && f.g.cfg.Scene != steps.ScenePool && f.t >= 1 {
		for r := w.Top; r <= w.Bottom; r++ {
			for c := w.Left; c <= w.Right; c++ {
				cell := pn.cellAt(f.v.title, r, c)
				if (r-w.Top)%d != 0 || (c-w.Left)%d != 0 {
					fillRect(f.dst, cell, colHole)
				} else {
					strokeRect(f.dst, cell, math.Max(1, 1.5*f.v.u), colFocus)
				}
			}
		}
	}
	focusRect(f.dst, box, f.v.u)
}

func (f *frame) windowRect(pn *panel, w steps.Window) rect {
	a := pn.cellAt(f.v.title, w.Top, w.Left)
	b := pn.cellAt(f.v.title, w.Bottom, w.Right)
	return rect{a.x, a.y, b.x + b.w - a.x, b.y + b.h - a.y}
}

func lerp(a, b, t float64) float64 { return a + (b-a)*t }

// focusCell outlines the step's output cell in panel id.
func (f *frame) focusCell(id string, on bool) {
	pn := f.v.panel(id)
	if !on || pn == nil || f.cur.Cell < 0 {
		return
	}
	focusRect(f.dst, pn.cellAt(f.v.title, f.cur.Row, f.cur.Col), f.v.u)
}

// focusRect is the one highlight of the explainer: a bright frame with a
// dark edge, visible on light and dark cells alike. It straddles the edge
// of r, so that it covers as little of the cells inside as of those
// outside: focusReach(u) of each.
func focusRect(dst *ebiten.Image, r rect, u float64) {
	d := focusReach(u)
	w := 1.5 / 2.5 * 2 * d // the bright line; the dark edges take the rest
	strokeRect(dst, rect{r.x - d, r.y - d, r.w + 2*d, r.h + 2*d}, 2*d, colFocusEdge)
	strokeRect(dst, rect{r.x - w/2, r.y - w/2, r.w + w, r.h + w}, w, colFocus)
}

// focusReach is how far focusRect reaches into and out of its rectangle.
func focusReach(u float64) float64 { return 1.25 * math.Max(2, math.Round(2*u)) }

// zoom shows the window's cells large: input × kernel products for a
// convolution, the values with the chosen one for pooling, and the result.
func (f *frame) zoom() {
	pn := f.v.panel("zoom")
	s, p := f.cur, f.g.plan
	if s.Phase != steps.PhaseCell {
		f.image("zoom", "zoom/empty", 1)
		return
	}
	g := pn.grid(f.v.title)
	u, nums := f.v.u, f.g.cache.zoom
	term := s.Terms[0]
	var wmax float32
	for _, w := range term.W {
		wmax = max(wmax, w, -w)
	}
	gap := math.Max(1, math.Round(u))
	fillRect(f.dst, g, colGridLine)
	for i, tap := range s.Window.Taps {
		c := pn.cellAt(f.v.title, tap.KRow, tap.KCol)
		box := rect{c.x, c.y, c.w - gap, c.h - gap}
		x := term.X[i]
		var clr color.RGBA
		v := x
		switch {
		case tap.Pad && p.Config.Scene == steps.ScenePool:
			fillRect(f.dst, box, colPadFill)
			hatch(f.dst, box, u)
			continue
		case p.Config.Scene == steps.ScenePool:
			clr = colorOf(shadeGrey, x, 1)
		default:
			v = x * term.W[i]
			clr = colorOf(shadeDiverging, v, wmax)
		}
		fillRect(f.dst, box, clr)
		if tap.Pad {
			hatch(f.dst, box, u)
		}
		if nums != nil {
			drawTextMid(f.dst, nums.format(v), nums.face, box.midX(), box.midY(), inkOn(clr))
		}
	}
	if s.Chosen >= 0 {
		t := s.Window.Taps[s.Chosen]
		focusRect(f.dst, pn.cellAt(f.v.title, t.KRow, t.KCol), u)
	}
	if f.t >= 1 {
		drawText(f.dst, "= "+steps.Number(s.Value, f.g.lang), f.v.result, g.midX(), g.y+g.h+resultGap*u, colInk, text.AlignCenter)
	}
}

// link draws an arrow, or an operator, between two panels.
func (f *frame) link(l link) {
	a, b := f.v.panel(l.from), f.v.panel(l.to)
	if a == nil || b == nil {
		return
	}
	ga, gb := a.grid(f.v.title), b.grid(f.v.title)
	gap := 6 * f.v.u
	var x0, y0, x1, y1 float64
	switch {
	case gb.x >= ga.x+ga.w:
		x0, y0, x1, y1 = ga.x+ga.w+gap, ga.midY(), gb.x-gap, gb.midY()
	case gb.y >= ga.y+ga.h+a.foot:
		// Downwards the link starts below the result line of the upper
		// panel and ends above the title of the lower one.
		x0, y0, x1, y1 = ga.midX(), ga.y+ga.h+a.foot+gap, gb.midX(), gb.y-f.v.title
	default:
		return
	}
	if l.sym != "" {
		size := 5 * f.v.u
		if math.Hypot(x1-x0, y1-y0) >= 3*size {
			operator(f.dst, l.sym, (x0+x1)/2, (y0+y1)/2, size, f.v.u)
		}
		return
	}
	arrow(f.dst, x0, y0, x1, y1, f.v.u)
}

// operator draws "x" (times) or "=" centred on (x, y), size from the centre.
func operator(dst *ebiten.Image, sym string, x, y, size, u float64) {
	w := float32(math.Max(1.5, 2*u))
	line := func(x0, y0, x1, y1 float64) {
		vector.StrokeLine(dst, float32(x0), float32(y0), float32(x1), float32(y1), w, colInkSoft, true)
	}
	switch sym {
	case "x":
		d := size * 0.75
		line(x-d, y-d, x+d, y+d)
		line(x-d, y+d, x+d, y-d)
	case "=":
		line(x-size, y-size/2, x+size, y-size/2)
		line(x-size, y+size/2, x+size, y+size/2)
	}
}

// arrow draws a line from (x0, y0) to (x1, y1) with a head at the end.
func arrow(dst *ebiten.Image, x0, y0, x1, y1, u float64) {
	if math.Hypot(x1-x0, y1-y0) < 8*u {
		return
	}
	w := float32(math.Max(1, 1.5*u))
	vector.StrokeLine(dst, float32(x0), float32(y0), float32(x1), float32(y1), w, colArrow, true)
	a := math.Atan2(y1-y0, x1-x0)
	for _, s := range []float64{-1, 1} {
		hx, hy := x1-7*u*math.Cos(a+s*0.45), y1-7*u*math.Sin(a+s*0.45)
		vector.StrokeLine(dst, float32(x1), float32(y1), float32(hx), float32(hy), w, colArrow, true)
	}
}
