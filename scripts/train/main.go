package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/svertka/svertka/core"
)

// config is everything a training run depends on.
type config struct {
	epochs  int
	seed    uint64
	out     string // folder for digits.json, report.json, report.md
	data    string // MNIST folder; empty: the GoMNIST module's
	strokes string // stroke drawings checked after training
	batch   int
	lr      float64
	limit   int // use only the first limit training images (0: all)
	policy  policy
	log     io.Writer
}

// defaultPolicy distorts MNIST towards mouse and finger drawings: thicker
// and thinner strokes than MNIST's pens, slant, rotation and wobble, always
// renormalised like a drawing in the playground.
var defaultPolicy = policy{
	Clean:  0.2,
	Styles: writingStyles{Flag1: 0.4, Crossed7: 0.3, FlagLen: 0.35, FlagAngle: 60},
	Params: core.AugmentParams{
		Rotation:       15,
		Shear:          0.25,
		Aspect:         0.25,
		Thickness:      [2]float64{-0.6, 1.8},
		Elastic:        1.5,
		ElasticSpacing: 7,
		Scale:          0.06,
		Shift:          1,
	},
}

func main() {
	cfg := config{policy: defaultPolicy, log: os.Stdout}
	flag.IntVar(&cfg.epochs, "epochs", 20, "passes over the training set")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the initial weights, shuffling, augmentation and dropout")
	flag.StringVar(&cfg.out, "out", filepath.Join("site", "model"), "folder for digits.json, report.json and report.md")
	flag.StringVar(&cfg.data, "data", "", "folder with the MNIST IDX files (default: the data/ folder of the GoMNIST module)")
	flag.StringVar(&cfg.strokes, "strokes", filepath.Join("scripts", "train", "strokes.json"), "hand-written stroke drawings to check the model on")
	flag.IntVar(&cfg.batch, "batch", 64, "mini-batch size")
	flag.Float64Var(&cfg.lr, "lr", 2e-3, "initial learning rate (Adam)")
	flag.IntVar(&cfg.limit, "limit", 0, "train on the first N images only (0: all 60,000)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "train: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	if _, err := train(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// train runs the whole training and writes the model and the report.
func train(cfg config) (*report, error) {
	if cfg.epochs < 1 || cfg.batch < 1 || cfg.lr <= 0 || cfg.limit < 0 {
		return nil, errors.New("epochs, batch and lr must be positive, limit not negative")
	}
	if cfg.data == "" {
		dir, err := mnistDir()
		if err != nil {
			return nil, err
		}
		cfg.data = dir
	}
	strokes, err := loadStrokes(cfg.strokes)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.log, "loading MNIST from %s\n", cfg.data)
	trainRaw, testRaw, err := loadMNIST(cfg.data)
	if err != nil {
		return nil, err
	}
	if cfg.limit > 0 && cfg.limit < trainRaw.len() {
		trainRaw = trainRaw.first(cfg.limit)
	}
	trainSet, err := trainRaw.inputs()
	if err != nil {
		return nil, err
	}
	testSet, err := testRaw.inputs()
	if err != nil {
		return nil, err
	}

	m, err := core.NewSeedNet()
	if err != nil {
		return nil, err
	}
	m.Init(cfg.seed)
	r := &report{
		Model: "digits.json", Params: m.TotalParams(), Summary: m.Summary(),
		Epochs: cfg.epochs, Seed: cfg.seed, BatchSize: cfg.batch, TrainImages: trainSet.Len(),
		Optimizer:    "Adam (β1 0.9, β2 0.999), softmax cross-entropy",
		Schedule:     fmt.Sprintf("cosine from %g to %g, per batch", cfg.lr, cfg.lr/50),
		Augmentation: cfg.policy, Machine: thisMachine(),
	}
	fmt.Fprintf(cfg.log, "training the seed network (%d parameters) for %d epochs on %d images, seed %d\n",
		r.Params, cfg.epochs, trainSet.Len(), cfg.seed)

	bar := newProgress(cfg.log, cfg.epochs, trainSet.Len())
	run := fitConfig(cfg)
	run.Validation = testSet
	run.OnBatch = func(b core.BatchLog) error {
		if b.Batch == 0 {
			bar.startEpoch()
		}
		bar.step(b.Epoch, b.Size, float32(b.Loss), int(math.Round(b.Accuracy*float64(b.Size))))
		return nil
	}
	run.OnEpoch = func(e core.EpochLog) error {
		bar.endEpoch(e.Epoch, e.LearningRate, e.Validation.Accuracy, e.Validation.Loss, secondsDuration(e.Seconds))
		r.History = append(r.History, epochStats{
			Epoch: e.Epoch + 1, LearningRate: e.LearningRate, TrainLoss: e.Loss, TrainAcc: e.Accuracy,
			TestLoss: e.Validation.Loss, TestAcc: e.Validation.Accuracy, Seconds: e.Seconds,
		})
		r.TestLoss = e.Validation.Loss
		return nil
	}
	start := time.Now()
	if _, err := core.Fit(context.Background(), m, trainSet, run); err != nil {
		return nil, err
	}
	r.TrainingSeconds = time.Since(start).Seconds()
	r.SamplesPerSecond = float64(cfg.epochs*trainSet.Len()) / r.TrainingSeconds

	if err := r.evaluate(m, testSet); err != nil {
		return nil, err
	}
	if r.Drawn, err = drawnDigits(m, strokes); err != nil {
		return nil, err
	}
	test := testRaw.digits()
	r.Redrawn = redrawResult{Images: min(2000, test.len()), Heights: []float64{0.8, 0.55, 0.35}}
	for _, h := range r.Redrawn.Heights {
		acc, err := redrawnAccuracy(m, test, r.Redrawn.Images, strokes.Brush, h)
		if err != nil {
			return nil, err
		}
		r.Redrawn.Accuracy = append(r.Redrawn.Accuracy, acc)
	}
	doc, err := core.EncodeModel(m)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(cfg.out, r.Model), doc, 0o644); err != nil {
		return nil, err
	}
	if err := r.write(cfg.out); err != nil {
		return nil, err
	}
	fmt.Fprintf(cfg.log, "test accuracy %.2f%% (%d errors), drawn digits %d/%d, redrawn MNIST %.2f%%/%.2f%%/%.2f%% (large/medium/small), %s; wrote %s\n",
		100*r.TestAccuracy, r.TestErrors, r.Drawn.Correct, r.Drawn.Total,
		100*r.Redrawn.Accuracy[0], 100*r.Redrawn.Accuracy[1], 100*r.Redrawn.Accuracy[2],
		formatDuration(secondsDuration(r.TrainingSeconds)), filepath.Join(cfg.out, r.Model))
	return r, nil
}

// fitConfig is the training recipe: Adam with a cosine schedule from lr
// to lr/50 over the run, mini-batches of cfg.batch shuffled and augmented
// from cfg.seed, which also seeds dropout.
func fitConfig(cfg config) core.FitConfig {
	return core.FitConfig{
		Epochs: cfg.epochs, BatchSize: cfg.batch, Seed: cfg.seed,
		Optimizer: core.NewAdam(float32(cfg.lr)),
		Schedule:  core.CosineDecay{Rate: cfg.lr, Floor: cfg.lr / 50},
		Augment:   cfg.policy.augmentation().New,
	}
}

// policy says how training images are distorted: the writing-style
// augmentation the report describes.
type policy struct {
	Params core.AugmentParams `json:"params"`
	// Clean is the fraction of images shown as they are.
	Clean float64 `json:"clean"`
	// Styles adds writing habits MNIST lacks to the distorted images.
	Styles writingStyles `json:"styles"`
}

func (p policy) augmentation() core.DigitAugmentation {
	return core.DigitAugmentation{Params: p.Params, Clean: p.Clean, Style: p.Styles.apply}
}

func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
