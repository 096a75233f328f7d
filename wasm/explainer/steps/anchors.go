package steps

// Anchor is what a padded-input cell is as a window's top-left corner at
// some step. Drawing these shows what the stride skips.
type Anchor uint8

// Anchor states.
const (
	// AnchorNone: no window fits with its corner here.
	AnchorNone Anchor = iota
	// AnchorAhead: the scan has not got here yet.
	AnchorAhead
	// AnchorCurrent: the window of this step starts here.
	AnchorCurrent
	// AnchorVisited: an earlier window started here.
	AnchorVisited
	// AnchorJustSkipped: the window jumped over this place on its way to
	// this step (a stride above 1, or a leftover at the edge that the last
	// window leaves behind).
	AnchorJustSkipped
	// AnchorSkipped: the window jumped over this place at an earlier step.
	AnchorSkipped
)

// Anchors says, for every padded-input cell (row-major, PaddedH×PaddedW),
// what it is as a window corner at step i. The window scans row by row; a
// place is passed when the scan is beyond it, and visited when a window
// started there (rows and columns that are multiples of the stride).
func (p *Plan) Anchors(i int) []Anchor {
	ph, pw := p.PaddedH(), p.PaddedW()
	span := (p.WindowSize()-1)*p.dilation() + 1
	s := p.Step(i)
	end := ph * pw // past every corner: the sum, bias and activation steps
	cur, prev := end, end
	switch s.Phase {
	case PhasePad:
		cur, prev = -1, -1
	case PhaseCell:
		cur, prev = p.scanPos(s.Cell), -1
		if s.Cell > 0 {
			prev = p.scanPos(s.Cell - 1)
		}
	}
	last := s.Phase == PhaseCell && s.Cell == p.cells()-1
	st := p.Config.Strides()
	out := make([]Anchor, ph*pw)
	for row := range ph - span + 1 {
		for col := range pw - span + 1 {
			pos := row*pw + col
			lattice := row%st == 0 && col%st == 0 && row/st < p.OutH() && col/st < p.OutW()
			a := AnchorSkipped
			switch {
			case s.Phase == PhasePad:
				a = AnchorAhead
			case pos == cur:
				a = AnchorCurrent
			case pos > cur && last:
				a = AnchorJustSkipped
			case pos > cur:
				a = AnchorAhead
			case lattice:
				a = AnchorVisited
			case pos > prev:
				a = AnchorJustSkipped
			}
			out[pos] = a
		}
	}
	return out
}

// scanPos is the row-major position on the padded input of the corner of
// an output cell's window.
func (p *Plan) scanPos(cell int) int {
	st := p.Config.Strides()
	return (cell/p.OutW())*st*p.PaddedW() + (cell%p.OutW())*st
}
