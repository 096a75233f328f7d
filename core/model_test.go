package core

import (
	"errors"
	"strings"
	"testing"
)

func TestSeedNetShapes(t *testing.T) {
	m := seedNet(t)
	want := []SummaryRow{
		{Name: "conv1", Class: "Conv2D", OutputShape: []int{32, 32, 10}, Params: 5*5*1*10 + 10},
		{Name: "pool1", Class: "MaxPool2D", OutputShape: []int{16, 16, 10}, Params: 0},
		{Name: "conv2", Class: "Conv2D", OutputShape: []int{16, 16, 30}, Params: 5*5*10*30 + 30},
		{Name: "pool2", Class: "MaxPool2D", OutputShape: []int{8, 8, 30}, Params: 0},
		{Name: "flatten", Class: "Flatten", OutputShape: []int{1920}, Params: 0},
		{Name: "dropout", Class: "Dropout", OutputShape: []int{1920}, Params: 0},
		{Name: "dense", Class: "Dense", OutputShape: []int{10}, Params: 1920*10 + 10},
		{Name: "softmax", Class: "Softmax", OutputShape: []int{10}, Params: 0},
	}
	rows := m.SummaryRows()
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	for i, r := range rows {
		w := want[i]
		if r.Name != w.Name || r.Class != w.Class || !equalInts(r.OutputShape, w.OutputShape) || r.Params != w.Params {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	if m.TotalParams() != 27000 {
		t.Errorf("total params %d", m.TotalParams())
	}
	if !equalInts(m.InputShape(), []int{32, 32, 1}) {
		t.Errorf("input shape %v", m.InputShape())
	}
}

func TestNewSequentialErrors(t *testing.T) {
	conv := func(name string, k int) Layer {
		return NewConv2D(name, 4, [2]int{k, k}, ConvParams{}, true)
	}
	pool := NewPool2D("pool", PoolParams{Mode: MaxPool, Size: [2]int{2, 2}})
	for _, c := range []struct {
		name   string
		in     []int
		layers []Layer
		want   error
		msg    string
	}{
		{"conv2 too large", []int{28, 28, 1}, []Layer{conv("conv1", 1), pool, conv("conv2", 16)}, ErrShape, "conv2: output height floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0"},
		{"dense before flatten", []int{4, 4, 1}, []Layer{NewDense("dense", 3, Linear)}, ErrShape, "dense: Dense needs a flat input (add a Flatten layer before it), got (4, 4, 1)"},
		{"conv after flatten", []int{4, 4, 1}, []Layer{NewFlatten("f"), conv("conv", 3)}, ErrShape, "conv: Conv2D needs a [height, width, channels] input, got (16,)"},
		{"duplicate names", []int{4, 4, 1}, []Layer{NewFlatten("x"), NewDropout("x", 0.5)}, ErrConfig, `two layers are named "x"`},
		{"no name", []int{4, 4, 1}, []Layer{NewFlatten("")}, ErrConfig, "layer 0 (Flatten) has no name"},
		{"no layers", []int{4, 4, 1}, nil, ErrConfig, "a model needs at least one layer"},
		{"bad rate", []int{2, 2, 1}, []Layer{NewFlatten("f"), NewDropout("d", 1)}, ErrConfig, "d: dropout rate must be in [0, 1), got 1"},
		{"bad units", []int{2, 2, 1}, []Layer{NewFlatten("f"), NewDense("d", 0, Linear)}, ErrConfig, "d: units must be between 1 and 4096, got 0"},
		{"bad filters", []int{4, 4, 1}, []Layer{NewConv2D("c", 0, [2]int{3, 3}, ConvParams{}, true)}, ErrConfig, "c: filters must be between 1 and 4096, got 0"},
		{"bad kernel", []int{4, 4, 1}, []Layer{NewConv2D("c", 1, [2]int{0, 3}, ConvParams{}, true)}, ErrConfig, "c: kernel_size must be positive integers [height, width], got [0, 3]"},
		{"bad input", []int{4, 4}, []Layer{NewFlatten("f")}, ErrInput, "input shape: shape (4, 4) must have 3 dimensions"},
		{"huge dense", []int{4096, 4096, 1}, []Layer{NewFlatten("f"), NewDense("d", 10, Linear)}, ErrLimit, "d: kernel (16777216, 10) has more than 67108864 elements"},
		{"too many layers", []int{4, 4, 1}, make([]Layer, MaxLayers+1), ErrLimit, "65 layers is above the limit 64"},
	} {
		_, err := NewSequential(c.in, c.layers...)
		if !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %q", c.name, err, c.msg)
		}
	}
}

func TestPredictAllocations(t *testing.T) {
	m := seedNet(t)
	x := seedInput()
	if _, err := m.PredictAll(x); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() { m.PredictAll(x) }); n != 0 {
		t.Errorf("PredictAll allocates %v times per call", n)
	}
	if n := testing.AllocsPerRun(20, func() { m.Predict(x) }); n != 0 {
		t.Errorf("Predict allocates %v times per call", n)
	}
}

func TestPredictAllMatchesOps(t *testing.T) {
	m := seedNet(t)
	x := seedInput()
	outs, err := m.PredictAll(x)
	if err != nil {
		t.Fatal(err)
	}
	// Recompute every layer with the public ops and the reference.
	conv1 := m.layers[0].(*Conv2DLayer)
	in := Tensor{Data: x, Shape: []int{32, 32, 1}}
	want, _, _ := refConv2D(in, conv1.Kernel(), conv1.Bias(), [2]int{1, 1}, [2]int{1, 1}, Same, ReLU)
	assertClose(t, "conv1", outs[0].Data, want, 1e-5, 1e-5)
	pool, err := Pool2D(Tensor{Data: outs[0].Data, Shape: outs[0].Shape}, PoolParams{Mode: MaxPool, Size: [2]int{2, 2}})
	if err != nil {
		t.Fatal(err)
	}
	assertExact(t, "pool1", outs[1].Data, pool.Data)
	conv2 := m.layers[2].(*Conv2DLayer)
	want, _, _ = refConv2D(Tensor{Data: outs[1].Data, Shape: outs[1].Shape}, conv2.Kernel(), conv2.Bias(), [2]int{1, 1}, [2]int{1, 1}, Same, ReLU)
	assertClose(t, "conv2", outs[2].Data, want, 1e-5, 1e-5)
	assertExact(t, "flatten", outs[4].Data, outs[3].Data)
	assertExact(t, "dropout is the identity at inference", outs[5].Data, outs[4].Data)
	dense := m.layers[6].(*Dense)
	logits := make([]float64, 10)
	for u := range logits {
		logits[u] = float64(dense.Bias()[u])
		for i, v := range outs[5].Data {
			logits[u] += float64(v) * float64(dense.Kernel().Data[i*10+u])
		}
	}
	assertClose(t, "dense", outs[6].Data, logits, 1e-5, 1e-5)
	probs := make([]float32, 10)
	Softmax(probs, outs[6].Data)
	assertExact(t, "softmax", outs[7].Data, probs)
	for i, o := range outs {
		l := m.layers[i]
		if o.Name != l.Name() || o.Class != l.Class() || !equalInts(o.Shape, l.OutputShape()) || len(o.Data) != numElements(o.Shape) {
			t.Errorf("output %d: %s %s %v", i, o.Name, o.Class, o.Shape)
		}
	}
	p, label, err := m.Predict(x)
	if err != nil || Argmax(p) != label {
		t.Errorf("Predict: %v %d %v", p, label, err)
	}
}

func TestPredictErrors(t *testing.T) {
	m := seedNet(t)
	if _, _, err := m.Predict(make([]float32, 10)); !errors.Is(err, ErrInput) || err.Error() != "input has 10 values, the model needs 1024 ((32, 32, 1))" {
		t.Errorf("got %v", err)
	}
	x := seedInput()
	x[5] = nanF()
	if _, err := m.PredictAll(x); !errors.Is(err, ErrInput) {
		t.Errorf("NaN input: got %v", err)
	}
	// The next valid call works.
	if _, _, err := m.Predict(seedInput()); err != nil {
		t.Error(err)
	}
}

func TestSetPooling(t *testing.T) {
	m := seedNet(t)
	x := seedInput()
	outs, _ := m.PredictAll(x)
	maxOut := append([]float32(nil), outs[1].Data...)
	for _, mode := range []PoolMode{MinPool, AvgPool, MaxPool} {
		if err := m.SetPooling("pool1", mode); err != nil {
			t.Fatal(err)
		}
		outs, _ := m.PredictAll(x)
		want, err := Pool2D(Tensor{Data: outs[0].Data, Shape: outs[0].Shape}, PoolParams{Mode: mode, Size: [2]int{2, 2}})
		if err != nil {
			t.Fatal(err)
		}
		assertExact(t, string(mode), outs[1].Data, want.Data)
		if outs[1].Class != poolClass(mode) {
			t.Errorf("class %s after SetPooling(%s)", outs[1].Class, mode)
		}
	}
	outs, _ = m.PredictAll(x)
	assertExact(t, "back to max", outs[1].Data, maxOut)
	if err := m.SetPooling("conv1", AvgPool); !errors.Is(err, ErrNoLayer) || err.Error() != `layer "conv1" is a Conv2D, not a pooling layer` {
		t.Errorf("got %v", err)
	}
	if err := m.SetPooling("nope", AvgPool); !errors.Is(err, ErrNoLayer) {
		t.Errorf("got %v", err)
	}
	if err := m.SetPooling("pool1", "median"); !errors.Is(err, ErrConfig) {
		t.Errorf("got %v", err)
	}
}

func TestLayerInput(t *testing.T) {
	m := seedNet(t)
	x := seedInput()
	outs, _ := m.PredictAll(x)
	pool1 := append([]float32(nil), outs[1].Data...)
	in, err := m.LayerInput("conv2", x)
	if err != nil {
		t.Fatal(err)
	}
	if !equalInts(in.Shape, []int{16, 16, 10}) {
		t.Fatalf("shape %v", in.Shape)
	}
	assertExact(t, "conv2 input", in.Data, pool1)
	first, err := m.LayerInput("conv1", x)
	if err != nil || !equalInts(first.Shape, []int{32, 32, 1}) {
		t.Fatalf("%v %v", first.Shape, err)
	}
	assertExact(t, "conv1 input", first.Data, x)
	// The steps of conv2 on that input match the model's conv2 output.
	conv2 := m.layers[2].(*Conv2DLayer)
	s, err := Conv2DSteps(in, conv2.Kernel(), conv2.Bias(), conv2.Params(), 7)
	if err != nil {
		t.Fatal(err)
	}
	outs, _ = m.PredictAll(x)
	for i, v := range s.Activated.Data {
		if !closeTo(float64(v), float64(outs[2].Data[i*30+7]), 1e-5, 1e-5) {
			t.Fatalf("steps value %d = %v, model %v", i, v, outs[2].Data[i*30+7])
		}
	}
	if _, err := m.LayerInput("nope", x); !errors.Is(err, ErrNoLayer) {
		t.Errorf("got %v", err)
	}
}

func TestLayerAccessors(t *testing.T) {
	m := seedNet(t)
	l, err := m.Layer("conv2")
	if err != nil {
		t.Fatal(err)
	}
	c := l.(*Conv2DLayer)
	if c.Filters() != 30 || c.KernelSize() != [2]int{5, 5} || !c.UseBias() || c.Params().Padding != Same || c.Params().Activation != ReLU || c.Params().Strides != [2]int{1, 1} {
		t.Errorf("conv2 settings %d %v %v %+v", c.Filters(), c.KernelSize(), c.UseBias(), c.Params())
	}
	if !equalInts(c.Kernel().Shape, []int{5, 5, 10, 30}) || len(c.Bias()) != 30 {
		t.Errorf("conv2 weights %v %d", c.Kernel().Shape, len(c.Bias()))
	}
	var w Weighted = m.layers[6].(*Dense)
	if !equalInts(w.Kernel().Shape, []int{1920, 10}) {
		t.Errorf("dense kernel %v", w.Kernel().Shape)
	}
	if _, err := m.Layer("conv3"); !errors.Is(err, ErrNoLayer) || err.Error() != `no layer named "conv3"` {
		t.Errorf("got %v", err)
	}
	if len(m.Layers()) != 8 {
		t.Errorf("%d layers", len(m.Layers()))
	}
	if NewDenseBias("d", 3, Linear, false).Bias() != nil {
		t.Error("bias without use_bias")
	}
}

func TestInitDeterministic(t *testing.T) {
	a, b := seedNet(t), seedNet(t)
	c := seedNet(t)
	c.Init(2)
	ka := a.layers[0].(*Conv2DLayer).Kernel().Data
	assertExact(t, "same seed", b.layers[0].(*Conv2DLayer).Kernel().Data, ka)
	if kc := c.layers[0].(*Conv2DLayer).Kernel().Data; kc[0] == ka[0] && kc[1] == ka[1] {
		t.Error("different seeds gave the same weights")
	}
	// He uniform for relu conv: limit √(6/25); Glorot uniform for the dense: √(6/(1920+10)).
	for _, c := range []struct {
		data  []float32
		limit float64
	}{{ka, 0.4898979485566356}, {a.layers[6].(*Dense).Kernel().Data, 0.05575380602}} {
		maxAbs := 0.0
		for _, v := range c.data {
			maxAbs = max(maxAbs, float64(max(v, -v)))
		}
		if maxAbs > c.limit || maxAbs < 0.8*c.limit {
			t.Errorf("max |w| = %v for limit %v", maxAbs, c.limit)
		}
	}
	for _, v := range a.layers[0].(*Conv2DLayer).Bias() {
		if v != 0 {
			t.Fatal("bias not zero")
		}
	}
}

func TestSummary(t *testing.T) {
	s := seedNet(t).Summary()
	for _, want := range []string{"conv1 (Conv2D)", "(None, 32, 32, 10)", "7,530", "(None, 1920)", "Total params: 27,000"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestTensorAt(t *testing.T) {
	x := Tensor{Data: []float32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, Shape: []int{2, 3, 2}}
	// Row-major: (y, x, c) is at (y·3 + x)·2 + c.
	if x.At(1, 2, 1) != 11 || x.At(0, 1, 0) != 2 || x.At(1, 0, 1) != 7 {
		t.Errorf("At gives %v %v %v", x.At(1, 2, 1), x.At(0, 1, 0), x.At(1, 0, 1))
	}
	if n := NewTensor(2, 3); len(n.Data) != 6 || !equalInts(n.Shape, []int{2, 3}) {
		t.Errorf("NewTensor: %v", n)
	}
}
