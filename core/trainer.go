package core

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// gradChunks is the fixed number of batch slices whose gradients are
// accumulated separately and then summed in order. It does not depend on
// the number of CPUs, so the same seed gives the same model on any machine
// of the same platform, however many goroutines run.
const gradChunks = 8

// Trainer trains a model with mini-batches: softmax cross-entropy loss
// (mean over the batch) and an optimizer. Batches run in parallel over
// runtime.GOMAXPROCS goroutines with deterministic results.
type Trainer struct {
	m    *Model
	opt  Optimizer
	seed uint64
	step uint64

	layerParams [][]int // layerParams[l] = indices into params of layer l's parameters
	params      [][]float32
	workers     []*worker
	chunkGrads  [][][]float32   // [chunk][param] in each layer's backward layout
	layerGrads  [][][][]float32 // [chunk][layer] views of chunkGrads for Layer.backward
	grads       [][]float32     // summed, in parameter layout
	sum         []float32       // summation scratch
	losses      []float64
	hits        []bool
}

// NewTrainer returns a trainer for m. seed drives dropout; together with
// Model.Init's seed it makes training reproducible.
func NewTrainer(m *Model, opt Optimizer, seed uint64) *Trainer {
	t := &Trainer{m: m, opt: opt, seed: seed}
	for _, l := range m.layers {
		var idx []int
		for _, p := range l.base().params {
			idx = append(idx, len(t.params))
			t.params = append(t.params, p.data)
		}
		t.layerParams = append(t.layerParams, idx)
	}
	t.grads = zerosLike(t.params)
	maxLen := 0
	for _, p := range t.params {
		maxLen = max(maxLen, len(p))
	}
	t.sum = make([]float32, maxLen)
	return t
}

// SetLearningRate changes the optimizer's learning rate.
func (t *Trainer) SetLearningRate(lr float32) { t.opt.SetLearningRate(lr) }

// LearningRate is the optimizer's learning rate.
func (t *Trainer) LearningRate() float32 { return t.opt.LearningRate() }

// TrainBatch runs one optimisation step on n = len(labels) samples
// (x holds n·H·W·C values) and returns the mean loss before the step and
// how many samples were classified correctly.
func (t *Trainer) TrainBatch(x []float32, labels []int) (loss float32, correct int, err error) {
	m := t.m
	if err := m.checkLabels(labels); err != nil {
		return 0, 0, err
	}
	n := len(labels)
	if err := m.checkInput(x, n); err != nil {
		return 0, 0, err
	}
	chunks := min(gradChunks, n)
	t.ensureBuffers(chunks, n)
	for _, l := range m.layers {
		if p, ok := l.(batchPreparer); ok {
			p.prepareBatch()
		}
	}
	size := numElements(m.input)
	var next atomic.Int32
	var wg sync.WaitGroup
	for _, w := range t.workers[:min(len(t.workers), chunks)] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := int(next.Add(1)) - 1; c < chunks; c = int(next.Add(1)) - 1 {
				g := t.chunkGrads[c]
				for _, b := range g {
					clear(b)
				}
				for i := c * n / chunks; i < (c+1)*n/chunks; i++ {
					t.losses[i], t.hits[i] = t.trainSample(w, t.layerGrads[c], x[i*size:(i+1)*size], labels[i], i)
				}
			}
		}()
	}
	wg.Wait()

	scale := 1 / float32(n)
	for p := range t.params {
		s := t.sum[:len(t.params[p])]
		copy(s, t.chunkGrads[0][p])
		for c := 1; c < chunks; c++ {
			axpy(1, t.chunkGrads[c][p], s)
		}
		for i := range s {
			s[i] *= scale
		}
		t.toParamLayout(p, s)
	}
	t.opt.update(t.params, t.grads)
	t.step++

	var total float64
	for i := range n {
		total += t.losses[i]
		if t.hits[i] {
			correct++
		}
	}
	return float32(total / float64(n)), correct, nil
}

func (t *Trainer) ensureBuffers(chunks, n int) {
	if len(t.workers) == 0 {
		for range min(runtime.GOMAXPROCS(0), gradChunks) {
			t.workers = append(t.workers, newWorker(t.m, true))
		}
	}
	for len(t.chunkGrads) < chunks {
		g := zerosLike(t.params)
		lg := make([][][]float32, len(t.layerParams))
		for l, idx := range t.layerParams {
			for _, q := range idx {
				lg[l] = append(lg[l], g[q])
			}
		}
		t.chunkGrads = append(t.chunkGrads, g)
		t.layerGrads = append(t.layerGrads, lg)
	}
	if len(t.losses) < n {
		t.losses = make([]float64, n)
		t.hits = make([]bool, n)
	}
}

// toParamLayout stores the summed gradient s of parameter p in t.grads.
func (t *Trainer) toParamLayout(p int, s []float32) {
	for l, idx := range t.layerParams {
		for j, q := range idx {
			if q != p {
				continue
			}
			if gl, ok := t.m.layers[l].(gradLayout); ok {
				gl.gradToParam(j, s, t.grads[p])
			} else {
				copy(t.grads[p], s)
			}
			return
		}
	}
}

// trainSample runs forward and backward for sample i of the batch, adding
// its gradients into g (one slice per layer), and returns its loss and whether it was right.
func (t *Trainer) trainSample(w *worker, g [][][]float32, x []float32, label, i int) (float64, bool) {
	r := newRNG(t.seed, t.step, uint64(i))
	layers := t.m.layers
	w.forward(x, len(layers), true, &r)
	loss, probs := w.sampleLoss(label)
	li := t.m.logitsLayer()
	// The gradient of softmax cross-entropy w.r.t. the logits: p − onehot.
	d := w.dActs[li]
	copy(d, probs)
	d[label]--
	for l := li; l >= 0; l-- {
		var dIn []float32
		if l > 0 {
			dIn = w.dActs[l-1]
			clear(dIn)
		}
		layers[l].backward(w.scratch[l], w.layerIn(l, x), w.acts[l], w.dActs[l], dIn, g[l])
	}
	return loss, Argmax(probs) == label
}

// Evaluation is how a model does on a labelled set of samples.
type Evaluation struct {
	// Accuracy is the fraction of samples whose most probable class is
	// their label; Loss the mean softmax cross-entropy.
	Accuracy, Loss float64
	// Confusion[label][predicted] counts the samples of each true class
	// (row) by the class the model picked (column); it is classes×classes.
	Confusion [][]int
}

// Evaluate runs the model on n = len(labels) samples (x holds n·H·W·C
// values), in parallel, without dropout.
func (m *Model) Evaluate(x []float32, labels []int) (Evaluation, error) {
	if err := m.checkLabels(labels); err != nil {
		return Evaluation{}, err
	}
	n := len(labels)
	if err := m.checkInput(x, n); err != nil {
		return Evaluation{}, err
	}
	size := numElements(m.input)
	losses := make([]float64, n)
	picks := make([]int, n)
	shards := max(1, min(runtime.GOMAXPROCS(0), n))
	var wg sync.WaitGroup
	for s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(m, false)
			for i := s * n / shards; i < (s+1)*n/shards; i++ {
				w.forward(x[i*size:(i+1)*size], len(m.layers), false, nil)
				var probs []float32
				losses[i], probs = w.sampleLoss(labels[i])
				picks[i] = Argmax(probs)
			}
		}()
	}
	wg.Wait()
	classes := m.layers[len(m.layers)-1].base().out[0]
	e := Evaluation{Confusion: make([][]int, classes)}
	for c := range e.Confusion {
		e.Confusion[c] = make([]int, classes)
	}
	correct := 0
	for i, y := range labels {
		e.Loss += losses[i]
		e.Confusion[y][picks[i]]++
		if picks[i] == y {
			correct++
		}
	}
	e.Accuracy = float64(correct) / float64(n)
	e.Loss /= float64(n)
	return e, nil
}
