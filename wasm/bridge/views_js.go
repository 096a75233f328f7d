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
func setViewsModule() []byte {
	const (
		ext, i32          = 0x6f, 0x7f
		block, loop, end  = 0x02, 0x03, 0x0b
		br, brIf, call    = 0x0c, 0x0d, 0x10
		get, set, i32c    = 0x20, 0x21, 0x41
		geS, add, sub, mu = 0x4e, 0x6a, 0x6b, 0x6c
	)
	const (
		objs, key, buffer, bounds, n, i, begin, last = 0, 1, 2, 3, 4, 5, 6, 7
		fGet, fGeti, fOf, fNew, fSet                 = 0, 1, 2, 3, 4
	)
	vec := func(items ...[]byte) []byte {
		out := []byte{byte(len(items))}
		for _, it := range items {
			out = append(out, it...)
		}
		return out
	}
	section := func(id byte, content []byte) []byte {
		return append([]byte{id, byte(len(content))}, content...)
	}
	name := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	fn := func(params []byte, results ...byte) []byte {
		t := append([]byte{0x60, byte(len(params))}, params...)
		return append(append(t, byte(len(results))), results...)
	}
	imp := func(field string, typ byte) []byte {
		return append(append(name("js"), name(field)...), 0x00, typ)
	}
	body := []byte{
		1, 3, i32, // locals i, begin, end
		block, 0x40, loop, 0x40,
		get, i, get, n, geS, brIf, 1,
		get, bounds, get, i, call, fGeti, set, begin,
		get, bounds, get, i, i32c, 1, add, call, fGeti, set, last,
		get, objs, get, i, call, fGet,
		get, key,
		get, buffer, get, begin, i32c, 4, mu, get, last, get, begin, sub, call, fOf, call, fNew,
		call, fSet,
		get, i, i32c, 1, add, set, i,
		br, 0,
		end, end, end,
	}
	m := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	m = append(m, section(1, vec(
		fn([]byte{ext, i32}, ext),
		fn([]byte{ext, i32}, i32),
		fn([]byte{ext, i32, i32}, ext),
		fn([]byte{ext}, ext),
		fn([]byte{ext, ext, ext}),
		fn([]byte{ext, ext, ext, ext, i32}),
	))...)
	m = append(m, section(2, vec(imp("get", 0), imp("geti", 1), imp("of", 2), imp("construct", 3), imp("set", 4)))...)
	m = append(m, section(3, vec([]byte{5}))...)
	m = append(m, section(7, vec(append(name("setViews"), 0x00, 5)))...)
	m = append(m, section(10, vec(append([]byte{byte(len(body))}, body...)))...)
	return m
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
	g := js.Global()
	wasm := g.Get("WebAssembly")
	bin := setViewsModule()
	code := jsUint8Array.New(len(bin))
	js.CopyBytesToJS(code, bin)
	imports := jsObject.New()
	imports.Set("js", map[string]any{
		"get":       g.Get("Reflect").Get("get"),
		"geti":      g.Get("Reflect").Get("get"),
		"of":        jsArray.Get("of"),
		"construct": g.Get("Reflect").Get("construct").Call("bind", nil, jsFloat32Array),
		"set":       g.Get("Reflect").Get("set"),
	})
	// Synchronous compilation: the module is far below the 4 KB a page's
	// thread may compile that way.
	module := wasm.Get("Module").New(code)
	return wasm.Get("Instance").New(module, imports).Get("exports").Get("setViews")
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
