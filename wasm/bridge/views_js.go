//go:build js && wasm

package bridge

import (
	"sync"
	"syscall/js"
)

// Every JavaScript object that Go receives becomes a js.Value with a
// finalizer, and registering one walks the finalizers already in its
// memory span: several microseconds each, as much as a small layer of the
// engine's math. A result with a Float32Array per layer would take two per
// layer — the view and the object it is stored in — if Go stored each view
// itself. setViews stores them all in one call instead, from JavaScript,
// and Go sees none of them.
//
// Built-in functions cannot loop over two arrays at once, and the site's
// Content-Security-Policy allows no eval, but it allows WebAssembly (the
// engine is one): the loop is a WebAssembly function of a few bytes that
// calls built-ins, imported below, on externref values.

// setViewsModule is, in the WebAssembly text format:
//
//	(import "js" "get" (func $get (param externref i32) (result externref)))          ;; Reflect.get
//	(import "js" "geti" (func $geti (param externref i32) (result i32)))              ;; Reflect.get
//	(import "js" "of" (func $of (param externref i32 i32) (result externref)))        ;; Array.of
//	(import "js" "construct" (func $new (param externref) (result externref)))        ;; new Float32Array(...args)
//	(import "js" "set" (func $set (param externref externref externref)))             ;; Reflect.set
//	(func (export "setViews") (param $objs externref) (param $key externref)
//	      (param $buffer externref) (param $bounds externref) (param $n i32)
//	  (local $i i32) (local $begin i32) (local $end i32)
//	  (block (loop
//	    (br_if 1 (i32.ge_s (local.get $i) (local.get $n)))
//	    (local.set $begin (call $geti (local.get $bounds) (local.get $i)))
//	    (local.set $end (call $geti (local.get $bounds) (i32.add (local.get $i) (i32.const 1))))
//	    (call $set (call $get (local.get $objs) (local.get $i)) (local.get $key)
//	      (call $new (call $of (local.get $buffer) (i32.mul (local.get $begin) (i32.const 4))
//	                           (i32.sub (local.get $end) (local.get $begin)))))
//	    (local.set $i (i32.add (local.get $i) (i32.const 1)))
//	    (br 0))))
func setViewsModule() (imports, exports []wasmFunc) {
	const (
		objs, key, buffer, bounds, n, i, begin, last = 0, 1, 2, 3, 4, 5, 6, 7
		fGet, fGeti, fOf, fNew, fSet                 = 0, 1, 2, 3, 4
	)
	g := js.Global()
	imports = []wasmFunc{
		{name: "get", params: []byte{wExtern, wI32}, results: []byte{wExtern}, fn: g.Get("Reflect").Get("get")},
		{name: "geti", params: []byte{wExtern, wI32}, results: []byte{wI32}, fn: g.Get("Reflect").Get("get")},
		{name: "of", params: []byte{wExtern, wI32, wI32}, results: []byte{wExtern}, fn: jsArray.Get("of")},
		{name: "construct", params: []byte{wExtern}, results: []byte{wExtern}, fn: g.Get("Reflect").Get("construct").Call("bind", nil, jsFloat32Array)},
		{name: "set", params: []byte{wExtern, wExtern, wExtern}, fn: g.Get("Reflect").Get("set")},
	}
	code := []byte{
		wBlock, 0x40, wLoop, 0x40,
		wLocalGet, i, wLocalGet, n, wI32GeS, wBrIf, 1,
		wLocalGet, bounds, wLocalGet, i, wCall, fGeti, wLocalSet, begin,
		wLocalGet, bounds, wLocalGet, i, wI32Const, 1, wI32Add, wCall, fGeti, wLocalSet, last,
		wLocalGet, objs, wLocalGet, i, wCall, fGet,
		wLocalGet, key,
		wLocalGet, buffer, wLocalGet, begin, wI32Const, 4, wI32Mul, wLocalGet, last, wLocalGet, begin, wI32Sub, wCall, fOf, wCall, fNew,
		wCall, fSet,
		wLocalGet, i, wI32Const, 1, wI32Add, wLocalSet, i,
		wBr, 0,
		wEnd, wEnd,
	}
	exports = []wasmFunc{{name: "setViews", params: []byte{wExtern, wExtern, wExtern, wExtern, wI32},
		locals: []byte{1, 3, wI32}, code: code}} // locals i, begin, end
	return imports, exports
}

// setViewsFunc returns the module's setViews, instantiated at the first
// call, or undefined where WebAssembly has no externref (browsers before
// 2021), which then take setViewsGo.
var setViewsFunc = sync.OnceValue(func() (f js.Value) {
	defer func() {
		if recover() != nil {
			f = js.Undefined()
		}
	}()
	return instantiate(setViewsModule()).Get("setViews")
})

// setViews sets property key of objs[j], a JavaScript Array, to a new
// Float32Array of buffer's elements bounds[j] to bounds[j+1], for j < n.
// keyJS is key as a JavaScript string and boundsJS the bounds as an Array
// of numbers, both kept by the caller from call to call.
func setViews(objs js.Value, key string, keyJS, buffer js.Value, bounds []int, boundsJS js.Value, n int) {
	if f := setViewsFunc(); !f.IsUndefined() {
		f.Invoke(objs, keyJS, buffer, boundsJS, n)
		return
	}
	setViewsGo(objs, key, buffer, bounds, n)
}

// setViewsGo is setViews made from Go, a view and an object at a time.
func setViewsGo(objs js.Value, key string, buffer js.Value, bounds []int, n int) {
	for j := range n {
		objs.Index(j).Set(key, jsFloat32Array.New(buffer, 4*bounds[j], bounds[j+1]-bounds[j]))
	}
}
