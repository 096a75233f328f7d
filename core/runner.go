package core

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Limits of one batch: gradChunks is the largest number of slices a batch
// is cut into (whose weight gradients are accumulated separately and then
// summed in order), gradBudget bounds the floats those accumulators take,
// and maxBatchMemory the floats of every layer's output (and, in training,
// its gradient) for every sample of a batch. The number of slices depends
// on the model and the batch size only, never on the number of CPUs, so the
// same seed gives the same model on any machine of the same platform.
const (
	gradChunks     = 8
	gradBudget     = 1 << 24
	maxBatchMemory = 1 << 26
)

// runner runs a model on batches of up to cap samples, layer by layer: the
// layers that may see part of a batch run on fixed slices of it (chunks) on
// several goroutines, those that need the whole batch (batch statistics in
// training) on one. Every layer's output and output gradient stays for the
// whole batch, so the backward pass can follow.
type runner struct {
	m         *Model
	training  bool
	cap       int
	maxChunks int
	segs      []segment
	acts      [][]float32     // [layer] cap × output
	dActs     [][]float32     // [layer] cap × output, training only
	ints      [][]int32       // [layer] cap × tape ints
	floats    [][]float32     // [layer] cap × tape floats
	calls     [][]call        // [goroutine][layer]
	rngs      []rng           // [sample] random streams, training only
	grads     [][][][]float32 // [chunk][layer][weight], training only
	probs     []float32       // cap × classes when the model does not end in softmax
	losses    []float64       // [sample]
	hits      []bool          // [sample]
	fused     bool            // the model ends in softmax: the loss gradient is p − onehot before it
	job       job
}

// segment is a run of layers [lo, hi) that may be cut into chunks, or a
// single layer that needs the whole batch.
type segment struct {
	lo, hi int
	whole  bool
}

func newRunner(m *Model, training bool, cap int) (*runner, error) {
	r := &runner{m: m, training: training, cap: cap, maxChunks: min(gradChunks, cap)}
	last := m.layers[len(m.layers)-1]
	r.fused = last.activation() == SoftmaxActivation
	if perSample := m.sampleMemory(training); cap*perSample > maxBatchMemory {
		return nil, errorf(ErrLimit, "a batch of %d samples needs %d values of activations, above the limit %d; use smaller batches", cap, cap*perSample, maxBatchMemory)
	}
	if training {
		if n := m.TrainableParams(); n > 0 {
			r.maxChunks = max(1, min(r.maxChunks, gradBudget/n))
		}
	}
	for i, l := range m.layers {
		whole := l.wholeBatch(training)
		if s := len(r.segs) - 1; s >= 0 && !whole && !r.segs[s].whole {
			r.segs[s].hi = i + 1
		} else {
			r.segs = append(r.segs, segment{i, i + 1, whole})
		}
		b := l.base()
		ti, tf := l.tape()
		r.acts = append(r.acts, make([]float32, cap*b.outLen()))
		r.ints = append(r.ints, make([]int32, cap*ti))
		r.floats = append(r.floats, make([]float32, cap*tf))
		if training {
			r.dActs = append(r.dActs, make([]float32, cap*b.outLen()))
		}
	}
	chunk := (cap + r.maxChunks - 1) / r.maxChunks
	for w := range min(runtime.GOMAXPROCS(0), r.maxChunks) {
		calls := make([]call, len(m.layers))
		for i, l := range m.layers {
			n := chunk
			if l.wholeBatch(training) {
				if w > 0 {
					continue
				}
				n = cap
			}
			calls[i] = call{training: training, s: l.newScratch(n)}
		}
		r.calls = append(r.calls, calls)
	}
	if training {
		r.rngs = make([]rng, cap)
		for range r.maxChunks {
			g := make([][][]float32, len(m.layers))
			for i, l := range m.layers {
				for _, w := range l.base().weights {
					var acc []float32
					if w.trainable {
						acc = make([]float32, len(w.data))
					}
					g[i] = append(g[i], acc)
				}
			}
			r.grads = append(r.grads, g)
		}
	}
	if !r.fused {
		r.probs = make([]float32, cap*last.base().outLen())
	}
	r.losses, r.hits = make([]float64, cap), make([]bool, cap)
	r.job.r = r
	return r, nil
}

// sampleMemory is the number of values a runner holds per sample of a batch.
func (m *Model) sampleMemory(training bool) int {
	n := m.layers[len(m.layers)-1].base().outLen() // probabilities
	for _, l := range m.layers {
		ti, tf := l.tape()
		n += l.base().outLen() + ti + tf
		if training {
			n += l.base().outLen()
		}
	}
	return n
}

// chunks is the number of slices a batch of n samples is cut into.
func (r *runner) chunks(n int) int { return min(r.maxChunks, n) }

// input returns what feeds layer i: the previous layer's output, or x.
func (r *runner) input(i int, x []float32) []float32 {
	if i == 0 {
		return x
	}
	return r.acts[i-1]
}

// forward runs layers [0, upto) on the n samples of x.
func (r *runner) forward(x []float32, n, upto int) {
	r.job.x, r.job.n, r.job.backward = x, n, false
	for _, s := range r.segs {
		if s.lo >= upto {
			break
		}
		s.hi = min(s.hi, upto)
		r.job.seg = s
		r.each(&r.job)
	}
}

// backward runs every layer's backward pass on the n samples of x, from the
// gradient loss left in the last layer's dActs.
func (r *runner) backward(x []float32, n int) {
	r.job.x, r.job.n, r.job.backward = x, n, true
	for _, g := range r.grads {
		for _, lg := range g {
			for _, acc := range lg {
				clear(acc)
			}
		}
	}
	for i := len(r.segs) - 1; i >= 0; i-- {
		r.job.seg = r.segs[i]
		r.each(&r.job)
	}
}

// job is one pass of a segment over the chunks of a batch.
type job struct {
	r        *runner
	x        []float32
	n        int
	seg      segment
	backward bool
}

// each runs j on every chunk of its batch (the whole batch for a segment
// that needs it), on up to one goroutine per chunk. What a chunk computes
// does not depend on which goroutine runs it.
func (r *runner) each(j *job) {
	n := j.n
	if j.seg.whole {
		j.run(0, 0, 0, n)
		return
	}
	chunks := r.chunks(n)
	workers := min(len(r.calls), chunks)
	if workers <= 1 {
		for c := range chunks {
			j.run(0, c, c*n/chunks, (c+1)*n/chunks)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := int(next.Add(1)) - 1; c < chunks; c = int(next.Add(1)) - 1 {
				j.run(w, c, c*n/chunks, (c+1)*n/chunks)
			}
		}()
	}
	wg.Wait()
}

// run passes samples [lo, hi), chunk c, through the job's layers on
// goroutine w.
func (j *job) run(w, c, lo, hi int) {
	r := j.r
	if !j.backward {
		for i := j.seg.lo; i < j.seg.hi; i++ {
			r.forwardLayer(w, i, j.x, lo, hi)
		}
		return
	}
	for i := j.seg.hi - 1; i >= j.seg.lo; i-- {
		r.backwardLayer(w, c, i, j.x, lo, hi)
	}
}

// layerCall prepares goroutine w's call of layer i on samples [lo, hi).
func (r *runner) layerCall(w, i, lo, hi int) *call {
	l := r.m.layers[i]
	k := &r.calls[w][i]
	ti, tf := l.tape()
	k.n = hi - lo
	k.ints, k.floats = r.ints[i][lo*ti:hi*ti], r.floats[i][lo*tf:hi*tf]
	if r.rngs != nil {
		k.rngs = r.rngs[lo:hi]
	}
	return k
}

func (r *runner) forwardLayer(w, i int, x []float32, lo, hi int) {
	l := r.m.layers[i]
	in, out := l.base().inLen(), l.base().outLen()
	l.forward(r.layerCall(w, i, lo, hi), r.input(i, x)[lo*in:hi*in], r.acts[i][lo*out:hi*out])
}

func (r *runner) backwardLayer(w, c, i int, x []float32, lo, hi int) {
	l := r.m.layers[i]
	in, out := l.base().inLen(), l.base().outLen()
	k := r.layerCall(w, i, lo, hi)
	k.grads = r.grads[c][i]
	k.logits = r.fused && i == len(r.m.layers)-1
	var dIn []float32
	if i > 0 {
		dIn = r.dActs[i-1][lo*in : hi*in]
		clear(dIn)
	}
	l.backward(k, r.input(i, x)[lo*in:hi*in], r.acts[i][lo*out:hi*out], r.dActs[i][lo*out:hi*out], dIn)
}

// checkInput validates one or more samples of the model's input shape.
func (m *Model) checkInput(x []float32, n int) error {
	size := numElements(m.input)
	if len(x) != n*size {
		if n == 1 {
			return errorf(ErrInput, "input has %d values, the model needs %d (%s)", len(x), size, formatShape(m.input))
		}
		return errorf(ErrInput, "input has %d values, %d samples of %s need %d", len(x), n, formatShape(m.input), n*size)
	}
	return checkFinite("input", x)
}

// predictRunner is the model's own runner for one sample at a time.
func (m *Model) predictRunner() *runner {
	if m.fwd == nil {
		r, err := newRunner(m, false, 1)
		if err != nil {
			panic(err) // one sample always fits: the model's memory is bounded when it is built
		}
		m.fwd = r
		m.views = make([]LayerOutput, len(m.layers))
		for i, l := range m.layers {
			m.views[i] = LayerOutput{Name: l.Name(), Shape: l.OutputShape(), Data: r.acts[i]}
		}
	}
	return m.fwd
}

// Predict runs the model on one sample (len H·W·C) and returns the last
// layer's output — the class probabilities when it is Softmax — and the
// index of its largest value. probs is owned by the model and valid until
// the next call. It does not allocate after the first call.
func (m *Model) Predict(input []float32) (probs []float32, label int, err error) {
	if err := m.checkInput(input, 1); err != nil {
		return nil, 0, err
	}
	r := m.predictRunner()
	r.forward(input, 1, len(m.layers))
	probs = r.acts[len(r.acts)-1]
	return probs, Argmax(probs), nil
}

// PredictAll runs the model on one sample and returns every layer's output
// in order (the last is the prediction). The outputs are the buffers the
// forward pass uses anyway, so this costs no more than Predict; the slice
// and the data are owned by the model and valid until the next call.
func (m *Model) PredictAll(input []float32) ([]LayerOutput, error) {
	if _, _, err := m.Predict(input); err != nil {
		return nil, err
	}
	for i, l := range m.layers {
		// The class of a pooling layer changes with SetPooling.
		m.views[i].Class = l.Class()
	}
	return m.views, nil
}

// LayerInput returns a copy of the activation that feeds the named layer
// when the model runs on input (the input itself for the first layer).
func (m *Model) LayerInput(layerName string, input []float32) (Tensor, error) {
	i, err := m.layerIndex(layerName)
	if err != nil {
		return Tensor{}, err
	}
	if err := m.checkInput(input, 1); err != nil {
		return Tensor{}, err
	}
	r := m.predictRunner()
	r.forward(input, 1, i)
	return Tensor{Data: append([]float32(nil), r.input(i, input)...), Shape: append([]int(nil), m.layers[i].base().in...)}, nil
}

// Argmax returns the index of the largest value, the first one on ties (as
// tf.argmax does); a NaN is passed over. It returns 0 for an empty slice.
func Argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] || math.IsNaN(float64(v[best])) {
			best = i
		}
	}
	return best
}
