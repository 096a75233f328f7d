package core

// Layer is one layer of a Sequential model. Layers are created by NewConv2D,
// NewPool2D, NewFlatten, NewDense, NewDropout and NewSoftmax and get their
// shapes when a model is built from them.
type Layer interface {
	Name() string
	// Class is the Keras class name: Conv2D, MaxPool2D, MinPool2D,
	// AvgPool2D, Flatten, Dense, Dropout or Softmax.
	Class() string
	// OutputShape is the shape of one sample's output, without the batch axis.
	OutputShape() []int
	// ParamCount is the number of trainable parameters.
	ParamCount() int

	base() *layerBase
	// build validates the layer for an input shape and sets its output shape
	// and parameter shapes; it allocates nothing.
	build(in []int) error
	newScratch() *scratch
	// forward computes one sample. training enables dropout; r is the
	// sample's random stream (used only when training).
	forward(s *scratch, in, out []float32, training bool, r *rng)
	// backward takes dOut (which it may overwrite) and adds this sample's
	// parameter gradients into grads (one per param, layout chosen by the
	// layer, see gradLayout) and the input gradient into dIn (zero on entry;
	// nil when not needed).
	backward(s *scratch, in, out, dOut, dIn []float32, grads [][]float32)
}

// Weighted is a layer with a kernel and an optional bias: *Conv2DLayer
// (kernel [KH, KW, C, F]) and *Dense (kernel [in, units]).
type Weighted interface {
	Layer
	Kernel() Tensor
	// Bias is nil when the layer has no bias.
	Bias() []float32
}

// param is one weight tensor of a layer.
type param struct {
	name  string // Keras weight name: "kernel" or "bias"
	shape []int
	data  []float32
}

// layerBase holds what every layer has.
type layerBase struct {
	name     string
	in, out  []int
	params   []*param
	prepared bool // parameters allocated
}

func (b *layerBase) base() *layerBase   { return b }
func (b *layerBase) Name() string       { return b.name }
func (b *layerBase) OutputShape() []int { return append([]int(nil), b.out...) }

func (b *layerBase) ParamCount() int {
	n := 0
	for _, p := range b.params {
		n += numElements(p.shape)
	}
	return n
}

// setParams declares the layer's parameters, keeping existing data when the
// shapes did not change.
func (b *layerBase) setParams(ps ...*param) {
	if len(ps) == len(b.params) {
		same := true
		for i, p := range ps {
			same = same && p.name == b.params[i].name && equalInts(p.shape, b.params[i].shape)
		}
		if same {
			return
		}
	}
	b.params = ps
	b.prepared = false
}

// allocate gives every parameter its storage.
func (b *layerBase) allocate() {
	if b.prepared {
		return
	}
	for _, p := range b.params {
		if len(p.data) != numElements(p.shape) {
			p.data = make([]float32, numElements(p.shape))
		}
	}
	b.prepared = true
}

func (b *layerBase) param(name string) *param {
	for _, p := range b.params {
		if p.name == name {
			return p
		}
	}
	return nil
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// scratch is a layer's per-worker working memory; each layer uses the
// fields it needs.
type scratch struct {
	cols, tmp []float32 // conv: im2col tile and product tile
	arg       []int32   // max/min pool: where each output came from
	mask      []float32 // dropout: the kept-and-scaled mask
}

// gradLayout is implemented by layers whose backward accumulates a
// parameter gradient in a layout other than the parameter's own; gradToParam
// converts the summed gradient g of param i into dst in the parameter layout.
type gradLayout interface {
	gradToParam(i int, g, dst []float32)
}

// batchPreparer is implemented by layers that derive read-only data from
// their parameters once per training batch, shared by all workers.
type batchPreparer interface {
	prepareBatch()
}

// weightedBase is what Conv2D and Dense share: a kernel (param 0, a [K, F]
// matrix once its leading axes are flattened), an optional bias (param 1,
// [F]) and the kernel's transposed copy for the backward pass.
type weightedBase struct {
	layerBase
	useBias bool
	kernelT
}

// UseBias reports whether the layer has a bias.
func (w *weightedBase) UseBias() bool { return w.useBias }

// Kernel returns the live kernel ([KH, KW, C, F] for Conv2D, [in, units]
// for Dense); changes to it change the model.
func (w *weightedBase) Kernel() Tensor {
	k := w.params[0]
	return Tensor{Data: k.data, Shape: k.shape}
}

// Bias returns the live bias, or nil without one.
func (w *weightedBase) Bias() []float32 {
	if !w.useBias {
		return nil
	}
	return w.params[1].data
}

// setWeights declares a kernel of the given shape and, with a bias, a bias
// as long as the kernel's last axis.
func (w *weightedBase) setWeights(kernel ...int) {
	ps := []*param{{name: "kernel", shape: kernel}}
	if w.useBias {
		ps = append(ps, &param{name: "bias", shape: []int{kernel[len(kernel)-1]}})
	}
	w.setParams(ps...)
}

// kernelT is the transposed copy of a [K, F] kernel ([F, K]) that conv and
// dense backward passes use, refreshed once per training batch and shared
// read-only by the workers. Their kernel gradients accumulate in the same
// transposed layout, where every product is a long axpy that skips the
// zeros of the output gradient, and are transposed back once per batch.
type kernelT struct {
	wT   []float32
	k, f int
}

func (t *kernelT) prepare(kernel []float32, k, f int) {
	if len(t.wT) != len(kernel) {
		t.wT = make([]float32, len(kernel))
	}
	t.k, t.f = k, f
	transpose(t.wT, kernel, k, f)
}

// gradToParam transposes the kernel gradient (param 0) back to [K, F];
// the bias gradient is already in its own layout.
func (t *kernelT) gradToParam(i int, g, dst []float32) {
	if i == 0 {
		transpose(dst, g, t.f, t.k)
		return
	}
	copy(dst, g)
}
