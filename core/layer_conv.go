package core

// Conv2DLayer is a Keras Conv2D layer: kernel [KH, KW, C, filters] and an
// optional bias [filters].
type Conv2DLayer struct {
	weightedBase
	filters    int
	kernelSize [2]int
	p          ConvParams
	plan       convPlan
}

// NewConv2D returns a Conv2D layer. The settings are validated when the
// layer is put into a model.
func NewConv2D(name string, filters int, kernelSize [2]int, p ConvParams, useBias bool) *Conv2DLayer {
	p.Strides, p.Dilation, p.Activation = orOne(p.Strides), orOne(p.Dilation), p.Activation.orLinear()
	if p.Padding.Mode == "" {
		p.Padding.Mode = PaddingValid
	}
	return &Conv2DLayer{weightedBase: weightedBase{layerBase: layerBase{name: name}, useBias: useBias}, filters: filters, kernelSize: kernelSize, p: p}
}

func (c *Conv2DLayer) Class() string { return "Conv2D" }

// Filters is the number of output channels.
func (c *Conv2DLayer) Filters() int { return c.filters }

// KernelSize is (KH, KW).
func (c *Conv2DLayer) KernelSize() [2]int { return c.kernelSize }

// Params returns the convolution settings (strides and dilation filled in).
func (c *Conv2DLayer) Params() ConvParams { return c.p }

func (c *Conv2DLayer) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "Conv2D needs a [height, width, channels] input, got %s", formatShape(in))
	}
	if c.kernelSize[0] <= 0 || c.kernelSize[1] <= 0 {
		return errorf(ErrConfig, "kernel size %v must be positive", c.kernelSize)
	}
	plan, err := newConvPlan(in, c.kernelSize, c.filters, c.p)
	if err != nil {
		return err
	}
	c.plan = plan
	c.in, c.out = append([]int(nil), in...), plan.outShape()
	c.setWeights(c.kernelSize[0], c.kernelSize[1], in[2], c.filters)
	return nil
}

func (c *Conv2DLayer) newScratch() *scratch {
	n := c.plan.scratchLen()
	return &scratch{cols: make([]float32, n), tmp: make([]float32, n)}
}

func (c *Conv2DLayer) forward(s *scratch, in, out []float32, _ bool, _ *rng) {
	c.plan.forward(in, c.params[0].data, c.Bias(), out, c.p.Activation, s.cols, s.tmp)
}

func (c *Conv2DLayer) prepareBatch() { c.prepare(c.params[0].data, c.plan.k, c.filters) }

// backward accumulates the kernel gradient as [F, K] (see kernelT).
func (c *Conv2DLayer) backward(s *scratch, in, out, dOut, dIn []float32, grads [][]float32) {
	activationBackward(c.p.Activation, out, dOut)
	var dBias []float32
	if c.useBias {
		dBias = grads[1]
	}
	c.plan.backward(in, c.wT, dOut, grads[0], dBias, dIn, s.cols, s.tmp)
}
