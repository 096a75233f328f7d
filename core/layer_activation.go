package core

// ActivationConfig is the Keras config of an Activation layer.
type ActivationConfig struct {
	Name       string     `json:"name"`
	Activation Activation `json:"activation"`
}

func init() {
	registerLayer("Activation", nil,
		func() ActivationConfig { return ActivationConfig{Activation: Linear} },
		func(c ActivationConfig) Layer {
			return &ActivationLayer{layerBase: layerBase{name: c.Name}, act: c.Activation}
		})
}

// ActivationLayer applies an activation function and nothing else, so it
// has no weights and keeps its input's shape; softmax normalises along the
// last axis. When a model ends in Activation('softmax'), training fuses
// its gradient with the loss, as for a Softmax layer.
type ActivationLayer struct {
	layerBase
	act Activation
}

// NewActivation returns an Activation layer.
func NewActivation(name string, act Activation) *ActivationLayer {
	return newLayer("Activation", ActivationConfig{Name: name, Activation: act}).(*ActivationLayer)
}

func (l *ActivationLayer) Config() any { return ActivationConfig{Name: l.name, Activation: l.act} }

func (l *ActivationLayer) activation() Activation { return l.act }
func (l *ActivationLayer) onlyActivation() bool   { return true }

func (l *ActivationLayer) build(in []int) error {
	if err := l.act.checkNamed(); err != nil {
		return err
	}
	l.sameShape(in)
	return nil
}

func (l *ActivationLayer) forward(c *call, in, out []float32) {
	copy(out, in[:len(out)])
	activate(l.act, out, l.out[len(l.out)-1])
}

func (l *ActivationLayer) backward(c *call, _, out, dOut, dIn []float32) {
	if dIn != nil {
		c.activationGrad(l.act, out, dOut, l.out[len(l.out)-1])
		copy(dIn, dOut)
	}
}
