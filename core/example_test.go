package core_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

	"github.com/svertka/svertka/core"
)

func ExampleConv2D() {
	// A 3×3 image and a 2×2 kernel that subtracts the lower-right
	// neighbour: with 'same' padding the extra row and column go after.
	img := core.Tensor{Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape: []int{3, 3, 1}}
	kernel := core.Tensor{Data: []float32{1, 0, 0, -1}, Shape: []int{2, 2, 1, 1}}
	out, err := core.Conv2D(img, kernel, []float32{0.5}, core.ConvParams{Padding: core.Same, Activation: core.ReLU})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out.Shape, out.Data)
	// Output:
	// [3 3 1] [0 0 3.5 0 0 6.5 7.5 8.5 9.5]
}

func ExampleConv2DSteps() {
	// Two input channels, one filter: each channel is convolved with its
	// own kernel, the partial maps are summed, the bias added, then relu.
	img := core.Tensor{Data: []float32{1, 10, 2, 20, 3, 30, 4, 40}, Shape: []int{2, 2, 2}}
	kernel := core.Tensor{Data: []float32{1, -1}, Shape: []int{1, 1, 2, 1}}
	s, err := core.Conv2DSteps(img, kernel, []float32{5}, core.ConvParams{Activation: core.ReLU}, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("partials:", s.Partials[0].Data, s.Partials[1].Data)
	fmt.Println("sum:", s.Sum.Data)
	fmt.Println("+ bias:", s.PlusBias.Data)
	fmt.Println("relu:", s.Activated.Data)
	// Output:
	// partials: [1 2 3 4] [-10 -20 -30 -40]
	// sum: [-9 -18 -27 -36]
	// + bias: [-4 -13 -22 -31]
	// relu: [0 0 0 0]
}

func ExamplePool2D() {
	img := core.Tensor{Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape: []int{3, 3, 1}}
	for _, mode := range []core.PoolMode{core.MaxPool, core.MinPool, core.AvgPool} {
		out, _ := core.Pool2D(img, core.PoolParams{Mode: mode, Size: [2]int{2, 2}, Padding: core.Same})
		fmt.Println(mode, out.Data)
	}
	// Output:
	// max [5 6 8 9]
	// min [1 3 7 9]
	// avg [3 4.5 7.5 9]
}

func ExampleOutputSize() {
	a, _ := core.OutputSize("width", 28, 5, 2, 1, core.Same)
	fmt.Println(a.Out, a.PadBefore, a.PadAfter, a.Formula)
	_, err := core.OutputSize("width", 14, 16, 1, 1, core.Valid)
	fmt.Println(err)
	// Output:
	// 14 1 2 floor((28 + 3 − 5)/2) + 1 = 14
	// output width floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0
}

func ExampleSoftmax() {
	p := make([]float32, 3)
	core.Softmax(p, []float32{1000, 0, -1000})
	fmt.Println(p)
	// Output:
	// [1 0 0]
}

func ExampleModel_Summary() {
	m, _ := core.NewSeedNet()
	fmt.Print(m.Summary())
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	// Layer (type)                 Output Shape              Param #
	// =================================================================
	// conv1 (Conv2D)               (None, 32, 32, 10)        260
	//
	// pool1 (MaxPool2D)            (None, 16, 16, 10)        0
	//
	// conv2 (Conv2D)               (None, 16, 16, 30)        7,530
	//
	// pool2 (MaxPool2D)            (None, 8, 8, 30)          0
	//
	// flatten (Flatten)            (None, 1920)              0
	//
	// dropout (Dropout)            (None, 1920)              0
	//
	// dense (Dense)                (None, 10)                19,210
	//
	// softmax (Softmax)            (None, 10)                0
	// =================================================================
	// Total params: 27,000
	// Trainable params: 27,000
	// Non-trainable params: 0
	// _________________________________________________________________
}

func ExampleNewSequential() {
	// Shape inference explains impossible configurations with the numbers.
	_, err := core.NewSequential([]int{28, 28, 1},
		core.NewConv2D("conv1", 8, [2]int{3, 3}, core.ConvParams{Padding: core.Same}, true),
		core.NewPool2D("pool1", core.PoolParams{Mode: core.MaxPool, Size: [2]int{2, 2}}),
		core.NewConv2D("conv2", 8, [2]int{16, 16}, core.ConvParams{}, true),
	)
	fmt.Println(err)
	// Output:
	// conv2: output height floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0
}

func ExampleTrainer() {
	// Learn to tell a bright top half from a bright bottom half.
	m, _ := core.NewSequential([]int{4, 4, 1},
		core.NewFlatten("flatten"),
		core.NewDense("dense", 2, core.Linear),
		core.NewSoftmax("softmax"),
	)
	m.Init(1)
	top := []float32{1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}
	bottom := []float32{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1}
	x := append(append([]float32{}, top...), bottom...)
	labels := []int{0, 1}
	t := core.NewTrainer(m, core.NewAdam(0.1), 1)
	for range 20 {
		t.TrainBatch(x, labels)
	}
	e, _ := m.Evaluate(x, labels)
	_, label, _ := m.Predict(bottom)
	fmt.Println(e.Accuracy, e.Confusion, label)
	// Output:
	// 1 [[1 0] [0 1]] 1
}

func ExampleConv2DGrad() {
	// ExampleConv2D's image and kernel with bias −3: the pre-activations
	// are [−7 −7 0; −7 −7 3; 4 5 6], so relu passes the gradient at the four
	// positive outputs only (relu'(0) = 0, as in TensorFlow). With a
	// gradient of 1 on every output, the kernel gradient is the sum of the
	// inputs each tap sees at those four positions (the padding adds 0).
	img := core.Tensor{Data: []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape: []int{3, 3, 1}}
	kernel := core.Tensor{Data: []float32{1, 0, 0, -1}, Shape: []int{2, 2, 1, 1}}
	p := core.ConvParams{Padding: core.Same, Activation: core.ReLU}
	ones := core.Tensor{Data: []float32{1, 1, 1, 1, 1, 1, 1, 1, 1}, Shape: []int{3, 3, 1}}
	dImg, dKernel, dBias, err := core.Conv2DGrad(img, kernel, []float32{-3}, p, ones)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("input:", dImg.Data)
	fmt.Println("kernel:", dKernel.Data)
	fmt.Println("bias:", dBias)
	// Output:
	// input: [0 0 0 0 0 1 1 1 1]
	// kernel: [30 17 9 0]
	// bias: [4]
}

func ExampleSoftmaxCrossEntropy() {
	// Two equal logits: the loss is ln 2 and the gradient p − onehot.
	loss, grad, _ := core.SoftmaxCrossEntropy([]float32{0, 0}, 0)
	fmt.Println(loss, grad)
	// Extreme logits stay finite: log Σ exp(z) is 1000, z[2] is 0.
	loss, grad, _ = core.SoftmaxCrossEntropy([]float32{1000, -1000, 0}, 2)
	fmt.Println(loss, grad)
	// Output:
	// 0.6931472 [-0.5 0.5]
	// 1000 [1 0 -1]
}

// Argmax picks the first of equal maxima, as tf.argmax does, and passes over NaN.
func ExampleArgmax() {
	fmt.Println(core.Argmax([]float32{0.1, 0.7, 0.7, 0.2}))
	fmt.Println(core.Argmax([]float32{float32(math.NaN()), 0.3, 0.5}))
	// Output:
	// 1
	// 2
}

func ExampleNewModel() {
	// Keras-style specs: omitted fields take the Keras defaults, unnamed
	// layers get Keras's names.
	m, err := core.NewModel(core.ModelSpec{InputShape: []int{28, 28, 1}, Layers: []core.LayerSpec{
		{ClassName: "Conv2D", Config: json.RawMessage(`{"filters": 8, "kernel_size": 3, "activation": "relu"}`)},
		{ClassName: "BatchNormalization"},
		{ClassName: "MaxPooling2D", Config: json.RawMessage(`{"pool_size": 2}`)},
		{ClassName: "GlobalAveragePooling2D"},
		{ClassName: "Dense", Config: json.RawMessage(`{"units": 10, "activation": "softmax"}`)},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.SummaryRows() {
		fmt.Println(r.Name, r.Class, r.OutputShape, r.Params)
	}
	fmt.Println(string(m.Spec().Layers[2].Config))
	// Output:
	// conv2d Conv2D [26 26 8] 80
	// batch_normalization BatchNormalization [26 26 8] 32
	// max_pool2d MaxPool2D [13 13 8] 0
	// global_average_pooling2d GlobalAveragePooling2D [8] 0
	// dense Dense [10] 90
	// {"name":"max_pool2d","pool_size":[2,2],"strides":[2,2],"padding":"valid"}
}

func ExampleFit() {
	// Tell a bright top half from a bright bottom half, with noise.
	m, _ := core.NewModel(core.ModelSpec{InputShape: []int{4, 4, 1}, Layers: []core.LayerSpec{
		{ClassName: "Flatten"},
		{ClassName: "Dense", Config: json.RawMessage(`{"units": 2, "activation": "softmax"}`)},
	}})
	m.Init(1)
	var x []float32
	var labels []int
	for i := range 64 {
		for p := range 16 {
			v := float32((i*7+p*3)%5) / 10 // noise in [0, 0.4]
			if (p < 8) == (i%2 == 0) {
				v += 0.6
			}
			x = append(x, v)
		}
		labels = append(labels, i%2)
	}
	all, _ := core.NewDataset([]int{4, 4, 1}, x, labels)
	train, val, _ := all.Split(0.25)
	h, err := core.Fit(context.Background(), m, train, core.FitConfig{
		Epochs: 20, BatchSize: 8, Seed: 1, Validation: val,
		Optimizer:     core.NewAdam(0.05),
		Schedule:      core.CosineDecay{Rate: 0.05, Floor: 0.005},
		EarlyStopping: &core.EarlyStopping{Monitor: "val_accuracy", Patience: 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	last := h.Epochs[len(h.Epochs)-1]
	fmt.Println("stopped early:", h.StoppedEarly, "after", len(h.Epochs), "epochs")
	fmt.Println("validation accuracy:", last.Validation.Accuracy)
	// Output:
	// stopped early: true after 4 epochs
	// validation accuracy: 1
}
