package core

import (
	"slices"
	"testing"
)

func TestEvaluateMistakes(t *testing.T) {
	// A model that tells a bright top half from a bright bottom half,
	// evaluated on labels that are all wrong: every sample is a mistake.
	m, err := NewSequential([]int{4, 4, 1}, NewFlatten("flatten"), NewDense("dense", 2, Linear), NewSoftmax("softmax"))
	if err != nil {
		t.Fatal(err)
	}
	m.Init(1)
	top := []float32{1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	bottom := []float32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}
	faint := make([]float32, 16)
	for i := range 8 {
		faint[i] = 0.2
	}
	tr := NewTrainer(m, NewAdam(0.1), 1)
	for range 30 {
		if _, _, err := tr.TrainBatch(slices.Concat(top, bottom), []int{0, 1}); err != nil {
			t.Fatal(err)
		}
	}
	e, err := m.Evaluate(slices.Concat(top, faint, bottom, top), []int{1, 1, 0, 0})
	if err != nil {
		t.Fatal(err)
	}
	if e.Accuracy != 0.25 {
		t.Fatalf("accuracy %v, want 0.25 (only the last sample is right)", e.Accuracy)
	}
	if len(e.Mistakes) != 3 {
		t.Fatalf("%d mistakes, want 3: %+v", len(e.Mistakes), e.Mistakes)
	}
	// The faint top half is the least sure; the two clear ones tie or
	// nearly so, and both come before it.
	if got := e.Mistakes[2]; got.Index != 1 || got.Label != 1 || got.Predicted != 0 {
		t.Errorf("least confident mistake %+v, want sample 1 (label 1, predicted 0)", got)
	}
	for i, mk := range e.Mistakes {
		if mk.Label == mk.Predicted || mk.Confidence <= 0.5 || mk.Confidence > 1 {
			t.Errorf("mistake %d: %+v", i, mk)
		}
		if i > 0 && mk.Confidence > e.Mistakes[i-1].Confidence {
			t.Errorf("mistakes not sorted by falling confidence: %+v", e.Mistakes)
		}
	}
}

func TestKeepMistake(t *testing.T) {
	var ms []Mistake
	for i := range KeptMistakes + 10 {
		// Confidences 0.5, 0.6, …, repeating every 5 samples: ties too.
		ms = keepMistake(ms, Mistake{Index: i, Confidence: 0.5 + 0.1*float64(i%5)})
	}
	if len(ms) != KeptMistakes {
		t.Fatalf("kept %d, want %d", len(ms), KeptMistakes)
	}
	for i := 1; i < len(ms); i++ {
		a, b := ms[i-1], ms[i]
		if a.Confidence < b.Confidence || (a.Confidence == b.Confidence && a.Index > b.Index) {
			t.Fatalf("order broken at %d: %+v then %+v", i, a, b)
		}
	}
	if ms[0].Index != 4 || ms[0].Confidence != 0.5+0.1*4 {
		t.Errorf("first kept %+v, want sample 4, the first of the most confident", ms[0])
	}
}
