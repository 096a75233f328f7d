package main

import "math"

// rect is an axis-aligned rectangle in screen pixels.
type rect struct{ x, y, w, h float64 }

func (r rect) inset(d float64) rect {
	return rect{r.x + d, r.y + d, math.Max(0, r.w-2*d), math.Max(0, r.h-2*d)}
}

// cols splits r into columns whose widths are proportional to weights.
func (r rect) cols(weights ...float64) []rect {
	out, x, total := make([]rect, len(weights)), r.x, sum(weights)
	for i, w := range weights {
		out[i] = rect{x, r.y, r.w * w / total, r.h}
		x += out[i].w
	}
	return out
}

// rows splits r into rows whose heights are proportional to weights.
func (r rect) rows(weights ...float64) []rect {
	out, y, total := make([]rect, len(weights)), r.y, sum(weights)
	for i, w := range weights {
		out[i] = rect{r.x, y, r.w, r.h * w / total}
		y += out[i].h
	}
	return out
}

func (r rect) midX() float64 { return r.x + r.w/2 }
func (r rect) midY() float64 { return r.y + r.h/2 }

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// panel is a titled area holding one grid of cells.
type panel struct {
	id         string // names the title: the page puts the words there
	area       rect   // where the panel may draw (title included)
	rows, cols int
	cell       float64 // cell side; 0 until fitted
	foot       float64 // room kept below the grid for a result line
}

// grid is where the panel's cells are: centred in the area below the title.
func (p *panel) grid(title float64) rect {
	w, h := float64(p.cols)*p.cell, float64(p.rows)*p.cell
	body := rect{p.area.x, p.area.y + title, p.area.w, p.area.h - title - p.foot}
	return rect{math.Round(body.midX() - w/2), math.Round(body.midY() - h/2), w, h}
}

// cellAt is the rectangle of cell (row, col).
func (p *panel) cellAt(title float64, row, col int) rect {
	g := p.grid(title)
	return rect{g.x + float64(col)*p.cell, g.y + float64(row)*p.cell, p.cell, p.cell}
}

// fit gives every panel in group one common cell size, the largest with
// which each fits its area below the title, capped at maxCell. A common
// size keeps input and output cells comparable.
func fit(title, maxCell float64, group ...*panel) {
	c := maxCell
	for _, p := range group {
		c = math.Min(c, math.Min(p.area.w/float64(p.cols), (p.area.h-title-p.foot)/float64(p.rows)))
	}
	c = math.Max(1, math.Floor(c))
	for _, p := range group {
		p.cell = c
	}
}
