//go:build js && wasm

package api

import (
	"fmt"
	"slices"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

var weightKeys = []string{"layer", "name", "shape", "data", "trainable"}

// getWeights(handle) → [{layer, name, shape, data: Float32Array, trainable}]
//
// The weights in model order (each layer's kernel, then its bias); the
// arrays are views of one new buffer.
func (e *engine) getWeights(args []js.Value) (any, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	e.parts = e.parts[:0]
	for _, w := range s.weights {
		e.parts = append(e.parts, w.Data)
	}
	views := e.pack.Pack(e.parts)
	out := make([]any, len(s.weights))
	for i, w := range s.weights {
		out[i] = object("layer", w.Layer, "name", w.Name, "shape", shapeValue(w.Shape), "data", views[i], "trainable", w.Trainable)
	}
	return js.ValueOf(out), nil
}

// setWeights(handle, weights) → undefined
//
// weights is getWeights' result or an array like it: every weight of the
// model exactly once, in any order. Everything is checked before anything
// is written; the optimizer state of trainStep starts afresh.
func (e *engine) setWeights(args []js.Value) (any, error) {
	s, err := e.idleSlot(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	v := bridge.Arg(args, 1)
	if !bridge.IsArray(v) {
		return nil, fmt.Errorf("weights must be an array of {layer, name, shape, data}, as getWeights returns, got %s", bridge.Describe(v))
	}
	if v.Length() != len(s.weights) {
		return nil, fmt.Errorf("weights has %d entries, the model has %d weights: %s", v.Length(), len(s.weights), weightNames(s.weights))
	}
	ws := make([]core.Weight, len(s.weights))
	for i := range ws {
		if ws[i], err = readWeight(fmt.Sprintf("weights[%d]", i), v.Index(i)); err != nil {
			return nil, err
		}
	}
	if err := s.model.SetWeights(ws); err != nil {
		return nil, err
	}
	s.train.reset()
	return js.Undefined(), nil
}

// readWeight converts one {layer, name, shape, data, trainable?} entry,
// copying its data after checking its length against its shape.
func readWeight(name string, v js.Value) (core.Weight, error) {
	var w core.Weight
	if !bridge.IsPlainObject(v) {
		return w, fmt.Errorf("%s must be an object {layer, name, shape, data}, got %s", name, bridge.Describe(v))
	}
	o := bridge.NewOptions(name, v, weightKeys...)
	o.Require("layer", "the layer's name")
	o.Require("name", "'kernel' or 'bias'")
	o.Require("shape", "the weight's shape")
	o.Require("data", "a Float32Array")
	w.Layer = o.String("layer", "")
	w.Name = o.String("name", "")
	if o.Has("trainable") && o.Value("trainable").Type() != js.TypeBoolean {
		o.Fail(fmt.Errorf("trainable must be true or false, got %s", bridge.Describe(o.Value("trainable"))))
	}
	if err := o.Err(); err != nil {
		return w, fmt.Errorf("%s: %w", name, err)
	}
	shape, err := bridge.Ints(name+".shape", o.Value("shape"))
	if err == nil && (len(shape) == 0 || slices.Min(shape) <= 0) {
		err = fmt.Errorf("%s.shape must be positive integers, got %s", name, bridge.Describe(o.Value("shape")))
	}
	if err == nil {
		err = checkSize(name+".shape", shape)
	}
	if err != nil {
		return w, err
	}
	a, err := checkData(name+".data", o.Value("data"), name+".shape", shape)
	if err != nil {
		return w, err
	}
	t, err := a.load(nil)
	w.Shape, w.Data = shape, t.Data
	return w, err
}

// weightNames lists weights as layer/name: "conv1/kernel, conv1/bias".
func weightNames(ws []core.Weight) string {
	names := make([]string, len(ws))
	for i, w := range ws {
		names[i] = w.Layer + "/" + w.Name
	}
	return strings.Join(names, ", ")
}
