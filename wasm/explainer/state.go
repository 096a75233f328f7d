package main

import (
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// state is what the page needs to know after every change: the step and
// its description, the setting (for the controls and the URL), the output
// size with its formula, and where the panel titles go.
type state struct {
	Step        int        `json:"step"`
	Total       int        `json:"total"`
	Phase       string     `json:"phase"`
	Filter      int        `json:"filter"`
	Playing     bool       `json:"playing"`
	Speed       float64    `json:"speed"`
	Description string     `json:"description"`
	Query       string     `json:"query"`
	Config      configView `json:"config"`
	Out         [2]int     `json:"out"`
	Padded      [2]int     `json:"padded"`
	Formula     [2]string  `json:"formula"` // height, width
	Panels      []panelBox `json:"panels"`
	Error       string     `json:"error,omitempty"`
}

// configView is steps.Config for the page's controls.
type configView struct {
	Scene      string    `json:"scene"`
	Input      string    `json:"input"`
	Res        int       `json:"res"`
	KernelSize int       `json:"ksize"`
	Kernel     string    `json:"kernel"`
	Weights    []float32 `json:"weights"`
	Padding    string    `json:"padding"` // valid, same or explicit
	Pad        [4]int    `json:"pad"`     // top, bottom, left, right of explicit padding
	Stride     int       `json:"stride"`  // 0: the default
	Dilation   int       `json:"dilation"`
	Mode       string    `json:"mode"`
	Size       int       `json:"size"`
}

// panelBox is a grid's place in CSS pixels, for its title.
type panelBox struct {
	ID string  `json:"id"`
	X  float64 `json:"x"`
	Y  float64 `json:"y"`
	W  float64 `json:"w"`
	H  float64 `json:"h"`
}

func (g *game) state() state {
	s := state{Step: g.step, Playing: g.playing, Speed: g.speed}
	if g.err != nil {
		s.Error = steps.Message(g.err, g.lang)
	}
	if g.plan == nil {
		return s
	}
	p, c := g.plan, g.cfg
	st := p.Step(g.step)
	s.Total, s.Phase, s.Filter = p.Len(), string(st.Phase), st.Filter
	s.Description = p.Describe(g.step, g.lang)
	link := c
	link.Step, link.Play = 0, true // the page adds the step itself
	s.Query = link.Query()
	s.Config = configView{
		Scene: string(c.Scene), Input: c.Input, Res: c.Res, KernelSize: c.KernelSize, Kernel: c.Kernel,
		Weights: c.Weights, Padding: c.Padding.Mode, Pad: [4]int{c.Padding.Top, c.Padding.Bottom, c.Padding.Left, c.Padding.Right},
		Stride: c.Stride, Dilation: c.Dilation, Mode: string(c.Pool), Size: c.PoolSize,
	}
	s.Out, s.Padded = [2]int{p.OutH(), p.OutW()}, [2]int{p.PaddedH(), p.PaddedW()}
	s.Formula = [2]string{p.Height.Formula, p.Width.Formula}
	if v := g.view; v != nil {
		for _, pn := range v.panels {
			r := pn.grid(v.title)
			s.Panels = append(s.Panels, panelBox{pn.id, r.x / v.u, r.y / v.u, r.w / v.u, r.h / v.u})
		}
	}
	return s
}
