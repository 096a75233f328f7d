package core

// logitsLayer returns the index of the layer whose output the loss treats
// as logits: the one before a final Softmax layer, else the last layer.
func (m *Model) logitsLayer() int {
	last := len(m.layers) - 1
	if _, ok := m.layers[last].(*SoftmaxLayer); ok && last > 0 {
		return last - 1
	}
	return last
}

// sampleLoss computes the softmax cross-entropy of one sample from its
// logits, log Σ exp(z) − z[label], and leaves the probabilities in w.probs
// (or in the Softmax layer's output, which the forward pass already filled).
func (w *worker) sampleLoss(label int) (loss float64, probs []float32) {
	li := w.m.logitsLayer()
	logits := w.acts[li]
	if li == len(w.acts)-1 {
		Softmax(w.probs, logits)
		probs = w.probs
	} else {
		probs = w.acts[len(w.acts)-1]
	}
	return logSumExp(logits) - float64(logits[label]), probs
}

// checkLabels validates class labels against the model's output size.
func (m *Model) checkLabels(labels []int) error {
	out := m.layers[len(m.layers)-1].base().out
	if len(out) != 1 {
		return errorf(ErrShape, "training needs a flat model output, got %s", formatShape(out))
	}
	if len(labels) == 0 {
		return errorf(ErrInput, "no samples")
	}
	for i, y := range labels {
		if y < 0 || y >= out[0] {
			return errorf(ErrInput, "label %d of sample %d is outside [0, %d)", y, i, out[0])
		}
	}
	return nil
}
