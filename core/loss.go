package core

import "math"

// minProb is Keras's epsilon: a model whose last layer applies softmax
// itself (Dense with activation softmax) leaves no logits behind, so its
// loss is −log p with p clipped to [minProb, 1], as Keras computes it.
const minProb = 1e-7

// loss computes the softmax cross-entropy and the hit (top class = label)
// of each of the n samples after a forward pass over x, into r.losses and
// r.hits, and in training the gradient the backward pass starts from:
// p − onehot with respect to the logits, which are the last layer's output
// or, when the model ends in softmax, the values before it (r.fused).
func (r *runner) loss(x []float32, labels []int) {
	last := len(r.m.layers) - 1
	l := r.m.layers[last]
	k := l.base().outLen()
	for i, label := range labels {
		out := r.acts[last][i*k : (i+1)*k]
		var probs []float32
		switch {
		case !r.fused:
			probs = r.probs[i*k : (i+1)*k]
			Softmax(probs, out)
			r.losses[i] = logSumExp(out) - float64(out[label])
		case l.onlyActivation():
			probs = out
			z := r.input(last, x)[i*k : (i+1)*k]
			r.losses[i] = logSumExp(z) - float64(z[label])
		default:
			probs = out
			r.losses[i] = -math.Log(max(float64(out[label]), minProb))
		}
		r.hits[i] = Argmax(probs) == label
		if r.training {
			d := r.dActs[last][i*k : (i+1)*k]
			copy(d, probs)
			d[label]--
		}
	}
}

// meanLoss sums the first n losses in order and divides by n.
func (r *runner) meanLoss(n int) (loss float64, correct int) {
	for i := range n {
		loss += r.losses[i]
		if r.hits[i] {
			correct++
		}
	}
	return loss / float64(n), correct
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
