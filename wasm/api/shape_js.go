//go:build js && wasm

package api

import (
	"encoding/json"
	"fmt"
	"slices"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// outputShape(layerSpec, inputShape) → the output shape
func (e *engine) outputShape(args []js.Value) (any, error) {
	l, _, err := specLayer(args)
	if err != nil {
		return nil, err
	}
	return shapeValue(l.OutputShape()), nil
}

// explainOutputShape(layerSpec, inputShape) → {shape, height, width}, each
// axis {in, kernel, stride, dilation, padBefore, padAfter, out, formula},
// for a layer with a window; {shape, formula} for the others.
func (e *engine) explainOutputShape(args []js.Value) (any, error) {
	l, in, err := specLayer(args)
	if err != nil {
		return nil, err
	}
	out := l.OutputShape()
	if w, ok := l.(core.Windowed); ok {
		h, w := w.Window()
		return object("shape", shapeValue(out), "height", axisValue(h), "width", axisValue(w)), nil
	}
	return object("shape", shapeValue(out), "formula", shapeFormula(l, in, out)), nil
}

// specLayer builds the layer args[0] describes for an input of shape
// args[1], through core's registry.
func specLayer(args []js.Value) (core.Layer, []int, error) {
	spec, err := readLayerSpec("layerSpec", bridge.Arg(args, 0))
	if err != nil {
		return nil, nil, err
	}
	in, err := readAnyShape(bridge.Arg(args, 1))
	if err != nil {
		return nil, nil, err
	}
	l, err := core.NewLayer(spec, in)
	return l, in, err
}

func axisValue(a core.AxisSize) js.Value {
	return object(
		"in", a.In, "kernel", a.Kernel, "stride", a.Stride, "dilation", a.Dilation,
		"padBefore", a.PadBefore, "padAfter", a.PadAfter, "out", a.Out, "formula", a.Formula,
	)
}

// shapeFormula explains the output size of a layer without a window: a
// reshape shows the product it keeps ('8×8×30 = 1920'), a size set by
// the config names its field ('units = 10'), and otherwise the sizes are
// shown side by side.
func shapeFormula(l core.Layer, in, out []int) string {
	switch {
	case slices.Equal(in, out):
		return "unchanged: " + product(in)
	case numElements(in) == numElements(out):
		return product(in) + " = " + product(out)
	}
	var cfg map[string]json.RawMessage
	raw, _ := json.Marshal(l.Config())
	json.Unmarshal(raw, &cfg)
	last := fmt.Sprint(out[len(out)-1])
	for _, k := range objectKeys(raw) {
		if string(cfg[k]) == last {
			return k + " = " + last
		}
	}
	return product(in) + " → " + product(out)
}

// readAnyShape reads an inputShape: [H,W,C] within the usual limits, or a
// flat [N] of at most MaxElements (a flattened activation may be longer
// than MaxSide).
func readAnyShape(v js.Value) ([]int, error) {
	in, err := bridge.Ints("inputShape", v)
	if err != nil || (len(in) != 1 && len(in) != 3) || slices.Min(in) <= 0 {
		return nil, fmt.Errorf("inputShape must be positive integers [H,W,C] or [N], got %s", bridge.Describe(v))
	}
	if len(in) == 1 && in[0] > MaxElements {
		return nil, fmt.Errorf("inputShape %s is above the limit of %d (2^24) elements", formatShape(in), MaxElements)
	}
	if len(in) == 1 {
		return in, nil
	}
	return in, checkSize("inputShape", in)
}
