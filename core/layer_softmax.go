package core

// SoftmaxConfig is the Keras config of a Softmax layer.
type SoftmaxConfig struct {
	Name string `json:"name"`
}

func init() {
	registerLayer("Softmax", nil,
		func() SoftmaxConfig { return SoftmaxConfig{} },
		func(c SoftmaxConfig) Layer { return &SoftmaxLayer{layerBase{name: c.Name}} })
}

// SoftmaxLayer turns logits into probabilities. In training its gradient is
// fused with the cross-entropy loss (see Trainer), but it has its own
// backward pass too.
type SoftmaxLayer struct{ layerBase }

// NewSoftmax returns a Softmax layer.
func NewSoftmax(name string) *SoftmaxLayer {
	return newLayer("Softmax", SoftmaxConfig{Name: name}).(*SoftmaxLayer)
}

func (l *SoftmaxLayer) Config() any { return SoftmaxConfig{Name: l.name} }

// build accepts any shape: softmax normalises along the last axis.
func (l *SoftmaxLayer) build(in []int) error {
	l.sameShape(in)
	return nil
}

func (l *SoftmaxLayer) activation() Activation { return SoftmaxActivation }
func (l *SoftmaxLayer) onlyActivation() bool   { return true }

func (l *SoftmaxLayer) forward(c *call, in, out []float32) {
	copy(out, in[:c.n*l.inLen()])
	activate(SoftmaxActivation, out[:c.n*l.inLen()], l.out[len(l.out)-1])
}

func (l *SoftmaxLayer) backward(c *call, _, out, dOut, dIn []float32) {
	if dIn != nil {
		c.activationGrad(SoftmaxActivation, out, dOut, l.out[len(l.out)-1])
		copy(dIn, dOut[:c.n*l.inLen()])
	}
}

// softmaxBackward writes dIn = y ⊙ (dOut − ⟨dOut, y⟩), the product of
// softmax's Jacobian at the output y with dOut.
func softmaxBackward(y, dOut, dIn []float32) {
	var s float64
	for i, v := range y {
		s += float64(v) * float64(dOut[i])
	}
	for i, v := range y {
		dIn[i] = v * (dOut[i] - float32(s))
	}
}
