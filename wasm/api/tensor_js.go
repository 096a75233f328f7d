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

// readShape converts v to a shape of rank dimensions, each a positive
// integer at most MaxSide, with at most MaxElements elements in all. dims
// names the dimensions for the message, e.g. "[KH,KW,C,F]".
func readShape(name string, v js.Value, rank int, dims string) ([]int, error) {
	shape, err := bridge.Ints(name, v)
	if err != nil || len(shape) != rank || slices.Min(shape) <= 0 {
		return nil, fmt.Errorf("%s must be %d positive integers %s, got %s", name, rank, dims, bridge.Describe(v))
	}
	return shape, checkSize(name, shape)
}

// checkSize checks a shape of positive dimensions against MaxSide and
// MaxElements.
func checkSize(name string, shape []int) error {
	for _, d := range shape {
		if d > MaxSide {
			return fmt.Errorf("%s %s has a dimension of %d, above the limit of %d", name, formatShape(shape), d, MaxSide)
		}
	}
	if numElements(shape) > MaxElements {
		return fmt.Errorf("%s %s has %s elements, above the limit of %d (2^24)", name, formatShape(shape), product(shape), MaxElements)
	}
	return nil
}

// tensorArg is a Float32Array argument checked against its shape but not
// yet copied, so that a call can still refuse it (for its cost) without
// having copied megabytes into the wasm memory.
type tensorArg struct {
	name  string
	v     js.Value
	shape []int
}

// checkData checks that the Float32Array v holds exactly the elements of
// shape; shapeName names the shape in the message.
func checkData(name string, v js.Value, shapeName string, shape []int) (tensorArg, error) {
	n, err := bridge.Float32Length(name, v)
	if err != nil {
		return tensorArg{}, err
	}
	if want := numElements(shape); n != want {
		return tensorArg{}, fmt.Errorf("%s has %d values but %s %s needs %s = %d", name, n, shapeName, formatShape(shape), product(shape), want)
	}
	return tensorArg{name: name, v: v, shape: shape}, nil
}

// load copies the data into dst's storage (when large enough) and checks
// that every value is finite.
func (a tensorArg) load(dst []float32) (core.Tensor, error) {
	data, err := bridge.Float32s(a.name, a.v, dst)
	if err != nil {
		return core.Tensor{}, err
	}
	return core.Tensor{Data: data, Shape: a.shape}, checkFinite(a.name, data)
}

// readTensor reads the Float32Array option dataKey and the shape option
// shapeKey (rank dims, named by dims) of o, without copying the data.
func readTensor(o *bridge.Options, dataKey, shapeKey string, rank int, dims string) tensorArg {
	if !o.Require(shapeKey, fmt.Sprintf("%d positive integers %s", rank, dims)) || !o.Require(dataKey, "a Float32Array") {
		return tensorArg{}
	}
	shape, err := readShape(shapeKey, o.Value(shapeKey), rank, dims)
	if err != nil {
		o.Fail(err)
		return tensorArg{}
	}
	a, err := checkData(dataKey, o.Value(dataKey), shapeKey, shape)
	o.Fail(err)
	return a
}

// checkFinite rejects NaN and ±Infinity, which would spread through every
// later value of a convolution or a network.
func checkFinite(name string, data []float32) error {
	for i, v := range data {
		if !finite(v) {
			return fmt.Errorf("%s[%d] is %s; every value must be a finite number", name, i, number(v))
		}
	}
	return nil
}

// numElements multiplies the dimensions, saturating at 2^50 (far above
// every limit) so that no shape can overflow an int.
func numElements(shape []int) int {
	const most = 1 << 50
	n := 1
	for _, d := range shape {
		if d > 0 && n > most/d {
			return most
		}
		n *= d
	}
	return n
}

// formatShape writes a shape as JavaScript does: [32,32,1].
func formatShape(shape []int) string {
	s := make([]string, len(shape))
	for i, d := range shape {
		s[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(s, ",") + "]"
}

// product writes the element count as a sum a person can check: 32×32×1.
func product(shape []int) string {
	s := make([]string, len(shape))
	for i, d := range shape {
		s[i] = strconv.Itoa(d)
	}
	return strings.Join(s, "×")
}

// shapeValue returns a new JavaScript array of the dimensions.
func shapeValue(shape []int) js.Value {
	a := make([]any, len(shape))
	for i, d := range shape {
		a[i] = d
	}
	return js.ValueOf(a)
}

// tensorValue returns {data, shape} around an already converted data array.
func tensorValue(data js.Value, shape []int) js.Value {
	return object("data", data, "shape", shapeValue(shape))
}

// object returns a new JavaScript object with the given keys and values in
// order (a Go map would give them a random order).
func object(kv ...any) js.Value {
	o := jsObject.New()
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

var jsObject = js.Global().Get("Object")
