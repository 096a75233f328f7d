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

// tape keeps the mask: 0 for a dropped input, 1/(1 − rate) for a kept one.
func (d *Dropout) tape() (ints, floats int) { return 0, d.inLen() }

// forward draws each sample's mask from the sample's random stream, so
// that it depends on the seed, the step and the sample's place in the
// batch alone.
func (d *Dropout) forward(c *call, in, out []float32) {
	in, mask := in[:c.n*d.inLen()], c.floats[:c.n*d.inLen()]
	if !c.training || d.rate == 0 {
		copy(out, in)
		for i := range mask {
			mask[i] = 1
		}
		return
	}
	scale := 1 / (1 - d.rate)
	size := d.inLen()
	for i, v := range in {
		m := float32(0)
		if c.rngs[i/size].float32() >= d.rate {
			m = scale
		}
		mask[i] = m
		out[i] = v * m
	}
}

func (d *Dropout) backward(c *call, _, _, dOut, dIn []float32) {
	if dIn != nil {
		for i, g := range dOut[:c.n*d.inLen()] {
			dIn[i] = g * c.floats[i]
		}
	}
}
