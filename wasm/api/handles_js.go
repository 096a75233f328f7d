//go:build js && wasm

package api

import (
	"errors"
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// errNoModel rejects a call without a handle when there is no default
// model: none was loaded, or the default was disposed.
var errNoModel = errors.New("no model loaded; call loadModel(json) first")

// loadModel(jsonText | ArrayBuffer | Uint8Array) → modelSummary() of the
// new model, which carries its handle and becomes the default model.
//
// A document that fails to load changes nothing.
func (e *engine) loadModel(args []js.Value) (any, error) {
	if len(e.models) >= MaxModels {
		return nil, e.tooManyModels()
	}
	doc, err := modelBytes(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	m, err := core.DecodeModel(doc)
	if err != nil {
		return nil, err
	}
	s := e.add(m)
	e.def = s.handle
	return s.summary(), nil
}

// add gives m the next handle.
func (e *engine) add(m *core.Model) *slot {
	s := &slot{handle: e.next, model: m, inputShape: m.InputShape(), weights: m.Weights()}
	s.nameLayers()
	e.models[s.handle] = s
	e.next++
	return s
}

func (e *engine) tooManyModels() error {
	return fmt.Errorf("%d models are loaded (handles %s), the limit; dispose of one with disposeModel(handle) first", len(e.models), idList(e.models))
}

// modelBytes returns the model document, refusing one above
// core.MaxModelBytes before copying it.
func modelBytes(v js.Value) ([]byte, error) {
	return documentBytes("model", "the model document", "", v)
}

// documentBytes returns the JSON document v — its text, or its bytes in an
// ArrayBuffer or Uint8Array — refusing one above core.MaxModelBytes before
// copying it. name and what call v in the messages; also lists the other
// forms the caller takes.
func documentBytes(name, what, also string, v js.Value) ([]byte, error) {
	want := name + " must be the JSON text (a string) or its bytes (an ArrayBuffer or Uint8Array)" + also + ", got %s"
	var n int
	switch {
	case v.Type() == js.TypeString:
		n = bridge.StringLength(v)
	case v.Type() == js.TypeObject && v.Get("byteLength").Type() == js.TypeNumber:
		n = v.Get("byteLength").Int()
	default:
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	if n > core.MaxModelBytes {
		return nil, fmt.Errorf("%s has %d bytes, above the limit of %d (32 MiB)", what, n, core.MaxModelBytes)
	}
	if v.Type() == js.TypeString {
		// n counted UTF-16 units; the limit is on the UTF-8 bytes.
		doc, ok := bridge.StringBytes(v, core.MaxModelBytes)
		if !ok {
			return nil, fmt.Errorf("the model document has more than %d bytes of UTF-8, the limit (32 MiB)", core.MaxModelBytes)
		}
		return doc, nil
	}
	doc, err := bridge.Bytes(name, v, nil)
	if err != nil {
		return nil, fmt.Errorf(want, bridge.Describe(v))
	}
	return doc, nil
}

// disposeModel(handle) → undefined
//
// Frees the model. Disposing of the default model leaves no default: calls
// without a handle reject until the next loadModel.
func (e *engine) disposeModel(args []js.Value) (any, error) {
	s, err := e.idleSlot(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	delete(e.models, s.handle)
	if e.def == s.handle {
		e.def = 0
	}
	return js.Undefined(), nil
}

// slotAt returns the model named by the optional handle args[i] of the
// calls that predate handles: the default model when it is absent.
func (e *engine) slotAt(args []js.Value, i int) (*slot, error) {
	v := bridge.Arg(args, i)
	if !bridge.IsNullish(v) {
		return e.slotOf(v)
	}
	if s := e.models[e.def]; s != nil {
		return s, nil
	}
	return nil, errNoModel
}

// slotOf returns the model whose handle is v.
func (e *engine) slotOf(v js.Value) (*slot, error) { return byID(e.models, v, handleWords) }

var handleWords = idWords{
	bad:     "handle must be a model handle (the positive integer in loadModel's result), got %s",
	missing: "handle %d is not a loaded model (it was disposed of, or never loaded)",
	none:    "no model is loaded",
	held:    "the loaded models are %s",
}

// idWords are the messages of byID for one kind of id.
type idWords struct {
	bad, missing, none, held string
}

// byID returns the entry of m whose id is v, or says why there is none.
func byID[T any](m map[int]*T, v js.Value, words idWords) (*T, error) {
	id, err := bridge.Int("id", v)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf(words.bad, bridge.Describe(v))
	}
	if x := m[id]; x != nil {
		return x, nil
	}
	if len(m) == 0 {
		return nil, fmt.Errorf(words.missing+"; "+words.none, id)
	}
	return nil, fmt.Errorf(words.missing+"; "+words.held, id, idList(m))
}
