package core

// DropoutConfig is the Keras config of a Dropout layer.
type DropoutConfig struct {
	Name string  `json:"name"`
	Rate float32 `json:"rate"`
}

func init() {
	registerLayer("Dropout", nil,
		func() DropoutConfig { return DropoutConfig{Rate: 0.5} },
		func(c DropoutConfig) Layer { return &Dropout{layerBase: layerBase{name: c.Name}, rate: c.Rate} })
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
	return newLayer("Dropout", DropoutConfig{Name: name, Rate: rate}).(*Dropout)
}

func (d *Dropout) Config() any { return DropoutConfig{Name: d.name, Rate: d.rate} }

// Rate is the fraction of inputs dropped during training.
func (d *Dropout) Rate() float32 { return d.rate }

func (d *Dropout) build(in []int) error {
	if !(d.rate >= 0 && d.rate < 1) {
		return errorf(ErrConfig, "dropout rate must be in [0, 1), got %v", d.rate)
	}
	d.sameShape(in)
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
