package core

import kern "github.com/svertka/svertka/core/kernel"

// DenseConfig is the Keras config of a Dense layer.
type DenseConfig struct {
	Name       string     `json:"name"`
	Units      int        `json:"units"`
	Activation Activation `json:"activation"`
	UseBias    bool       `json:"use_bias"`
}

func init() {
	registerLayer("Dense", nil,
		func() DenseConfig { return DenseConfig{Activation: Linear, UseBias: true} },
		func(c DenseConfig) Layer {
			return &Dense{weightedBase: weightedBase{layerBase: layerBase{name: c.Name}, useBias: c.UseBias}, cfg: c}
		})
}

// Dense is a Keras Dense layer on a flat input: kernel [in, units], optional
// bias [units], then the activation.
type Dense struct {
	weightedBase
	cfg DenseConfig
}

// NewDense returns a Dense layer with a bias.
func NewDense(name string, units int, act Activation) *Dense {
	return NewDenseBias(name, units, act, true)
}

// NewDenseBias returns a Dense layer, with a bias when useBias is true. An
// empty activation is linear.
func NewDenseBias(name string, units int, act Activation, useBias bool) *Dense {
	return newLayer("Dense", DenseConfig{Name: name, Units: units, Activation: act.orLinear(), UseBias: useBias}).(*Dense)
}

func (d *Dense) Config() any {
	cfg := d.cfg
	cfg.Name = d.name
	return cfg
}

// Units is the number of outputs.
func (d *Dense) Units() int { return d.cfg.Units }

// Activation is the layer's activation.
func (d *Dense) Activation() Activation { return d.cfg.Activation }

func (d *Dense) activation() Activation { return d.cfg.Activation }

func (d *Dense) build(in []int) error {
	if len(in) != 1 {
		return errorf(ErrShape, "Dense needs a flat input (add a Flatten layer before it), got %s", formatShape(in))
	}
	if err := d.cfg.Activation.checkNamed(); err != nil {
		return err
	}
	units := d.cfg.Units
	if units <= 0 || units > MaxSide {
		return errorf(ErrConfig, "units must be between 1 and %d, got %d", MaxSide, units)
	}
	if in[0]*units > MaxElements {
		return errorf(ErrLimit, "kernel %s has more than %d elements", formatShape([]int{in[0], units}), MaxElements)
	}
	d.in, d.out = append([]int(nil), in...), []int{units}
	d.declareKernel(d.cfg.Activation, in[0], units)
	return nil
}

func (d *Dense) forward(c *call, in, out []float32) {
	denseForward(in, d.weights[0].data, d.Bias(), out, c.n, d.cfg.Activation)
}

// denseForward computes out ([n, units]) = act(in·kernel + bias) for n
// flat samples in ([n, in]); kernel is [in, units] and bias may be nil.
func denseForward(in, kernel, bias, out []float32, n int, act Activation) {
	units, inLen := len(out)/n, len(in)/n
	for s := range n {
		if bias != nil {
			copy(out[s*units:(s+1)*units], bias)
		} else {
			clear(out[s*units : (s+1)*units])
		}
	}
	// out[n, U] += in[n, I]·kernel[I, U]
	kern.Gemm(false, false, n, units, inLen, in, inLen, kernel, units, out, units)
	activate(act, out[:n*units], units)
}

func (d *Dense) prepareBatch() { d.prepare(d.weights[0].data, d.in[0], d.cfg.Units) }

// backward accumulates the kernel gradient as [units, in] (see kernelT).
func (d *Dense) backward(c *call, in, out, dOut, dIn []float32) {
	c.activationGrad(d.cfg.Activation, out, dOut, d.cfg.Units)
	var dBias []float32
	if d.useBias {
		dBias = c.grads[1]
	}
	denseBackward(in, d.wT, dOut, c.grads[0], dBias, dIn, c.n)
}

// denseBackward takes dOut ([n, units]), the gradient with respect to the
// values before the activation, and accumulates the kernel gradient into
// dKT in the transposed [units, in] layout, so that both products are a
// few long axpy calls instead of one short call per input, the bias
// gradient into dBias and the input gradient ([n, in]) into dIn (both may
// be nil). wT is the kernel as [units, in].
func denseBackward(in, wT, dOut, dKT, dBias, dIn []float32, n int) {
	units, inLen := len(dOut)/n, len(in)/n
	// dKernelᵀ[U, I] += dOutᵀ[U, n]·in[n, I]
	kern.Gemm(true, false, units, inLen, n, dOut, units, in, inLen, dKT, inLen)
	if dBias != nil {
		for s := range n {
			kern.Axpy(1, dOut[s*units:(s+1)*units], dBias)
		}
	}
	if dIn != nil {
		// dIn[n, I] += dOut[n, U]·kernelᵀ[U, I]
		kern.Gemm(false, false, n, inLen, units, dOut, units, wT, inLen, dIn, inLen)
	}
}
