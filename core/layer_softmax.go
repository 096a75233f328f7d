package core

// SoftmaxConfig is the Keras config of a Softmax layer.
type SoftmaxConfig struct {
	Name string `json:"name"`
}

func init() {
	registerLayer("Softmax", nil,
		func() SoftmaxConfig { return SoftmaxConfig{} },
		func(c SoftmaxConfig) Layer {
			return &SoftmaxLayer{ActivationLayer{layerBase: layerBase{name: c.Name}, act: SoftmaxActivation}}
		})
}

// SoftmaxLayer turns logits into probabilities along the last axis: an
// Activation('softmax') under its own Keras class. In training its
// gradient is fused with the cross-entropy loss (see Trainer), but it has
// its own backward pass too.
type SoftmaxLayer struct{ ActivationLayer }

// NewSoftmax returns a Softmax layer.
func NewSoftmax(name string) *SoftmaxLayer {
	return newLayer("Softmax", SoftmaxConfig{Name: name}).(*SoftmaxLayer)
}

func (l *SoftmaxLayer) Config() any { return SoftmaxConfig{Name: l.name} }

// softmaxBackward writes dIn = y ⊙ (dOut − ⟨dOut, y⟩), the product of
// softmax's Jacobian at the output y with dOut; dIn may be dOut.
func softmaxBackward(y, dOut, dIn []float32) {
	var s float64
	for i, v := range y {
		s += float64(v) * float64(dOut[i])
	}
	for i, v := range y {
		dIn[i] = v * (dOut[i] - float32(s))
	}
}
