package core

import (
	"fmt"
	kern "github.com/svertka/svertka/core/kernel"
	"math"
	"runtime"
)

// Trainer trains a model with mini-batches: softmax cross-entropy loss
// (mean over the batch) and an optimizer. A batch runs layer by layer, each
// layer on fixed slices of it in parallel (see runner), with results that
// do not depend on the number of goroutines.
type Trainer struct {
	m    *Model
	opt  Optimizer
	seed uint64
	step uint64
	r    *runner

	// The trainable weights in model order, where each belongs (layer,
	// weight index) and their summed gradients in the weights' layout.
	params [][]float32
	owners [][2]int
	grads  [][]float32
	// Every weight, and a copy from before the step, to undo a step that
	// diverged.
	all, backup [][]float32
}

// NewTrainer returns a trainer for m. seed drives dropout; together with
// Model.Init's seed it makes training reproducible.
func NewTrainer(m *Model, opt Optimizer, seed uint64) *Trainer {
	t := &Trainer{m: m, opt: opt, seed: seed}
	for i, l := range m.layers {
		for j, w := range l.base().weights {
			t.all = append(t.all, w.data)
			if w.trainable {
				t.params = append(t.params, w.data)
				t.owners = append(t.owners, [2]int{i, j})
			}
		}
	}
	t.grads = zerosLike(t.params)
	t.backup = zerosLike(t.all)
	return t
}

// Step is the number of steps taken.
func (t *Trainer) Step() uint64 { return t.step }

// SetLearningRate changes the optimizer's learning rate.
func (t *Trainer) SetLearningRate(lr float32) { t.opt.SetLearningRate(lr) }

// LearningRate is the optimizer's learning rate.
func (t *Trainer) LearningRate() float32 { return t.opt.LearningRate() }

// TrainBatch runs one optimisation step on n = len(labels) samples
// (x holds n·H·W·C values) and returns the mean loss before the step and
// how many samples were classified correctly. When the loss or a weight
// becomes NaN or infinite, the step is undone (weights, moving statistics
// and optimizer state) and the error matches ErrDiverged — and
// ErrLossDiverged when the loss itself was not finite or exploded (above
// ten times ln(classes), see ExplodedLoss), so the weights the step
// started from are no good either.
func (t *Trainer) TrainBatch(x []float32, labels []int) (loss float32, correct int, err error) {
	m := t.m
	if err := t.opt.check(); err != nil {
		return 0, 0, err
	}
	if err := m.checkLabels(labels); err != nil {
		return 0, 0, err
	}
	n := len(labels)
	if err := m.checkInput(x, n); err != nil {
		return 0, 0, err
	}
	if t.r == nil || t.r.cap < n || len(t.r.calls) != min(runtime.GOMAXPROCS(0), t.r.maxChunks) {
		if t.r, err = newRunner(m, true, n); err != nil {
			return 0, 0, err
		}
	}
	r := t.r
	copyState(t.backup, t.all)
	t.opt.save()
	for _, l := range m.layers {
		l.prepareBatch()
	}
	for i := range n {
		r.rngs[i] = newRNG(t.seed, t.step, uint64(i))
	}
	r.forward(x, n, len(m.layers))
	r.loss(x, labels)
	mean, correct := r.meanLoss(n)
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		return 0, 0, t.undo(ErrLossDiverged, "the loss is %v", mean)
	}
	if bound := r.explodedLoss(); mean > bound {
		return 0, 0, t.undo(ErrLossDiverged, "the loss exploded to %.3g (a model that learns stays below %.3g)", mean, bound)
	}
	r.backward(x, n)

	scale := 1 / float32(n)
	chunks := r.chunks(n)
	for p, o := range t.owners {
		// The chunks' gradients are summed in order, in the layer's layout.
		s := r.grads[0][o[0]][o[1]]
		for c := 1; c < chunks; c++ {
			kern.Axpy(1, r.grads[c][o[0]][o[1]], s)
		}
		for i := range s {
			s[i] *= scale
		}
		m.layers[o[0]].gradToWeight(o[1], s, t.grads[p])
	}
	t.opt.update(t.params, t.grads)
	if l, w, v := m.nonFiniteWeight(); w != nil {
		return 0, 0, t.undo(ErrDiverged, "%s/%s became %v", l.Name(), w.name, v)
	}
	t.step++
	return float32(mean), correct, nil
}

// explosionFactor times the loss of a uniform guess, ln(classes), is a
// mean loss that counts as diverged (ExplodedLoss).
const explosionFactor = 10

// ExplodedLoss is the mean cross-entropy above which a training step has
// diverged and is refused (Trainer.TrainBatch): ten times ln(classes), the
// loss of a uniform guess, where a fresh model starts (He initialisation
// gives ≈ ln(classes) on inputs in [0, 1]) and which training lowers. A
// mean loss L says the true class got a probability of e^−L on
// (geometric) average: above the bound, less than classes^−10 (1e−10 for
// ten classes), which no model that learns reaches over a batch. Below ten
// classes it stays ten times ln 10 (23): ten times ln 2 is only 6.9, a
// probability of 1e−3, which a fresh two-class model on inputs of 0 … 10
// already gives. The loss need not become NaN or infinite to have
// exploded: a learning rate far too large (10 … 1e6 on the seed network)
// silences the ReLUs, and the loss then grows with the learning rate (to
// 2.4e6 and more) while staying finite.
//
// A model whose last layer applies softmax itself (Dense with activation
// softmax) has its loss clipped at −ln 1e−7 = 16.1 (see minProb), below
// that bound: its loss explodes to the clip instead, and counts as exploded
// above half way from ln(classes) to the clip (9.2 for ten classes), where
// most samples are confidently wrong (runner.explodedLoss).
func ExplodedLoss(classes int) float64 {
	return explosionFactor * math.Log(float64(max(classes, 10)))
}

// explodedLoss is ExplodedLoss for r's model, lower when its loss is
// clipped.
func (r *runner) explodedLoss() float64 {
	last := r.m.layers[len(r.m.layers)-1]
	classes := last.base().outLen()
	bound := ExplodedLoss(classes)
	if r.fused && !last.onlyActivation() {
		bound = min(bound, (math.Log(float64(classes))-math.Log(minProb))/2)
	}
	return bound
}

// undo restores the weights and the optimizer from before the step and
// returns the error of the given kind (ErrDiverged or ErrLossDiverged)
// saying what happened.
func (t *Trainer) undo(kind error, format string, args ...any) error {
	copyState(t.all, t.backup)
	t.opt.restore()
	return errorf(kind, "step %d: %s at learning rate %g; the step was undone: try a smaller learning rate",
		t.step+1, fmt.Sprintf(format, args...), t.opt.LearningRate())
}
