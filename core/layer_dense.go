package core

// Dense is a Keras Dense layer on a flat input: kernel [in, units], optional
// bias [units], then the activation.
type Dense struct {
	weightedBase
	units int
	act   Activation
}

// NewDense returns a Dense layer with a bias.
func NewDense(name string, units int, act Activation) *Dense {
	return NewDenseBias(name, units, act, true)
}

// NewDenseBias returns a Dense layer, with a bias when useBias is true.
func NewDenseBias(name string, units int, act Activation, useBias bool) *Dense {
	return &Dense{weightedBase: weightedBase{layerBase: layerBase{name: name}, useBias: useBias}, units: units, act: act.orLinear()}
}

func (d *Dense) Class() string { return "Dense" }

// Units is the number of outputs.
func (d *Dense) Units() int { return d.units }

// Activation is the layer's activation.
func (d *Dense) Activation() Activation { return d.act }

func (d *Dense) build(in []int) error {
	if len(in) != 1 {
		return errorf(ErrShape, "Dense needs a flat input (add a Flatten layer before it), got %s", formatShape(in))
	}
	if err := d.act.check(); err != nil {
		return err
	}
	if d.units <= 0 || d.units > MaxSide {
		return errorf(ErrConfig, "units must be between 1 and %d, got %d", MaxSide, d.units)
	}
	if in[0]*d.units > MaxElements {
		return errorf(ErrLimit, "kernel %s has more than %d elements", formatShape([]int{in[0], d.units}), MaxElements)
	}
	d.in, d.out = append([]int(nil), in...), []int{d.units}
	d.setWeights(in[0], d.units)
	return nil
}

func (d *Dense) newScratch() *scratch { return &scratch{} }

func (d *Dense) forward(_ *scratch, in, out []float32, _ bool, _ *rng) {
	if d.useBias {
		copy(out, d.params[1].data)
	} else {
		clear(out)
	}
	// out[1, U] += in[1, I]·kernel[I, U]
	gemm(false, false, 1, d.units, len(in), in, len(in), d.params[0].data, d.units, out, d.units)
	activate(d.act, out)
}

func (d *Dense) prepareBatch() { d.prepare(d.params[0].data, d.in[0], d.units) }

// backward accumulates the kernel gradient as [units, in] (see kernelT), so
// both products are a few long axpy calls instead of one short call per input.
func (d *Dense) backward(_ *scratch, in, out, dOut, dIn []float32, grads [][]float32) {
	activationBackward(d.act, out, dOut)
	n := len(in)
	// dKernelᵀ[U, I] += dOutᵀ·in
	gemm(true, false, d.units, n, 1, dOut, d.units, in, n, grads[0], n)
	if d.useBias {
		axpy(1, dOut, grads[1])
	}
	if dIn != nil {
		// dIn[1, I] += dOut[1, U]·kernelᵀ[U, I]
		gemm(false, false, 1, n, d.units, dOut, d.units, d.wT, n, dIn, n)
	}
}
