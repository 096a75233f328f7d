//go:build js && wasm

package api

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

var (
	trainKeys    = []string{"data", "x", "shape", "labels", "optimizer"}
	evaluateKeys = []string{"data", "x", "shape", "labels"}
	sgdKeys      = []string{"type", "learningRate", "momentum"}
	adamKeys     = []string{"type", "learningRate", "beta1", "beta2", "epsilon"}
)

// trainSeed seeds the dropout masks of trainStep, so that the same calls
// on the same model give the same weights.
const trainSeed = 1

// trainStep(handle, {data | x, shape?, labels; optimizer}) → {loss, accuracy, correct, n}
//
// One optimisation step on the batch: loss is the mean cross-entropy
// before the update, accuracy the fraction of the batch classified right
// before it.
func (e *engine) trainStep(args []js.Value) (any, error) {
	s, err := e.idleSlot(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 1), trainKeys...)
	o.Require("optimizer", "{type: 'sgd' or 'adam', learningRate, …}")
	oneForm(o)
	if err := o.Err(); err != nil {
		return nil, err
	}
	opt, lr, err := readOptimizer(o.Value("optimizer"))
	if err != nil {
		return nil, err
	}
	t := &s.train
	var x []float32
	var labels []int
	if o.Has("data") {
		x, labels, err = e.datasetBatch(s, o.Value("data"), t.x, t.labels)
	} else {
		x, labels, err = s.readBatch(o, MaxBatch, t.x, t.labels)
	}
	t.x, t.labels = x[:cap(x)], labels[:cap(labels)] // keep the storage even when the data is refused
	if err != nil {
		return nil, err
	}
	loss, correct, err := t.step(s, x, labels, opt, lr)
	if err != nil {
		return nil, err
	}
	n := len(labels)
	return object("loss", float64(loss), "accuracy", float64(correct)/float64(n), "correct", correct, "n", n), nil
}

// datasetBatch copies every sample of the data set v — at most MaxBatch,
// checked against the model — into the buffers, as one trainStep batch.
func (e *engine) datasetBatch(s *slot, v js.Value, xBuf []float32, labelBuf []int) ([]float32, []int, error) {
	d, err := e.datasetOf(v)
	if err != nil {
		return xBuf, labelBuf, fmt.Errorf("data: %w", err)
	}
	if err := checkSet(s, d.set); err != nil {
		return xBuf, labelBuf, err
	}
	n := d.set.Len()
	if n > MaxBatch {
		return xBuf, labelBuf, fmt.Errorf("data set %d has %d samples, above the limit of %d per trainStep; fit trains on it batch by batch", d.id, n, MaxBatch)
	}
	size := numElements(s.inputShape)
	x, labels := slices.Grow(xBuf[:0], n*size)[:n*size], slices.Grow(labelBuf[:0], n)[:n]
	for i := range n {
		d.set.Sample(x[i*size:], i)
		labels[i] = d.set.Label(i)
	}
	return x, labels, nil
}

// oneForm refuses samples given both as a data set and as arrays.
func oneForm(o *bridge.Options) {
	if o.Has("data") && (o.Has("x") || o.Has("labels") || o.Has("shape")) {
		o.Fail(fmt.Errorf("give the samples either as data (a data set id) or as x and labels, not both"))
	}
}

// checkSet checks a data set's samples against the model's input.
func checkSet(s *slot, d *core.Dataset) error {
	if shape := d.Shape(); !slices.Equal(shape, s.inputShape) {
		return fmt.Errorf("the data set's samples are %s, the model's input is %s", formatShape(shape), formatShape(s.inputShape))
	}
	return nil
}

// evaluate(handle, {data | x, shape?, labels}) → {loss, accuracy,
// confusion, mistakes}
//
// confusion[label][predicted] counts the samples by true class (rows) and
// the class the model picked (columns); mistakes are the wrong answers it
// was surest of, {index, label, predicted, confidence}, most confident
// first (core.KeptMistakes at most).
func (e *engine) evaluate(args []js.Value) (any, error) {
	s, err := e.idleSlot(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 1), evaluateKeys...)
	oneForm(o)
	if err := o.Err(); err != nil {
		return nil, err
	}
	var ev core.Evaluation
	if o.Has("data") {
		d, err := e.datasetOf(o.Value("data"))
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		if err := checkSet(s, d.set); err != nil {
			return nil, err
		}
		ev, err = s.model.EvaluateDataset(d.set)
		if err != nil {
			return nil, err
		}
	} else {
		// Not reused: an evaluation set may be far larger than a batch.
		x, labels, err := s.readBatch(o, MaxEvaluate, nil, nil)
		if err != nil {
			return nil, err
		}
		if ev, err = s.model.Evaluate(x, labels); err != nil {
			return nil, err
		}
	}
	rows := make([]any, len(ev.Confusion))
	for i, r := range ev.Confusion {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		rows[i] = row
	}
	mistakes := make([]any, len(ev.Mistakes))
	for i, m := range ev.Mistakes {
		mistakes[i] = object("index", m.Index, "label", m.Label, "predicted", m.Predicted, "confidence", m.Confidence)
	}
	return object("loss", ev.Loss, "accuracy", ev.Accuracy, "confusion", js.ValueOf(rows), "mistakes", js.ValueOf(mistakes)), nil
}

// readBatch reads the options {x, shape?, labels} of 1 to maxN samples of
// the model's input, copying x into xBuf's and the labels into labelBuf's
// storage when large enough. The labels' range is left to core, which
// checks it before training or evaluating.
func (s *slot) readBatch(o *bridge.Options, maxN int, xBuf []float32, labelBuf []int) ([]float32, []int, error) {
	o.Require("labels", "the class of each sample: an Int32Array, a Uint8Array or an array of integers")
	o.Require("x", "a Float32Array of N samples of the model's input shape "+formatShape(s.inputShape)+", or data, a data set id")
	if err := o.Err(); err != nil {
		return xBuf, labelBuf, err
	}
	n, err := bridge.IntDataLength("labels", o.Value("labels"))
	switch {
	case err != nil:
		return xBuf, labelBuf, err
	case n == 0:
		return xBuf, labelBuf, fmt.Errorf("labels is empty; give at least one sample")
	case n > maxN:
		return xBuf, labelBuf, fmt.Errorf("labels has %d values, above the limit of %d samples per call", n, maxN)
	}
	shape := append([]int{n}, s.inputShape...)
	if numElements(shape) > MaxElements {
		return xBuf, labelBuf, fmt.Errorf("%d samples of %s would be %s values, above the limit of %d (2^24); use fewer samples", n, formatShape(s.inputShape), product(shape), MaxElements)
	}
	if o.Has("shape") {
		got, err := bridge.Ints("shape", o.Value("shape"))
		if err != nil || formatShape(got) != formatShape(shape) {
			return xBuf, labelBuf, fmt.Errorf("shape must be %s — %d samples (one per label) of the model's input shape %s — or absent, got %s",
				formatShape(shape), n, formatShape(s.inputShape), bridge.Describe(o.Value("shape")))
		}
	}
	a, err := checkData("x", o.Value("x"), "the batch shape (one sample per label)", shape)
	if err != nil {
		return xBuf, labelBuf, err
	}
	in, err := a.load(xBuf)
	if err != nil {
		return in.Data, labelBuf, err
	}
	labels, err := bridge.IntData("labels", o.Value("labels"), labelBuf)
	if err != nil {
		return in.Data, labelBuf, err
	}
	return in.Data, labels, nil
}

// optimizer is what identifies trainStep's optimizer state: its type and
// settings except the learning rate, which may change from step to step
// (a schedule) without starting the state afresh.
type optimizer struct {
	kind                            string // "sgd" or "adam"
	momentum, beta1, beta2, epsilon float32
}

func (o optimizer) build(lr float32) core.Optimizer {
	if o.kind == "adam" {
		return core.AdamConfig{LearningRate: lr, Beta1: o.beta1, Beta2: o.beta2, Epsilon: o.epsilon}.New()
	}
	return core.NewSGD(lr, o.momentum)
}

// readOptimizer reads {type: 'sgd', learningRate, momentum?} or
// {type: 'adam', learningRate, beta1?, beta2?, epsilon?}; the defaults are
// Keras's.
func readOptimizer(v js.Value) (optimizer, float64, error) {
	const want = "optimizer must be {type: 'sgd', learningRate, momentum?} or {type: 'adam', learningRate, beta1?, beta2?, epsilon?}, got %s"
	if !bridge.IsPlainObject(v) {
		return optimizer{}, 0, fmt.Errorf(want, bridge.Describe(v))
	}
	var opt optimizer
	keys := sgdKeys
	switch typ := v.Get("type"); {
	case typ.Type() == js.TypeString && strings.EqualFold(typ.String(), "sgd"):
		opt.kind = "sgd"
	case typ.Type() == js.TypeString && strings.EqualFold(typ.String(), "adam"):
		opt.kind, keys = "adam", adamKeys
	default:
		return optimizer{}, 0, fmt.Errorf("optimizer.type must be 'sgd' or 'adam', got %s", bridge.Describe(typ))
	}
	o := bridge.NewOptions("optimizer", v, keys...)
	o.Require("learningRate", "a positive number, such as 0.01")
	lr := o.Float("learningRate", 0)
	if f := float32(lr); o.Err() == nil && !(f > 0 && finite(f)) {
		o.Fail(fmt.Errorf("learningRate must be a positive number (a float32), got %s", bridge.Describe(o.Value("learningRate"))))
	}
	if opt.kind == "sgd" {
		opt.momentum = fraction(o, "momentum", 0)
	} else {
		opt.beta1 = fraction(o, "beta1", core.AdamBeta1)
		opt.beta2 = fraction(o, "beta2", core.AdamBeta2)
		opt.epsilon = float32(o.Float("epsilon", core.AdamEpsilon))
		if o.Err() == nil && !(opt.epsilon > 0 && finite(opt.epsilon)) {
			o.Fail(fmt.Errorf("epsilon must be a positive number (a float32), got %s", bridge.Describe(o.Value("epsilon"))))
		}
	}
	if err := o.Err(); err != nil {
		return optimizer{}, 0, fmt.Errorf("optimizer: %w", err)
	}
	return opt, lr, nil
}

// fraction reads an optional setting in [0, 1): momentum, beta1, beta2.
func fraction(o *bridge.Options, key string, def float64) float32 {
	f := o.Float(key, def)
	if o.Err() == nil && !(f >= 0 && float32(f) < 1) {
		o.Fail(fmt.Errorf("%s must be at least 0 and less than 1, got %s", key, bridge.Describe(o.Value(key))))
	}
	return float32(f)
}

// training is a model's trainStep state: the trainer, whose optimizer
// state lasts while the optimizer settings stay the same, the last good
// weights and the buffers a step reuses.
type training struct {
	trainer *core.Trainer
	opt     optimizer
	good    goodWeights
	x       []float32
	labels  []int
}

// reset drops the optimizer state and the weights of earlier steps: the
// next step starts afresh.
func (t *training) reset() { t.trainer, t.good.ok = nil, false }

// step trains s's model on one batch; a diverged step leaves the last good
// weights (see goodWeights) and drops the optimizer state.
func (t *training) step(s *slot, x []float32, labels []int, opt optimizer, lr float64) (float32, int, error) {
	if t.trainer == nil || t.opt != opt {
		t.trainer, t.opt = core.NewTrainer(s.model, opt.build(float32(lr)), trainSeed), opt
	} else {
		t.trainer.SetLearningRate(float32(lr))
	}
	t.good.save(s.weights)
	loss, correct, err := t.trainer.TrainBatch(x, labels)
	if err != nil {
		err = t.good.failed(s.weights, err)
		if errors.Is(err, core.ErrDiverged) {
			t.reset()
		}
		return 0, 0, err
	}
	t.good.ok = true
	return loss, correct, nil
}

// goodWeights keeps the weights from before the last two training steps.
// Core undoes a step whose loss or update is not finite or whose loss
// exploded (core.ExplodedLoss); when it was the loss, the weights the step started from — the previous step's result —
// are no good either, and the ones from before that step are the last good
// ones.
type goodWeights struct {
	before, prev [][]float32
	// ok says that the last step succeeded from the weights in before, so
	// that after the next save prev holds good weights.
	ok, hasPrev bool
}

// save keeps the weights the next step starts from.
func (g *goodWeights) save(ws []core.Weight) {
	if g.before == nil {
		for _, w := range ws {
			g.before = append(g.before, make([]float32, len(w.Data)))
			g.prev = append(g.prev, make([]float32, len(w.Data)))
		}
	}
	g.before, g.prev, g.hasPrev = g.prev, g.before, g.ok
	for i, w := range ws {
		copy(g.before[i], w.Data)
	}
	g.ok = false
}

// failed handles the error of a step: when its loss diverged after
// a good step, it puts back the weights from before that step and says so.
// A step refused before it changed anything (a label out of range) is
// forgotten, as if save had not been called.
func (g *goodWeights) failed(ws []core.Weight, err error) error {
	if !errors.Is(err, core.ErrDiverged) {
		g.before, g.prev, g.ok = g.prev, g.before, g.hasPrev
		return err
	}
	if !errors.Is(err, core.ErrLossDiverged) {
		return err
	}
	if !g.hasPrev {
		return fmt.Errorf("%w; the weights it started from give a loss that diverged: set or load others", err)
	}
	for i, w := range ws {
		copy(w.Data, g.prev[i])
	}
	return fmt.Errorf("%w; the previous step was undone too, as its update had left weights on which the loss diverged", err)
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float32) bool { return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) }

// number writes v as JavaScript does: NaN, Infinity, 0.5.
func number(v float32) string { return bridge.Describe(js.ValueOf(float64(v))) }
