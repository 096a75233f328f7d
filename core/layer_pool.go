package core

// Pooling2DConfig is the Keras config of MaxPool2D, AvgPool2D and our own
// MinPool2D. Strides nil means the pool size (Keras's None); a layer's
// Config always reports them.
type Pooling2DConfig struct {
	Name     string  `json:"name"`
	PoolSize [2]int  `json:"pool_size"`
	Strides  *[2]int `json:"strides"`
	Padding  Padding `json:"padding"`
}

// poolClasses are the pooling classes, one per mode.
var poolClasses = []struct {
	mode    PoolMode
	name    string
	aliases []string
}{
	{MaxPool, "MaxPool2D", []string{"MaxPooling2D"}},
	{MinPool, "MinPool2D", []string{"MinPooling2D"}},
	{AvgPool, "AvgPool2D", []string{"AveragePooling2D"}},
}

func init() {
	for _, pc := range poolClasses {
		registerLayer(pc.name, pc.aliases,
			func() Pooling2DConfig { return Pooling2DConfig{PoolSize: [2]int{2, 2}, Padding: Valid} },
			func(c Pooling2DConfig) Layer {
				s := c.PoolSize
				if c.Strides != nil {
					s = *c.Strides
				}
				c.Strides = &s
				return &Pool2DLayer{layerBase: layerBase{name: c.Name}, cfg: c, mode: pc.mode}
			})
	}
}

// Pool2DLayer is a Keras pooling layer: MaxPool2D, MinPool2D or AvgPool2D
// depending on its mode, which SetPooling can switch on a built model.
type Pool2DLayer struct {
	layerBase
	cfg  Pooling2DConfig
	mode PoolMode
	plan poolPlan
}

// NewPool2D returns a pooling layer; zero Strides mean the pool size and
// an empty Padding valid.
func NewPool2D(name string, p PoolParams) *Pool2DLayer {
	if p.Padding.Mode == "" {
		p.Padding.Mode = PaddingValid
	}
	for i := range p.Strides {
		if p.Strides[i] == 0 {
			p.Strides[i] = p.Size[i]
		}
	}
	l := newLayer(poolClass(p.Mode), Pooling2DConfig{Name: name, PoolSize: p.Size, Strides: &p.Strides, Padding: p.Padding}).(*Pool2DLayer)
	l.mode = p.Mode // an unknown mode is refused by build
	return l
}

// Class is MaxPool2D, MinPool2D or AvgPool2D.
func (l *Pool2DLayer) Class() string { return poolClass(l.mode) }

// Class returns the pooling class of the mode: MaxPool2D, MinPool2D or
// AvgPool2D.
func (m PoolMode) Class() (string, error) {
	if err := m.check(); err != nil {
		return "", err
	}
	return poolClass(m), nil
}

// poolClass is the class name of a pooling mode (MaxPool2D for an unknown
// one, which build then refuses).
func poolClass(m PoolMode) string {
	for _, pc := range poolClasses {
		if pc.mode == m {
			return pc.name
		}
	}
	return poolClasses[0].name
}

func (l *Pool2DLayer) Config() any {
	cfg := l.cfg
	cfg.Name = l.name
	s := *cfg.Strides
	cfg.Strides = &s
	return cfg
}

// Params returns the pooling settings.
func (l *Pool2DLayer) Params() PoolParams {
	return PoolParams{Mode: l.mode, Size: l.cfg.PoolSize, Strides: *l.cfg.Strides, Padding: l.cfg.Padding}
}

func (l *Pool2DLayer) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "%s needs a [height, width, channels] input, got %s", l.Class(), formatShape(in))
	}
	if err := positiveSettings(windowSetting{"pool_size", l.cfg.PoolSize}, windowSetting{"strides", *l.cfg.Strides}); err != nil {
		return err
	}
	plan, err := newPoolPlan(in, l.Params())
	if err != nil {
		return err
	}
	l.plan = plan
	l.in, l.out = append([]int(nil), in...), plan.outShape()
	return nil
}

// In training, max and min pooling keep on the tape the cell each output
// came from (poolPlan.forwardArg), for the backward pass.
func (l *Pool2DLayer) tape() (ints, floats int) { return l.outLen(), 0 }

func (l *Pool2DLayer) forward(c *call, in, out []float32) { l.plan.forwardBatch(c, in, out) }

func (l *Pool2DLayer) backward(c *call, _, _, dOut, dIn []float32) {
	l.plan.backwardBatch(c, dOut, dIn)
}
