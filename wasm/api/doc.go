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
// Bad input — a wrong type, an array whose length does not match its shape,
// a non-integer or non-positive dimension, a size above the limits, NaN or
// Infinity, an unknown option, a call that needs a model before one is
// loaded — rejects with an Error saying what was wrong and what is
// expected, and changes nothing: the next valid call works.
//
// Limits: every dimension at most MaxSide (4096), every tensor (argument or
// result) at most MaxElements (2^26) values, and one conv2d or pool2d call at
// most MaxWork (2^31) multiply-adds or window reads, so that no call can
// exhaust memory or freeze the page for long.
//
// The functions keep state only for the loaded model; they are called one at
// a time from the JavaScript event loop.
//
// Every Go source file except this one is built only for GOOS=js GOARCH=wasm.
package api
