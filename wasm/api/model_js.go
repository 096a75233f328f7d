//go:build js && wasm

package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// nameLayers caches the layers' names and classes as JavaScript strings
// and drops predictDrawing's layout, predict's template and the result
// built on a lent array, which hold them.
func (s *slot) nameLayers() {
	s.layout, s.template = js.Undefined(), js.Undefined()
	s.lent.Forget()
	s.drawingLent.Forget()
	s.layers = s.layers[:0]
	for _, l := range s.model.Layers() {
		s.layers = append(s.layers, layerNames{name: js.ValueOf(l.Name()), class: js.ValueOf(l.Class())})
	}
}

// modelSummary(handle?) → {handle, inputShape, layers, totalParams,
// trainableParams, nonTrainableParams, cost: {multiplyAdds, limit,
// activations}}, each layer {name, type, config,
// inputShape, outputShape, params, trainableParams, window}: config is its
// full Keras config and window, for a layer with one, {height, width} as
// explainOutputShape gives them (null otherwise).
func (e *engine) modelSummary(args []js.Value) (any, error) {
	s, err := e.slotAt(args, 0)
	if err != nil {
		return nil, err
	}
	return s.summary(), nil
}

func (s *slot) summary() js.Value {
	trainable := map[string]int{}
	for _, w := range s.weights {
		if w.Trainable {
			trainable[w.Layer] += len(w.Data)
		}
	}
	in := s.inputShape
	rows := s.model.SummaryRows()
	ls := s.model.Layers()
	layers := make([]any, len(rows))
	for i, r := range rows {
		window := js.Null()
		if w, ok := ls[i].(core.Windowed); ok {
			h, w := w.Window()
			window = object("height", axisValue(h), "width", axisValue(w))
		}
		layers[i] = object("name", r.Name, "type", r.Class, "config", fromJSON(r.Config),
			"inputShape", shapeValue(in), "outputShape", shapeValue(r.OutputShape),
			"params", r.Params, "trainableParams", trainable[r.Name], "window", window)
		in = r.OutputShape
	}
	total, train := s.model.TotalParams(), s.model.TrainableParams()
	c := s.model.Cost()
	return object("handle", s.handle, "inputShape", shapeValue(s.inputShape), "layers", js.ValueOf(layers),
		"totalParams", total, "trainableParams", train, "nonTrainableParams", total-train,
		"cost", object("multiplyAdds", c.Work, "limit", MaxWork, "activations", c.Activations))
}

// layerWeights(name, handle?) → {kernel: {data, shape}, bias: {data, shape: [F]} | null}
func (e *engine) layerWeights(args []js.Value) (any, error) {
	s, l, err := e.layer(args, 1)
	if err != nil {
		return nil, err
	}
	w, ok := l.(core.Weighted)
	if !ok {
		return nil, fmt.Errorf("layer %q is a %s, which has no weights; layers with weights: %s", l.Name(), l.Class(), s.layersOf(isWeighted))
	}
	k := w.Kernel()
	bias := js.Null()
	if b := w.Bias(); b != nil {
		bias = tensorValue(bridge.Float32Array(b), []int{len(b)})
	}
	return object("kernel", tensorValue(bridge.Float32Array(k.Data), k.Shape), "bias", bias), nil
}

// setPooling(name, mode, handle?) → modelSummary(), where the layer's type
// is now MaxPool2D, MinPool2D or AvgPool2D.
func (e *engine) setPooling(args []js.Value) (any, error) {
	s, l, err := e.layer(args, 2)
	if err != nil {
		return nil, err
	}
	if s.fit != nil {
		return nil, errFitRunning(s)
	}
	mode, err := bridge.String("mode", bridge.Arg(args, 1))
	if err != nil {
		return nil, err
	}
	if err := s.model.SetPooling(l.Name(), core.PoolMode(mode)); err != nil {
		return nil, err
	}
	s.nameLayers()
	return s.summary(), nil
}

// predict(input, handle?, options?) → {probs: Float32Array, label, activations: [{name, type, shape, data}]}
//
// input is a Float32Array of the model's input size or {data, shape} with
// the model's input shape. The activations are views of one new buffer,
// copied out of the wasm memory at once; probs is a copy of the last.
// options.into lends a Float32Array for the numbers instead (see
// predictInto).
func (e *engine) predict(args []js.Value) (any, error) {
	s, err := e.idleSlotAt(args, 1)
	if err != nil {
		return nil, err
	}
	into, err := intoOption(bridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	in, err := s.readInput(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	outs, err := s.model.PredictAll(in)
	if err != nil {
		return nil, err
	}
	if err := checkOverflow(outs); err != nil {
		return nil, err
	}
	probs := outs[len(outs)-1].Data
	e.parts = e.parts[:0]
	for _, o := range outs {
		e.parts = append(e.parts, o.Data)
	}
	// probs gets its own copy, so writing to it cannot change the activations.
	e.parts = append(e.parts, probs)
	if !into.IsUndefined() {
		return e.predictInto(s, into, core.Argmax(probs))
	}
	buf := e.pack.Buffer(e.parts)
	r := jsJSONParse.Invoke(s.predictTemplate())
	bridge.Set(r, "probs", e.pack.View(buf, len(outs)))
	bridge.Set(r, "label", core.Argmax(probs))
	e.pack.SetViews(bridge.Get(r, "activations"), "data", buf, len(outs))
	return r, nil
}

// predictInto copies predict's numbers, staged in e.parts (every
// activation, then probs), into the caller's Float32Array into, which must
// hold exactly that many values, and returns a result whose arrays are
// views of it. The result object is made when into's memory differs from
// the last call's and returned again, with the new label, while the caller
// keeps lending the same memory: such a call allocates nothing on either
// side but the label's number.
func (e *engine) predictInto(s *slot, into js.Value, label int) (any, error) {
	n := 0
	for _, p := range e.parts {
		n += len(p)
	}
	same, err := s.lent.Lend("options.into", into, n)
	if err != nil {
		return nil, fmt.Errorf("%w (every activation, then probs: %d values for this model)", err, n)
	}
	e.pack.PackInto(&s.lent, e.parts)
	if !same {
		acts := len(e.parts) - 1
		r := jsJSONParse.Invoke(s.predictTemplate())
		bridge.Set(r, "probs", e.pack.LentView(&s.lent, acts))
		e.pack.SetLentViews(&s.lent, bridge.Get(r, "activations"), "data", acts)
		s.lent.Result = r
	}
	bridge.Set(s.lent.Result, "label", label)
	return s.lent.Result, nil
}

// intoOption reads the options of predict and predictDrawing: into, a
// Float32Array the caller lends for the numbers of the result, or
// undefined for a result of new arrays.
func intoOption(v js.Value) (js.Value, error) {
	if bridge.IsNullish(v) {
		return js.Undefined(), nil
	}
	o := bridge.NewOptions("options", v, "into")
	into := o.Value("into")
	if err := o.Err(); err != nil {
		return js.Value{}, err
	}
	if bridge.IsNullish(into) {
		return js.Undefined(), nil
	}
	return into, nil
}

// predictTemplate returns predict's result without its numbers as JSON
// text, a JavaScript string made once per change of layers (nameLayers
// clears it): JSON.parse makes every object, key and shape array of a
// result in one call across the boundary, where making them from Go took
// about ten calls per layer and a fifth of predict's time.
func (s *slot) predictTemplate() js.Value {
	if !s.template.IsUndefined() {
		return s.template
	}
	type act struct {
		Name  string   `json:"name"`
		Type  string   `json:"type"`
		Shape []int    `json:"shape"`
		Data  struct{} `json:"data"`
	}
	acts := make([]act, 0, len(s.layers))
	for _, l := range s.model.Layers() {
		acts = append(acts, act{Name: l.Name(), Type: l.Class(), Shape: l.OutputShape()})
	}
	doc, err := json.Marshal(struct {
		Probs       struct{} `json:"probs"`
		Label       int      `json:"label"`
		Activations []act    `json:"activations"`
	}{Activations: acts})
	if err != nil {
		panic(err) // names, classes and shapes always marshal
	}
	s.template = js.ValueOf(string(doc))
	return s.template
}

var jsJSONParse = js.Global().Get("JSON").Get("parse")

// checkOverflow refuses a prediction whose output is not finite: finite
// inputs so large (3.4e38) that a layer's values overflow float32 would
// otherwise give NaN probabilities and a meaningless label. It names the
// first layer that overflowed.
func checkOverflow(outs []core.LayerOutput) error {
	if checkFinite("", outs[len(outs)-1].Data) == nil {
		return nil
	}
	for _, o := range outs {
		for j, v := range o.Data {
			if !finite(v) {
				return fmt.Errorf("the input is too large for the model: the output of layer %q (%s) overflows float32 (value %d is %s); scale the input down",
					o.Name, o.Class, j, number(v))
			}
		}
	}
	return nil
}

// layerSteps(layerName, input, filter, handle?) → conv2dSteps' result for
// output channel filter of a Conv2D layer of the model, on the activation
// that feeds that layer when the model sees input.
func (e *engine) layerSteps(args []js.Value) (any, error) {
	s, l, err := e.layer(args, 3)
	if err != nil {
		return nil, err
	}
	if s.fit != nil {
		return nil, errFitRunning(s)
	}
	conv, ok := l.(*core.Conv2DLayer)
	if !ok {
		return nil, fmt.Errorf("layer %q is a %s; layerSteps needs a Conv2D layer: %s", l.Name(), l.Class(), s.layersOf(isConv))
	}
	in, err := s.readInput(bridge.Arg(args, 1))
	if err != nil {
		return nil, err
	}
	filter, err := bridge.Int("filter", bridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	x, err := s.model.LayerInput(l.Name(), in)
	if err != nil {
		return nil, err
	}
	steps, err := core.Conv2DSteps(x, conv.Kernel(), conv.Bias(), conv.Params(), filter)
	if err != nil {
		return nil, err
	}
	return e.stepsValue(steps), nil
}

// layer finds the layer named by args[0] in the model named by the
// optional handle args[handleAt].
func (e *engine) layer(args []js.Value, handleAt int) (*slot, core.Layer, error) {
	s, err := e.slotAt(args, handleAt)
	if err != nil {
		return nil, nil, err
	}
	name, err := bridge.String("layerName", bridge.Arg(args, 0))
	if err != nil {
		return nil, nil, err
	}
	l, err := s.model.Layer(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%w; the layers are %s", err, s.layersOf(func(core.Layer) bool { return true }))
	}
	return s, l, nil
}

func isWeighted(l core.Layer) bool { _, ok := l.(core.Weighted); return ok }
func isConv(l core.Layer) bool     { _, ok := l.(*core.Conv2DLayer); return ok }

// layersOf lists the names of the model's layers that pass keep.
func (s *slot) layersOf(keep func(core.Layer) bool) string {
	var names []string
	for _, l := range s.model.Layers() {
		if keep(l) {
			names = append(names, l.Name())
		}
	}
	return strings.Join(names, ", ")
}

// readInput converts a model input — a Float32Array or {data, shape} — into
// s.input, which is reused from call to call.
func (s *slot) readInput(v js.Value) ([]float32, error) {
	data := v
	switch _, err := bridge.Float32Length("input", v); {
	case err == nil:
		// A Float32Array, checked first: IsPlainObject makes a JavaScript
		// value per call, which costs a finalizer.
	case bridge.IsPlainObject(v):
		o := bridge.NewOptions("input", v, "data", "shape")
		o.Require("data", "a Float32Array")
		o.Require("shape", "the model's input shape "+formatShape(s.inputShape))
		if err := o.Err(); err != nil {
			return nil, err
		}
		shape, err := bridge.Ints("input.shape", o.Value("shape"))
		if err != nil {
			return nil, err
		}
		if formatShape(shape) != formatShape(s.inputShape) {
			return nil, fmt.Errorf("input.shape %s does not match the model's input shape %s", formatShape(shape), formatShape(s.inputShape))
		}
		data = o.Value("data")
	default:
		return nil, fmt.Errorf("input must be a Float32Array of %s = %d values or {data, shape}, got %s",
			product(s.inputShape), numElements(s.inputShape), bridge.Describe(v))
	}
	a, err := checkData("input", data, "the model's input shape", s.inputShape)
	if err != nil {
		return nil, err
	}
	in, err := a.load(s.input)
	s.input = in.Data[:cap(in.Data)] // keep the storage even when the data is refused
	return in.Data, err
}
