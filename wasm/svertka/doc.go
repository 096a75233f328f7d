//go:build js && wasm

// Command svertka is the playground engine: it registers the Svertka API
// (package api) on a new JavaScript object, hands that object to the page,
// and keeps running so its functions stay callable.
//
// Build it with GOOS=js GOARCH=wasm into svertka.wasm and load it with
// site/svertka.js, which names the ready callback in the SVERTKA_READY
// environment variable:
//
//	const nn = await Svertka.load({ wasmURL: 'svertka.wasm', execURL: 'wasm_exec.js' });
//
// The API is documented in wasm/API.md.
package main
