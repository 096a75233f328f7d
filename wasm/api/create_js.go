//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// MaxParams bounds the weights of a model createModel builds: training
// keeps several copies of them (gradients, optimizer state, the last good
// weights), and a model file is bounded by its size anyway.
const MaxParams = 1 << 22

// layerClasses() → [{name, aliases, config}], every layer class of the
// registry, sorted by name, config holding the Keras defaults.
func (e *engine) layerClasses([]js.Value) (any, error) {
	classes := core.LayerClasses()
	out := make([]any, len(classes))
	for i, c := range classes {
		aliases := make([]any, len(c.Aliases))
		for j, a := range c.Aliases {
			aliases[j] = a
		}
		out[i] = object("name", c.Name, "aliases", js.ValueOf(aliases), "config", fromJSON(c.Config))
	}
	return js.ValueOf(out), nil
}

// createModel({inputShape, layers: [{class_name, config}], seed?}) → the
// new model's summary, with its handle. The weights are core's Init(seed);
// the default model stays as it was.
func (e *engine) createModel(args []js.Value) (any, error) {
	if len(e.models) >= MaxModels {
		return nil, e.tooManyModels()
	}
	o := bridge.NewOptions("spec", bridge.Arg(args, 0), "inputShape", "layers", "seed")
	o.Require("inputShape", "the shape of one input sample, [H, W, C]")
	o.Require("layers", "an array of {class_name, config}")
	seed := o.Int("seed", 1)
	if o.Err() == nil && seed < 0 {
		o.Fail(fmt.Errorf("seed must be a non-negative integer, got %d", seed))
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	in, err := readShape("inputShape", o.Value("inputShape"), 3, "[H,W,C]")
	if err != nil {
		return nil, err
	}
	spec := core.ModelSpec{InputShape: in}
	layers := o.Value("layers")
	if !bridge.IsArray(layers) || layers.Length() == 0 || layers.Length() > core.MaxLayers {
		return nil, fmt.Errorf("layers must be an array of 1 to %d {class_name, config}, got %s", core.MaxLayers, bridge.Describe(layers))
	}
	for i := range layers.Length() {
		ls, err := readLayerSpec(fmt.Sprintf("layers[%d]", i), layers.Index(i))
		if err != nil {
			return nil, err
		}
		spec.Layers = append(spec.Layers, ls)
	}
	if err := checkParams(spec); err != nil {
		return nil, err
	}
	m, err := core.NewModel(spec)
	if err != nil {
		return nil, err
	}
	m.Init(uint64(seed))
	return e.add(m).summary(), nil
}

// checkParams refuses a model with more than MaxParams weights before
// core allocates them, building its layers one by one with no weight data;
// a model core would refuse anyway is left to core, for its message.
func checkParams(spec core.ModelSpec) error {
	shape, n := spec.InputShape, 0
	for _, ls := range spec.Layers {
		l, err := core.NewLayer(ls, shape)
		if err != nil {
			return nil
		}
		shape, n = l.OutputShape(), n+l.ParamCount()
	}
	if n > MaxParams {
		return fmt.Errorf("the model would have %d weights, above the limit of %d (2^22)", n, MaxParams)
	}
	return nil
}
