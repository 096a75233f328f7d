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

func (l *SoftmaxLayer) build(in []int) error {
	if len(in) != 1 {
		return errorf(ErrShape, "Softmax needs a flat input, got %s", formatShape(in))
	}
	l.sameShape(in)
	return nil
}

func (l *SoftmaxLayer) newScratch() *scratch { return &scratch{} }

func (l *SoftmaxLayer) forward(_ *scratch, in, out []float32, _ bool, _ *rng) { Softmax(out, in) }

func (l *SoftmaxLayer) backward(_ *scratch, _, out, dOut, dIn []float32, _ [][]float32) {
	if dIn != nil {
		softmaxBackward(out, dOut, dIn)
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
