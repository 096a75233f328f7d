package core

// Dataset is an in-memory set of labelled samples for Fit: float32 values,
// or bytes read as value/255 (images as stored, at a quarter of the
// memory). It refers to the caller's slices, which must not change while
// it is in use.
type Dataset struct {
	shape  []int
	size   int // values per sample
	floats []float32
	bytes  []uint8
	labels []int
}

// NewDataset returns a data set of len(labels) samples of the given shape,
// stored back to back in x.
func NewDataset(shape []int, x []float32, labels []int) (*Dataset, error) {
	d, err := newDataset(shape, len(x), labels)
	if err != nil {
		return nil, err
	}
	if err := checkFinite("data set", x); err != nil {
		return nil, err
	}
	d.floats = x
	return d, nil
}

// NewDatasetBytes returns a data set whose samples are bytes, each value
// v read as v/255 (pixels in [0, 1]).
func NewDatasetBytes(shape []int, x []uint8, labels []int) (*Dataset, error) {
	d, err := newDataset(shape, len(x), labels)
	if err != nil {
		return nil, err
	}
	d.bytes = x
	return d, nil
}

func newDataset(shape []int, values int, labels []int) (*Dataset, error) {
	if err := checkShape("data set sample shape", shape, len(shape)); err != nil {
		return nil, err
	}
	size := numElements(shape)
	if len(labels) == 0 {
		return nil, errorf(ErrInput, "a data set needs samples")
	}
	if values != len(labels)*size {
		return nil, errorf(ErrInput, "data set has %d values, %d samples of %s need %d", values, len(labels), formatShape(shape), len(labels)*size)
	}
	for i, y := range labels {
		if y < 0 {
			return nil, errorf(ErrInput, "label %d of sample %d is negative", y, i)
		}
	}
	return &Dataset{shape: append([]int(nil), shape...), size: size, labels: labels}, nil
}

// Len is the number of samples.
func (d *Dataset) Len() int { return len(d.labels) }

// Shape is the shape of one sample.
func (d *Dataset) Shape() []int { return append([]int(nil), d.shape...) }

// Label returns the label of sample i.
func (d *Dataset) Label(i int) int { return d.labels[i] }

// Sample writes sample i into dst (len: the sample's size).
func (d *Dataset) Sample(dst []float32, i int) {
	dst = dst[:d.size]
	if d.bytes != nil {
		for j, v := range d.bytes[i*d.size : (i+1)*d.size] {
			dst[j] = float32(v) / 255
		}
		return
	}
	copy(dst, d.floats[i*d.size:(i+1)*d.size])
}

// Split keeps the first samples for training and the last fraction
// (0 < fraction < 1) for validation, as Keras's validation_split does,
// without copying.
func (d *Dataset) Split(fraction float64) (train, validation *Dataset, err error) {
	if !(fraction > 0 && fraction < 1) {
		return nil, nil, errorf(ErrConfig, "validation fraction must be between 0 and 1, got %v", fraction)
	}
	cut := d.Len() - int(fraction*float64(d.Len()))
	if cut == d.Len() || cut == 0 {
		return nil, nil, errorf(ErrConfig, "a validation fraction of %v leaves no samples on one side of %d", fraction, d.Len())
	}
	return d.slice(0, cut), d.slice(cut, d.Len()), nil
}

func (d *Dataset) slice(lo, hi int) *Dataset {
	s := &Dataset{shape: d.shape, size: d.size, labels: d.labels[lo:hi]}
	if d.bytes != nil {
		s.bytes = d.bytes[lo*d.size : hi*d.size]
	} else {
		s.floats = d.floats[lo*d.size : hi*d.size]
	}
	return s
}

// check validates the data set against a model: the sample shape must be
// the input shape and the labels must be classes of its output.
func (d *Dataset) check(what string, m *Model) error {
	if !equalInts(d.shape, m.input) {
		return errorf(ErrShape, "%s: samples are %s, the model's input is %s", what, formatShape(d.shape), formatShape(m.input))
	}
	if err := m.checkLabels(d.labels); err != nil {
		return prefixed(what, err)
	}
	return nil
}

// EvaluateDataset is Evaluate on a data set.
func (m *Model) EvaluateDataset(d *Dataset) (Evaluation, error) {
	if err := d.check("data set", m); err != nil {
		return Evaluation{}, err
	}
	x := make([]float32, min(evalBatch, d.Len())*d.size)
	return m.evaluate(d.Len(), func(lo, hi int) ([]float32, []int) {
		for i := lo; i < hi; i++ {
			d.Sample(x[(i-lo)*d.size:], i)
		}
		return x[:(hi-lo)*d.size], d.labels[lo:hi]
	})
}
