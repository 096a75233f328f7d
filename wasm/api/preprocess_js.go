//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

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
	kv := append(e.geometry(p),
		"image28", tensorValue(views[0], []int{core.PreprocessField, core.PreprocessField, 1}),
		"input", tensorValue(views[1], []int{core.PreprocessInput, core.PreprocessInput, 1}),
	)
	return object(kv...), nil
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
	data := v.Get("data")
	if !bridge.IsBytes(data) {
		return nil, fmt.Errorf("imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got %s", bridge.Describe(data))
	}
	if n := data.Get("byteLength").Int(); n != 4*w*h {
		return nil, fmt.Errorf("imageData.data has %d bytes but a %d×%d image needs %d×%d×4 = %d", n, w, h, w, h, 4*w*h)
	}
	e.rgba, err = bridge.Bytes("imageData.data", data, e.rgba)
	if err != nil {
		return nil, err
	}
	return e.pre.Preprocess(e.rgba, w, h)
}

// geometry returns the keys and values of preprocess's result that
// describe the drawing, in e.kv (reused by the next call).
func (e *engine) geometry(p *core.Preprocessed) []any {
	e.kv = append(e.kv[:0],
		"empty", p.Empty,
		"bbox", object("x0", p.BBox.X0, "y0", p.BBox.Y0, "x1", p.BBox.X1, "y1", p.BBox.Y1),
		"centerOfMass", point(p.CenterOfMass),
		"canvasCenterOfMass", point(p.CanvasCenterOfMass),
		"shift", point(p.Shift),
	)
	return e.kv
}

// canvasSize reads imageData.width and height: positive integers at most MaxSide.
func canvasSize(v js.Value) (w, h int, err error) {
	for _, d := range []struct {
		name string
		dst  *int
	}{{"imageData.width", &w}, {"imageData.height", &h}} {
		n, err := bridge.Int(d.name, v.Get(d.name[len("imageData."):]))
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

func point(p [2]float64) js.Value {
	return object("x", p[0], "y", p[1])
}
