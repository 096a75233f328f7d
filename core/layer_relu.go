package core

import "math"

// ReLUConfig is the Keras config of a ReLU layer. MaxValue nil means no
// cap (Keras's None).
type ReLUConfig struct {
	Name          string   `json:"name"`
	MaxValue      *float32 `json:"max_value"`
	NegativeSlope float32  `json:"negative_slope"`
	Threshold     float32  `json:"threshold"`
}

func init() {
	registerLayer("ReLU", nil,
		func() ReLUConfig { return ReLUConfig{} },
		func(c ReLUConfig) Layer { return &ReLULayer{layerBase: layerBase{name: c.Name}, cfg: c} })
}

// ReLULayer is Keras's ReLU layer, computed as Keras 3 does:
// f(x) = min(x, max_value) for x > threshold, and
// negative_slope·(x − threshold) otherwise. With the defaults it is relu.
type ReLULayer struct {
	layerBase
	cfg ReLUConfig
}

func (l *ReLULayer) Config() any {
	cfg := l.cfg
	cfg.Name = l.name
	if cfg.MaxValue != nil {
		v := *cfg.MaxValue
		cfg.MaxValue = &v
	}
	return cfg
}

func (l *ReLULayer) build(in []int) error {
	c := &l.cfg
	switch {
	case c.MaxValue != nil && !(*c.MaxValue >= 0):
		return errorf(ErrConfig, "max_value must be at least 0 (or null for none), got %v", *c.MaxValue)
	case !(c.NegativeSlope >= 0):
		return errorf(ErrConfig, "negative_slope must be at least 0, got %v", c.NegativeSlope)
	case !(c.Threshold >= 0):
		return errorf(ErrConfig, "threshold must be at least 0, got %v", c.Threshold)
	}
	l.sameShape(in)
	return nil
}

// cap is the largest output.
func (l *ReLULayer) cap() float32 {
	if l.cfg.MaxValue == nil {
		return float32(math.Inf(1))
	}
	return *l.cfg.MaxValue
}

func (l *ReLULayer) forward(_ *call, in, out []float32) {
	t, s, m := l.cfg.Threshold, l.cfg.NegativeSlope, l.cap()
	for i, x := range in[:len(out)] {
		if x > t {
			out[i] = min(x, m)
		} else {
			out[i] = s * (x - t)
		}
	}
}

// backward uses the input: 1 between the threshold and the cap (the cap
// included, as TensorFlow's clip), the slope at or below the threshold.
func (l *ReLULayer) backward(_ *call, in, _, dOut, dIn []float32) {
	if dIn == nil {
		return
	}
	t, s, m := l.cfg.Threshold, l.cfg.NegativeSlope, l.cap()
	for i, x := range in[:len(dIn)] {
		switch {
		case x > m:
		case x > t:
			dIn[i] = dOut[i]
		default:
			dIn[i] = s * dOut[i]
		}
	}
}
