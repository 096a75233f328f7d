//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// The options of a layerSpec, by type.
var specKeys = map[string][]string{
	"conv2d": {"type", "filters", "kernelSize", "strides", "padding", "dilation"},
	"pool2d": {"type", "size", "strides", "padding"},
}

// outputShape(layerSpec, inputShape) → [OH, OW, C]
func (e *engine) outputShape(args []js.Value) (any, error) {
	shape, _, _, err := layerOutput(args)
	if err != nil {
		return nil, err
	}
	return shapeValue(shape), nil
}

// explainOutputShape(layerSpec, inputShape) → {shape, height, width}, each
// axis {in, kernel, stride, dilation, padBefore, padAfter, out, formula}.
func (e *engine) explainOutputShape(args []js.Value) (any, error) {
	shape, h, w, err := layerOutput(args)
	if err != nil {
		return nil, err
	}
	return object("shape", shapeValue(shape), "height", axisValue(h), "width", axisValue(w)), nil
}

func axisValue(a core.AxisSize) js.Value {
	return object(
		"in", a.In, "kernel", a.Kernel, "stride", a.Stride, "dilation", a.Dilation,
		"padBefore", a.PadBefore, "padAfter", a.PadAfter, "out", a.Out, "formula", a.Formula,
	)
}

// layerOutput works out the output of the layer args[0] on an input of
// shape args[1], axis by axis. An impossible layer is an error whose
// message shows the formula with the numbers.
func layerOutput(args []js.Value) (shape []int, h, w core.AxisSize, err error) {
	spec := bridge.Arg(args, 0)
	typ := js.Undefined()
	if spec.Type() == js.TypeObject {
		typ = spec.Get("type")
	}
	keys, ok := specKeys[typ.String()]
	if !ok || typ.Type() != js.TypeString {
		return nil, h, w, fmt.Errorf("layerSpec must be {type: 'conv2d', kernelSize, filters?, strides?, padding?, dilation?} or {type: 'pool2d', size, strides?, padding?}; got %s with type %s",
			bridge.Describe(spec), bridge.Describe(typ))
	}
	o := bridge.NewOptions("layerSpec", spec, keys...)
	if err := o.Err(); err != nil {
		return nil, h, w, err
	}
	in, err := readShape("inputShape", bridge.Arg(args, 1), 3, "[H,W,C]")
	if err != nil {
		return nil, h, w, err
	}
	var kernel, dilation [2]int
	outC := in[2]
	if typ.String() == "conv2d" {
		o.Require("kernelSize", "a positive integer or [height, width]")
		kernel = readPair(o, "kernelSize", 0)
		dilation = readPair(o, "dilation", 1)
		filters := o.Int("filters", 1)
		if o.Err() == nil && (filters <= 0 || filters > MaxSide) {
			o.Fail(fmt.Errorf("filters must be an integer from 1 to %d, got %d", MaxSide, filters))
		}
		outC = filters
	} else {
		o.Require("size", "a positive integer or [height, width]")
		kernel = readPair(o, "size", 0)
		dilation = [2]int{1, 1}
	}
	strides := readPair(o, "strides", 1)
	if typ.String() == "pool2d" && !o.Has("strides") {
		strides = kernel // Keras: pool strides default to the pool size
	}
	padding := readPadding(o)
	if err := o.Err(); err != nil {
		return nil, h, w, err
	}
	if h, err = core.OutputSize("height", in[0], kernel[0], strides[0], dilation[0], padding); err != nil {
		return nil, h, w, err
	}
	if w, err = core.OutputSize("width", in[1], kernel[1], strides[1], dilation[1], padding); err != nil {
		return nil, h, w, err
	}
	return []int{h.Out, w.Out, outC}, h, w, nil
}
