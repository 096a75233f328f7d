package core

// Weight is one weight tensor of a model, named as in Keras: the layer
// ("conv1") and the weight within it ("kernel" or "bias").
type Weight struct {
	Layer, Name string
	Shape       []int
	Data        []float32
	// Trainable reports whether training updates the weight; every weight
	// of today's layers is trainable.
	Trainable bool
}

// Weights returns the model's weights in model order: layers in order, each
// layer's kernel then its bias, the order of the model file. Data are the
// live parameters (writing to them changes the model); Shape is a copy.
func (m *Model) Weights() []Weight {
	var ws []Weight
	for _, l := range m.layers {
		for _, p := range l.base().params {
			ws = append(ws, Weight{Layer: l.Name(), Name: p.name, Shape: append([]int(nil), p.shape...), Data: p.data, Trainable: true})
		}
	}
	return ws
}

// SetWeights copies ws into the model's weights. Every weight of the model
// must be given exactly once, in any order, with its layer and name, its
// shape, as many values as the shape holds and only finite values;
// Trainable is not read. Everything is checked before anything is written,
// so on error the model is unchanged. Errors match ErrInput.
func (m *Model) SetWeights(ws []Weight) error {
	order, err := m.matchWeights(ErrInput, len(ws), func(i int) (string, string, []int) {
		return ws[i].Layer, ws[i].Name, ws[i].Shape
	})
	if err != nil {
		return err
	}
	for _, i := range order {
		w := ws[i]
		if want := numElements(w.Shape); len(w.Data) != want {
			return errorf(ErrInput, "%s/%s has %d values, its shape %s needs %d", w.Layer, w.Name, len(w.Data), formatShape(w.Shape), want)
		}
		if err := checkFinite(w.Layer+"/"+w.Name, w.Data); err != nil {
			return err
		}
	}
	k := 0
	for _, l := range m.layers {
		l.base().allocate()
		for _, p := range l.base().params {
			copy(p.data, ws[order[k]].Data)
			k++
		}
	}
	return nil
}

// matchWeights pairs n given weights, whose layer, name and shape at(i)
// returns, with the model's parameters: each parameter exactly once, no
// unknown or repeated weight and the parameter's shape. It returns, for
// each parameter in model order, the index of the given weight. Errors
// match kind.
func (m *Model) matchWeights(kind error, n int, at func(i int) (layer, name string, shape []int)) ([]int, error) {
	byKey := make(map[[2]string]int, n)
	for i := range n {
		layer, name, _ := at(i)
		key := [2]string{layer, name}
		if _, dup := byKey[key]; dup {
			return nil, errorf(kind, "%s/%s appears twice", truncate(layer), truncate(name))
		}
		byKey[key] = i
	}
	var order []int
	for _, l := range m.layers {
		for _, p := range l.base().params {
			i, ok := byKey[[2]string{l.Name(), p.name}]
			if !ok {
				return nil, errorf(kind, "%s/%s is missing", l.Name(), p.name)
			}
			if _, _, shape := at(i); !equalInts(shape, p.shape) {
				return nil, errorf(kind, "%s/%s has shape %s, the layer needs %s", l.Name(), p.name, formatShape(shape), formatShape(p.shape))
			}
			order = append(order, i)
		}
	}
	if len(order) != n {
		for i := range n {
			layer, name, _ := at(i)
			if l, err := m.Layer(layer); err != nil || l.base().param(name) == nil {
				return nil, errorf(kind, "%s/%s belongs to no layer parameter", truncate(layer), truncate(name))
			}
		}
	}
	return order, nil
}
