package core

// The network presets: whole Sequential networks for 32×32×1 digits that a
// page offers as starting points (the builder, the Train view). Defined
// here once, as Go constructors; every page reads them through the JS API.

// NetworkPreset is a named network: its spec with every layer's full
// config, names included.
type NetworkPreset struct {
	Name string    `json:"name"`
	Spec ModelSpec `json:"spec"`
}

// networkPresets are the presets in the order a page offers them.
var networkPresets = []struct {
	name  string
	build func() (*Model, error)
}{
	{"seed", NewSeedNet},
	{"lenet5", newLeNet5},
	{"vgg", newSmallVGG},
	{"gap", newGAPNet},
}

// NetworkPresets returns the network presets, in the order a page offers
// them:
//
//	seed    the shipped network (NewSeedNet), 27,000 weights
//	lenet5  LeNet-5 (LeCun et al. 1998) as Keras writes it: tanh, average
//	        pooling for the subsampling layers, C3 fully connected to S2,
//	        C5 a 5×5 convolution; 61,706 weights
//	vgg     a VGG-style stack for 32×32 digits: three blocks of two 3×3
//	        'same' convolutions (16, 32, 64 filters) and a 2×2 max pool,
//	        then fc1 (128, relu), dropout and the classifier; 204,282 weights
//	gap     the seed network's convolutions, then GlobalAveragePooling2D
//	        instead of Flatten, so the classifier's input (30 values) does
//	        not depend on the spatial size; 8,100 weights
//
// Each spec is new; the caller may change it.
func NetworkPresets() []NetworkPreset {
	out := make([]NetworkPreset, len(networkPresets))
	for i, p := range networkPresets {
		m, err := p.build()
		if err != nil {
			panic("core: network preset " + p.name + ": " + err.Error()) // the presets are fixed
		}
		out[i] = NetworkPreset{Name: p.name, Spec: m.Spec()}
	}
	return out
}

// newLeNet5 is LeNet-5 on its own 32×32 input. The 1998 paper's S2 and S4
// have a trainable coefficient and bias per map and C3 connects each map to
// a subset of S2's; Keras versions use plain average pooling and full
// connections, and so does this one (C3 then has 2,416 weights, not 1,516).
func newLeNet5() (*Model, error) {
	conv := ConvParams{Activation: Tanh}
	pool := PoolParams{Mode: AvgPool, Size: [2]int{2, 2}}
	return NewSequential([]int{32, 32, 1},
		NewConv2D("c1", 6, [2]int{5, 5}, conv, true),
		NewPool2D("s2", pool),
		NewConv2D("c3", 16, [2]int{5, 5}, conv, true),
		NewPool2D("s4", pool),
		NewConv2D("c5", 120, [2]int{5, 5}, conv, true),
		NewFlatten("flatten"),
		NewDense("f6", 84, Tanh),
		NewDense("output", 10, Linear),
		NewSoftmax("softmax"),
	)
}

// newSmallVGG names its layers as Keras's VGG16 does.
func newSmallVGG() (*Model, error) {
	var layers []Layer
	for b, filters := range []int{16, 32, 64} {
		block := "block" + itoa(b+1)
		for c := 1; c <= 2; c++ {
			layers = append(layers, NewConv2D(block+"_conv"+itoa(c), filters, [2]int{3, 3}, ConvParams{Padding: Same, Activation: ReLU}, true))
		}
		layers = append(layers, NewPool2D(block+"_pool", PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}))
	}
	layers = append(layers,
		NewFlatten("flatten"),
		NewDense("fc1", 128, ReLU),
		NewDropout("dropout", 0.5),
		NewDense("predictions", 10, Linear),
		NewSoftmax("softmax"),
	)
	return NewSequential([]int{32, 32, 1}, layers...)
}

// newGAPNet keeps the seed network's layer names up to pool2, so a trained
// seed network's convolutions fit it as they are.
func newGAPNet() (*Model, error) {
	relu := ConvParams{Padding: Same, Activation: ReLU}
	pool := PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}
	return NewSequential([]int{32, 32, 1},
		NewConv2D("conv1", 10, [2]int{5, 5}, relu, true),
		NewPool2D("pool1", pool),
		NewConv2D("conv2", 30, [2]int{5, 5}, relu, true),
		NewPool2D("pool2", pool),
		newLayer("GlobalAveragePooling2D", GlobalPooling2DConfig{Name: "gap"}),
		NewDense("dense", 10, Linear),
		NewSoftmax("softmax"),
	)
}
