package core

// Pool2DLayer is a Keras pooling layer: MaxPool2D, MinPool2D or AvgPool2D
// depending on its mode, which SetPooling can switch on a built model.
type Pool2DLayer struct {
	layerBase
	p    PoolParams
	plan poolPlan
}

// NewPool2D returns a pooling layer; zero Strides mean the pool size.
func NewPool2D(name string, p PoolParams) *Pool2DLayer {
	if p.Padding.Mode == "" {
		p.Padding.Mode = PaddingValid
	}
	for i := range p.Strides {
		if p.Strides[i] == 0 {
			p.Strides[i] = p.Size[i]
		}
	}
	return &Pool2DLayer{layerBase: layerBase{name: name}, p: p}
}

// Class is MaxPool2D, MinPool2D or AvgPool2D.
func (l *Pool2DLayer) Class() string { return poolClass(l.p.Mode) }

func poolClass(m PoolMode) string {
	switch m {
	case MinPool:
		return "MinPool2D"
	case AvgPool:
		return "AvgPool2D"
	}
	return "MaxPool2D"
}

// Params returns the pooling settings (strides filled in).
func (l *Pool2DLayer) Params() PoolParams { return l.p }

func (l *Pool2DLayer) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "%s needs a [height, width, channels] input, got %s", l.Class(), formatShape(in))
	}
	if l.p.Size[0] <= 0 || l.p.Size[1] <= 0 {
		return errorf(ErrConfig, "pool size %v must be positive", l.p.Size)
	}
	plan, err := newPoolPlan(in, l.p)
	if err != nil {
		return err
	}
	l.plan = plan
	l.in, l.out = append([]int(nil), in...), plan.outShape()
	return nil
}

func (l *Pool2DLayer) newScratch() *scratch {
	return &scratch{arg: make([]int32, numElements(l.out))}
}

func (l *Pool2DLayer) forward(s *scratch, in, out []float32, _ bool, _ *rng) {
	l.plan.forward(in, out, s.arg)
}

func (l *Pool2DLayer) backward(s *scratch, _, _, dOut, dIn []float32, _ [][]float32) {
	if dIn != nil {
		l.plan.backward(dOut, dIn, s.arg)
	}
}
