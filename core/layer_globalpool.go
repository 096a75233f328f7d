package core

// GlobalPooling2DConfig is the Keras config of GlobalAveragePooling2D and
// GlobalMaxPooling2D: keepdims keeps the output [1, 1, C] instead of [C].
type GlobalPooling2DConfig struct {
	Name     string `json:"name"`
	Keepdims bool   `json:"keepdims"`
}

func init() {
	for _, gc := range []struct {
		mode    PoolMode
		name    string
		aliases []string
	}{
		{AvgPool, "GlobalAveragePooling2D", []string{"GlobalAvgPool2D"}},
		{MaxPool, "GlobalMaxPooling2D", []string{"GlobalMaxPool2D"}},
	} {
		registerLayer(gc.name, gc.aliases,
			func() GlobalPooling2DConfig { return GlobalPooling2DConfig{} },
			func(c GlobalPooling2DConfig) Layer {
				return &GlobalPool2D{layerBase: layerBase{name: c.Name}, cfg: c, mode: gc.mode}
			})
	}
}

// GlobalPool2D reduces every channel of a [H, W, C] input to one
// value, its mean or maximum: pooling with a window as large as the input,
// so it shares pooling's code and gradients (the maximum's gradient goes to
// the first maximal cell).
type GlobalPool2D struct {
	layerBase
	cfg  GlobalPooling2DConfig
	mode PoolMode
	plan poolPlan
}

func (l *GlobalPool2D) Config() any {
	cfg := l.cfg
	cfg.Name = l.name
	return cfg
}

func (l *GlobalPool2D) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "%s needs a [height, width, channels] input, got %s", l.class, formatShape(in))
	}
	plan, err := newPoolPlan(in, PoolParams{Mode: l.mode, Size: [2]int{in[0], in[1]}, Padding: Valid})
	if err != nil {
		return err
	}
	l.plan = plan
	l.in, l.out = append([]int(nil), in...), []int{in[2]}
	if l.cfg.Keepdims {
		l.out = []int{1, 1, in[2]}
	}
	return nil
}

// In training, max and min pooling keep on the tape the cell each output
// came from (poolPlan.forwardArg), for the backward pass.
func (l *GlobalPool2D) tape() (ints, floats int) { return l.outLen(), 0 }

func (l *GlobalPool2D) forward(c *call, in, out []float32) { l.plan.forwardBatch(c, in, out) }

func (l *GlobalPool2D) backward(c *call, _, _, dOut, dIn []float32) {
	l.plan.backwardBatch(c, dOut, dIn)
}
