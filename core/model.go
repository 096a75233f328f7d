package core

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Model is a Sequential stack of layers. A Model is not safe for concurrent
// use: Predict and PredictAll reuse buffers the model owns.
type Model struct {
	input  []int
	layers []Layer
	fwd    *runner       // one sample at a time, for Predict, PredictAll and LayerInput
	views  []LayerOutput // returned by PredictAll
}

// LayerOutput is one layer's output for one sample. Data is owned by the
// model and valid until its next Predict, PredictAll or LayerInput call.
type LayerOutput struct {
	Name, Class string
	Shape       []int
	Data        []float32
}

// NewSequential builds a model for one-sample inputs of inputShape
// ([H, W, C]), inferring every layer's output shape. The error names the
// layer and shows the numbers when a configuration is impossible. Parameters
// start at zero; call Init.
func NewSequential(inputShape []int, layers ...Layer) (*Model, error) {
	m, err := buildSequential(inputShape, layers)
	if err != nil {
		return nil, err
	}
	for _, l := range m.layers {
		l.base().allocate()
	}
	return m, nil
}

// maxModelMemory bounds the floats one forward pass of a model needs
// (every layer's output plus convolution scratch): 64 MiB, over 2,000 times
// what the seed network needs.
const maxModelMemory = 1 << 24

// buildSequential infers the shapes without allocating parameters, so that
// a model file's declared sizes can be checked against its data first.
func buildSequential(inputShape []int, layers []Layer) (*Model, error) {
	if err := checkShape("input shape", inputShape, 3); err != nil {
		return nil, err
	}
	if len(layers) == 0 {
		return nil, errorf(ErrConfig, "a model needs at least one layer")
	}
	if len(layers) > MaxLayers {
		return nil, errorf(ErrLimit, "%d layers is above the limit %d", len(layers), MaxLayers)
	}
	names := make(map[string]bool, len(layers))
	shape := inputShape
	memory := 0 // floats one worker needs: outputs and conv scratch
	for i, l := range layers {
		if l == nil {
			return nil, errorf(ErrConfig, "layer %d is nil", i)
		}
		name := l.Name()
		if name == "" {
			return nil, errorf(ErrConfig, "layer %d (%s) has no name", i, l.Class())
		}
		if names[name] {
			return nil, errorf(ErrConfig, "two layers are named %q", name)
		}
		names[name] = true
		if err := l.build(shape); err != nil {
			return nil, prefixed(name, err)
		}
		shape = l.base().out
		if n := numElements(shape); n > MaxElements {
			return nil, errorf(ErrLimit, "%s: output %s has more than %d elements", name, formatShape(shape), MaxElements)
		}
		memory += numElements(shape) + l.scratchLen(1)
		if memory > maxModelMemory {
			return nil, errorf(ErrLimit, "%s: the model's activations up to this layer need more than %d values", name, maxModelMemory)
		}
	}
	if err := checkWork(layers); err != nil {
		return nil, err
	}
	return &Model{input: append([]int(nil), inputShape...), layers: layers}, nil
}

// NewSeedNet returns the playground's network, with zero parameters:
//
//	32×32×1 → conv1 Conv2D(10, 5×5, same, relu) → pool1 MaxPool2D(2)
//	→ conv2 Conv2D(30, 5×5, same, relu) → pool2 MaxPool2D(2) → flatten (1920)
//	→ dropout (0.25) → dense Dense(10) → softmax
func NewSeedNet() (*Model, error) {
	return NewSequential([]int{32, 32, 1}, append(seedFeatures(),
		NewFlatten("flatten"),
		NewDropout("dropout", 0.25),
		NewDense("dense", 10, Linear),
		NewSoftmax("softmax"),
	)...)
}

// seedFeatures are the seed network's convolutions and poolings, which the
// gap network preset shares (names included, so trained kernels fit both).
func seedFeatures() []Layer {
	relu := ConvParams{Padding: Same, Activation: ReLU}
	pool := PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}
	return []Layer{
		NewConv2D("conv1", 10, [2]int{5, 5}, relu, true),
		NewPool2D("pool1", pool),
		NewConv2D("conv2", 30, [2]int{5, 5}, relu, true),
		NewPool2D("pool2", pool),
	}
}

// Init sets every weight from seed with its layer's initialiser: kernels
// He uniform before relu and leaky_relu, Glorot uniform otherwise; biases,
// BatchNormalization's beta and moving mean zero, its gamma and moving
// variance one. Layer i draws from its own stream (seed, i), so the same
// seed gives the same weights on every platform.
func (m *Model) Init(seed uint64) {
	for i, l := range m.layers {
		r := newRNG(seed, uint64(i))
		for _, w := range l.base().weights {
			w.init.fill(w, &r)
		}
	}
}

// InputShape is the shape of one input sample.
func (m *Model) InputShape() []int { return append([]int(nil), m.input...) }

// Layers returns the layers in order.
func (m *Model) Layers() []Layer { return append([]Layer(nil), m.layers...) }

// Layer returns the layer with the given name.
func (m *Model) Layer(name string) (Layer, error) {
	i, err := m.layerIndex(name)
	if err != nil {
		return nil, err
	}
	return m.layers[i], nil
}

func (m *Model) layerIndex(name string) (int, error) {
	for i, l := range m.layers {
		if l.Name() == name {
			return i, nil
		}
	}
	return 0, errorf(ErrNoLayer, "no layer named %q", name)
}

// SetPooling switches a pooling layer between max, min and avg.
func (m *Model) SetPooling(layerName string, mode PoolMode) error {
	l, err := m.Layer(layerName)
	if err != nil {
		return err
	}
	p, ok := l.(*Pool2DLayer)
	if !ok {
		return errorf(ErrNoLayer, "layer %q is a %s, not a pooling layer", layerName, l.Class())
	}
	if err := mode.check(); err != nil {
		return err
	}
	p.mode, p.plan.mode = mode, mode
	return nil
}

// SummaryRow is one line of Summary, with the layer's full config (its
// LayerSpec's Config).
type SummaryRow struct {
	Name, Class string
	OutputShape []int
	Params      int
	Config      json.RawMessage
}

// SummaryRows returns the summary as data.
func (m *Model) SummaryRows() []SummaryRow {
	rows := make([]SummaryRow, len(m.layers))
	for i, l := range m.layers {
		rows[i] = SummaryRow{Name: l.Name(), Class: l.Class(), OutputShape: l.OutputShape(), Params: l.ParamCount(), Config: layerSpec(l).Config}
	}
	return rows
}

// TotalParams is the number of weights of all layers, trainable or not.
func (m *Model) TotalParams() int {
	n := 0
	for _, l := range m.layers {
		n += l.ParamCount()
	}
	return n
}

// TrainableParams is the number of weights the optimizer updates.
func (m *Model) TrainableParams() int {
	n := 0
	for _, l := range m.layers {
		for _, w := range l.base().weights {
			if w.trainable {
				n += len(w.data)
			}
		}
	}
	return n
}

// Summary returns a Keras-style table of the layers.
func (m *Model) Summary() string {
	const rule = "_________________________________________________________________\n"
	var b strings.Builder
	b.WriteString(`Model: "sequential"` + "\n" + rule)
	fmt.Fprintf(&b, "%-28s %-25s %s\n", "Layer (type)", "Output Shape", "Param #")
	b.WriteString(strings.Repeat("=", len(rule)-1) + "\n")
	for i, r := range m.SummaryRows() {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%-28s %-25s %s\n", r.Name+" ("+r.Class+")", batchShape(r.OutputShape), thousands(r.Params))
	}
	b.WriteString(strings.Repeat("=", len(rule)-1) + "\n")
	total, trainable := m.TotalParams(), m.TrainableParams()
	fmt.Fprintf(&b, "Total params: %s\nTrainable params: %s\nNon-trainable params: %s\n%s", thousands(total), thousands(trainable), thousands(total-trainable), rule)
	return b.String()
}

// batchShape formats a shape with Keras's batch axis: (None, 32, 32, 10).
func batchShape(shape []int) string {
	parts := []string{"None"}
	for _, d := range shape {
		parts = append(parts, fmt.Sprint(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// thousands formats n with comma separators, as Keras does.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
