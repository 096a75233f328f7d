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
// loadModel returns in the model's summary. The model loaded last is the
// default. The calls that predate handles (modelSummary, layerWeights,
// setPooling, predict, layerSteps) take an optional handle as their last
// argument and use the default without one; the others (disposeModel,
// getWeights, setWeights, exportModel, trainStep, evaluate) take it first.
//
// Bad input — a wrong type, an array whose length does not match its shape,
// a non-integer or non-positive dimension, a size above the limits, NaN or
// Infinity, an unknown option, a handle that is not a loaded model, a call
// without a handle when there is no default model — rejects with an Error
// saying what was wrong and what is expected, and changes nothing: the
// next valid call works. A training step that makes the loss or a weight
// NaN or infinite is refused and puts back the last weights that gave a
// finite loss.
//
// Limits: every dimension at most MaxSide (4096), every tensor (argument or
// result) at most MaxElements (2^26) values, one conv2d or pool2d call at
// most MaxWork (2^31) multiply-adds or window reads, at most MaxModels (16)
// models, MaxBatch (4096) samples per trainStep and MaxEvaluate (65536) per
// evaluate, so that no call can exhaust memory or freeze the page for long.
//
// The functions keep state only for the loaded models (with each model's
// buffers and training state); they are called one at a time from the
// JavaScript event loop.
//
// Every Go source file except this one is built only for GOOS=js GOARCH=wasm.
package api
