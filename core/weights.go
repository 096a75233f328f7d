package core

import "math"

// Weight is one weight tensor of a model: the layer it belongs to, its
// Keras name ("kernel", "bias", "gamma", "beta", "moving_mean",
// "moving_variance"), its shape and data. Trainable is false for the
// weights the optimizer does not update (BatchNormalization's moving
// statistics).
type Weight struct {
	Layer, Name string
	Shape       []int
	Data        []float32
	Trainable   bool
}

// Weights returns every weight of the model in model order (layers in
// order, each layer's weights in Keras order). Data are live views:
// writing to them changes the model.
func (m *Model) Weights() []Weight {
	var ws []Weight
	for _, l := range m.layers {
		for _, w := range l.base().weights {
			ws = append(ws, Weight{Layer: l.Name(), Name: w.name, Shape: append([]int(nil), w.shape...), Data: w.data, Trainable: w.trainable})
		}
	}
	return ws
}

// SetWeights copies the given weights into the model: any subset of
// Weights, each named by layer and weight name, with the weight's shape
// and finite data. Everything is checked before anything is written, so on
// error the model is unchanged. Trainable is ignored.
func (m *Model) SetWeights(ws []Weight) error {
	targets := make([]*weight, len(ws))
	seen := make(map[*weight]bool, len(ws))
	for i, w := range ws {
		l, err := m.Layer(w.Layer)
		if err != nil {
			return err
		}
		t := l.base().weight(w.Name)
		if t == nil {
			return errorf(ErrNoLayer, "layer %q (%s) has no weight %q; its weights are %s", w.Layer, l.Class(), truncate(w.Name), weightNames(l))
		}
		if seen[t] {
			return errorf(ErrInput, "weight %s/%s is given twice", w.Layer, w.Name)
		}
		seen[t] = true
		if !equalInts(w.Shape, t.shape) {
			return errorf(ErrShape, "weight %s/%s has shape %s, the layer needs %s", w.Layer, w.Name, formatShape(w.Shape), formatShape(t.shape))
		}
		if len(w.Data) != len(t.data) {
			return errorf(ErrInput, "weight %s/%s has %d values, its shape %s needs %d", w.Layer, w.Name, len(w.Data), formatShape(t.shape), len(t.data))
		}
		if err := checkFinite("weight "+w.Layer+"/"+w.Name, w.Data); err != nil {
			return err
		}
		targets[i] = t
	}
	for i, t := range targets {
		copy(t.data, ws[i].Data)
	}
	return nil
}

// weightNames lists a layer's weight names for messages.
func weightNames(l Layer) string {
	ws := l.base().weights
	if len(ws) == 0 {
		return "none"
	}
	s := ""
	for i, w := range ws {
		if i > 0 {
			s += ", "
		}
		s += w.name
	}
	return s
}

// nonFiniteWeight returns the first weight holding a NaN or an infinity,
// its layer and the value, or a nil weight.
func (m *Model) nonFiniteWeight() (Layer, *weight, float32) {
	for _, l := range m.layers {
		for _, w := range l.base().weights {
			for _, v := range w.data {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return l, w, v
				}
			}
		}
	}
	return nil, nil, 0
}
