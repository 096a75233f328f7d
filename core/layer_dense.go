package core

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

func (d *Dense) newScratch() *scratch { return &scratch{} }

func (d *Dense) forward(_ *scratch, in, out []float32, _ bool, _ *rng) {
	denseForward(in, d.weights[0].data, d.Bias(), out, d.cfg.Activation)
}

// denseForward computes out ([units]) = act(in·kernel + bias); kernel is
// [len(in), len(out)] and bias may be nil.
func denseForward(in, kernel, bias, out []float32, act Activation) {
	units := len(out)
	if bias != nil {
		copy(out, bias)
	} else {
		clear(out)
	}
	// out[1, U] += in[1, I]·kernel[I, U]
	gemm(false, false, 1, units, len(in), in, len(in), kernel, units, out, units)
	activate(act, out)
}

func (d *Dense) prepareBatch() { d.prepare(d.weights[0].data, d.in[0], d.cfg.Units) }

// backward accumulates the kernel gradient as [units, in] (see kernelT).
func (d *Dense) backward(_ *scratch, in, out, dOut, dIn []float32, grads [][]float32) {
	var dBias []float32
	if d.useBias {
		dBias = grads[1]
	}
	denseBackward(in, out, d.wT, dOut, grads[0], dBias, dIn, d.cfg.Activation)
}

// denseBackward multiplies dOut ([units]) in place by the derivative of act
// at the output out, then accumulates the kernel gradient into dKT in the
// transposed [units, in] layout, so that both products are a few long axpy
// calls instead of one short call per input, the bias gradient into dBias
// and the input gradient into dIn (both may be nil). wT is the kernel as
// [units, in].
func denseBackward(in, out, wT, dOut, dKT, dBias, dIn []float32, act Activation) {
	activationBackward(act, out, dOut)
	n, units := len(in), len(out)
	// dKernelᵀ[U, I] += dOutᵀ·in
	gemm(true, false, units, n, 1, dOut, units, in, n, dKT, n)
	if dBias != nil {
		axpy(1, dOut, dBias)
	}
	if dIn != nil {
		// dIn[1, I] += dOut[1, U]·kernelᵀ[U, I]
		gemm(false, false, 1, n, units, dOut, units, wT, n, dIn, n)
	}
}
