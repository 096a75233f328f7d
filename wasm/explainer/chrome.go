package main

import (
	"fmt"
	"strings"

	"github.com/svertka/svertka/wasm/explainer/steps"
)

// titles are the panel titles the desktop program draws itself (the page
// writes them in HTML, in the reader's language).
var titles = map[string]string{
	"input": "padded input", "kernel": "kernel", "zoom": "window x kernel", "output": "output",
	"image": "colour image", "chan0": "red", "chan1": "green", "chan2": "blue",
	"kern0": "kernel R", "kern1": "kernel G", "kern2": "kernel B",
	"part0": "partial R", "part1": "partial G", "part2": "partial B",
	"sum": "sum", "bias": "+ bias", "act": "ReLU", "out0": "output channel 1", "out1": "output channel 2",
}

// drawChrome draws the desktop program's header (setting and output-size
// formulas), panel titles and status lines (step description and keys).
func (f *frame) drawChrome() {
	g, v := f.g, f.v
	ts := textScale(v.u)
	lh := textHeight(ts)
	c := g.cfg
	x, y := 6*v.u, 6*v.u
	head := fmt.Sprintf("Svertka explainer: %s | input %s %dx%d | padding %s | stride %d", c.Scene, c.Input, c.Res, c.Res, c.Padding, c.Strides())
	if c.Scene == steps.ScenePool {
		head += fmt.Sprintf(" | %s pool %dx%d", c.Pool, c.PoolSize, c.PoolSize)
	} else {
		head += fmt.Sprintf(" | kernel %s %dx%d | dilation %d", c.Kernel, c.KernelSize, c.KernelSize, c.Dilation)
	}
	drawText(f.dst, head, x, y, ts, colInk, 0)
	drawText(f.dst, "height "+g.plan.Height.Formula+"    width "+g.plan.Width.Formula, x, y+lh, ts, colInkSoft, 0)
	for _, pn := range v.panels {
		name := titles[pn.id]
		if pn.id == "zoom" && c.Scene == steps.ScenePool {
			name = "window: " + string(c.Pool)
		}
		gr := pn.grid(v.title)
		drawText(f.dst, name, gr.midX(), gr.y-lh, ts, colInkSoft, 1)
	}
	status := fmt.Sprintf("step %d/%d  %s  ", g.step+1, g.plan.Len(), map[bool]string{true: "playing", false: "paused"}[g.playing])
	if g.err != nil {
		status += "ERROR: " + g.err.Error()
	} else {
		status += g.plan.Describe(g.step, "en")
	}
	line := v.status
	maxChars := int(line.w / (glyphW * ts))
	for i, l := range wrap(ascii.Replace(status), maxChars) {
		if i == 2 {
			break
		}
		drawText(f.dst, l, line.x, line.y+float64(i)*lh, ts, colInk, 0)
	}
	drawText(f.dst, keyHelp, x, y+2*lh, ts, colInkSoft, 0)
}

// wrap breaks s into lines of at most n characters at spaces.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
