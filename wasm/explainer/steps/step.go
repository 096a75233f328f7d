package steps

import "github.com/svertka/svertka/core"

// Step is one frame of the explanation: which output cell is written, where
// the window is on the padded input and the numbers involved.
type Step struct {
	Index int
	Phase Phase
	// Filter is the output channel (rgb scene: 0 or 1; otherwise 0).
	Filter int
	// Cell is the output cell (row-major index) written by a cell step, or
	// the example cell of a sum, bias or activation step; −1 in the pad step.
	Cell     int
	Row, Col int
	// Window is where the window sits; empty in the pad step.
	Window Window
	// Terms hold, per input channel, the input values under the window and
	// the kernel weights they are multiplied by (pooling: no weights).
	Terms []Term
	// Value is the number this step produces at Cell: the output of a conv
	// or pool cell, the sum of the partials of an rgb cell, and the sum, sum
	// + bias or activated value in the map steps. It comes from core.
	Value float32
	// Chosen is the tap max or min pooling picks; −1 otherwise.
	Chosen int
}

// Window is the window's place on the padded input: the rows Top…Bottom
// and columns Left…Right it spans (inclusive, padded coordinates) and the
// cells it reads (with dilation, not every cell it spans).
type Window struct {
	Top, Left, Bottom, Right int
	Taps                     []Tap
}

// Tap is one cell under the window.
type Tap struct {
	// KRow, KCol are the kernel (or pool window) position.
	KRow, KCol int
	// Row, Col are the padded-input coordinates.
	Row, Col int
	// Pad says the cell is a fake border cell: 0 for a convolution, ignored
	// by pooling.
	Pad bool
}

// Term is one input channel's contribution at a step.
type Term struct {
	Channel int
	// X are the input values at the taps (0 at padding), W the kernel
	// weights (nil for pooling).
	X, W []float32
	// Value is this channel's partial value at the cell, from core
	// (conv scene: the output value).
	Value float32
}

// Step returns step i, 0 ≤ i < Len().
func (p *Plan) Step(i int) Step {
	i = min(max(i, 0), p.Len()-1)
	s := Step{Index: i, Phase: PhasePad, Cell: -1, Chosen: -1}
	if i == 0 {
		return s
	}
	i--
	if p.Config.Scene == SceneRGB {
		s.Filter, i = i/p.filterSteps(), i%p.filterSteps()
	}
	if i >= p.cells() {
		return p.mapStep(s, i-p.cells())
	}
	s.Phase, s.Cell = PhaseCell, i
	s.Row, s.Col = i/p.OutW(), i%p.OutW()
	s.Window = p.window(s.Row, s.Col)
	switch p.Config.Scene {
	case ScenePool:
		s.Terms = []Term{p.term(s.Window, 0, nil)}
		s.Value = p.Pooled.Data[i]
		s.Chosen = p.chosen(s.Window, s.Terms[0].X)
	default:
		f := p.Filters[s.Filter]
		for c, k := range f.Kernels {
			t := p.term(s.Window, c, k.Data)
			t.Value = f.Partials[c].Data[i]
			s.Terms = append(s.Terms, t)
		}
		s.Value = f.Activated.Data[i]
		if p.Config.Scene == SceneRGB {
			s.Value = f.Sum.Data[i]
		}
	}
	return s
}

// mapStep is step k (0 sum, 1 bias, 2 activation) after the cells of an
// rgb filter, shown at the filter's focus cell.
func (p *Plan) mapStep(s Step, k int) Step {
	f := p.Filters[s.Filter]
	s.Cell = f.Focus
	s.Row, s.Col = s.Cell/p.OutW(), s.Cell%p.OutW()
	s.Window = p.window(s.Row, s.Col)
	for c := range f.Partials {
		s.Terms = append(s.Terms, Term{Channel: c, Value: f.Partials[c].Data[s.Cell]})
	}
	s.Phase, s.Value = PhaseSum, f.Sum.Data[s.Cell]
	switch k {
	case 1:
		s.Phase, s.Value = PhaseBias, f.PlusBias.Data[s.Cell]
	case 2:
		s.Phase, s.Value = PhaseActivation, f.Activated.Data[s.Cell]
	}
	return s
}

// window places the window for output cell (row, col): it starts at
// (row·stride, col·stride) on the padded input and reads every
// dilation-th cell.
func (p *Plan) window(row, col int) Window {
	k, d, st := p.WindowSize(), p.dilation(), p.Config.Strides()
	w := Window{Top: row * st, Left: col * st}
	w.Bottom, w.Right = w.Top+(k-1)*d, w.Left+(k-1)*d
	for kr := range k {
		for kc := range k {
			t := Tap{KRow: kr, KCol: kc, Row: w.Top + kr*d, Col: w.Left + kc*d}
			_, t.Pad = p.Padded(t.Row, t.Col, 0)
			w.Taps = append(w.Taps, t)
		}
	}
	return w
}

func (p *Plan) term(w Window, c int, weights []float32) Term {
	t := Term{Channel: c, X: make([]float32, len(w.Taps)), W: weights}
	for i, tap := range w.Taps {
		t.X[i], _ = p.Padded(tap.Row, tap.Col, c)
	}
	return t
}

// chosen is the tap max or min pooling takes: the first real cell holding
// the extreme value (padding never wins); −1 for average pooling.
func (p *Plan) chosen(w Window, x []float32) int {
	best := -1
	for i, tap := range w.Taps {
		if tap.Pad {
			continue
		}
		switch {
		case best < 0,
			p.Config.Pool == core.MaxPool && x[i] > x[best],
			p.Config.Pool == core.MinPool && x[i] < x[best]:
			best = i
		}
	}
	if p.Config.Pool == core.AvgPool {
		return -1
	}
	return best
}

// Real counts the taps that are not padding.
func (w Window) Real() int {
	n := 0
	for _, t := range w.Taps {
		if !t.Pad {
			n++
		}
	}
	return n
}

// Dot is Σ X·W over the taps: what the channel's partial value is made of.
func (t Term) Dot() float32 {
	var s float32
	for i, x := range t.X {
		s += x * t.W[i]
	}
	return s
}
