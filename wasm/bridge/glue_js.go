//go:build js && wasm

package bridge

import (
	"sync"
	"syscall/js"
)

// glue holds WebAssembly functions (see module_js.go) that read the
// caller's typed arrays and objects on every call, answering with numbers
// where Go would otherwise receive a JavaScript string or object — a
// toStringTag, an ArrayBuffer, an array of keys — only to compare or pass
// it on, each at the cost of a finalizer:
//
//	(func (export "kind") (param $v externref) (param $tags externref) (result i32)
//	  (call $indexOf (local.get $tags) (call $tagOf (local.get $v))))
//	(func (export "view") (param $v externref) (param $ctor externref) (result externref)
//	  (call $construct (local.get $ctor)
//	    (call $of (call $bufferOf (local.get $v)) (call $byteOffsetOf (local.get $v)) (call $lengthOf (local.get $v)))))
//	(func (export "bytes") (param $v externref) (param $ctor externref) (result externref)
//	  ;; view, with the byte length for the length
//	(func (export "sameBuffer") (param $v externref) (param $buf externref) (result i32)
//	  (call $is (call $bufferOf (local.get $v)) (local.get $buf)))
//	(func (export "keyCount") (param $v externref) (param $length externref) (result f64)
//	  (call $get (call $keys (local.get $v)) (local.get $length)))
//
// The imports are the built-ins themselves, taken with intrinsics: the
// typed-array getters bound as functions of their receiver
// (Function.prototype.call.bind), Array.prototype.indexOf likewise,
// Array.of, Reflect.construct, Object.is, Object.keys, Reflect.get.
// Numbers cross as f64, exactly.
var glue = sync.OnceValue(newGlue)

// glueFuncs are glue's functions; ok is false where WebAssembly lacks
// externref (browsers before 2021), which then take the Go paths.
type glueFuncs struct {
	ok                                      bool
	kind, view, bytes, sameBuffer, keyCount js.Value
	tags                                    js.Value // the known kinds' tags, then undefined: kind of a value that is no typed array
}

func newGlue() (g glueFuncs) {
	defer func() {
		if recover() != nil {
			g.ok = false
		}
	}()
	const (
		fTagOf, fIndexOf, fBufferOf, fByteOffsetOf, fLengthOf, fByteLengthOf = 0, 1, 2, 3, 4, 5
		fOf, fConstruct, fIs, fKeys, fGet                                    = 6, 7, 8, 9, 10
		v, other                                                             = 0, 1
	)
	in := intrinsics
	call := js.Global().Get("Function").Get("prototype").Get("call")
	bound := func(fn js.Value) js.Value { return call.Call("bind", fn) }
	reflect := js.Global().Get("Reflect")
	ext, f64, i32 := []byte{wExtern}, []byte{wF64}, []byte{wI32}
	imports := []wasmFunc{
		{name: "tagOf", params: ext, results: ext, fn: bound(in.typedArrayTag)},
		{name: "indexOf", params: []byte{wExtern, wExtern}, results: i32, fn: bound(jsArray.Get("prototype").Get("indexOf"))},
		{name: "bufferOf", params: ext, results: ext, fn: bound(in.typedArrayBuffer)},
		{name: "byteOffsetOf", params: ext, results: f64, fn: bound(in.typedArrayByteOffset)},
		{name: "lengthOf", params: ext, results: f64, fn: bound(in.typedArrayLength)},
		{name: "byteLengthOf", params: ext, results: f64, fn: bound(in.typedArrayByteLength)},
		{name: "of", params: []byte{wExtern, wF64, wF64}, results: ext, fn: jsArray.Get("of")},
		{name: "construct", params: []byte{wExtern, wExtern}, results: ext, fn: reflect.Get("construct")},
		{name: "is", params: []byte{wExtern, wExtern}, results: i32, fn: jsObject.Get("is")},
		{name: "keys", params: ext, results: ext, fn: in.keys},
		{name: "get", params: []byte{wExtern, wExtern}, results: f64, fn: in.get},
	}
	view := func(length byte) []byte {
		return []byte{wLocalGet, other,
			wLocalGet, v, wCall, fBufferOf, wLocalGet, v, wCall, fByteOffsetOf, wLocalGet, v, wCall, length,
			wCall, fOf, wCall, fConstruct}
	}
	pair := []byte{wExtern, wExtern}
	exports := []wasmFunc{
		{name: "kind", params: pair, results: i32, code: []byte{wLocalGet, other, wLocalGet, v, wCall, fTagOf, wCall, fIndexOf}},
		{name: "view", params: pair, results: ext, code: view(fLengthOf)},
		{name: "bytes", params: pair, results: ext, code: view(fByteLengthOf)},
		{name: "sameBuffer", params: pair, results: i32, code: []byte{wLocalGet, v, wCall, fBufferOf, wLocalGet, other, wCall, fIs}},
		{name: "keyCount", params: pair, results: f64, code: []byte{wLocalGet, v, wCall, fKeys, wLocalGet, other, wCall, fGet}},
	}
	for i := range exports {
		exports[i].locals = []byte{0}
	}
	e := instantiate(imports, exports)
	g.kind, g.view, g.bytes, g.sameBuffer, g.keyCount = e.Get("kind"), e.Get("view"), e.Get("bytes"), e.Get("sameBuffer"), e.Get("keyCount")
	tags := make([]any, 0, len(in.typedArrays)+1)
	for _, k := range in.typedArrays {
		tags = append(tags, k.tag)
	}
	g.tags = js.ValueOf(append(tags, js.Undefined()))
	g.ok = true
	return g
}
