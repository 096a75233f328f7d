//go:build js && wasm

package api

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// The kinds of layer a layerSpec can describe.
const (
	kindConv    = "conv2d"
	kindPool    = "pool2d"
	kindDense   = "dense"
	kindFlatten = "flatten"
)

// layerType is what a layerSpec's type names: the kind of layer and the
// options its spec may hold.
type layerType struct {
	kind string
	keys []string
}

var (
	convType = layerType{kindConv, []string{"type", "filters", "kernelSize", "kernel_size", "strides", "padding", "dilation", "dilation_rate"}}
	// Only the generic pool2d takes a mode: a Keras class name already says it.
	poolType      = layerType{kindPool, []string{"type", "size", "pool_size", "mode", "strides", "padding"}}
	namedPoolType = layerType{kindPool, []string{"type", "size", "pool_size", "strides", "padding"}}
)

// layerTypes maps a layerSpec type, lower-cased and without underscores, to
// its layerType, so that our names ('conv2d', 'pool2d'), Keras class names
// ('Conv2D', 'MaxPooling2D') and Keras layer names ('max_pooling2d') all work.
var layerTypes = map[string]layerType{
	"conv2d":           convType,
	"pool2d":           poolType,
	"maxpool2d":        namedPoolType,
	"maxpooling2d":     namedPoolType,
	"minpool2d":        namedPoolType,
	"minpooling2d":     namedPoolType,
	"avgpool2d":        namedPoolType,
	"avgpooling2d":     namedPoolType,
	"averagepool2d":    namedPoolType,
	"averagepooling2d": namedPoolType,
	"dense":            {kindDense, []string{"type", "units"}},
	"flatten":          {kindFlatten, []string{"type"}},
}

// specHelp lists the accepted layerSpecs in the message for a bad one.
const specHelp = "layerSpec must be {type: 'conv2d', kernelSize, filters?, strides?, padding?, dilation?}, " +
	"{type: 'pool2d', size, mode?, strides?, padding?}, {type: 'dense', units} or {type: 'flatten'} " +
	"(Keras class names such as 'Conv2D' and 'MaxPooling2D' and the options kernel_size, pool_size and dilation_rate work too)"

// layerShape is the output of a layer on a given input; height and width
// are set for conv2d and pool2d, formula for dense and flatten.
type layerShape struct {
	shape   []int
	h, w    core.AxisSize
	formula string
}

// outputShape(layerSpec, inputShape) → the output shape
func (e *engine) outputShape(args []js.Value) (any, error) {
	l, err := layerOutput(args)
	if err != nil {
		return nil, err
	}
	return shapeValue(l.shape), nil
}

// explainOutputShape(layerSpec, inputShape) → {shape, height, width}, each
// axis {in, kernel, stride, dilation, padBefore, padAfter, out, formula};
// {shape, formula} for dense and flatten, which have no spatial axes.
func (e *engine) explainOutputShape(args []js.Value) (any, error) {
	l, err := layerOutput(args)
	if err != nil {
		return nil, err
	}
	if l.formula != "" {
		return object("shape", shapeValue(l.shape), "formula", l.formula), nil
	}
	return object("shape", shapeValue(l.shape), "height", axisValue(l.h), "width", axisValue(l.w)), nil
}

func axisValue(a core.AxisSize) js.Value {
	return object(
		"in", a.In, "kernel", a.Kernel, "stride", a.Stride, "dilation", a.Dilation,
		"padBefore", a.PadBefore, "padAfter", a.PadAfter, "out", a.Out, "formula", a.Formula,
	)
}

// layerOutput works out the output of the layer args[0] on an input of
// shape args[1]. An impossible layer is an error whose message shows the
// formula with the numbers.
func layerOutput(args []js.Value) (layerShape, error) {
	spec := bridge.Arg(args, 0)
	typ := js.Undefined()
	if spec.Type() == js.TypeObject {
		typ = spec.Get("type")
	}
	var lt layerType
	ok := typ.Type() == js.TypeString
	if ok {
		lt, ok = layerTypes[strings.ReplaceAll(strings.ToLower(typ.String()), "_", "")]
	}
	if !ok {
		return layerShape{}, fmt.Errorf("%s; got %s with type %s", specHelp, bridge.Describe(spec), bridge.Describe(typ))
	}
	o := bridge.NewOptions("layerSpec", spec, lt.keys...)
	if err := o.Err(); err != nil {
		return layerShape{}, err
	}
	switch lt.kind {
	case kindDense:
		return denseOutput(o, bridge.Arg(args, 1))
	case kindFlatten:
		return flattenOutput(bridge.Arg(args, 1))
	}
	return windowOutput(o, lt.kind, bridge.Arg(args, 1))
}

// windowOutput is the output of a conv2d or pool2d layer, axis by axis.
func windowOutput(o *bridge.Options, kind string, inShape js.Value) (layerShape, error) {
	var l layerShape
	in, err := readShape("inputShape", inShape, 3, "[H,W,C]")
	if err != nil {
		return l, err
	}
	var kernel, dilation [2]int
	outC := in[2]
	if kind == kindConv {
		key := alias(o, "kernelSize", "kernel_size")
		o.Require(key, "a positive integer or [height, width]")
		kernel = readPair(o, key, 0)
		dilation = readPair(o, alias(o, "dilation", "dilation_rate"), 1)
		filters := o.Int("filters", 1)
		if o.Err() == nil && (filters <= 0 || filters > MaxSide) {
			o.Fail(fmt.Errorf("filters must be an integer from 1 to %d, got %d", MaxSide, filters))
		}
		outC = filters
	} else {
		key := alias(o, "size", "pool_size")
		o.Require(key, "a positive integer or [height, width]")
		kernel = readPair(o, key, 0)
		dilation = [2]int{1, 1}
		switch mode := core.PoolMode(o.String("mode", string(core.MaxPool))); mode {
		case core.MaxPool, core.MinPool, core.AvgPool: // the shape is the same for all three
		default:
			o.Fail(fmt.Errorf("unknown pooling mode %q (want max, min or avg)", string(mode)))
		}
	}
	strides := readPair(o, "strides", 1)
	if kind == kindPool && !o.Has("strides") {
		strides = kernel // Keras: pool strides default to the pool size
	}
	padding := readPadding(o)
	if err := o.Err(); err != nil {
		return l, err
	}
	if l.h, err = core.OutputSize("height", in[0], kernel[0], strides[0], dilation[0], padding); err != nil {
		return l, err
	}
	if l.w, err = core.OutputSize("width", in[1], kernel[1], strides[1], dilation[1], padding); err != nil {
		return l, err
	}
	l.shape = []int{l.h.Out, l.w.Out, outC}
	return l, nil
}

// alias returns which of two spellings of one option the spec uses (ours,
// or the Keras snake_case one), ours when neither; using both is an error,
// as they could disagree.
func alias(o *bridge.Options, ours, keras string) string {
	if !o.Has(keras) {
		return ours
	}
	if o.Has(ours) {
		o.Fail(fmt.Errorf("layerSpec gives both %q and %q, which are the same option: keep one", ours, keras))
	}
	return keras
}

// flattenOutput is [H*W*C] for an input [H,W,C] (or [N], left as it is).
func flattenOutput(inShape js.Value) (layerShape, error) {
	in, err := readAnyShape(inShape)
	if err != nil {
		return layerShape{}, err
	}
	n := numElements(in)
	return layerShape{shape: []int{n}, formula: product(in) + " = " + strconv.Itoa(n)}, nil
}

// denseOutput is [units]. Like core, a dense layer takes a flat input [N]:
// Keras would apply it to the last axis of [H,W,C], which the engine never
// does, so that is refused with the fix.
func denseOutput(o *bridge.Options, inShape js.Value) (layerShape, error) {
	o.Require("units", "a positive integer")
	units := o.Int("units", 0)
	if o.Err() == nil && (units <= 0 || units > MaxElements) {
		o.Fail(fmt.Errorf("units must be an integer from 1 to %d, got %d", MaxElements, units))
	}
	if err := o.Err(); err != nil {
		return layerShape{}, err
	}
	in, err := readAnyShape(inShape)
	if err != nil {
		return layerShape{}, err
	}
	if len(in) != 1 {
		return layerShape{}, fmt.Errorf("dense needs a flat input [N] (add a flatten layer before it), got inputShape %s", formatShape(in))
	}
	return layerShape{shape: []int{units}, formula: "units = " + strconv.Itoa(units)}, nil
}

// readAnyShape reads the inputShape of a flatten or dense layer: [H,W,C]
// within the usual limits, or a flat [N] of at most MaxElements (a
// flattened activation may be longer than MaxSide).
func readAnyShape(v js.Value) ([]int, error) {
	in, err := bridge.Ints("inputShape", v)
	if err != nil || (len(in) != 1 && len(in) != 3) || slices.Min(in) <= 0 {
		return nil, fmt.Errorf("inputShape must be positive integers [H,W,C] or [N], got %s", bridge.Describe(v))
	}
	if len(in) == 1 && in[0] > MaxElements {
		return nil, fmt.Errorf("inputShape %s is above the limit of %d (2^26) elements", formatShape(in), MaxElements)
	}
	if len(in) == 1 {
		return in, nil
	}
	return in, checkSize("inputShape", in)
}
