package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/svertka/svertka/core"
)

// report is what report.json holds and report.md shows.
type report struct {
	Model            string       `json:"model"`
	TestAccuracy     float64      `json:"test_accuracy"`
	TestLoss         float64      `json:"test_loss"`
	TestErrors       int          `json:"test_errors"`
	TestImages       int          `json:"test_images"`
	PerClassAccuracy [10]float64  `json:"per_class_accuracy"`
	Confusion        [10][10]int  `json:"confusion"` // [true label][predicted]
	Drawn            drawnResult  `json:"drawn_digits"`
	Redrawn          redrawResult `json:"redrawn_mnist"`
	Params           int          `json:"params"`
	Summary          string       `json:"summary"`
	Epochs           int          `json:"epochs"`
	Seed             uint64       `json:"seed"`
	BatchSize        int          `json:"batch_size"`
	TrainImages      int          `json:"train_images"`
	Optimizer        string       `json:"optimizer"`
	Schedule         string       `json:"lr_schedule"`
	Augmentation     policy       `json:"augmentation"`
	History          []epochStats `json:"history"`
	TrainingSeconds  float64      `json:"training_seconds"`
	SamplesPerSecond float64      `json:"samples_per_second"`
	Machine          machine      `json:"machine"`
}

type epochStats struct {
	Epoch        int     `json:"epoch"`
	LearningRate float32 `json:"lr"`
	TrainLoss    float64 `json:"train_loss"`
	TrainAcc     float64 `json:"train_accuracy"`
	TestLoss     float64 `json:"test_loss"`
	TestAcc      float64 `json:"test_accuracy"`
	Seconds      float64 `json:"seconds"`
}

// drawnResult is the model on the hand-written stroke paths of
// scripts/train/strokes.json, rendered like the playground's canvas.
type drawnResult struct {
	Correct  int      `json:"correct"`
	Total    int      `json:"total"`
	Failures []string `json:"failures"`
}

// redrawResult is the model on MNIST test digits redrawn with the
// playground's brush (see redraw.go).
type redrawResult struct {
	Images   int       `json:"images"`
	Heights  []float64 `json:"heights"`  // digit size, fraction of the canvas
	Accuracy []float64 `json:"accuracy"` // per height
}

type machine struct {
	OS        string `json:"os"`
	Arch      string `json:"arch"`
	CPU       string `json:"cpu"`
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go_version"`
}

func thisMachine() machine {
	m := machine{OS: runtime.GOOS, Arch: runtime.GOARCH, CPU: "unknown", CPUs: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

// evaluate fills the test results: accuracy, per-class accuracy and the
// confusion matrix.
func (r *report) evaluate(m *core.Model, test *core.Dataset) error {
	e, err := m.EvaluateDataset(test)
	if err != nil {
		return err
	}
	var totals [10]int
	correct := 0
	for c := range 10 {
		for p, k := range e.Confusion[c] {
			r.Confusion[c][p] = k
			totals[c] += k
		}
		correct += r.Confusion[c][c]
		r.PerClassAccuracy[c] = float64(r.Confusion[c][c]) / float64(max(totals[c], 1))
	}
	r.TestImages = test.Len()
	r.TestErrors = test.Len() - correct
	r.TestAccuracy = e.Accuracy
	return nil
}

// drawnDigits runs the model on every stroke drawing, rendered on a 280 px
// canvas with the playground's brush and preprocessed as in the browser.
func drawnDigits(m *core.Model, strokes *strokeFile) (drawnResult, error) {
	const size = 280
	var res drawnResult
	for _, d := range strokes.drawings() {
		p, err := core.Preprocess(d.render(size, strokes.Brush*size), size, size)
		if err != nil {
			return res, err
		}
		label := -1
		if !p.Empty {
			if _, label, err = m.Predict(p.Input); err != nil {
				return res, err
			}
		}
		res.Total++
		if label == d.Digit {
			res.Correct++
		} else {
			res.Failures = append(res.Failures, fmt.Sprintf("%d (%s) read as %d", d.Digit, d.Name, label))
		}
	}
	return res, nil
}

// write saves report.json and report.md in dir.
func (r *report) write(dir string) error {
	j, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(j, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "report.md"), []byte(r.markdown()), 0o644)
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Digit model: training report\n\n")
	p("`%s` — the seed network trained on MNIST by `make train` (scripts/train).\n\n", r.Model)
	p("**Test accuracy: %.2f%%** (%d errors in %d MNIST test images), test loss %.4f.\n\n",
		100*r.TestAccuracy, r.TestErrors, r.TestImages, r.TestLoss)
	p("Drawn digits (scripts/train/strokes.json rendered with the playground's brush): %d of %d recognised.\n",
		r.Drawn.Correct, r.Drawn.Total)
	for _, f := range r.Drawn.Failures {
		p("- %s\n", f)
	}
	p("\nThe first %d MNIST test digits thinned to their centre line and redrawn with the playground's brush "+
		"(as if many people drew them in the browser), by size on the canvas:\n\n", r.Redrawn.Images)
	for i, h := range r.Redrawn.Heights {
		p("- %.0f%% of the canvas: %.2f%%\n", 100*h, 100*r.Redrawn.Accuracy[i])
	}
	p("\n## Per-class accuracy\n\n| digit |")
	for c := range 10 {
		p(" %d |", c)
	}
	p("\n|---|%s\n| accuracy |", strings.Repeat("---|", 10))
	for c := range 10 {
		p(" %.2f%% |", 100*r.PerClassAccuracy[c])
	}
	p("\n\n## Confusion matrix\n\nRows: true digit; columns: predicted digit.\n\n| |")
	for c := range 10 {
		p(" %d |", c)
	}
	p("\n|---|%s\n", strings.Repeat("---|", 10))
	for t := range 10 {
		p("| **%d** |", t)
		for c := range 10 {
			if t == c {
				p(" **%d** |", r.Confusion[t][c])
			} else {
				p(" %d |", r.Confusion[t][c])
			}
		}
		p("\n")
	}
	p("\n## Training\n\n")
	p("- Epochs: %d over %d training images, batch size %d, seed %d\n", r.Epochs, r.TrainImages, r.BatchSize, r.Seed)
	p("- Optimizer: %s; learning rate: %s\n", r.Optimizer, r.Schedule)
	a := r.Augmentation.Params
	p("- Augmentation (%.0f%% of images left as they are; the rest distorted, then normalised with the playground's preprocessing): "+
		"rotation ±%g°, shear ±%g, aspect ±%g (log), stroke thickness %+g…%+g px, elastic up to %g px (control points every %g px), "+
		"size ±%g (log), centre shift ±%g px\n",
		100*r.Augmentation.Clean, a.Rotation, a.Shear, a.Aspect, a.Thickness[0], a.Thickness[1], a.Elastic, a.ElasticSpacing, a.Scale, a.Shift)
	st := r.Augmentation.Styles
	p("- Writing styles MNIST lacks, added before distorting: a flag on %.0f%% of the 1s (up to %.0f%% of the height, 25–%g° below horizontal), "+
		"a bar across %.0f%% of the 7s\n", 100*st.Flag1, 100*st.FlagLen, st.FlagAngle, 100*st.Crossed7)
	p("- Training time: %s (%.0f samples/s) on %s, %d CPUs (%s/%s, %s)\n",
		formatDuration(secondsDuration(r.TrainingSeconds)), r.SamplesPerSecond, r.Machine.CPU, r.Machine.CPUs, r.Machine.OS, r.Machine.Arch, r.Machine.GoVersion)
	p("\n| epoch | lr | train loss | train acc | test loss | test acc | time |\n|---|---|---|---|---|---|---|\n")
	for _, h := range r.History {
		p("| %d | %.2g | %.4f | %.2f%% | %.4f | %.2f%% | %s |\n", h.Epoch, h.LearningRate, h.TrainLoss, 100*h.TrainAcc, h.TestLoss, 100*h.TestAcc, formatDuration(secondsDuration(h.Seconds)))
	}
	p("\n## Model\n\n```\n%s```\n", r.Summary)
	return b.String()
}
