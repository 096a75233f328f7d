//go:build js && wasm

package api

import (
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// Limits of the API; see the package documentation.
const (
	MaxSide     = core.MaxSide
	MaxElements = core.MaxElements
	MaxWork     = 1 << 31
)

// Register adds the Svertka API functions to ns. Each call of Register
// starts a separate engine with no model loaded.
func Register(ns *bridge.Namespace) {
	e := &engine{}
	for name, fn := range map[string]bridge.Func{
		"conv2d":             e.conv2d,
		"conv2dSteps":        e.conv2dSteps,
		"pool2d":             e.pool2d,
		"outputShape":        e.outputShape,
		"explainOutputShape": e.explainOutputShape,
		"loadModel":          e.loadModel,
		"modelSummary":       e.modelSummary,
		"layerWeights":       e.layerWeights,
		"setPooling":         e.setPooling,
		"preprocess":         e.preprocess,
		"predict":            e.predict,
		"layerSteps":         e.layerSteps,
	} {
		ns.Register(name, fn)
	}
	registerPresets(ns)
}

// engine is the state behind one registered API: the loaded model and the
// buffers its hot calls reuse.
type engine struct {
	model      *core.Model
	inputShape []int
	layers     []layerNames // per layer of model, for predict
	input      []float32    // the model input of the current call
	rgba       []byte       // the canvas pixels of the current preprocess call
	pack       bridge.Float32Packer
	parts      [][]float32
}

// layerNames caches a layer's name and class as JavaScript strings, which
// predict would otherwise convert anew on every call.
type layerNames struct {
	name, class js.Value
}
