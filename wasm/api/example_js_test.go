//go:build js && wasm

package api_test

import (
	"fmt"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/api"
	"github.com/svertka/svertka/wasm/bridge"
)

// The API as JavaScript sees it; bridge.Await stands in for await.
func ExampleRegister() {
	ns := bridge.NewNamespace()
	api.Register(ns)
	defer ns.Release()
	nn := ns.Value()

	// Each pixel plus its lower-right neighbour, + 0.5.
	input := bridge.Float32Array([]float32{1, 2, 3, 4, 5, 6, 7, 8, 9})
	kernel := bridge.Float32Array([]float32{1, 0, 0, 1})
	out, err := bridge.Await(nn.Call("conv2d", map[string]any{
		"input": input, "shape": []any{3, 3, 1},
		"kernel": kernel, "kernelShape": []any{2, 2, 1, 1},
		"bias": bridge.Float32Array([]float32{0.5}),
	}))
	data, _ := bridge.Float32s("data", out.Get("data"), nil)
	fmt.Println(data, bridge.Describe(out.Get("shape")), err)

	_, err = bridge.Await(nn.Call("conv2d", map[string]any{
		"input": input, "shape": []any{3, 3, 1}, "kernel": kernel, "kernelShape": []any{2, 2, 1},
	}))
	fmt.Println(err)

	// The seed network, as a model file.
	m, _ := core.NewSeedNet()
	m.Init(1)
	doc, _ := core.EncodeModel(m)
	if _, err := bridge.Await(nn.Call("loadModel", string(doc))); err != nil {
		fmt.Println(err)
	}
	r, _ := bridge.Await(nn.Call("predict", bridge.Float32Array(make([]float32, 32*32))))
	acts := r.Get("activations")
	for i := range acts.Length() {
		a := acts.Index(i)
		fmt.Println(a.Get("name"), a.Get("type"), bridge.Describe(a.Get("shape")))
	}
	// Output:
	// [6.5 8.5 12.5 14.5] [2,2,1] <nil>
	// conv2d: kernelShape must be 4 positive integers [KH,KW,C,F], got [2,2,1]
	// conv1 Conv2D [32,32,10]
	// pool1 MaxPool2D [16,16,10]
	// conv2 Conv2D [16,16,30]
	// pool2 MaxPool2D [8,8,30]
	// flatten Flatten [1920]
	// dropout Dropout [1920]
	// dense Dense [10]
	// softmax Softmax [10]
}

// Training from JavaScript: a model under a handle, three steps of plain
// SGD and an evaluation.
func ExampleRegister_training() {
	ns := bridge.NewNamespace()
	api.Register(ns)
	defer ns.Release()
	nn := ns.Value()

	// 2×2 images: class 0 has ink in the left column, class 1 in the right.
	m, _ := core.NewSequential([]int{2, 2, 1}, core.NewFlatten("flatten"), core.NewDense("dense", 2, core.Linear), core.NewSoftmax("softmax"))
	doc, _ := core.EncodeModel(m) // weights all zero
	summary, _ := bridge.Await(nn.Call("loadModel", string(doc)))
	h := summary.Get("handle")
	x := bridge.Float32Array([]float32{1, 0, 1, 0, 0, 1, 0, 1})
	labels := []any{0, 1}
	sgd := map[string]any{"type": "sgd", "learningRate": 0.5}
	// Step 1 by hand: the first step moves each kernel row by
	// 0.5·0.5·(±0.5), so a sample's logits differ by 0.5 and its loss is
	// −ln σ(0.5) = 0.4741.
	for step := range 3 {
		r, err := bridge.Await(nn.Call("trainStep", h, map[string]any{"x": x, "labels": labels, "optimizer": sgd}))
		fmt.Printf("step %d: loss %.4f, accuracy %v %v\n", step, r.Get("loss").Float(), r.Get("accuracy").Float(), err)
	}
	e, _ := bridge.Await(nn.Call("evaluate", h, map[string]any{"x": x, "labels": labels}))
	fmt.Printf("loss %.4f, accuracy %v, confusion %s\n", e.Get("loss").Float(), e.Get("accuracy").Float(), bridge.Describe(e.Get("confusion")))
	_, err := bridge.Await(nn.Call("trainStep", h, map[string]any{"x": x, "labels": []any{0, 2}, "optimizer": sgd}))
	fmt.Println(err)
	// Output:
	// step 0: loss 0.6931, accuracy 0.5 <nil>
	// step 1: loss 0.4741, accuracy 1 <nil>
	// step 2: loss 0.3477, accuracy 1 <nil>
	// loss 0.2700, accuracy 1, confusion [[1,0],[0,1]]
	// trainStep: label 2 of sample 1 is outside [0, 2)
}
