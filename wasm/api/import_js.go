//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// importModel({modelJSON, weights}) → modelSummary() of the new model,
// which carries its handle and becomes the default model.
//
// modelJSON is a TF.js layers model.json — its text, its bytes or the
// parsed object — and weights its weight files: one ArrayBuffer (or
// Uint8Array), or an array of them in the order the manifest lists their
// paths; a model without weights may leave it out. core.DecodeTFJS reads
// them; a model it refuses changes nothing.
func (e *engine) importModel(args []js.Value) (any, error) {
	if len(e.models) >= MaxModels {
		return nil, e.tooManyModels()
	}
	o := bridge.NewOptions("importModel's argument", bridge.Arg(args, 0), "modelJSON", "weights")
	o.Require("modelJSON", "model.json: its text, its bytes or the parsed object")
	if err := o.Err(); err != nil {
		return nil, err
	}
	doc := o.Value("modelJSON")
	if bridge.IsPlainObject(doc) {
		text, err := jsonText("modelJSON", doc)
		if err != nil {
			return nil, err
		}
		doc = text
	}
	modelJSON, err := documentBytes("modelJSON", "modelJSON", " or the parsed object", doc)
	if err != nil {
		return nil, err
	}
	shards, err := weightFiles(o.Value("weights"))
	if err != nil {
		return nil, err
	}
	m, err := core.DecodeTFJS(modelJSON, shards)
	if err != nil {
		return nil, err
	}
	s := e.add(m)
	e.def = s.handle
	return s.summary(), nil
}

// weightFiles copies the weight files of importModel — absent, one buffer
// or an array of them — after checking their sizes together against
// core.MaxModelBytes.
func weightFiles(v js.Value) ([][]byte, error) {
	const want = "weights must be an ArrayBuffer (or Uint8Array) or an array of them in the manifest's order, got %s"
	var files []js.Value
	switch {
	case bridge.IsNullish(v):
		return nil, nil
	case bridge.IsBytes(v):
		files = []js.Value{v}
	case bridge.IsArray(v):
		if v.Length() > core.MaxModelBytes {
			return nil, fmt.Errorf(want, bridge.Describe(v))
		}
		for i := range v.Length() {
			f := v.Index(i)
			if !bridge.IsBytes(f) {
				return nil, fmt.Errorf("weights[%d] must be an ArrayBuffer or Uint8Array, got %s", i, bridge.Describe(f))
			}
			files = append(files, f)
		}
	default:
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	total := 0
	for _, f := range files {
		total += f.Get("byteLength").Int()
	}
	if total > core.MaxModelBytes {
		return nil, fmt.Errorf("the weight files hold %d bytes, above the limit of %d (32 MiB)", total, core.MaxModelBytes)
	}
	shards := make([][]byte, len(files))
	for i, f := range files {
		var err error
		if shards[i], err = bridge.Bytes(fmt.Sprintf("weights[%d]", i), f, nil); err != nil {
			return nil, err
		}
	}
	return shards, nil
}

// exportModel(handle, {format}?) → the model document (JSON text) for
// format 'svertka' (the default), which loadModel reads back; for 'tfjs'
// {modelJSON: text, weights: ArrayBuffer}, model.json and its one weight
// file (core.TFJSShardName), which importModel and tf.loadLayersModel read.
func (e *engine) exportModel(args []js.Value) (any, error) {
	s, err := e.slotOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	format := "svertka"
	if opts := bridge.Arg(args, 1); !bridge.IsNullish(opts) {
		o := bridge.NewOptions("options", opts, "format")
		format = o.String("format", format)
		if err := o.Err(); err != nil {
			return nil, err
		}
	}
	switch format {
	case "svertka":
		doc, err := core.EncodeModel(s.model)
		if err != nil {
			return nil, err
		}
		return string(doc), nil
	case "tfjs":
		doc, shard, err := core.EncodeTFJS(s.model)
		if err != nil {
			return nil, err
		}
		buf := jsUint8Array.New(len(shard))
		js.CopyBytesToJS(buf, shard)
		return object("modelJSON", string(doc), "weights", buf.Get("buffer")), nil
	}
	return nil, fmt.Errorf("options.format must be 'svertka' (the model file) or 'tfjs' (TF.js layers), got %q", format)
}

var jsUint8Array = js.Global().Get("Uint8Array")
