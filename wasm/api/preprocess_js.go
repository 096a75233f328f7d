//go:build js && wasm

package api

import (
	"fmt"
	"strconv"
	"syscall/js"
	"unsafe"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// preprocess(imageData) → {empty, bbox: {x0, y0, x1, y1}, centerOfMass: {x, y},
// canvasCenterOfMass: {x, y}, shift: {x, y}, image28: {data, shape: [28,28,1]},
// input: {data, shape: [32,32,1]}}
//
// imageData is a canvas ImageData or any {data, width, height} holding
// width×height RGBA pixels in a Uint8ClampedArray, Uint8Array or ArrayBuffer.
func (e *engine) preprocess(args []js.Value) (any, error) {
	p, err := e.readCanvas(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	views := e.pack.Pack(append(e.parts[:0], p.Image28, p.Input))
	r := e.geometry(p)
	r.Set("image28", tensorValue(views[0], []int{core.PreprocessField, core.PreprocessField, 1}))
	r.Set("input", tensorValue(views[1], []int{core.PreprocessInput, core.PreprocessInput, 1}))
	return r, nil
}

// readCanvas preprocesses imageData (see preprocess) with the engine's
// Preprocessor: the result is valid until the next call.
func (e *engine) readCanvas(v js.Value) (*core.Preprocessed, error) {
	if v.Type() != js.TypeObject {
		return nil, fmt.Errorf("imageData must be an ImageData or {data, width, height}, got %s", bridge.Describe(v))
	}
	w, h, err := canvasSize(v)
	if err != nil {
		return nil, err
	}
	data := bridge.Get(v, "data")
	if !bridge.IsBytes(data) {
		return nil, fmt.Errorf("imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got %s", bridge.Describe(data))
	}
	if n := bridge.Get(data, "byteLength").Int(); n != 4*w*h {
		return nil, fmt.Errorf("imageData.data has %d bytes but a %d×%d image needs %d×%d×4 = %d", n, w, h, w, h, 4*w*h)
	}
	e.rgba, err = bridge.Bytes("imageData.data", data, e.rgba)
	if err != nil {
		return nil, err
	}
	return e.pre.Preprocess(e.rgba, w, h)
}

// geometry returns a new object with the keys of preprocess's result that
// describe the drawing. It is written as JSON into e.text (reused by the
// next call) and parsed in one call across the boundary: made from Go, its
// five objects took five JavaScript values, each with a finalizer, and
// some twenty calls. The numbers are finite (the centre of mass of ink
// that was found), and strconv's shortest form parses back to the same
// float64.
func (e *engine) geometry(p *core.Preprocessed) js.Value {
	b := append(e.text[:0], `{"empty":`...)
	b = strconv.AppendBool(b, p.Empty)
	b = append(b, `,"bbox":{"x0":`...)
	b = strconv.AppendInt(b, int64(p.BBox.X0), 10)
	b = append(b, `,"y0":`...)
	b = strconv.AppendInt(b, int64(p.BBox.Y0), 10)
	b = append(b, `,"x1":`...)
	b = strconv.AppendInt(b, int64(p.BBox.X1), 10)
	b = append(b, `,"y1":`...)
	b = strconv.AppendInt(b, int64(p.BBox.Y1), 10)
	b = appendPoint(append(b, `},"centerOfMass":`...), p.CenterOfMass)
	b = appendPoint(append(b, `,"canvasCenterOfMass":`...), p.CanvasCenterOfMass)
	b = appendPoint(append(b, `,"shift":`...), p.Shift)
	e.text = append(b, '}')
	return jsJSONParse.Invoke(unsafe.String(unsafe.SliceData(e.text), len(e.text)))
}

// appendPoint writes p as the JSON object {x, y}.
func appendPoint(b []byte, p [2]float64) []byte {
	b = strconv.AppendFloat(append(b, `{"x":`...), p[0], 'g', -1, 64)
	b = strconv.AppendFloat(append(b, `,"y":`...), p[1], 'g', -1, 64)
	return append(b, '}')
}

// canvasSize reads imageData.width and height: positive integers at most MaxSide.
func canvasSize(v js.Value) (w, h int, err error) {
	for _, d := range []struct {
		name string
		dst  *int
	}{{"imageData.width", &w}, {"imageData.height", &h}} {
		n, err := bridge.Int(d.name, bridge.Get(v, d.name[len("imageData."):]))
		if err != nil {
			return 0, 0, err
		}
		if n <= 0 || n > MaxSide {
			return 0, 0, fmt.Errorf("%s must be from 1 to %d, got %d", d.name, MaxSide, n)
		}
		*d.dst = n
	}
	return w, h, nil
}
