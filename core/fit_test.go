package core

import (
	"bytes"
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

func stripesSet(t *testing.T, n int, seed uint64) *Dataset {
	t.Helper()
	x, y := stripes(n, seed)
	d, err := NewDataset([]int{8, 8, 1}, x, y)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestFitConverges(t *testing.T) {
	m := tinyNet(t)
	train, val, err := stripesSet(t, 120, 1).Split(0.25)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 90 || val.Len() != 30 {
		t.Fatalf("split %d + %d", train.Len(), val.Len())
	}
	var batches, epochs int
	h, err := Fit(context.Background(), m, train, FitConfig{
		Epochs: 8, BatchSize: 16, Seed: 3, Validation: val,
		Schedule: CosineDecay{Rate: 0.02, Floor: 0.002},
		OnBatch: func(b BatchLog) error {
			if b.Step != batches+1 || (b.Batch == 5) != (b.EpochEnd != nil) {
				t.Errorf("batch log %+v after %d batches", b, batches)
			}
			batches++
			return nil
		},
		OnEpoch: func(e EpochLog) error { epochs++; return nil },
	})
	if err != nil {
		t.Fatal(err)
	}
	if batches != 8*6 || epochs != 8 || len(h.Epochs) != 8 || h.StoppedEarly || h.BestEpoch != -1 {
		t.Errorf("%d batches, %d epochs, history %+v", batches, epochs, h)
	}
	first, last := h.Epochs[0], h.Epochs[7]
	if last.Validation.Accuracy < 0.95 || last.Loss >= first.Loss || last.Validation.Loss >= first.Validation.Loss {
		t.Errorf("did not learn: first %+v, last %+v (validation %+v)", first, last, *last.Validation)
	}
	if last.LearningRate >= first.LearningRate {
		t.Errorf("cosine schedule: lr %v then %v", first.LearningRate, last.LearningRate)
	}
	e, err := m.EvaluateDataset(val)
	if err != nil || e.Accuracy != last.Validation.Accuracy {
		t.Errorf("EvaluateDataset %+v %v", e, err)
	}
}

func TestSchedules(t *testing.T) {
	for _, c := range []struct {
		s                     Schedule
		step, perEpoch, total int
		want                  float64
	}{
		{Constant{Rate: 0.1}, 17, 5, 100, 0.1},
		{StepDecay{Rate: 1, Every: 2, Factor: 0.5}, 0, 3, 30, 1},
		{StepDecay{Rate: 1, Every: 2, Factor: 0.5}, 5, 3, 30, 1},   // epoch 1
		{StepDecay{Rate: 1, Every: 2, Factor: 0.5}, 6, 3, 30, 0.5}, // epoch 2
		{StepDecay{Rate: 1, Every: 2, Factor: 0.5}, 13, 3, 30, 0.25},
		{CosineDecay{Rate: 0.1, Floor: 0.01}, 0, 10, 100, 0.1},
		{CosineDecay{Rate: 0.1, Floor: 0.01}, 50, 10, 100, 0.055},
		{CosineDecay{Rate: 0.1, Floor: 0.01}, 100, 10, 100, 0.01},
		{CosineDecay{Rate: 0.1, Floor: 0.01}, 25, 10, 100, 0.01 + 0.09*(1+math.Sqrt(0.5))/2},
	} {
		if got := c.s.LearningRate(c.step, c.perEpoch, c.total); !closeTo(float64(got), c.want, 1e-6, 0) {
			t.Errorf("%+v at step %d: %v, want %v", c.s, c.step, got, c.want)
		}
	}
}

func TestEarlyStopping(t *testing.T) {
	set := stripesSet(t, 40, 2)
	// With a zero learning rate the validation loss never improves after
	// the first epoch: patience 2 stops after the third.
	h, err := Fit(context.Background(), tinyNet(t), set, FitConfig{Epochs: 10, BatchSize: 40, Validation: set,
		Optimizer: NewSGD(0, 0), EarlyStopping: &EarlyStopping{Patience: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 3 || !h.StoppedEarly || h.BestEpoch != 0 {
		t.Errorf("%d epochs, stopped %v, best %d", len(h.Epochs), h.StoppedEarly, h.BestEpoch)
	}
	// Validating on the opposite labels, the validation loss grows as the
	// model learns: the best epoch is the first, and its weights come back.
	x, y := stripes(40, 2)
	flipped := make([]int, len(y))
	for i, v := range y {
		flipped[i] = 1 - v
	}
	val, _ := NewDataset([]int{8, 8, 1}, x, flipped)
	m := tinyNet(t)
	var first [][]float32
	h, err = Fit(context.Background(), m, set, FitConfig{Epochs: 6, BatchSize: 8, Seed: 1, Validation: val,
		Optimizer: NewAdam(0.02), EarlyStopping: &EarlyStopping{Patience: 10, RestoreBestWeights: true},
		OnEpoch: func(e EpochLog) error {
			if e.Epoch == 0 {
				for _, w := range m.Weights() {
					first = append(first, append([]float32(nil), w.Data...))
				}
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epochs) != 6 || h.StoppedEarly || h.BestEpoch != 0 {
		t.Fatalf("%d epochs, stopped %v, best %d", len(h.Epochs), h.StoppedEarly, h.BestEpoch)
	}
	for i, w := range m.Weights() {
		assertExact(t, "restored "+w.Layer+"/"+w.Name, w.Data, first[i])
	}
	if _, err := NewFitter(m, set, FitConfig{EarlyStopping: &EarlyStopping{}}); !errors.Is(err, ErrConfig) || err.Error() != "early stopping on val_loss needs a validation set" {
		t.Errorf("got %v", err)
	}
}

func TestFitCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := tinyNet(t)
	batches := 0
	h, err := Fit(ctx, m, stripesSet(t, 64, 1), FitConfig{Epochs: 5, BatchSize: 8, OnBatch: func(BatchLog) error {
		batches++
		if batches == 11 {
			cancel()
		}
		return nil
	}})
	if !errors.Is(err, context.Canceled) || batches != 11 || len(h.Epochs) != 1 {
		t.Errorf("got %v after %d batches, %d epochs", err, batches, len(h.Epochs))
	}
	// A callback's error stops the run too.
	stop := errors.New("enough")
	if _, err := Fit(context.Background(), m, stripesSet(t, 64, 1), FitConfig{OnEpoch: func(EpochLog) error { return stop }}); err != stop {
		t.Errorf("got %v", err)
	}
}

// A step whose loss becomes NaN or infinite is undone: weights,
// BatchNormalization's moving statistics (which its forward pass moved)
// and the optimizer's state.
func TestDivergenceRestores(t *testing.T) {
	build := func() *Model {
		m, err := NewModel(ModelSpec{InputShape: []int{8, 8, 1}, Layers: []LayerSpec{
			spec("Conv2D", `{"filters": 3, "kernel_size": 3}`),
			spec("BatchNormalization", `{}`),
			spec("ReLU", `{}`),
			flatten,
			spec("Dense", `{"name": "dense", "units": 2, "activation": "softmax"}`),
		}})
		if err != nil {
			t.Fatal(err)
		}
		m.Init(2)
		return m
	}
	x, y := stripes(16, 5)
	a, b := build(), build()
	ta, tb := NewTrainer(a, NewAdam(0.01), 1), NewTrainer(b, NewAdam(0.01), 1)
	for range 2 {
		ta.TrainBatch(x, y)
		tb.TrainBatch(x, y)
	}
	kernel := a.layers[4].(*Dense).Kernel().Data
	good := kernel[0]
	kernel[0] = nanF() // through the live view: the next loss is NaN
	var before [][]uint32
	for _, w := range a.Weights() {
		before = append(before, floatBits(w.Data))
	}
	_, _, err := ta.TrainBatch(x, y)
	if !errors.Is(err, ErrDiverged) || !errors.Is(err, ErrLossDiverged) || err.Error() != "step 3: the loss is NaN at learning rate 0.01; the step was undone: try a smaller learning rate" {
		t.Fatalf("got %v", err)
	}
	for i, w := range a.Weights() {
		if got := floatBits(w.Data); !equalBits(got, before[i]) {
			t.Errorf("the diverged step changed %s/%s", w.Layer, w.Name)
		}
	}
	// Training goes on exactly as if the step had never been tried.
	kernel[0] = good
	for range 2 {
		if _, _, err := ta.TrainBatch(x, y); err != nil {
			t.Fatal(err)
		}
		tb.TrainBatch(x, y)
	}
	da, _ := EncodeModel(a)
	db, _ := EncodeModel(b)
	if !bytes.Equal(da, db) || ta.Step() != 4 {
		t.Errorf("training after the undone step differs (step %d)", ta.Step())
	}
}

// A learning rate so large that a weight overflows: the step is undone and
// Fit returns the error with the history so far.
func TestDivergenceOfWeights(t *testing.T) {
	x, y := stripes(16, 5)
	for i := range x {
		x[i] *= 10
	}
	m := tinyNet(t)
	before, _ := EncodeModel(m)
	_, _, err := NewTrainer(m, NewSGD(1e38, 0), 1).TrainBatch(x, y)
	if !errors.Is(err, ErrDiverged) || errors.Is(err, ErrLossDiverged) || !strings.HasPrefix(err.Error(), "step 1: conv/kernel became ") ||
		!strings.HasSuffix(err.Error(), "Inf at learning rate 1e+38; the step was undone: try a smaller learning rate") {
		t.Fatalf("got %v", err)
	}
	if after, _ := EncodeModel(m); !bytes.Equal(after, before) {
		t.Error("the diverged step changed the model")
	}
	set, _ := NewDataset([]int{8, 8, 1}, x, y)
	h, err := Fit(context.Background(), m, set, FitConfig{Epochs: 3, BatchSize: 8, Optimizer: NewSGD(1e38, 0)})
	if !errors.Is(err, ErrDiverged) || h == nil || len(h.Epochs) != 0 {
		t.Errorf("Fit: %v, %v", err, h)
	}
	if _, _, err := NewTrainer(m, NewSGD(float32(math.NaN()), 0), 1).TrainBatch(x, y); !errors.Is(err, ErrConfig) ||
		err.Error() != "the learning rate must be a finite number ≥ 0, got NaN" {
		t.Errorf("NaN rate: %v", err)
	}
}

func floatBits(v []float32) []uint32 {
	b := make([]uint32, len(v))
	for i, x := range v {
		b[i] = math.Float32bits(x)
	}
	return b
}

func equalBits(a, b []uint32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// The same seed gives a byte-identical model whatever the number of CPUs,
// with shuffling, augmentation, dropout and batch normalisation, and a
// last batch smaller than the others.
func TestFitDeterministic(t *testing.T) {
	set := stripesSet(t, 37, 3)
	run := func(procs int, seed uint64) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := NewModel(ModelSpec{InputShape: []int{8, 8, 1}, Layers: []LayerSpec{
			spec("Conv2D", `{"filters": 4, "kernel_size": 3, "padding": "same"}`),
			spec("BatchNormalization", `{"momentum": 0.5}`),
			spec("Activation", `{"activation": "relu"}`),
			spec("MaxPooling2D", `{}`),
			flatten,
			spec("Dropout", `{"rate": 0.3}`),
			spec("Dense", `{"units": 2}`),
			spec("Softmax", `{}`),
		}})
		if err != nil {
			t.Fatal(err)
		}
		m.Init(seed)
		_, err = Fit(context.Background(), m, set, FitConfig{Epochs: 2, BatchSize: 12, Seed: seed, Augment: shiftAugment})
		if err != nil {
			t.Fatal(err)
		}
		doc, _ := EncodeModel(m)
		return doc
	}
	a := run(1, 5)
	for _, procs := range []int{2, 4} {
		if !bytes.Equal(run(procs, 5), a) {
			t.Errorf("GOMAXPROCS %d gave another model than 1", procs)
		}
	}
	if bytes.Equal(run(2, 6), a) {
		t.Error("seeds 5 and 6 gave the same model")
	}
}

// shiftAugment moves a sample by up to a cell each way, from the seed.
func shiftAugment(shape []int) (AugmentFunc, error) {
	h, w := shape[0], shape[1]
	return func(dst, src []float32, _ int, seed uint64) error {
		r := newRNG(seed)
		dy, dx := int(r.next()%3)-1, int(r.next()%3)-1
		for y := range h {
			for x := range w {
				sy, sx := y+dy, x+dx
				dst[y*w+x] = 0
				if sy >= 0 && sy < h && sx >= 0 && sx < w {
					dst[y*w+x] = src[sy*w+sx]
				}
			}
		}
		return nil
	}, nil
}

func TestFitterStepwise(t *testing.T) {
	f, err := NewFitter(tinyNet(t), stripesSet(t, 10, 1), FitConfig{Epochs: 2, BatchSize: 4})
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for !f.Done() {
		b, err := f.Step()
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, b.Size)
		if (b.EpochEnd != nil) != (b.Batch == 2) {
			t.Errorf("batch %d epoch end %v", b.Batch, b.EpochEnd)
		}
	}
	if len(sizes) != 6 || sizes[2] != 2 || len(f.History().Epochs) != 2 {
		t.Errorf("batch sizes %v, %d epochs", sizes, len(f.History().Epochs))
	}
	if _, err := f.Step(); !errors.Is(err, ErrConfig) || err.Error() != "the run is over (2 epochs)" {
		t.Errorf("step after the end: %v", err)
	}
}

func TestFitErrors(t *testing.T) {
	m := tinyNet(t)
	set := stripesSet(t, 10, 1)
	other, _ := NewDataset([]int{4, 4, 1}, make([]float32, 32), []int{0, 1})
	badLabels, _ := NewDataset([]int{8, 8, 1}, make([]float32, 128), []int{0, 2})
	for _, c := range []struct {
		train *Dataset
		cfg   FitConfig
		want  error
		msg   string
	}{
		{other, FitConfig{}, ErrShape, "training set: samples are (4, 4, 1), the model's input is (8, 8, 1)"},
		{badLabels, FitConfig{}, ErrInput, "training set: label 2 of sample 1 is outside [0, 2)"},
		{set, FitConfig{Validation: other}, ErrShape, "validation set: samples are (4, 4, 1), the model's input is (8, 8, 1)"},
		{set, FitConfig{BatchSize: -1}, ErrConfig, "epochs and batch size must be positive, got 1 and -1"},
		{set, FitConfig{Optimizer: SGDConfig{LearningRate: 0.1, Momentum: 1}.New()}, ErrConfig, "momentum must be in [0, 1), got 1"},
		{set, FitConfig{EarlyStopping: &EarlyStopping{Monitor: "f1"}}, ErrConfig, `early stopping cannot monitor "f1" (want val_loss, val_accuracy, loss or accuracy)`},
		{set, FitConfig{Augment: DigitAugmentation{}.New}, ErrShape, "digit augmentation needs samples of [height, width, 1] with sides of at least 28, got (8, 8, 1)"},
	} {
		if _, err := NewFitter(m, c.train, c.cfg); !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("got %v, want %q", err, c.msg)
		}
	}
	for _, c := range []struct {
		err error
		msg string
	}{
		{errOf(NewDataset([]int{2, 2}, make([]float32, 7), []int{0, 1})), "data set has 7 values, 2 samples of (2, 2) need 8"},
		{errOf(NewDataset([]int{2}, []float32{0, 1, nanF(), 0}, []int{0, 1})), "data set: value 2 is NaN"},
		{errOf(NewDatasetBytes([]int{2}, make([]uint8, 4), []int{0, -1})), "label -1 of sample 1 is negative"},
		{errOf(NewDataset([]int{2}, nil, nil)), "a data set needs samples"},
		{third(set.Split(1)), "validation fraction must be between 0 and 1, got 1"},
		{third(set.Split(0.01)), "a validation fraction of 0.01 leaves no samples on one side of 10"},
	} {
		if c.err == nil || c.err.Error() != c.msg {
			t.Errorf("got %v, want %q", c.err, c.msg)
		}
	}
}

func TestDatasetBytes(t *testing.T) {
	d, err := NewDatasetBytes([]int{3}, []uint8{0, 128, 255, 1, 2, 3}, []int{4, 5})
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 3)
	d.Sample(x, 0)
	assertExact(t, "bytes/255", x, []float32{0, float32(128) / 255, 1})
	if d.Label(1) != 5 || d.Len() != 2 || !equalInts(d.Shape(), []int{3}) {
		t.Errorf("label %d, len %d, shape %v", d.Label(1), d.Len(), d.Shape())
	}
}

func TestOptimizerSteps(t *testing.T) {
	// Plain SGD is w − lr·g exactly.
	w, g := []float32{1, -2, 0.3}, []float32{0.25, -3, 7}
	want := make([]float32, 3)
	for i := range w {
		want[i] = w[i] - 0.1*g[i]
	}
	NewSGD(0.1, 0).update([][]float32{w}, [][]float32{g})
	assertExact(t, "sgd", w, want)
	// Nesterov, as Keras: v = m·v − lr·g; w += m·v − lr·g.
	o := SGDConfig{LearningRate: 0.1, Momentum: 0.5, Nesterov: true}.New()
	p := []float32{1}
	o.update([][]float32{p}, [][]float32{{1}}) // v = −0.1; w = 1 − 0.05 − 0.1
	o.update([][]float32{p}, [][]float32{{2}}) // v = −0.05 − 0.2 = −0.25; w −= 0.125 + 0.2
	if !closeTo(float64(p[0]), 1-0.15-0.325, 1e-6, 1e-7) {
		t.Errorf("nesterov w = %v", p[0])
	}
}

func TestDigitAugmentation(t *testing.T) {
	src := make([]float32, 32*32)
	digit := testDigit(t, "ring")
	for y := range 28 {
		copy(src[(y+2)*32+2:], digit[y*28:(y+1)*28])
	}
	src[0] = 0.5 // a border cell, kept
	d := DigitAugmentation{Params: AugmentParams{Rotation: 20, Elastic: 1}}
	aug, err := d.New([]int{32, 32, 1})
	if err != nil {
		t.Fatal(err)
	}
	a, b := make([]float32, len(src)), make([]float32, len(src))
	aug(a, src, 1, 7)
	aug(b, src, 1, 7)
	assertExact(t, "same seed", b, a)
	aug(b, src, 1, 8)
	assertDiffer(t, "other seed", a, b)
	if a[0] != 0.5 {
		t.Error("border changed")
	}
	clean, _ := DigitAugmentation{Params: d.Params, Clean: 1}.New([]int{32, 32, 1})
	clean(a, src, 1, 7)
	assertExact(t, "clean", a, src)
}

// Every epoch visits every training sample exactly once, in another order
// each epoch when shuffling, in the data set's order without.
func TestFitVisitsEverySample(t *testing.T) {
	const n = 23
	x := make([]float32, n*64)
	y := make([]int, n)
	for i := range n {
		x[i*64] = float32(i) // the sample's index, seen by the augmentation
		y[i] = i % 2
	}
	set, _ := NewDataset([]int{8, 8, 1}, x, y)
	for _, noShuffle := range []bool{false, true} {
		var mu sync.Mutex
		var seen []int
		record := func(shape []int) (AugmentFunc, error) {
			return func(dst, src []float32, label int, _ uint64) error {
				mu.Lock()
				seen = append(seen, int(src[0]))
				mu.Unlock()
				copy(dst, src)
				if label != int(src[0])%2 {
					t.Errorf("sample %v has label %d", src[0], label)
				}
				return nil
			}, nil
		}
		var orders [][]int
		_, err := Fit(context.Background(), tinyNet(t), set, FitConfig{Epochs: 2, BatchSize: 5, NoShuffle: noShuffle, Augment: record,
			OnEpoch: func(EpochLog) error {
				sorted := slices.Clone(seen)
				slices.Sort(sorted)
				for i, v := range sorted {
					if v != i {
						t.Fatalf("epoch visited %v", seen)
					}
				}
				orders, seen = append(orders, seen), nil
				return nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		// Batches are built on several goroutines: compare as sets of batches.
		if same := slices.Equal(batchSets(orders[0]), batchSets(orders[1])); same != noShuffle {
			t.Errorf("no shuffle %v: epochs in the same order %v", noShuffle, same)
		}
	}
}

// batchSets sorts each batch of 5 of an epoch's visiting order.
func batchSets(order []int) []int {
	out := slices.Clone(order)
	for i := 0; i < len(out); i += 5 {
		slices.Sort(out[i:min(i+5, len(out))])
	}
	return out
}
