package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/svertka/svertka/core"
)

// TestBenchModel checks that the file is the model issue #11 names, with
// non-zero biases, and that the same seed writes the same bytes.
func TestBenchModel(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sub", "model.json")
	if err := write(out, 1); err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	again, err := benchModel(1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, again) {
		t.Error("two runs with seed 1 wrote different files")
	}
	if other, _ := benchModel(2); bytes.Equal(doc, other) {
		t.Error("seeds 1 and 2 wrote the same file")
	}
	m, err := core.DecodeModel(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range m.SummaryRows() {
		got = append(got, r.Name+" "+r.Class+" "+fmt.Sprint(r.OutputShape))
	}
	want := []string{
		"conv1 Conv2D [28 28 10]", "pool1 MaxPool2D [14 14 10]", "conv2 Conv2D [14 14 30]",
		"pool2 MaxPool2D [7 7 30]", "flatten Flatten [1470]", "dense Dense [10]", "softmax Softmax [10]",
	}
	if len(got) != len(want) {
		t.Fatalf("layers %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("layer %d: %q, want %q", i, got[i], want[i])
		}
	}
	for _, l := range m.Layers() {
		w, ok := l.(core.Weighted)
		if !ok {
			continue
		}
		zero := 0
		for _, b := range w.Bias() {
			if b == 0 {
				zero++
			}
		}
		if zero > 0 {
			t.Errorf("%s: %d of %d biases are zero", l.Name(), zero, len(w.Bias()))
		}
	}
}
