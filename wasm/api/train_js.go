//go:build js && wasm

package api

import (
	"fmt"
	"math"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

var (
	trainKeys    = []string{"x", "shape", "labels", "optimizer"}
	evaluateKeys = []string{"x", "shape", "labels"}
	sgdKeys      = []string{"type", "learningRate", "momentum"}
	adamKeys     = []string{"type", "learningRate", "beta1", "beta2", "epsilon"}
)

// trainSeed seeds the dropout masks of trainStep, so that the same calls
// on the same model give the same weights.
const trainSeed = 1

// trainStep(handle, {x, shape?, labels, optimizer}) → {loss, accuracy, correct, n}
//
// One optimisation step on the batch: loss is the mean cross-entropy
// before the update, accuracy the fraction of the batch classified right
// before it.
func (e *engine) trainStep(args []js.Value) (any, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 1), trainKeys...)
	o.Require("optimizer", "{type: 'sgd' or 'adam', learningRate, …}")
	if err := o.Err(); err != nil {
		return nil, err
	}
	opt, lr, err := readOptimizer(o.Value("optimizer"))
	if err != nil {
		return nil, err
	}
	t := &s.train
	x, labels, err := s.readBatch(o, MaxBatch, t.x, t.labels)
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

// evaluate(handle, {x, shape?, labels}) → {loss, accuracy, confusion}
//
// confusion[label][predicted] counts the samples by true class (rows) and
// the class the model picked (columns).
func (e *engine) evaluate(args []js.Value) (any, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 1), evaluateKeys...)
	if err := o.Err(); err != nil {
		return nil, err
	}
	// Not reused: an evaluation set may be far larger than a batch.
	x, labels, err := s.readBatch(o, MaxEvaluate, nil, nil)
	if err != nil {
		return nil, err
	}
	ev, err := s.model.Evaluate(x, labels)
	if err != nil {
		return nil, err
	}
	rows := make([]any, len(ev.Confusion))
	for i, r := range ev.Confusion {
		row := make([]any, len(r))
		for j, c := range r {
			row[j] = c
		}
		rows[i] = row
	}
	return object("loss", ev.Loss, "accuracy", ev.Accuracy, "confusion", js.ValueOf(rows)), nil
}

// readBatch reads the options {x, shape?, labels} of 1 to maxN samples of
// the model's input, copying x into xBuf's and the labels into labelBuf's
// storage when large enough. The labels' range is left to core, which
// checks it before training or evaluating.
func (s *slot) readBatch(o *bridge.Options, maxN int, xBuf []float32, labelBuf []int) ([]float32, []int, error) {
	o.Require("labels", "the class of each sample: an Int32Array, a Uint8Array or an array of integers")
	o.Require("x", "a Float32Array of N samples of the model's input shape "+formatShape(s.inputShape))
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
		return xBuf, labelBuf, fmt.Errorf("%d samples of %s would be %s values, above the limit of %d (2^26); use fewer samples", n, formatShape(s.inputShape), product(shape), MaxElements)
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
		return core.NewAdamWith(lr, o.beta1, o.beta2, o.epsilon)
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
// state lasts while the optimizer settings stay the same, the weights of
// the last two steps and the buffers a step reuses.
type training struct {
	trainer *core.Trainer
	opt     optimizer
	// before holds the weights before the current step; prev those before
	// the previous step, when hasPrev says that step gave a finite loss.
	before, prev [][]float32
	hasPrev      bool
	x            []float32
	labels       []int
}

// reset drops the optimizer state and the weights of earlier steps: the
// next step starts afresh.
func (t *training) reset() { t.trainer, t.hasPrev = nil, false }

// step trains s's model on one batch. A step can blow up in two ways: its
// update makes a weight NaN or infinite, or the update of the step before
// gave finite but huge weights on which this step's loss is NaN or
// infinite. Either way the weights go back to the last ones known to give a
// finite loss — from before this step or before the previous one — the
// optimizer state is dropped and the error says so.
func (t *training) step(s *slot, x []float32, labels []int, opt optimizer, lr float64) (float32, int, error) {
	if t.trainer == nil || t.opt != opt {
		t.trainer, t.opt = core.NewTrainer(s.model, opt.build(float32(lr)), trainSeed), opt
	} else {
		t.trainer.SetLearningRate(float32(lr))
	}
	if t.before == nil {
		for _, w := range s.weights {
			t.before = append(t.before, make([]float32, len(w.Data)))
			t.prev = append(t.prev, make([]float32, len(w.Data)))
		}
	}
	for i, w := range s.weights {
		copy(t.before[i], w.Data)
	}
	loss, correct, err := t.trainer.TrainBatch(x, labels)
	if err != nil {
		return 0, 0, err // refused before any change
	}
	var what, back string
	switch bad := firstNonFinite(s.weights); {
	case !finite(loss) && t.hasPrev:
		what = fmt.Sprintf("loss = %s with learning rate %g, after the previous step's update", number(loss), lr)
		back = "the weights are back to the last good ones, from before the previous step — try a smaller learning rate"
		t.restore(s, t.prev)
	case !finite(loss):
		what = fmt.Sprintf("loss = %s with learning rate %g, before any update: the weights overflow on this batch", number(loss), lr)
		back = "the weights are unchanged — set or load others"
		t.restore(s, t.before)
	case bad != "":
		what = fmt.Sprintf("the update made %s with learning rate %g", bad, lr)
		back = "the weights are back to the last good ones, from before this step — try a smaller learning rate"
		t.restore(s, t.before)
	default:
		t.before, t.prev, t.hasPrev = t.prev, t.before, true
		return loss, correct, nil
	}
	t.reset()
	return 0, 0, fmt.Errorf("training diverged at this step (%s); %s", what, back)
}

// restore copies saved weights back into the model.
func (t *training) restore(s *slot, saved [][]float32) {
	for i, w := range s.weights {
		copy(w.Data, saved[i])
	}
}

// firstNonFinite names the first NaN or infinite weight,
// "dense/kernel[12] = Infinity", or returns "" when there is none.
func firstNonFinite(weights []core.Weight) string {
	for _, w := range weights {
		for i, v := range w.Data {
			if !finite(v) {
				return fmt.Sprintf("%s/%s[%d] = %s", w.Layer, w.Name, i, number(v))
			}
		}
	}
	return ""
}

// number writes v as JavaScript does: NaN, Infinity, 0.5.
func number(v float32) string { return bridge.Describe(js.ValueOf(float64(v))) }

// finite reports whether v is neither NaN nor infinite.
func finite(v float32) bool { return !math.IsNaN(float64(v)) && !math.IsInf(float64(v), 0) }
