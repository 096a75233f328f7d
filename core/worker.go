package core

import "math"

// worker holds the buffers one goroutine needs to run the model on one
// sample at a time: each layer's scratch, output and output gradient. The
// model's parameters are shared, read-only, between workers.
type worker struct {
	m       *Model
	scratch []*scratch
	acts    [][]float32 // acts[i] is layer i's output
	dActs   [][]float32 // dActs[i] is the gradient of the loss w.r.t. acts[i] (training only)
	probs   []float32   // softmax of the logits when the model does not end in Softmax
}

func newWorker(m *Model, training bool) *worker {
	w := &worker{m: m}
	for _, l := range m.layers {
		w.scratch = append(w.scratch, l.newScratch())
		n := numElements(l.base().out)
		w.acts = append(w.acts, make([]float32, n))
		if training {
			w.dActs = append(w.dActs, make([]float32, n))
		}
	}
	w.probs = make([]float32, len(w.acts[len(w.acts)-1]))
	return w
}

// layerIn returns the input of layer i for the given model input.
func (w *worker) layerIn(i int, input []float32) []float32 {
	if i == 0 {
		return input
	}
	return w.acts[i-1]
}

// forward runs layers [0, upto) on one sample.
func (w *worker) forward(input []float32, upto int, training bool, r *rng) {
	for i, l := range w.m.layers[:upto] {
		l.forward(w.scratch[i], w.layerIn(i, input), w.acts[i], training, r)
	}
}

// checkInput validates one or more samples of the model's input shape.
func (m *Model) checkInput(x []float32, n int) error {
	size := numElements(m.input)
	if len(x) != n*size {
		if n == 1 {
			return errorf(ErrInput, "input has %d values, the model needs %d (%s)", len(x), size, formatShape(m.input))
		}
		return errorf(ErrInput, "input has %d values, %d samples of %s need %d", len(x), n, formatShape(m.input), n*size)
	}
	return checkFinite("input", x)
}

func (m *Model) predictWorker() *worker {
	if m.fwd == nil {
		m.fwd = newWorker(m, false)
		m.views = make([]LayerOutput, len(m.layers))
		for i, l := range m.layers {
			m.views[i] = LayerOutput{Name: l.Name(), Shape: l.OutputShape(), Data: m.fwd.acts[i]}
		}
	}
	return m.fwd
}

// Predict runs the model on one sample (len H·W·C) and returns the last
// layer's output — the class probabilities when it is Softmax — and the
// index of its largest value. probs is owned by the model and valid until
// the next call. It does not allocate after the first call.
func (m *Model) Predict(input []float32) (probs []float32, label int, err error) {
	if err := m.checkInput(input, 1); err != nil {
		return nil, 0, err
	}
	w := m.predictWorker()
	w.forward(input, len(m.layers), false, nil)
	probs = w.acts[len(w.acts)-1]
	return probs, Argmax(probs), nil
}

// PredictAll runs the model on one sample and returns every layer's output
// in order (the last is the prediction). The outputs are the buffers the
// forward pass uses anyway, so this costs no more than Predict; the slice
// and the data are owned by the model and valid until the next call.
func (m *Model) PredictAll(input []float32) ([]LayerOutput, error) {
	if _, _, err := m.Predict(input); err != nil {
		return nil, err
	}
	for i, l := range m.layers {
		// The class of a pooling layer changes with SetPooling.
		m.views[i].Class = l.Class()
	}
	return m.views, nil
}

// LayerInput returns a copy of the activation that feeds the named layer
// when the model runs on input (the input itself for the first layer).
func (m *Model) LayerInput(layerName string, input []float32) (Tensor, error) {
	i, err := m.layerIndex(layerName)
	if err != nil {
		return Tensor{}, err
	}
	if err := m.checkInput(input, 1); err != nil {
		return Tensor{}, err
	}
	w := m.predictWorker()
	w.forward(input, i, false, nil)
	return Tensor{Data: append([]float32(nil), w.layerIn(i, input)...), Shape: append([]int(nil), m.layers[i].base().in...)}, nil
}

// Argmax returns the index of the largest value, the first one on ties (as
// tf.argmax does); a NaN is passed over. It returns 0 for an empty slice.
func Argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] || math.IsNaN(float64(v[best])) {
			best = i
		}
	}
	return best
}
