//go:build js && wasm

package bridge

import (
	"syscall/js"
)

// Built-in JavaScript functions cannot be composed without eval, which the
// site's Content-Security-Policy forbids, but they can be imported into a
// WebAssembly module of a few bytes (the engine is one, so WebAssembly is
// allowed) whose functions pass externref values from one to the next.
// JavaScript values that stay inside such a function never become a
// js.Value: no finalizer, no call across the boundary (see views_js.go).

// WebAssembly value types and the instructions the modules here use.
const (
	wExtern, wI32, wF64                = 0x6f, 0x7f, 0x7c
	wBlock, wLoop, wEnd                = 0x02, 0x03, 0x0b
	wBr, wBrIf, wCall                  = 0x0c, 0x0d, 0x10
	wLocalGet, wLocalSet, wI32Const    = 0x20, 0x21, 0x41
	wI32GeS, wI32Add, wI32Sub, wI32Mul = 0x4e, 0x6a, 0x6b, 0x6c
)

// wasmFunc is a function of a module: an import from "js" (fn set, code
// nil) or an exported function (code set).
type wasmFunc struct {
	name            string
	params, results []byte
	fn              js.Value // an import: the JavaScript function
	locals, code    []byte   // an export: its encoded locals vector and its instructions, without the final end
}

// instantiate compiles the module made of imports (functions 0, 1, …)
// and exports (the functions after them) and returns its exports object.
// It panics where WebAssembly lacks a feature the module needs (externref
// before 2021).
func instantiate(imports, exports []wasmFunc) js.Value {
	var types, imps, funcs, exps, codes [][]byte
	for _, f := range append(append([]wasmFunc(nil), imports...), exports...) {
		t := append(append([]byte{0x60}, wasmVec(f.params)...), wasmVec(f.results)...)
		types = append(types, t)
	}
	jsImports := jsObject.New()
	for i, f := range imports {
		imps = append(imps, append(append(append(wasmName("js"), wasmName(f.name)...), 0x00), uleb(uint32(i))...))
		jsImports.Set(f.name, f.fn)
	}
	for i, f := range exports {
		at := uleb(uint32(len(imports) + i))
		funcs = append(funcs, uleb(uint32(len(imports)+i)))
		exps = append(exps, append(append(wasmName(f.name), 0x00), at...))
		body := append(append(append([]byte(nil), f.locals...), f.code...), wEnd)
		codes = append(codes, append(uleb(uint32(len(body))), body...))
	}
	m := []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}
	for _, s := range []struct {
		id    byte
		items [][]byte
	}{{1, types}, {2, imps}, {3, funcs}, {7, exps}, {10, codes}} {
		content := uleb(uint32(len(s.items)))
		for _, it := range s.items {
			content = append(content, it...)
		}
		m = append(append(append(m, s.id), uleb(uint32(len(content)))...), content...)
	}
	code := jsUint8Array.New(len(m))
	js.CopyBytesToJS(code, m)
	wasm := js.Global().Get("WebAssembly")
	importObj := jsObject.New()
	importObj.Set("js", jsImports)
	// Synchronous compilation: these modules are far below the 4 KB a
	// page's thread may compile that way.
	module := wasm.Get("Module").New(code)
	return wasm.Get("Instance").New(module, importObj).Get("exports")
}

// wasmVec encodes the value types ts as a vector.
func wasmVec(ts []byte) []byte { return append(uleb(uint32(len(ts))), ts...) }

// wasmName encodes s as a name.
func wasmName(s string) []byte { return append(uleb(uint32(len(s))), s...) }

// uleb encodes n as unsigned LEB128.
func uleb(n uint32) []byte {
	var b []byte
	for {
		c := byte(n & 0x7f)
		n >>= 7
		if n == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}
