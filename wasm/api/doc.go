// Package api is the Svertka engine's JavaScript API: it registers the
// functions of package core on a bridge.Namespace, converting arguments from
// JavaScript, checking them against the limits below, and converting results
// back. The reference for JavaScript callers, with an example per function,
// is wasm/API.md.
//
// A minimal complete program (wasm/svertka is the real one):
//
//	//go:build js && wasm
//
//	package main
//
//	import (
//		"syscall/js"
//
//		"github.com/svertka/svertka/wasm/api"
//		"github.com/svertka/svertka/wasm/bridge"
//	)
//
//	func main() {
//		ns := bridge.NewNamespace()
//		api.Register(ns)
//		js.Global().Set("nn", ns.Value()) // nn.conv2d({...}) now returns a Promise
//		select {}
//	}
//
// # Conventions
//
// Tensors are {data: Float32Array, shape: [...]}: activations [H, W, C]
// (NHWC without the batch axis), kernels [KH, KW, C, F] (HWIO), as in
// TensorFlow and Keras. Every Float32Array the API returns is new and belongs
// to the caller; later calls never write to it. Arrays returned by one call
// may share one ArrayBuffer (they are views of a single copy out of the wasm
// memory).
//
// Models are named by handles: positive integers, never reused, that
// loadModel, importModel (a Keras model in the TF.js layers format, read
// by core.DecodeTFJS) and createModel return in the model's summary. The
// model loaded or imported last is the default. The calls that predate handles
// (modelSummary, layerWeights, setPooling, predict, layerSteps), and
// predictDrawing (preprocess and predict in one call) with them, take an
// optional handle as their last argument and use the default without one;
// the others (disposeModel, getWeights, setWeights, exportModel,
// trainStep, evaluate, fit and its controls) take it first. Data sets
// (createDataset; datasetSample reads one sample back) are named by ids
// the same way.
//
// Layer specs — Keras's {class_name, config}, or the flat {type, ...} of
// outputShape with a small table of camelCase aliases — are read into
// core.LayerSpec and built by core's registry; the layer table and the
// window arithmetic of modelSummary and explainOutputShape come from core
// (Model.Spec, Windowed), so nothing here knows the list of layer classes.
//
// fit is asynchronous (bridge.RegisterAsync): it checks its options at
// once, then drives core's Fitter on a goroutine, one batch per turn of
// the JavaScript event loop (bridge.Yield), so that the page draws and
// other calls run between batches. pauseFit, resumeFit, stepFit and
// stopFit set the run's controls there; calls that would run or change a
// model being fitted are refused, reads see it after its last batch. Go
// runs only while JavaScript waits, so the engine's state is touched by
// one of them at a time; the controls alone are shared with the fit's
// goroutine, under a lock.
//
// Bad input — a wrong type, an array whose length does not match its shape,
// a non-integer or non-positive dimension, a size above the limits, NaN or
// Infinity, an unknown option, a handle that is not a loaded model, a call
// without a handle when there is no default model — rejects with an Error
// saying what was wrong and what is expected, and changes nothing: the
// next valid call works. A training step (of trainStep or fit) that makes
// the loss or a weight NaN or infinite, or whose loss explodes above
// core.ExplodedLoss, is refused with core's message and puts back the
// last weights whose loss did not diverge: core undoes the step, and when
// it was the loss (core.ErrLossDiverged) the step before it is undone too.
//
// Limits: every dimension at most MaxSide (4096), every tensor (argument or
// result) at most MaxElements (2^24) values, one conv2d or pool2d call, and
// one sample of a model's forward pass, at most MaxWork (2^31)
// multiply-adds or window reads (a model above it is refused when it is
// built or loaded), at most MaxModels (16)
// models and MaxParams (2^22) weights in a model createModel builds,
// MaxBatch (4096) samples per trainStep and batch of fit and MaxEvaluate
// (65536) per evaluate or fit given as arrays, MaxEpochs (10,000), and
// MaxDatasets (16) data sets of MaxDatasetBytes (128 MiB) of samples in
// all, so that no call can exhaust memory or freeze the page for long.
//
// The functions keep state only for the loaded models (with each model's
// buffers, training state and running fit) and the data sets.
//
// Every Go source file except this one is built only for GOOS=js GOARCH=wasm.
package api
