package core

// FlattenConfig is the Keras config of a Flatten layer.
type FlattenConfig struct {
	Name string `json:"name"`
}

func init() {
	registerLayer("Flatten", nil,
		func() FlattenConfig { return FlattenConfig{} },
		func(c FlattenConfig) Layer { return &Flatten{layerBase{name: c.Name}} })
}

// Flatten reshapes [H, W, C] to [H·W·C] in HWC order (Keras channels_last).
type Flatten struct{ layerBase }

// NewFlatten returns a Flatten layer.
func NewFlatten(name string) *Flatten {
	return newLayer("Flatten", FlattenConfig{Name: name}).(*Flatten)
}

func (f *Flatten) Config() any { return FlattenConfig{Name: f.name} }

func (f *Flatten) build(in []int) error {
	f.in, f.out = append([]int(nil), in...), []int{numElements(in)}
	return nil
}

func (f *Flatten) forward(c *call, in, out []float32) { copy(out, in[:c.n*f.inLen()]) }

func (f *Flatten) backward(c *call, _, _, dOut, dIn []float32) {
	if dIn != nil {
		copy(dIn, dOut[:c.n*f.inLen()])
	}
}
