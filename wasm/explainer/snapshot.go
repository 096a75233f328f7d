package main

import "github.com/svertka/svertka/wasm/explainer/steps"

// snapshot is the data behind the current step: enough to recompute every
// number on screen independently.
type snapshot struct {
	Scene    string      `json:"scene"`
	Input    tensorJSON  `json:"input"`   // [H, W, C]
	Kernels  [][]float32 `json:"kernels"` // per filter: HWC-ordered weights, [K, K, C]
	Bias     []float32   `json:"bias"`
	Padding  string      `json:"padding"` // valid, same or explicit
	Pad      [4]int      `json:"pad"`     // explicit padding: top, bottom, left, right
	Stride   int         `json:"stride"`  // effective stride
	Dilation int         `json:"dilation"`
	Window   int         `json:"window"` // kernel or pool size
	Mode     string      `json:"mode"`
	Step     int         `json:"step"`
	Phase    string      `json:"phase"`
	Filter   int         `json:"filter"`
	Row      int         `json:"row"`
	Col      int         `json:"col"`
}

type tensorJSON struct {
	Shape []int     `json:"shape"`
	Data  []float32 `json:"data"`
}

func (g *game) snapshot() snapshot {
	if g.plan == nil {
		return snapshot{}
	}
	p, c := g.plan, g.cfg
	s := p.Step(g.step)
	snap := snapshot{
		Scene: string(c.Scene), Input: tensorJSON{p.Input.Shape, p.Input.Data},
		Padding: c.Padding.Mode, Pad: [4]int{c.Padding.Top, c.Padding.Bottom, c.Padding.Left, c.Padding.Right},
		Stride: c.Strides(), Dilation: c.Dilation, Window: p.WindowSize(), Mode: string(c.Pool),
		Step: g.step, Phase: string(s.Phase), Filter: s.Filter, Row: s.Row, Col: s.Col,
	}
	if c.Scene == steps.ScenePool {
		snap.Dilation = 1 // pooling windows are not dilated
	}
	for _, f := range p.Filters {
		k := p.WindowSize()
		ch := len(f.Kernels)
		w := make([]float32, k*k*ch)
		for c, kc := range f.Kernels {
			for i, v := range kc.Data {
				w[i*ch+c] = v
			}
		}
		snap.Kernels = append(snap.Kernels, w)
		snap.Bias = append(snap.Bias, f.Bias)
	}
	return snap
}
