package core

// Flatten reshapes [H, W, C] to [H·W·C] in HWC order (Keras channels_last).
type Flatten struct{ layerBase }

// NewFlatten returns a Flatten layer.
func NewFlatten(name string) *Flatten { return &Flatten{layerBase{name: name}} }

func (f *Flatten) Class() string { return "Flatten" }

func (f *Flatten) build(in []int) error {
	f.in, f.out = append([]int(nil), in...), []int{numElements(in)}
	return nil
}

func (f *Flatten) newScratch() *scratch { return &scratch{} }

func (f *Flatten) forward(_ *scratch, in, out []float32, _ bool, _ *rng) { copy(out, in) }

func (f *Flatten) backward(_ *scratch, _, _, dOut, dIn []float32, _ [][]float32) {
	if dIn != nil {
		copy(dIn, dOut)
	}
}

// Dropout zeroes each input with probability Rate during training and
// scales the kept ones by 1/(1 − Rate) (inverted dropout, as Keras), so it
// is the identity at inference.
type Dropout struct {
	layerBase
	rate float32
}

// NewDropout returns a Dropout layer; rate must be in [0, 1).
func NewDropout(name string, rate float32) *Dropout {
	return &Dropout{layerBase: layerBase{name: name}, rate: rate}
}

func (d *Dropout) Class() string { return "Dropout" }

// Rate is the fraction of inputs dropped during training.
func (d *Dropout) Rate() float32 { return d.rate }

func (d *Dropout) build(in []int) error {
	if !(d.rate >= 0 && d.rate < 1) {
		return errorf(ErrConfig, "dropout rate must be in [0, 1), got %v", d.rate)
	}
	d.in, d.out = append([]int(nil), in...), append([]int(nil), in...)
	return nil
}

func (d *Dropout) newScratch() *scratch {
	return &scratch{mask: make([]float32, numElements(d.in))}
}

func (d *Dropout) forward(s *scratch, in, out []float32, training bool, r *rng) {
	if !training || d.rate == 0 {
		copy(out, in)
		for i := range s.mask {
			s.mask[i] = 1
		}
		return
	}
	scale := 1 / (1 - d.rate)
	for i, v := range in {
		m := float32(0)
		if r.float32() >= d.rate {
			m = scale
		}
		s.mask[i] = m
		out[i] = v * m
	}
}

func (d *Dropout) backward(s *scratch, _, _, dOut, dIn []float32, _ [][]float32) {
	if dIn != nil {
		for i, g := range dOut {
			dIn[i] = g * s.mask[i]
		}
	}
}

// SoftmaxLayer turns logits into probabilities. In training its gradient is
// fused with the cross-entropy loss (see Trainer), but it has its own
// backward pass too.
type SoftmaxLayer struct{ layerBase }

// NewSoftmax returns a Softmax layer.
func NewSoftmax(name string) *SoftmaxLayer { return &SoftmaxLayer{layerBase{name: name}} }

func (l *SoftmaxLayer) Class() string { return "Softmax" }

func (l *SoftmaxLayer) build(in []int) error {
	if len(in) != 1 {
		return errorf(ErrShape, "Softmax needs a flat input, got %s", formatShape(in))
	}
	l.in, l.out = append([]int(nil), in...), append([]int(nil), in...)
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
