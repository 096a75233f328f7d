//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// predictDrawing(imageData, handle?, options?) → {empty, bbox, centerOfMass,
// canvasCenterOfMass, shift, label, values, layout}
//
// The playground's call per pen move: preprocess and predict in one round
// trip. The canvas crosses into the engine once and everything comes back
// in one new Float32Array, values: the 28×28 image, the model input and
// every layer's output, back to back. layout says where each part lies; it
// is frozen and the very same object from call to call until the model's
// layers change (loadModel, setPooling), so a caller can key its own
// caches on it:
//
//	{image28: {offset, length, shape}, input: {offset, length, shape},
//	 activations: [{name, type, offset, length, shape}, …],
//	 probs: {offset, length}}
//
// probs is the last activation. The model takes the preprocessing's
// 32×32×1 input or its 28×28×1 image. A drawing that counts as nothing
// drawn (empty) is still run, on its all-zero input. The engine's buffers
// are reused from call to call: steady drawing allocates nothing in Go.
// options.into lends a Float32Array of values' length, which values is
// then a view of (see Lent): steady drawing then allocates no array in
// JavaScript either.
func (e *engine) predictDrawing(args []js.Value) (any, error) {
	s, err := e.idleSlotAt(args, 1)
	if err != nil {
		return nil, err
	}
	into, err := intoOption(bridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	in, err := drawingInput(s.inputShape)
	if err != nil {
		return nil, err
	}
	p, err := e.readCanvas(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	x := p.Input
	if in == core.PreprocessField {
		x = p.Image28
	}
	outs, err := s.model.PredictAll(x)
	if err != nil {
		return nil, err
	}
	s.values = append(append(s.values[:0], p.Image28...), p.Input...)
	for _, o := range outs {
		s.values = append(s.values, o.Data...)
	}
	probs := outs[len(outs)-1].Data
	r := e.geometry(p)
	bridge.Set(r, "label", core.Argmax(probs))
	bridge.Set(r, "layout", s.drawingLayout(outs))
	if into.IsUndefined() {
		bridge.Set(r, "values", bridge.Float32Array(s.values))
		return r, nil
	}
	same, err := s.drawingLent.Lend("options.into", into, len(s.values))
	if err != nil {
		return nil, fmt.Errorf("%w (values' length for this model)", err)
	}
	s.drawingLent.Copy(s.values)
	if !same {
		s.drawingLent.Result = s.drawingLent.Array()
	}
	bridge.Set(r, "values", s.drawingLent.Result)
	return r, nil
}

// drawingInput returns the side of the preprocessing's image the model
// takes (32 for the padded input, 28 for the MNIST image).
func drawingInput(shape []int) (int, error) {
	for _, side := range []int{core.PreprocessInput, core.PreprocessField} {
		if formatShape(shape) == formatShape([]int{side, side, 1}) {
			return side, nil
		}
	}
	return 0, fmt.Errorf("predictDrawing needs a model whose input is the preprocessing's %d×%d×1 input or its %d×%d×1 image; this model's input is %s",
		core.PreprocessInput, core.PreprocessInput, core.PreprocessField, core.PreprocessField, product(shape))
}

// drawingLayout returns the slot's cached layout of predictDrawing's
// values, building it after the layers changed (nameLayers clears it).
func (s *slot) drawingLayout(outs []core.LayerOutput) js.Value {
	if !s.layout.IsUndefined() {
		return s.layout
	}
	const n28, n32 = core.PreprocessField * core.PreprocessField, core.PreprocessInput * core.PreprocessInput
	part := func(offset, length int, shape []int) js.Value {
		return jsFreeze.Invoke(object("offset", offset, "length", length, "shape", jsFreeze.Invoke(shapeValue(shape))))
	}
	acts := make([]any, len(outs))
	off := n28 + n32
	for i, o := range outs {
		acts[i] = jsFreeze.Invoke(object("name", s.layers[i].name, "type", s.layers[i].class,
			"offset", off, "length", len(o.Data), "shape", jsFreeze.Invoke(shapeValue(o.Shape))))
		off += len(o.Data)
	}
	last := len(outs[len(outs)-1].Data)
	s.layout = jsFreeze.Invoke(object(
		"image28", part(0, n28, []int{core.PreprocessField, core.PreprocessField, 1}),
		"input", part(n28, n32, []int{core.PreprocessInput, core.PreprocessInput, 1}),
		"activations", jsFreeze.Invoke(js.ValueOf(acts)),
		"probs", jsFreeze.Invoke(object("offset", off-last, "length", last)),
	))
	return s.layout
}

var jsFreeze = jsObject.Get("freeze")
