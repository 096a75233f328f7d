package core

// Layer is one layer of a Sequential model. Every layer class is declared
// once, in its own file, with registerLayer (see registry.go): its Keras
// class name, its config type and how a config becomes a layer. Layers get
// their shapes when a model is built from them.
type Layer interface {
	Name() string
	// Class is the canonical Keras class name (see LayerClasses).
	Class() string
	// Config returns a copy of the layer's settings: a value of the
	// layer's config type (Conv2DConfig, DenseConfig, ...), whose JSON is
	// the Keras config.
	Config() any
	// OutputShape is the shape of one sample's output, without the batch axis.
	OutputShape() []int
	// ParamCount is the number of weights, trainable or not, as in Keras's
	// summary.
	ParamCount() int

	base() *layerBase
	// build validates the layer for an input shape and sets its output
	// shape and weight shapes; it allocates no weight data.
	build(in []int) error
	// newScratch returns the working memory one goroutine needs to run
	// the layer on up to n samples at once; scratchLen is its size in
	// floats, for the model's memory limit.
	newScratch(n int) *scratch
	scratchLen(n int) int
	// tape is how many int32 and float32 values per sample forward keeps
	// for backward (pooling's argmax, dropout's mask) in call.ints and
	// call.floats.
	tape() (ints, floats int)
	// wholeBatch reports whether the layer must see the whole batch at
	// once (batch statistics); other layers may be run on any split of it.
	wholeBatch(training bool) bool
	// forward computes out from in for the c.n samples stored back to back
	// (NHWC).
	forward(c *call, in, out []float32)
	// backward takes dOut (which it may overwrite) and adds the weight
	// gradients of the c.n samples into c.grads (one per weight, nil for a
	// non-trainable one, in the layout gradToWeight converts from) and the
	// input gradient into dIn (zero on entry; nil for the first layer).
	backward(c *call, in, out, dOut, dIn []float32)
	// activation is the function the layer applies last (linear for
	// layers without one); onlyActivation reports that the layer is
	// nothing else, so that its input holds the values before it.
	activation() Activation
	onlyActivation() bool
	// prepareBatch derives read-only data from the weights once per
	// training batch, shared by all workers.
	prepareBatch()
	// gradToWeight converts the summed gradient g of weight i from the
	// layout backward accumulates it in to the weight's own, into dst.
	gradToWeight(i int, g, dst []float32)
}

// call is one run of a layer over n consecutive samples of a batch. The
// runner keeps one per goroutine and layer, so that running a layer
// allocates nothing.
type call struct {
	n        int
	training bool
	s        *scratch  // the goroutine's working memory for this layer
	ints     []int32   // forward → backward state of these samples (tape)
	floats   []float32 // forward → backward state of these samples (tape)
	rngs     []rng     // the samples' random streams, drawn in training
	// grads are backward's weight gradient accumulators.
	grads [][]float32
	// logits tells backward that dOut is already the gradient with respect
	// to the values before the layer's softmax (the loss's fused gradient).
	logits bool
}

// activationGrad multiplies dOut in place by the derivative of the layer's
// activation at its output, unless the loss has already taken care of it.
func (c *call) activationGrad(act Activation, out, dOut []float32, last int) {
	if !c.logits {
		activationBackward(act, out, dOut, last)
	}
}

// Weighted is a layer with a kernel and an optional bias: *Conv2DLayer
// (kernel [KH, KW, C, F]) and *Dense (kernel [in, units]).
type Weighted interface {
	Layer
	Kernel() Tensor
	// Bias is nil when the layer has no bias.
	Bias() []float32
}

// weight is one weight tensor of a layer.
type weight struct {
	name      string // Keras weight name: "kernel", "bias", "gamma", ...
	shape     []int
	data      []float32
	trainable bool
	init      initializer
}

// layerBase holds what every layer has, and the defaults of the optional
// parts of the layer contract.
type layerBase struct {
	name      string
	class     string // canonical class name, set by the registry
	in, out   []int
	weights   []*weight
	allocated bool // weight data allocated
}

func (b *layerBase) base() *layerBase   { return b }
func (b *layerBase) Name() string       { return b.name }
func (b *layerBase) Class() string      { return b.class }
func (b *layerBase) OutputShape() []int { return append([]int(nil), b.out...) }

func (b *layerBase) ParamCount() int {
	n := 0
	for _, w := range b.weights {
		n += numElements(w.shape)
	}
	return n
}

// The defaults of the optional parts of the contract.
func (b *layerBase) newScratch(int) *scratch              { return &scratch{} }
func (b *layerBase) scratchLen(int) int                   { return 0 }
func (b *layerBase) tape() (ints, floats int)             { return 0, 0 }
func (b *layerBase) wholeBatch(bool) bool                 { return false }
func (b *layerBase) activation() Activation               { return Linear }
func (b *layerBase) onlyActivation() bool                 { return false }
func (b *layerBase) prepareBatch()                        {}
func (b *layerBase) gradToWeight(_ int, g, dst []float32) { copy(dst, g) }

func (b *layerBase) inLen() int  { return numElements(b.in) }
func (b *layerBase) outLen() int { return numElements(b.out) }

// setWeights declares the layer's weights, keeping existing data when the
// names and shapes did not change.
func (b *layerBase) setWeights(ws ...*weight) {
	if len(ws) == len(b.weights) {
		same := true
		for i, w := range ws {
			same = same && w.name == b.weights[i].name && equalInts(w.shape, b.weights[i].shape)
		}
		if same {
			return
		}
	}
	b.weights = ws
	b.allocated = false
}

// allocate gives every weight its storage.
func (b *layerBase) allocate() {
	if b.allocated {
		return
	}
	for _, w := range b.weights {
		if len(w.data) != numElements(w.shape) {
			w.data = make([]float32, numElements(w.shape))
		}
	}
	b.allocated = true
}

func (b *layerBase) weight(name string) *weight {
	for _, w := range b.weights {
		if w.name == name {
			return w
		}
	}
	return nil
}

// sameShape makes the output shape the input shape, for element-wise layers.
func (b *layerBase) sameShape(in []int) {
	b.in, b.out = append([]int(nil), in...), append([]int(nil), in...)
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

// scratch is a layer's per-goroutine working memory; each layer uses the
// fields it needs. Only a layer that needs the whole batch may keep
// something in it from forward to backward: it always runs on the first
// goroutine's.
type scratch struct {
	cols, tmp []float32 // conv: im2col tile and product tile
	stats     []float64 // batch normalization: the batch's statistics
}

// weightedBase is what Conv2D and Dense share: a kernel (weight 0, a
// [K, F] matrix once its leading axes are flattened), an optional bias
// (weight 1, [F]) and the kernel's transposed copy for the backward pass.
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
	k := w.weights[0]
	return Tensor{Data: k.data, Shape: k.shape}
}

// Bias returns the live bias, or nil without one.
func (w *weightedBase) Bias() []float32 {
	if !w.useBias {
		return nil
	}
	return w.weights[1].data
}

// declareKernel declares a kernel of the given shape, initialised for the
// activation that follows it, and, with a bias, a zero bias as long as the
// kernel's last axis.
func (w *weightedBase) declareKernel(act Activation, kernel ...int) {
	ws := []*weight{{name: "kernel", shape: kernel, trainable: true, init: kernelInit(act)}}
	if w.useBias {
		ws = append(ws, &weight{name: "bias", shape: []int{kernel[len(kernel)-1]}, trainable: true, init: initZeros})
	}
	w.setWeights(ws...)
}

// kernelT is the transposed copy of a [K, F] kernel ([F, K]) that conv and
// dense backward passes use, refreshed once per training batch and shared
// read-only by the workers. Their kernel gradients accumulate in the same
// transposed layout, where the products run along K and skip the zeros of
// the output gradient, and are transposed back once per batch.
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

// gradToWeight transposes the kernel gradient (weight 0) back to [K, F];
// the bias gradient is already in its own layout.
func (w *weightedBase) gradToWeight(i int, g, dst []float32) {
	if i == 0 {
		transpose(dst, g, w.f, w.k)
		return
	}
	copy(dst, g)
}
