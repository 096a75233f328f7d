package main

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// view is the layout of one scene on a screen of a given size: its panels
// and the links drawn between them.
type view struct {
	u      float64 // device pixels per CSS pixel
	title  float64 // room above each grid for its title
	panels []*panel
	links  []link
	status rect             // desktop only: the description under the panels
	result *text.GoTextFace // the "= value" line under the window
}

// link joins two panels with an arrow, or with an operator symbol.
type link struct {
	from, to string
	sym      string
}

func (v *view) panel(id string) *panel {
	for _, p := range v.panels {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (v *view) add(id string, area rect, rows, cols int) *panel {
	p := &panel{id: id, area: area.inset(6 * v.u), rows: rows, cols: cols}
	v.panels = append(v.panels, p)
	return p
}

// newView lays out the scene of plan on a w×h screen. chrome reserves room
// for the header and status lines the desktop program draws itself.
func newView(plan *steps.Plan, w, h, u float64, chrome bool) *view {
	v := &view{u: u, title: 22 * u}
	area := rect{0, 0, w, h}.inset(6 * u)
	if chrome {
		lh := lineHeight(chromeFace(u))
		head := 3*lh + 8*u
		v.status = rect{area.x, area.y + area.h - 2*lh, area.w, 2 * lh}
		area = rect{area.x, area.y + head, area.w, area.h - head - v.status.h - 4*u}
	}
	wide := area.w >= 1.2*area.h
	ph, pw, oh, ow := plan.PaddedH(), plan.PaddedW(), plan.OutH(), plan.OutW()
	k := plan.WindowSize()
	bigCell := 64 * u
	switch plan.Config.Scene {
	case steps.SceneRGB:
		v.layoutRGB(plan, area, wide)
	default:
		var in, mid, out rect
		// Between the panels go the arrows: a gap of arrowGap each.
		v.result = face(18 * u)
		if wide {
			g := arrowGap * u / area.w
			c := area.cols(0.74*float64(pw)/float64(pw+ow)-g, g, 0.26-g, g, 0.74*float64(ow)/float64(pw+ow))
			in, mid, out = c[0], c[2], c[4]
		} else {
			// Narrow screens give the kernel and the window a larger share,
			// and the result line smaller digits.
			v.result = face(15 * u)
			g := arrowGap * u / area.h
			r := area.rows(0.64*float64(ph)/float64(ph+oh)-g, g, 0.36-g, g, 0.64*float64(oh)/float64(ph+oh))
			in, mid, out = r[0], r[2], r[4]
		}
		input := v.add("input", in, ph, pw)
		output := v.add("output", out, oh, ow)
		fit(v.title, 56*u, input, output)
		if plan.Config.Scene == steps.ScenePool {
			zoom := v.add("zoom", mid, k, k)
			zoom.foot = lineHeight(v.result) + resultGap*u
			fit(v.title, bigCell, zoom)
			v.links = []link{{"input", "zoom", ""}, {"zoom", "output", ""}}
			break
		}
		var halves []rect
		if wide {
			halves = mid.rows(1, 1.2)
		} else {
			halves = mid.cols(1, 1.2)
		}
		kernel := v.add("kernel", halves[0], k, k)
		zoom := v.add("zoom", halves[1], k, k)
		zoom.foot = lineHeight(v.result) + resultGap*u
		fit(v.title, bigCell, kernel, zoom)
		v.links = []link{{"input", "zoom", ""}, {"kernel", "zoom", "x"}, {"zoom", "output", ""}}
	}
	return v
}

func (v *view) layoutRGB(plan *steps.Plan, area rect, wide bool) {
	ph, pw, oh, ow, k, res := plan.PaddedH(), plan.PaddedW(), plan.OutH(), plan.OutW(), plan.WindowSize(), plan.Config.Res
	var chans, kerns, parts, maps, outs []*panel
	var image *panel
	if wide {
		c := area.cols(0.9, 1.25, 0.6, 1, 1, 1)
		image = v.add("image", c[0].rows(1, 1, 1)[1], res, res)
		for i, r := range c[1].rows(1, 1, 1) {
			chans = append(chans, v.add(fmt.Sprint("chan", i), r, ph, pw))
		}
		for i, r := range c[2].rows(1, 1, 1) {
			kerns = append(kerns, v.add(fmt.Sprint("kern", i), r, k, k))
		}
		for i, r := range c[3].rows(1, 1, 1) {
			parts = append(parts, v.add(fmt.Sprint("part", i), r, oh, ow))
		}
		for i, r := range c[4].rows(1, 1, 1) {
			maps = append(maps, v.add(mapIDs[i], r, oh, ow))
		}
		for i, r := range c[5].rows(1, 1, 1)[:2] {
			outs = append(outs, v.add(fmt.Sprint("out", i), r, oh, ow))
		}
	} else {
		r := area.rows(1, 1, 1, 1, 1)
		top := r[0].cols(1, 1, 1)
		image = v.add("image", top[0], res, res)
		for i := range 2 {
			outs = append(outs, v.add(fmt.Sprint("out", i), top[i+1], oh, ow))
		}
		for i := range 3 {
			c := r[i+1].cols(1.25, 0.6, 1)
			chans = append(chans, v.add(fmt.Sprint("chan", i), c[0], ph, pw))
			kerns = append(kerns, v.add(fmt.Sprint("kern", i), c[1], k, k))
			parts = append(parts, v.add(fmt.Sprint("part", i), c[2], oh, ow))
		}
		for i, c := range r[4].cols(1, 1, 1) {
			maps = append(maps, v.add(mapIDs[i], c, oh, ow))
		}
	}
	grids := append(append(append(append([]*panel{image}, chans...), parts...), maps...), outs...)
	fit(v.title, 40*v.u, grids...)
	fit(v.title, 40*v.u, kerns...)
	for i := range 3 {
		v.links = append(v.links, link{chans[i].id, kerns[i].id, "x"}, link{kerns[i].id, parts[i].id, "="})
	}
	// On a narrow screen the rows speak for themselves; arrows would cross them.
	if wide {
		for i := range 3 {
			v.links = append(v.links, link{"image", chans[i].id, ""}, link{parts[i].id, "sum", ""})
		}
		v.links = append(v.links, link{"sum", "bias", ""}, link{"bias", "act", ""}, link{"act", "out0", ""}, link{"act", "out1", ""})
	}
}

// arrowGap is the room, in CSS pixels, kept between panels for an arrow.
const arrowGap = 28

// mapIDs are the panels of the sum, bias and activation steps.
var mapIDs = [3]string{"sum", "bias", "act"}

// resultGap is the room, in CSS pixels, between the window's close-up and
// the "= value" line under it.
const resultGap = 4
