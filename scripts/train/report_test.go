package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportWrite(t *testing.T) {
	r := &report{Model: "digits.json", TestAccuracy: 0.9952, TestErrors: 48, TestImages: 10000, Epochs: 20, Seed: 1,
		Drawn:        drawnResult{Correct: 79, Total: 80, Failures: []string{"1 (flag large) read as 7"}},
		Redrawn:      redrawResult{Images: 2000, Heights: []float64{0.8}, Accuracy: []float64{0.981}},
		Augmentation: defaultPolicy, TrainingSeconds: 754, Machine: thisMachine()}
	r.PerClassAccuracy[3] = 0.9901
	r.Confusion[3][5] = 4
	r.Confusion[3][3] = 1000
	dir := t.TempDir()
	if err := r.write(dir); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"**Test accuracy: 99.52%** (48 errors in 10000 MNIST test images)",
		"79 of 80 recognised", "- 1 (flag large) read as 7",
		"- 80% of the canvas: 98.10%",
		" 99.01% |",
		"| **3** | 0 | 0 | 0 | **1000** | 0 | 4 |",
		"Epochs: 20", "seed 1", "Training time: 12m34s",
		"a flag on 40% of the 1s",
	} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q:\n%s", want, md)
		}
	}
	var back report
	j, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(j, &back); err != nil {
		t.Fatal(err)
	}
	if back.TestAccuracy != r.TestAccuracy || back.Confusion != r.Confusion || back.Augmentation != r.Augmentation {
		t.Error("report.json does not round-trip")
	}
}
