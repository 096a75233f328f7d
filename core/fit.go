package core

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"time"
)

// FitConfig sets a training run. Zero values are the defaults.
type FitConfig struct {
	// Epochs is the number of passes over the training set (default 1).
	Epochs int
	// BatchSize is the number of samples per step (default 32, as Keras).
	BatchSize int
	// Optimizer updates the weights (default Adam at 0.001).
	Optimizer Optimizer
	// Schedule sets the learning rate before every batch (default: the
	// optimizer's own, unchanged).
	Schedule Schedule
	// Seed drives shuffling, augmentation and dropout: with the same
	// model weights, data and settings it gives the same model, on any
	// number of CPUs.
	Seed uint64
	// NoShuffle keeps the training set's order in every epoch; otherwise
	// epoch e visits a permutation drawn from (Seed, e).
	NoShuffle bool
	// Augment, when set, returns a function that distorts training
	// samples of the given shape, or an error when it cannot; it is called
	// once per goroutine that builds batches (see AugmentFunc and
	// DigitAugmentation).
	Augment func(shape []int) (AugmentFunc, error)
	// Validation is evaluated after every epoch.
	Validation *Dataset
	// EarlyStopping stops the run when the monitored value stops improving.
	EarlyStopping *EarlyStopping
	// OnBatch is called after every batch and OnEpoch after every epoch;
	// an error they return stops the run and is returned.
	OnBatch func(BatchLog) error
	OnEpoch func(EpochLog) error
}

// AugmentFunc writes a distorted copy of the training sample src, whose
// label is label, into dst. What it draws must be a function of seed
// alone (Fit passes one per sample and epoch), so that training stays
// reproducible however many goroutines build the batches.
type AugmentFunc func(dst, src []float32, label int, seed uint64) error

// EarlyStopping stops training, as Keras's callback, when Monitor has not
// improved by more than MinDelta for Patience epochs in a row (at the
// first epoch without improvement for Patience 0 or 1), and with
// RestoreBestWeights goes back to the weights of the best epoch when the
// run ends, stopped early or not.
type EarlyStopping struct {
	// Monitor is "val_loss" (the default), "val_accuracy", "loss" or
	// "accuracy".
	Monitor            string
	MinDelta           float64
	Patience           int
	RestoreBestWeights bool
}

// BatchLog reports one training batch.
type BatchLog struct {
	Epoch, Batch int // from 0; Batch within the epoch
	Step         int // batches trained so far, this one included
	Size         int // samples in the batch
	// Loss is the batch's mean loss before the step and Accuracy the
	// fraction of its samples classified correctly.
	Loss, Accuracy float64
	LearningRate   float32
	// EpochEnd is set when the batch was the last of its epoch.
	EpochEnd *EpochLog
}

// EpochLog reports one epoch: the training loss and accuracy are means
// over its batches (before each step), the validation ones are measured
// after it.
type EpochLog struct {
	Epoch          int
	Loss, Accuracy float64
	Validation     *Evaluation // nil without a validation set
	LearningRate   float32     // at the epoch's last batch
	Seconds        float64
}

// History is what a run did, epoch by epoch.
type History struct {
	Epochs []EpochLog
	// StoppedEarly is set when early stopping ended the run; BestEpoch is
	// the epoch with the best monitored value (−1 without early stopping).
	StoppedEarly bool
	BestEpoch    int
}

// Fitter trains a model one batch at a time, so that a caller (a browser
// page) can draw between steps, pause, resume or give up. Fit is a loop
// over it.
type Fitter struct {
	m     *Model
	train *Dataset
	cfg   FitConfig
	t     *Trainer

	epochSteps int
	epoch      int
	batch      int
	order      []int
	x          []float32
	labels     []int
	augs       []AugmentFunc
	srcs       [][]float32
	started    time.Time
	lossSum    float64
	correct    int
	seen       int

	history  History
	done     bool
	monitor  func(EpochLog) (float64, bool) // value, higher is better
	best     float64
	wait     int
	bestData [][]float32
}

// NewFitter prepares a run of m on train.
func NewFitter(m *Model, train *Dataset, cfg FitConfig) (*Fitter, error) {
	if cfg.Epochs == 0 {
		cfg.Epochs = 1
	}
	if cfg.BatchSize == 0 {
		cfg.BatchSize = 32
	}
	if cfg.Optimizer == nil {
		cfg.Optimizer = NewAdam(1e-3)
	}
	if cfg.Epochs < 0 || cfg.BatchSize < 0 {
		return nil, errorf(ErrConfig, "epochs and batch size must be positive, got %d and %d", cfg.Epochs, cfg.BatchSize)
	}
	if err := cfg.Optimizer.check(); err != nil {
		return nil, err
	}
	if err := train.check("training set", m); err != nil {
		return nil, err
	}
	if cfg.Validation != nil {
		if err := cfg.Validation.check("validation set", m); err != nil {
			return nil, err
		}
	}
	if cfg.Augment != nil {
		if _, err := cfg.Augment(train.Shape()); err != nil {
			return nil, err
		}
	}
	f := &Fitter{m: m, train: train, cfg: cfg, t: NewTrainer(m, cfg.Optimizer, cfg.Seed), history: History{BestEpoch: -1}}
	f.cfg.BatchSize = min(cfg.BatchSize, train.Len())
	f.epochSteps = (train.Len() + f.cfg.BatchSize - 1) / f.cfg.BatchSize
	f.x = make([]float32, f.cfg.BatchSize*train.size)
	f.labels = make([]int, f.cfg.BatchSize)
	if es := cfg.EarlyStopping; es != nil {
		if es.Patience < 0 || !(es.MinDelta >= 0) {
			return nil, errorf(ErrConfig, "early stopping needs patience ≥ 0 and min_delta ≥ 0, got %d and %v", es.Patience, es.MinDelta)
		}
		switch es.Monitor {
		case "", "val_loss":
			f.monitor = func(e EpochLog) (float64, bool) { return e.Validation.Loss, false }
		case "val_accuracy":
			f.monitor = func(e EpochLog) (float64, bool) { return e.Validation.Accuracy, true }
		case "loss":
			f.monitor = func(e EpochLog) (float64, bool) { return e.Loss, false }
		case "accuracy":
			f.monitor = func(e EpochLog) (float64, bool) { return e.Accuracy, true }
		default:
			return nil, errorf(ErrConfig, "early stopping cannot monitor %q (want val_loss, val_accuracy, loss or accuracy)", truncate(es.Monitor))
		}
		if es.Monitor != "loss" && es.Monitor != "accuracy" && cfg.Validation == nil {
			return nil, errorf(ErrConfig, "early stopping on %s needs a validation set", cmpOr(es.Monitor, "val_loss"))
		}
		f.best = math.Inf(1)
	}
	return f, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Done reports whether the run is over: every epoch trained or early
// stopping triggered.
func (f *Fitter) Done() bool { return f.done }

// StepsPerEpoch is the number of batches in an epoch.
func (f *Fitter) StepsPerEpoch() int { return f.epochSteps }

// History returns the epochs trained so far.
func (f *Fitter) History() *History { return &f.history }

// Step trains one batch. After the last batch of an epoch it evaluates the
// validation set, applies early stopping and calls OnEpoch; the log's
// EpochEnd reports it. A step that fails (ErrDiverged, an error of a
// callback) leaves the model with its last good weights; the run can go
// on with the next Step.
func (f *Fitter) Step() (BatchLog, error) {
	if f.done {
		return BatchLog{}, errorf(ErrConfig, "the run is over (%d epochs)", len(f.history.Epochs))
	}
	if f.batch == 0 {
		f.startEpoch()
	}
	lo := f.batch * f.cfg.BatchSize
	idx := f.order[lo:min(lo+f.cfg.BatchSize, f.train.Len())]
	n := len(idx)
	if err := f.fill(idx); err != nil {
		return BatchLog{}, err
	}
	step := f.epoch*f.epochSteps + f.batch
	if f.cfg.Schedule != nil {
		lr := f.cfg.Schedule.LearningRate(step, f.epochSteps, f.cfg.Epochs*f.epochSteps)
		f.t.SetLearningRate(lr)
	}
	loss, correct, err := f.t.TrainBatch(f.x[:n*f.train.size], f.labels[:n])
	if err != nil {
		return BatchLog{}, err
	}
	f.lossSum += float64(loss) * float64(n)
	f.correct += correct
	f.seen += n
	log := BatchLog{Epoch: f.epoch, Batch: f.batch, Step: step + 1, Size: n, Loss: float64(loss),
		Accuracy: float64(correct) / float64(n), LearningRate: f.t.LearningRate()}
	f.batch++
	if f.batch == f.epochSteps {
		e, err := f.endEpoch(log.LearningRate)
		if err != nil {
			return log, err
		}
		log.EpochEnd = &e
	}
	if f.cfg.OnBatch != nil {
		if err := f.cfg.OnBatch(log); err != nil {
			return log, err
		}
	}
	if log.EpochEnd != nil && f.cfg.OnEpoch != nil {
		if err := f.cfg.OnEpoch(*log.EpochEnd); err != nil {
			return log, err
		}
	}
	return log, nil
}

func (f *Fitter) startEpoch() {
	n := f.train.Len()
	if f.cfg.NoShuffle {
		if f.order == nil {
			f.order = make([]int, n)
			for i := range f.order {
				f.order[i] = i
			}
		}
	} else {
		f.order = rand.New(rand.NewPCG(f.cfg.Seed, uint64(f.epoch))).Perm(n)
	}
	f.lossSum, f.correct, f.seen = 0, 0, 0
	f.started = time.Now()
}

// sampleSeed is the augmentation seed of training sample i in epoch e.
func (f *Fitter) sampleSeed(i int) uint64 {
	return splitmix(splitmix(f.cfg.Seed^uint64(f.epoch)<<32) ^ uint64(i))
}

// fill builds the batch of the given samples in f.x and f.labels,
// augmenting them on several goroutines when an augmentation is set.
func (f *Fitter) fill(idx []int) error {
	size := f.train.size
	for s, i := range idx {
		f.labels[s] = f.train.labels[i]
	}
	if f.cfg.Augment == nil {
		for s, i := range idx {
			f.train.Sample(f.x[s*size:], i)
		}
		return nil
	}
	workers := min(runtime.GOMAXPROCS(0), len(idx))
	for len(f.augs) < workers {
		aug, err := f.cfg.Augment(f.train.Shape())
		if err != nil {
			return err
		}
		f.augs = append(f.augs, aug)
		f.srcs = append(f.srcs, make([]float32, size))
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := w; s < len(idx); s += workers {
				i := idx[s]
				f.train.Sample(f.srcs[w], i)
				if err := f.augs[w](f.x[s*size:(s+1)*size], f.srcs[w], f.train.labels[i], f.sampleSeed(i)); err != nil && errs[w] == nil {
					errs[w] = err
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// endEpoch logs the epoch, evaluates the validation set and applies
// early stopping.
func (f *Fitter) endEpoch(lr float32) (EpochLog, error) {
	e := EpochLog{Epoch: f.epoch, Loss: f.lossSum / float64(f.seen), Accuracy: float64(f.correct) / float64(f.seen),
		LearningRate: lr, Seconds: time.Since(f.started).Seconds()}
	if f.cfg.Validation != nil {
		v, err := f.m.EvaluateDataset(f.cfg.Validation)
		if err != nil {
			return e, err
		}
		e.Validation = &v
	}
	f.history.Epochs = append(f.history.Epochs, e)
	f.epoch++
	f.batch = 0
	if f.monitor != nil && f.earlyStop(e) {
		f.history.StoppedEarly = true
		f.finish()
	} else if f.epoch == f.cfg.Epochs {
		f.finish()
	}
	return e, nil
}

// earlyStop records the epoch's monitored value and reports whether to stop.
func (f *Fitter) earlyStop(e EpochLog) bool {
	es := f.cfg.EarlyStopping
	v, higher := f.monitor(e)
	if higher {
		v = -v // compare as a loss
	}
	if v < f.best-es.MinDelta {
		f.best, f.wait, f.history.BestEpoch = v, 0, e.Epoch
		if es.RestoreBestWeights {
			f.bestData = copyState(f.bestData, f.t.all)
		}
		return false
	}
	f.wait++
	return f.wait >= es.Patience
}

// finish ends the run, going back to the best weights if asked.
func (f *Fitter) finish() {
	f.done = true
	if es := f.cfg.EarlyStopping; es != nil && es.RestoreBestWeights && f.bestData != nil {
		copyState(f.t.all, f.bestData)
	}
}

// Fit trains m on train as cfg says and returns what happened, epoch by
// epoch. It stops early when ctx is cancelled (returning ctx's error and
// the history so far; the model keeps the weights of the last batch), when
// a step diverges (ErrDiverged, the model keeping its last good weights)
// or when a callback returns an error.
func Fit(ctx context.Context, m *Model, train *Dataset, cfg FitConfig) (*History, error) {
	f, err := NewFitter(m, train, cfg)
	if err != nil {
		return nil, err
	}
	for !f.Done() {
		if err := ctx.Err(); err != nil {
			return f.History(), err
		}
		if _, err := f.Step(); err != nil {
			return f.History(), err
		}
	}
	return f.History(), nil
}
