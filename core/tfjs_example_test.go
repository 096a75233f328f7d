package core_test

import (
	"fmt"

	"github.com/svertka/svertka/core"
)

func ExampleEncodeTFJS() {
	m, err := core.NewSeedNet()
	if err != nil {
		fmt.Println(err)
		return
	}
	m.Init(1)
	// model.json and its one weight file, for tf.loadLayersModel.
	modelJSON, shard, err := core.EncodeTFJS(m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d bytes, %d weights\n", core.TFJSShardName, len(shard), m.TotalParams())
	back, err := core.DecodeTFJS(modelJSON, [][]byte{shard})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back.InputShape(), back.Layers()[1].Name(), back.Layers()[1].Class())
	// Output:
	// group1-shard1of1.bin: 108000 bytes, 27000 weights
	// [32 32 1] pool1 MaxPool2D
}

func ExampleDecodeTFJS() {
	// A Keras 3 model whose layers need no weights; the second version
	// asks for things Svertka does not compute, and every one is listed.
	const keras3 = `{"format": "layers-model", "modelTopology": {
	  "class_name": "Sequential", "config": {"name": "sequential", "layers": [
	    {"class_name": "InputLayer", "config": {"name": "input_layer", "batch_shape": [null, 4, 4, 3], "dtype": "float32", "sparse": false}},
	    {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2], "strides": [2, 2], "padding": "valid",
	      "data_format": %q, "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}},
	    {"class_name": %q, "config": {"name": "flatten", "data_format": "channels_last"}}]}},
	 "weightsManifest": []}`
	m, err := core.DecodeTFJS([]byte(fmt.Sprintf(keras3, "channels_last", "Flatten")), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.InputShape(), m.Layers()[1].OutputShape())
	_, err = core.DecodeTFJS([]byte(fmt.Sprintf(keras3, "channels_first", "Reshape")), nil)
	fmt.Println(err)
	// Output:
	// [4 4 3] [12]
	// model.json: 2 problems:
	//   - "pool" (MaxPooling2D): data_format "channels_first": Svertka computes channels_last (height, width, channels) only
	//   - "flatten" (Reshape): unknown layer class "Reshape" (Svertka supports Activation, AvgPool2D, BatchNormalization, Conv2D, Dense, Dropout, Flatten, GlobalAveragePooling2D, GlobalMaxPooling2D, MaxPool2D, MinPool2D, ReLU, Softmax or ZeroPadding2D)
}
