package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/svertka/svertka/core"
)

// The shipped model recognises every hand-written stroke drawing rendered
// like the playground's canvas: the check the end-to-end test makes in the
// browser, natively and in a fraction of a second. It also holds with a
// brush a third thinner or thicker than the playground's.
func TestShippedModelReadsDrawnDigits(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "site", "model", "digits.json"))
	if err != nil {
		t.Fatalf("the shipped model is missing (make train writes it): %v", err)
	}
	m, err := core.DecodeModel(doc)
	if err != nil {
		t.Fatal(err)
	}
	strokes, err := loadStrokes("strokes.json")
	if err != nil {
		t.Fatal(err)
	}
	drawings := strokes.drawings()
	if len(drawings) < 30 {
		t.Fatalf("only %d drawings, want at least 3 styles of each digit", len(drawings))
	}
	for _, brush := range []float64{1, 2.0 / 3, 4.0 / 3} {
		const size = 280
		for _, d := range drawings {
			p, err := core.Preprocess(d.render(size, brush*strokes.Brush*size), size, size)
			if err != nil {
				t.Fatal(err)
			}
			if p.Empty {
				t.Errorf("brush ×%.2f: %d (%s) is reported as nothing drawn", brush, d.Digit, d.Name)
				continue
			}
			probs, label, err := m.Predict(p.Input)
			if err != nil {
				t.Fatal(err)
			}
			if label != d.Digit {
				t.Errorf("brush ×%.2f: %d (%s) read as %d (p=%.2f; p(%d)=%.2f)", brush, d.Digit, d.Name, label, probs[label], d.Digit, probs[d.Digit])
			}
		}
	}
}
