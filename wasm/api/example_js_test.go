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
