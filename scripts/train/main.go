package main

import (
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
	flag.StringVar(&cfg.strokes, "strokes", filepath.Join("scripts", "e2e", "strokes.json"), "hand-written stroke drawings to check the model on")
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
	trainSet, test, err := loadMNIST(cfg.data)
	if err != nil {
		return nil, err
	}
	if cfg.limit > 0 && cfg.limit < trainSet.len() {
		trainSet.labels = trainSet.labels[:cfg.limit]
	}
	testX := test.inputs()

	m, err := core.NewSeedNet()
	if err != nil {
		return nil, err
	}
	m.Init(cfg.seed)
	lr := func(t float64) float32 { // cosine from lr to lr/50 over the run
		lo := cfg.lr / 50
		return float32(lo + (cfg.lr-lo)*0.5*(1+math.Cos(math.Pi*t)))
	}
	tr := core.NewTrainer(m, core.NewAdam(lr(0)), cfg.seed)
	r := &report{
		Model: "digits.json", Params: m.TotalParams(), Summary: m.Summary(),
		Epochs: cfg.epochs, Seed: cfg.seed, BatchSize: cfg.batch, TrainImages: trainSet.len(),
		Optimizer:    "Adam (β1 0.9, β2 0.999), softmax cross-entropy",
		Schedule:     fmt.Sprintf("cosine from %g to %g, per batch", cfg.lr, cfg.lr/50),
		Augmentation: cfg.policy, Machine: thisMachine(),
	}
	fmt.Fprintf(cfg.log, "training the seed network (%d parameters) for %d epochs on %d images, seed %d\n",
		r.Params, cfg.epochs, trainSet.len(), cfg.seed)

	bt := &batcher{set: trainSet, size: cfg.batch, seed: cfg.seed}
	bar := newProgress(cfg.log, cfg.epochs, trainSet.len())
	start := time.Now()
	err = fit(tr, bt, cfg.epochs, cfg.policy, lr, bar, func(e int, took time.Duration) error {
		ev, err := m.Evaluate(testX, test.labels)
		if err != nil {
			return err
		}
		acc, loss := ev.Accuracy, ev.Loss
		bar.endEpoch(e, tr.LearningRate(), acc, loss, took)
		r.History = append(r.History, epochStats{
			Epoch: e + 1, LearningRate: tr.LearningRate(),
			TrainLoss: bar.lossSum / float64(bar.samples), TrainAcc: float64(bar.correct) / float64(bar.samples),
			TestLoss: loss, TestAcc: acc, Seconds: took.Seconds(),
		})
		r.TestLoss = loss
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.TrainingSeconds = time.Since(start).Seconds()
	r.SamplesPerSecond = float64(cfg.epochs*trainSet.len()) / r.TrainingSeconds

	if err := r.evaluate(m, test); err != nil {
		return nil, err
	}
	if r.Drawn, err = drawnDigits(m, strokes); err != nil {
		return nil, err
	}
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

// fit trains for the given epochs, setting the learning rate lr(t) before
// every batch (t: fraction of the run done), and calls endEpoch after each
// epoch.
func fit(tr *core.Trainer, bt *batcher, epochs int, pol policy, lr func(float64) float32, bar *progress,
	endEpoch func(e int, took time.Duration) error) error {
	steps := (bt.set.len() + bt.size - 1) / bt.size
	for e := range epochs {
		start := time.Now()
		bar.startEpoch()
		done := make(chan struct{})
		k := 0
		for next := range bt.epoch(e, pol, done) {
			b := <-next
			tr.SetLearningRate(lr(float64(e*steps+k) / float64(epochs*steps)))
			loss, correct, err := tr.TrainBatch(b.x, b.labels)
			if err != nil {
				close(done)
				return err
			}
			bar.step(e, len(b.labels), loss, correct)
			k++
		}
		close(done)
		if err := endEpoch(e, time.Since(start)); err != nil {
			return err
		}
	}
	return nil
}

func secondsDuration(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
