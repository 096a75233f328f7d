package core

// Conv2DConfig is the Keras config of a Conv2D layer.
type Conv2DConfig struct {
	Name         string     `json:"name"`
	Filters      int        `json:"filters"`
	KernelSize   [2]int     `json:"kernel_size"`
	Strides      [2]int     `json:"strides"`
	Padding      Padding    `json:"padding"`
	DilationRate [2]int     `json:"dilation_rate"`
	UseBias      bool       `json:"use_bias"`
	Activation   Activation `json:"activation"`
}

func init() {
	registerLayer("Conv2D", []string{"Convolution2D"},
		func() Conv2DConfig {
			return Conv2DConfig{Strides: [2]int{1, 1}, Padding: Valid, DilationRate: [2]int{1, 1}, UseBias: true, Activation: Linear}
		},
		func(c Conv2DConfig) Layer {
			return &Conv2DLayer{weightedBase: weightedBase{layerBase: layerBase{name: c.Name}, useBias: c.UseBias}, cfg: c}
		})
}

// Conv2DLayer is a Keras Conv2D layer: kernel [KH, KW, C, filters] and an
// optional bias [filters].
type Conv2DLayer struct {
	weightedBase
	cfg  Conv2DConfig
	plan convPlan
}

// NewConv2D returns a Conv2D layer. Zero Strides and Dilation mean 1, an
// empty Activation linear and an empty Padding valid. The settings are
// validated when the layer is put into a model.
func NewConv2D(name string, filters int, kernelSize [2]int, p ConvParams, useBias bool) *Conv2DLayer {
	if p.Padding.Mode == "" {
		p.Padding.Mode = PaddingValid
	}
	return newLayer("Conv2D", Conv2DConfig{Name: name, Filters: filters, KernelSize: kernelSize, Strides: orOne(p.Strides),
		Padding: p.Padding, DilationRate: orOne(p.Dilation), UseBias: useBias, Activation: p.Activation.orLinear()}).(*Conv2DLayer)
}

func (c *Conv2DLayer) Config() any {
	cfg := c.cfg
	cfg.Name = c.name
	return cfg
}

// Filters is the number of output channels.
func (c *Conv2DLayer) Filters() int { return c.cfg.Filters }

// KernelSize is (KH, KW).
func (c *Conv2DLayer) KernelSize() [2]int { return c.cfg.KernelSize }

// Params returns the convolution settings.
func (c *Conv2DLayer) Params() ConvParams {
	return ConvParams{Strides: c.cfg.Strides, Dilation: c.cfg.DilationRate, Padding: c.cfg.Padding, Activation: c.cfg.Activation}
}

func (c *Conv2DLayer) activation() Activation { return c.cfg.Activation }

func (c *Conv2DLayer) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "Conv2D needs a [height, width, channels] input, got %s", formatShape(in))
	}
	cfg := &c.cfg
	if err := positiveSettings(windowSetting{"kernel_size", cfg.KernelSize}, windowSetting{"strides", cfg.Strides}, windowSetting{"dilation_rate", cfg.DilationRate}); err != nil {
		return err
	}
	if err := cfg.Activation.checkNamed(); err != nil {
		return err
	}
	plan, err := newConvPlan(in, cfg.KernelSize, cfg.Filters, c.Params())
	if err != nil {
		return err
	}
	c.plan = plan
	c.in, c.out = append([]int(nil), in...), plan.outShape()
	c.declareKernel(cfg.Activation, cfg.KernelSize[0], cfg.KernelSize[1], in[2], cfg.Filters)
	return nil
}

func (c *Conv2DLayer) scratchLen(n int) int { return 2 * c.plan.scratchLen(n) }

func (c *Conv2DLayer) newScratch(n int) *scratch {
	m := c.plan.scratchLen(n)
	return &scratch{cols: make([]float32, m), tmp: make([]float32, m)}
}

func (c *Conv2DLayer) forward(k *call, in, out []float32) {
	c.plan.forward(in, c.weights[0].data, c.Bias(), out, k.n, c.cfg.Activation, k.s.cols, k.s.tmp)
}

func (c *Conv2DLayer) prepareBatch() { c.prepare(c.weights[0].data, c.plan.k, c.cfg.Filters) }

// backward accumulates the kernel gradient as [F, K] (see kernelT).
func (c *Conv2DLayer) backward(k *call, in, out, dOut, dIn []float32) {
	k.activationGrad(c.cfg.Activation, out, dOut, c.cfg.Filters)
	var dBias []float32
	if c.useBias {
		dBias = k.grads[1]
	}
	c.plan.backward(in, c.wT, dOut, k.grads[0], dBias, dIn, k.n, k.s.cols, k.s.tmp)
}
