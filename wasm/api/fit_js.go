//go:build js && wasm

package api

import (
	"fmt"
	"reflect"
	"sync"
	"syscall/js"
	"time"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// MaxEpochs bounds a fit's epochs.
const MaxEpochs = 10000

var fitKeys = []string{"data", "x", "shape", "labels", "validation", "epochs", "batchSize", "optimizer",
	"schedule", "augment", "shuffle", "seed", "earlyStop"}

// fit(handle, {data | x, shape?, labels; validation?, epochs?, batchSize?,
// optimizer?, schedule?, augment?, shuffle?, seed?, earlyStop?}, onProgress?)
// → {history, stopped, stoppedEarly, bestEpoch, epochs, steps}
//
// Trains with core's Fitter on a goroutine, one batch per turn of the
// JavaScript event loop, so that the page (or the worker's message loop)
// goes on between batches: the control calls pauseFit, resumeFit, stepFit
// and stopFit reach the run there. Other calls on the model that run or
// change it are refused until the fit settles.
func (e *engine) fit(args []js.Value) (bridge.Work, error) {
	s, err := e.idleSlot(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	onProgress := bridge.Arg(args, 2)
	if !bridge.IsNullish(onProgress) && onProgress.Type() != js.TypeFunction {
		return nil, fmt.Errorf("onProgress must be a function, got %s", bridge.Describe(onProgress))
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 1), fitKeys...)
	oneForm(o)
	epochs := o.Int("epochs", 1)
	if o.Err() == nil && (epochs < 1 || epochs > MaxEpochs) {
		o.Fail(fmt.Errorf("epochs must be an integer from 1 to %d, got %d", MaxEpochs, epochs))
	}
	batch := o.Int("batchSize", 32)
	if o.Err() == nil && (batch < 1 || batch > MaxBatch) {
		o.Fail(fmt.Errorf("batchSize must be an integer from 1 to %d, got %d", MaxBatch, batch))
	}
	seed := o.Int("seed", 1)
	if o.Err() == nil && seed < 0 {
		o.Fail(fmt.Errorf("seed must be a non-negative integer, got %d", seed))
	}
	shuffle := true
	if o.Has("shuffle") {
		if v := o.Value("shuffle"); v.Type() == js.TypeBoolean {
			shuffle = v.Bool()
		} else {
			o.Fail(fmt.Errorf("shuffle must be true or false, got %s", bridge.Describe(v)))
		}
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	cfg := core.FitConfig{Epochs: epochs, BatchSize: batch, Seed: uint64(seed), NoShuffle: !shuffle}
	lr := 1e-3
	opt := optimizer{kind: "adam", beta1: core.AdamBeta1, beta2: core.AdamBeta2, epsilon: core.AdamEpsilon}
	if o.Has("optimizer") {
		if opt, lr, err = readOptimizer(o.Value("optimizer")); err != nil {
			return nil, err
		}
	}
	cfg.Optimizer = opt.build(float32(lr))
	if o.Has("schedule") {
		if cfg.Schedule, err = readSchedule(o.Value("schedule"), lr); err != nil {
			return nil, err
		}
	}
	if o.Has("augment") {
		if cfg.Augment, err = readAugment(o.Value("augment")); err != nil {
			return nil, err
		}
	}
	if o.Has("earlyStop") {
		es := &core.EarlyStopping{}
		eo := bridge.NewOptions("earlyStop", o.Value("earlyStop"), structKeys(reflect.TypeFor[core.EarlyStopping]())...)
		readStruct(eo, es)
		if err := eo.Err(); err != nil {
			return nil, fmt.Errorf("earlyStop: %w", err)
		}
		cfg.EarlyStopping = es
	}
	var used []*dataset
	train, d, err := e.readSet(s, o, "training data")
	if err != nil {
		return nil, err
	}
	used = append(used, d)
	if o.Has("validation") {
		if cfg.Validation, d, err = e.readValidation(s, o.Value("validation"), &train); err != nil {
			return nil, err
		}
		used = append(used, d)
	}
	f, err := core.NewFitter(s.model, train, cfg)
	if err != nil {
		return nil, err
	}
	j := &fitJob{s: s, f: f, onProgress: onProgress, epochs: epochs, batches: f.StepsPerEpoch(),
		wake: make(chan struct{}, 1), done: make(chan struct{}), since: time.Now()}
	for _, d := range used {
		if d != nil {
			d.users[s.handle] = true
			j.datasets = append(j.datasets, d)
		}
	}
	s.fit = j
	s.train.reset() // the weights will change under trainStep's state
	return j.run, nil
}

// readSet reads the samples of o — {data: id} or {x, shape?, labels} —
// as a data set for s's model, and the engine's data set it is, if any.
func (e *engine) readSet(s *slot, o *bridge.Options, what string) (*core.Dataset, *dataset, error) {
	if o.Has("data") {
		d, err := e.datasetOf(o.Value("data"))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", what, err)
		}
		if err := checkSet(s, d.set); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", what, err)
		}
		return d.set, d, nil
	}
	x, labels, err := s.readBatch(o, MaxEvaluate, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	set, err := core.NewDataset(s.inputShape, x, labels)
	return set, nil, err
}

// readValidation reads the validation option: a data set id, {split:
// fraction} of the training data (which *train then loses, as with
// Keras's validation_split), or samples as for training.
func (e *engine) readValidation(s *slot, v js.Value, train **core.Dataset) (*core.Dataset, *dataset, error) {
	if v.Type() == js.TypeNumber {
		v = js.ValueOf(map[string]any{"data": v})
	}
	if bridge.IsPlainObject(v) && !bridge.IsNullish(v.Get("split")) {
		o := bridge.NewOptions("validation", v, "split")
		f := o.Float("split", 0)
		if err := o.Err(); err != nil {
			return nil, nil, fmt.Errorf("validation: %w", err)
		}
		t, val, err := (*train).Split(f)
		if err != nil {
			return nil, nil, fmt.Errorf("validation: %w", err)
		}
		*train = t
		return val, nil, nil
	}
	o := bridge.NewOptions("validation", v, "data", "x", "shape", "labels")
	oneForm(o)
	if err := o.Err(); err != nil {
		return nil, nil, fmt.Errorf("validation must be a data set id, {split: fraction} or {data | x, shape?, labels}: %w", err)
	}
	return e.readSet(s, o, "validation")
}

// scheduleTypes are the learning-rate schedules by type, each starting
// from the optimizer's learning rate unless rate says otherwise.
var scheduleTypes = map[string]func(lr float64) any{
	"constant":    func(lr float64) any { return &core.Constant{Rate: lr} },
	"stepDecay":   func(lr float64) any { return &core.StepDecay{Rate: lr, Every: 1, Factor: 1} },
	"cosineDecay": func(lr float64) any { return &core.CosineDecay{Rate: lr} },
}

// readSchedule reads {type, ...settings}; every setting of a schedule is a
// number of at least 0.
func readSchedule(v js.Value, lr float64) (core.Schedule, error) {
	const want = "schedule must be {type: 'constant', rate?}, {type: 'stepDecay', every, factor, rate?} or {type: 'cosineDecay', floor, rate?}, got %s"
	if !bridge.IsPlainObject(v) {
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	typ := v.Get("type")
	var newSchedule func(float64) any
	if typ.Type() == js.TypeString {
		newSchedule = scheduleTypes[typ.String()]
	}
	if newSchedule == nil {
		return nil, fmt.Errorf("schedule.type must be 'constant', 'stepDecay' or 'cosineDecay', got %s", bridge.Describe(typ))
	}
	sched := newSchedule(lr)
	keys := structKeys(reflect.TypeOf(sched).Elem())
	o := bridge.NewOptions("schedule", v, append([]string{"type"}, keys...)...)
	readStruct(o, sched)
	for _, k := range keys {
		if f := o.Float(k, 0); o.Err() == nil && f < 0 {
			o.Fail(fmt.Errorf("%s must be at least 0, got %s", k, bridge.Describe(o.Value(k))))
		}
	}
	if err := o.Err(); err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	return sched.(core.Schedule), nil
}

// digitAugment is what augment may set: core's distortions of digits and
// the fraction of samples left clean.
type digitAugment struct {
	core.AugmentParams
	Clean float64
}

// readAugment reads {rotation?, shear?, …, clean?}: core's digit
// augmentation with the given ranges (absent ones off).
func readAugment(v js.Value) (func([]int) (core.AugmentFunc, error), error) {
	var a digitAugment
	o := bridge.NewOptions("augment", v, structKeys(reflect.TypeFor[digitAugment]())...)
	readStruct(o, &a)
	if o.Err() == nil && !(a.Clean >= 0 && a.Clean <= 1) {
		o.Fail(fmt.Errorf("clean must be a fraction from 0 to 1, got %v", a.Clean))
	}
	if err := o.Err(); err != nil {
		return nil, fmt.Errorf("augment: %w", err)
	}
	return core.DigitAugmentation{Params: a.AugmentParams, Clean: a.Clean}.New, nil
}

// fitJob is a fit running on a model: core's Fitter stepped from a
// goroutine, and the state the control calls change.
type fitJob struct {
	s          *slot
	f          *core.Fitter
	onProgress js.Value
	epochs     int
	batches    int        // per epoch
	datasets   []*dataset // read by the run
	good       goodWeights

	// The controls, set by the calls between batches. wake tells a paused
	// run that one changed; done is closed when the run is over.
	mu     sync.Mutex
	paused bool
	stop   bool
	steps  []chan stepDone // stepFit calls waiting for their batch, oldest first
	wake   chan struct{}
	done   chan struct{}

	history []any // the epoch events
	trained int   // batches trained
	since   time.Time
	rates   [16]batchTime // the last batches, for samplesPerSec
}

type batchTime struct {
	n int
	d time.Duration
}

// stepDone answers a stepFit call: its batch's event, or why there was
// none.
type stepDone struct {
	event js.Value
	err   error
}

// run is the fit's Work.
func (j *fitJob) run() (any, error) {
	defer j.end()
	for !j.f.Done() {
		bridge.Yield()
		step, ok := j.turn()
		if !ok {
			break
		}
		event, err := j.step()
		if step != nil {
			step <- stepDone{event, err}
		}
		if err != nil {
			return nil, err
		}
	}
	j.mu.Lock()
	stopped := j.stop
	j.mu.Unlock()
	h := j.f.History()
	return object("history", js.ValueOf(j.history), "stopped", stopped, "stoppedEarly", h.StoppedEarly, "bestEpoch", h.BestEpoch,
		"epochs", len(j.history), "steps", j.trained), nil
}

// turn waits until the run may train its next batch: at once while it
// runs, on resumeFit or stepFit while it is paused. It returns the stepFit
// call the batch answers, if any, and false when the run is to stop.
func (j *fitJob) turn() (chan stepDone, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for waited := false; ; waited = true {
		switch {
		case j.stop:
			return nil, false
		case !j.paused:
			if waited {
				j.since = time.Now()
			}
			return nil, true
		case len(j.steps) > 0:
			step := j.steps[0]
			j.steps = j.steps[1:]
			j.since = time.Now()
			return step, true
		}
		j.mu.Unlock()
		<-j.wake
		j.mu.Lock()
	}
}

// control changes the controls under the lock and wakes a paused run.
func (j *fitJob) control(change func()) {
	j.mu.Lock()
	change()
	j.mu.Unlock()
	select {
	case j.wake <- struct{}{}:
	default:
	}
}

// step trains one batch and reports it.
func (j *fitJob) step() (js.Value, error) {
	j.good.save(j.s.weights)
	log, err := j.f.Step()
	if err != nil {
		return js.Undefined(), j.good.failed(j.s.weights, err)
	}
	j.good.ok = true
	j.trained++
	now := time.Now()
	j.rates[j.trained%len(j.rates)] = batchTime{log.Size, now.Sub(j.since)}
	j.since = now
	var n int
	var d time.Duration
	for _, r := range j.rates {
		n, d = n+r.n, d+r.d
	}
	event := object("type", "batch", "epoch", log.Epoch, "epochs", j.epochs, "batch", log.Batch, "batches", j.batches,
		"step", log.Step, "steps", j.epochs*j.batches, "loss", log.Loss, "accuracy", log.Accuracy,
		"samplesPerSec", float64(n)/max(d.Seconds(), 1e-9), "learningRate", float64(log.LearningRate))
	if err := j.report(event); err != nil {
		return event, err
	}
	if e := log.EpochEnd; e != nil {
		valLoss, valAccuracy := js.Null(), js.Null()
		if e.Validation != nil {
			valLoss, valAccuracy = js.ValueOf(e.Validation.Loss), js.ValueOf(e.Validation.Accuracy)
		}
		ev := object("type", "epoch", "epoch", e.Epoch, "epochs", j.epochs, "loss", e.Loss, "accuracy", e.Accuracy,
			"valLoss", valLoss, "valAccuracy", valAccuracy, "seconds", e.Seconds, "learningRate", float64(e.LearningRate))
		j.history = append(j.history, ev)
		if err := j.report(ev); err != nil {
			return event, err
		}
	}
	return event, nil
}

// report calls onProgress with an event. On the page's thread it is the
// caller's own function, which may throw: that ends the fit.
func (j *fitJob) report(event js.Value) (err error) {
	if j.onProgress.Type() != js.TypeFunction {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("onProgress threw %s; the fit stopped after step %d", jsErr.Get("message").String(), j.trained)
		}
	}()
	j.onProgress.Invoke(event)
	return nil
}

// end releases the model and the data sets and answers the calls still
// waiting for the run.
func (j *fitJob) end() {
	j.mu.Lock()
	j.stop = true
	for _, step := range j.steps {
		step <- stepDone{err: fmt.Errorf("the fit on model %d ended before this step", j.s.handle)}
	}
	j.steps = nil
	j.mu.Unlock()
	for _, d := range j.datasets {
		delete(d.users, j.s.handle)
	}
	j.s.fit = nil
	close(j.done)
}

// fitOf returns the model named by args[0] and its running fit.
func (e *engine) fitOf(args []js.Value) (*fitJob, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	if s.fit == nil {
		return nil, fmt.Errorf("no fit is running on model %d", s.handle)
	}
	return s.fit, nil
}

// pauseFit(handle) → undefined: no batch starts until resumeFit or
// stepFit. Pausing a paused fit does nothing.
func (e *engine) pauseFit(args []js.Value) (any, error) {
	j, err := e.fitOf(args)
	if err != nil {
		return nil, err
	}
	j.control(func() { j.paused = true })
	return js.Undefined(), nil
}

// resumeFit(handle) → undefined: a paused fit goes on. Resuming a running
// fit does nothing.
func (e *engine) resumeFit(args []js.Value) (any, error) {
	j, err := e.fitOf(args)
	if err != nil {
		return nil, err
	}
	j.control(func() { j.paused = false })
	return js.Undefined(), nil
}

// stepFit(handle) → the batch event of one more batch of a paused fit.
func (e *engine) stepFit(args []js.Value) (bridge.Work, error) {
	j, err := e.fitOf(args)
	if err != nil {
		return nil, err
	}
	done := make(chan stepDone, 1)
	if j.state() != "paused" {
		return nil, fmt.Errorf("the fit on model %d is running; pauseFit(%d) first", j.s.handle, j.s.handle)
	}
	j.control(func() { j.steps = append(j.steps, done) })
	return func() (any, error) {
		r := <-done
		return r.event, r.err
	}, nil
}

// stopFit(handle) → undefined, once the fit has ended: it resolves with
// stopped: true and the weights after its last batch.
func (e *engine) stopFit(args []js.Value) (bridge.Work, error) {
	j, err := e.fitOf(args)
	if err != nil {
		return nil, err
	}
	j.control(func() { j.stop = true })
	return func() (any, error) {
		<-j.done
		return js.Undefined(), nil
	}, nil
}

// fitState(handle) → 'idle', 'running' or 'paused'.
func (e *engine) fitState(args []js.Value) (any, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	switch {
	case err != nil:
		return nil, err
	case s.fit == nil:
		return "idle", nil
	}
	return s.fit.state(), nil
}

// state is 'running' or 'paused'.
func (j *fitJob) state() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.paused {
		return "paused"
	}
	return "running"
}

// errFitRunning refuses a call that would run or change a model a fit is
// training.
func errFitRunning(s *slot) error {
	return fmt.Errorf("a fit is running on model %d; wait for it, or end it with stopFit(%d)", s.handle, s.handle)
}

// idleSlot is slotOf for a call that runs or changes the model.
func (e *engine) idleSlot(v js.Value) (*slot, error) { return idle(e.slotOf(v)) }

// idleSlotAt is slotAt for a call that runs or changes the model.
func (e *engine) idleSlotAt(args []js.Value, i int) (*slot, error) { return idle(e.slotAt(args, i)) }

// idle refuses the model s when a fit is running on it.
func idle(s *slot, err error) (*slot, error) {
	if err == nil && s.fit != nil {
		return nil, errFitRunning(s)
	}
	return s, err
}
