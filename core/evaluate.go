package core

import "sort"

// Evaluation is a model's result on labelled samples.
type Evaluation struct {
	// Accuracy is the fraction of samples whose top class is the label.
	Accuracy float64
	// Loss is the mean softmax cross-entropy.
	Loss float64
	// Confusion counts the samples by true class (row) and predicted
	// class (column).
	Confusion [][]int
	// Mistakes are the wrong answers the model was surest of, at most
	// KeptMistakes, the most confident first (ties: the earlier sample):
	// the digits worth looking at after training.
	Mistakes []Mistake
}

// Mistake is a sample the model classified wrong.
type Mistake struct {
	Index      int     // the sample's position in the evaluated samples
	Label      int     // its true class
	Predicted  int     // the class the model picked
	Confidence float64 // the probability the model gave Predicted
}

// KeptMistakes is how many mistakes an Evaluation keeps.
const KeptMistakes = 64

// evalBatch is how many samples Evaluate runs at once.
const evalBatch = 64

// Evaluate returns the accuracy, the mean softmax cross-entropy and the
// confusion matrix of the model on n = len(labels) samples (x holds
// n·H·W·C values), running batches of samples in parallel.
func (m *Model) Evaluate(x []float32, labels []int) (Evaluation, error) {
	if err := m.checkLabels(labels); err != nil {
		return Evaluation{}, err
	}
	n := len(labels)
	if err := m.checkInput(x, n); err != nil {
		return Evaluation{}, err
	}
	size := numElements(m.input)
	return m.evaluate(n, func(lo, hi int) ([]float32, []int) { return x[lo*size : hi*size], labels[lo:hi] })
}

// evaluate runs the model in inference mode over n samples that batch
// returns for [lo, hi).
func (m *Model) evaluate(n int, batch func(lo, hi int) ([]float32, []int)) (Evaluation, error) {
	r, err := newRunner(m, false, max(1, min(evalBatch, n, maxBatchMemory/m.sampleMemory(false))))
	if err != nil {
		return Evaluation{}, err
	}
	classes := m.layers[len(m.layers)-1].base().outLen()
	e := Evaluation{Confusion: make([][]int, classes)}
	for c := range e.Confusion {
		e.Confusion[c] = make([]int, classes)
	}
	last := len(m.layers) - 1
	correct := 0
	for lo := 0; lo < n; lo += r.cap {
		hi := min(lo+r.cap, n)
		x, labels := batch(lo, hi)
		r.forward(x, hi-lo, len(m.layers))
		r.loss(x, labels)
		for i, y := range labels {
			e.Loss += r.losses[i]
			if r.hits[i] {
				correct++
			}
			probs := r.acts[last][i*classes : (i+1)*classes]
			p := Argmax(probs)
			e.Confusion[y][p]++
			if p != y {
				e.Mistakes = keepMistake(e.Mistakes, Mistake{Index: lo + i, Label: y, Predicted: p, Confidence: float64(probs[p])})
			}
		}
	}
	e.Accuracy = float64(correct) / float64(n)
	e.Loss /= float64(n)
	return e, nil
}

// keepMistake inserts m into ms, sorted by falling confidence, keeping at
// most KeptMistakes. Samples come in order, so an equal confidence goes
// after those already kept.
func keepMistake(ms []Mistake, m Mistake) []Mistake {
	i := sort.Search(len(ms), func(j int) bool { return ms[j].Confidence < m.Confidence })
	if i == KeptMistakes {
		return ms
	}
	if len(ms) < KeptMistakes {
		ms = append(ms, Mistake{})
	}
	copy(ms[i+1:], ms[i:])
	ms[i] = m
	return ms
}
