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
	MaxElements = 1 << 24      // values of one tensor a call copies in or hands back: 64 MiB, which a phone can afford
	MaxWork     = core.MaxWork // per call, and per sample of a model's forward pass
	MaxModels   = 16           // models loaded at once
	MaxBatch    = 4096         // samples in one trainStep
	MaxEvaluate = 65536        // samples in one evaluate
)

// Register adds the Svertka API functions to ns. Each call of Register
// starts a separate engine with no model loaded.
func Register(ns *bridge.Namespace) {
	e := &engine{models: make(map[int]*slot), next: 1, datasets: make(map[int]*dataset)}
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
		"predictDrawing":     e.predictDrawing,
		"layerSteps":         e.layerSteps,
		"disposeModel":       e.disposeModel,
		"getWeights":         e.getWeights,
		"setWeights":         e.setWeights,
		"exportModel":        e.exportModel,
		"importModel":        e.importModel,
		"trainStep":          e.trainStep,
		"evaluate":           e.evaluate,
		"layerClasses":       e.layerClasses,
		"createModel":        e.createModel,
		"createDataset":      e.createDataset,
		"datasetSample":      e.datasetSample,
		"disposeDataset":     e.disposeDataset,
		"pauseFit":           e.pauseFit,
		"resumeFit":          e.resumeFit,
		"fitState":           e.fitState,
	} {
		ns.Register(name, fn)
	}
	registerPresets(ns)
	for name, fn := range map[string]bridge.AsyncFunc{
		"fit":     e.fit,
		"stepFit": e.stepFit,
		"stopFit": e.stopFit,
	} {
		ns.RegisterAsync(name, fn)
	}
}

// engine is the state behind one registered API: the loaded models and the
// buffers the calls share.
type engine struct {
	models   map[int]*slot    // the loaded models by handle
	next     int              // the handle of the next loaded model; never reused
	def      int              // the handle of the default model, 0 for none
	datasets map[int]*dataset // the data sets by id
	nextData int              // the id of the last data set created
	rgba     []byte           // the canvas pixels of the current preprocess call
	pre      core.Preprocessor
	text     []byte // the JSON of preprocess's geometry (see geometry)
	// The tensors of conv2d, conv2dSteps and pool2d, reused from call to
	// call: a large call's memory stays theirs instead of being cut up by
	// small allocations, which would make the next large call grow the
	// wasm memory again.
	opIn, opKernel, opOut []float32
	pack                  bridge.Float32Packer
	parts                 [][]float32
}

// slot is one loaded model and the buffers its calls reuse.
type slot struct {
	handle      int
	model       *core.Model
	inputShape  []int
	weights     []core.Weight // live views of the model's weights
	layers      []layerNames  // per layer of model, for predict
	input       []float32     // the model input of the current call
	values      []float32     // predictDrawing's values, staged
	layout      js.Value      // predictDrawing's layout; undefined until built after a change of layers
	template    js.Value      // predict's result as JSON without its numbers; undefined likewise
	lent        bridge.Lent   // predict's into option and the result built on it
	drawingLent bridge.Lent   // predictDrawing's into option and its values, a view of it
	train       training
	fit         *fitJob // the fit running on the model, nil for none
}

// layerNames caches a layer's name and class as JavaScript strings, which
// predict would otherwise convert anew on every call.
type layerNames struct {
	name, class js.Value
}
