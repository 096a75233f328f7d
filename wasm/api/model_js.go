//go:build js && wasm

package api

import (
	"errors"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// errNoModel rejects the calls that need a model before one is loaded.
var errNoModel = errors.New("no model loaded; call loadModel(json) first")

// loadModel(jsonText | ArrayBuffer | Uint8Array) → modelSummary()
//
// A document that fails to load leaves the previous model in place.
func (e *engine) loadModel(args []js.Value) (any, error) {
	doc, err := modelBytes(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	m, err := core.DecodeModel(doc)
	if err != nil {
		return nil, err
	}
	e.model = m
	e.inputShape = m.InputShape()
	e.nameLayers()
	return e.summary(), nil
}

// modelBytes returns the model document, refusing one above
// core.MaxModelBytes before copying it.
func modelBytes(v js.Value) ([]byte, error) {
	const want = "model must be the JSON text (a string) or its bytes (an ArrayBuffer or Uint8Array), got %s"
	var n int
	switch {
	case v.Type() == js.TypeString:
		n = bridge.StringLength(v)
	case v.Type() == js.TypeObject && v.Get("byteLength").Type() == js.TypeNumber:
		n = v.Get("byteLength").Int()
	default:
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	if n > core.MaxModelBytes {
		return nil, fmt.Errorf("the model document has %d bytes, above the limit of %d (32 MiB)", n, core.MaxModelBytes)
	}
	if v.Type() == js.TypeString {
		return []byte(v.String()), nil
	}
	doc, err := bridge.Bytes("model", v, nil)
	if err != nil {
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	return doc, nil
}

// nameLayers caches the layers' names and classes as JavaScript strings.
func (e *engine) nameLayers() {
	e.layers = e.layers[:0]
	for _, l := range e.model.Layers() {
		e.layers = append(e.layers, layerNames{name: js.ValueOf(l.Name()), class: js.ValueOf(l.Class())})
	}
}

// modelSummary() → {inputShape, layers: [{name, type, outputShape, params}], totalParams}
func (e *engine) modelSummary([]js.Value) (any, error) {
	if e.model == nil {
		return nil, errNoModel
	}
	return e.summary(), nil
}

func (e *engine) summary() js.Value {
	rows := e.model.SummaryRows()
	layers := make([]any, len(rows))
	for i, r := range rows {
		layers[i] = object("name", r.Name, "type", r.Class, "outputShape", shapeValue(r.OutputShape), "params", r.Params)
	}
	return object("inputShape", shapeValue(e.inputShape), "layers", js.ValueOf(layers), "totalParams", e.model.TotalParams())
}

// layerWeights(name) → {kernel: {data, shape}, bias: {data, shape: [F]} | null}
func (e *engine) layerWeights(args []js.Value) (any, error) {
	l, err := e.layer(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	w, ok := l.(core.Weighted)
	if !ok {
		return nil, fmt.Errorf("layer %q is a %s, which has no weights; layers with weights: %s", l.Name(), l.Class(), e.layersOf(isWeighted))
	}
	k := w.Kernel()
	bias := js.Null()
	if b := w.Bias(); b != nil {
		bias = tensorValue(bridge.Float32Array(b), []int{len(b)})
	}
	return object("kernel", tensorValue(bridge.Float32Array(k.Data), k.Shape), "bias", bias), nil
}

// setPooling(name, mode) → modelSummary(), where the layer's type is now
// MaxPool2D, MinPool2D or AvgPool2D.
func (e *engine) setPooling(args []js.Value) (any, error) {
	l, err := e.layer(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	mode, err := bridge.String("mode", bridge.Arg(args, 1))
	if err != nil {
		return nil, err
	}
	if err := e.model.SetPooling(l.Name(), core.PoolMode(mode)); err != nil {
		return nil, err
	}
	e.nameLayers()
	return e.summary(), nil
}

// predict(input) → {probs: Float32Array, label, activations: [{name, type, shape, data}]}
//
// input is a Float32Array of the model's input size or {data, shape} with
// the model's input shape. All the returned arrays are views of one new
// buffer, copied out of the wasm memory at once.
func (e *engine) predict(args []js.Value) (any, error) {
	if e.model == nil {
		return nil, errNoModel
	}
	in, err := e.readInput(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	outs, err := e.model.PredictAll(in)
	if err != nil {
		return nil, err
	}
	probs := outs[len(outs)-1].Data
	e.parts = e.parts[:0]
	for _, o := range outs {
		e.parts = append(e.parts, o.Data)
	}
	// probs gets its own copy, so writing to it cannot change the activations.
	e.parts = append(e.parts, probs)
	views := e.pack.Pack(e.parts)
	acts := make([]any, len(outs))
	for i, o := range outs {
		acts[i] = object("name", e.layers[i].name, "type", e.layers[i].class, "shape", shapeValue(o.Shape), "data", views[i])
	}
	return object("probs", views[len(outs)], "label", core.Argmax(probs), "activations", js.ValueOf(acts)), nil
}

// layerSteps(layerName, input, filter) → conv2dSteps' result for output
// channel filter of a Conv2D layer of the model, on the activation that
// feeds that layer when the model sees input.
func (e *engine) layerSteps(args []js.Value) (any, error) {
	l, err := e.layer(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	conv, ok := l.(*core.Conv2DLayer)
	if !ok {
		return nil, fmt.Errorf("layer %q is a %s; layerSteps needs a Conv2D layer: %s", l.Name(), l.Class(), e.layersOf(isConv))
	}
	in, err := e.readInput(bridge.Arg(args, 1))
	if err != nil {
		return nil, err
	}
	filter, err := bridge.Int("filter", bridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	x, err := e.model.LayerInput(l.Name(), in)
	if err != nil {
		return nil, err
	}
	steps, err := core.Conv2DSteps(x, conv.Kernel(), conv.Bias(), conv.Params(), filter)
	if err != nil {
		return nil, err
	}
	return e.stepsValue(steps), nil
}

// layer finds the layer named by v in the loaded model.
func (e *engine) layer(v js.Value) (core.Layer, error) {
	if e.model == nil {
		return nil, errNoModel
	}
	name, err := bridge.String("layerName", v)
	if err != nil {
		return nil, err
	}
	l, err := e.model.Layer(name)
	if err != nil {
		return nil, fmt.Errorf("%w; the layers are %s", err, e.layersOf(func(core.Layer) bool { return true }))
	}
	return l, nil
}

func isWeighted(l core.Layer) bool { _, ok := l.(core.Weighted); return ok }
func isConv(l core.Layer) bool     { _, ok := l.(*core.Conv2DLayer); return ok }

// layersOf lists the names of the model's layers that pass keep.
func (e *engine) layersOf(keep func(core.Layer) bool) string {
	var names []string
	for _, l := range e.model.Layers() {
		if keep(l) {
			names = append(names, l.Name())
		}
	}
	return strings.Join(names, ", ")
}

// readInput converts a model input — a Float32Array or {data, shape} — into
// e.input, which is reused from call to call.
func (e *engine) readInput(v js.Value) ([]float32, error) {
	data := v
	if bridge.IsPlainObject(v) {
		o := bridge.NewOptions("input", v, "data", "shape")
		o.Require("data", "a Float32Array")
		o.Require("shape", "the model's input shape "+formatShape(e.inputShape))
		if err := o.Err(); err != nil {
			return nil, err
		}
		shape, err := bridge.Ints("input.shape", o.Value("shape"))
		if err != nil {
			return nil, err
		}
		if formatShape(shape) != formatShape(e.inputShape) {
			return nil, fmt.Errorf("input.shape %s does not match the model's input shape %s", formatShape(shape), formatShape(e.inputShape))
		}
		data = o.Value("data")
	} else if _, err := bridge.Float32Length("input", v); err != nil {
		return nil, fmt.Errorf("input must be a Float32Array of %s = %d values or {data, shape}, got %s",
			product(e.inputShape), numElements(e.inputShape), bridge.Describe(v))
	}
	a, err := checkData("input", data, "the model's input shape", e.inputShape)
	if err != nil {
		return nil, err
	}
	in, err := a.load(e.input)
	e.input = in.Data[:cap(in.Data)] // keep the storage even when the data is refused
	return in.Data, err
}
