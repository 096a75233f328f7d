//go:build js && wasm

package api

import (
	"runtime"
	"testing"

	"github.com/svertka/svertka/wasm/bridge"
)

// The findings of issue 16's fuzzing of the JavaScript API, each kept as a
// regression test: none may kill the runtime or reject as an internal
// error, and the valid call after each still works.

func TestHostileArgumentsToModelCalls(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	checkBadCalls(t, nn, "nn.predict(new Float32Array(1024))", []badCall{
		// A JavaScript exception while Go read an argument killed the runtime.
		bad("nn.predict(new Proxy(new Float32Array(1024), {}))", "predict: input must be a Float32Array of 32×32×1 = 1024 values or {data, shape}, got a Proxy of a Float32Array (pass the array itself)"),
		bad("nn.predict({ data: new Float32Array(1024), get shape() { throw new Error('x') } })", `predict: reading argument 1 (at shape) threw "Error: x"`),
		bad("nn.layerWeights({ get constructor() { throw new Error('x') } })", `layerWeights: reading argument 1 (at constructor) threw "Error: x"`),
		bad("(() => { const r = Proxy.revocable({}, {}); r.revoke(); return nn.outputShape(r.proxy, [4, 4, 1]); })()", "outputShape: reading argument 1 threw", "revoked"),
		bad("(() => { const u = new Uint8Array(8); Object.defineProperty(u, 'byteLength', { get() { throw new Error('x') } }); return nn.loadModel(u); })()",
			"loadModel: model file: invalid JSON"),
		// Go panics: "bad type flag", "Value.Int on undefined", "Value.Get on undefined".
		bad("nn.predict(10n)", "predict: argument 1 is a BigInt (10n); the engine takes Numbers"),
		bad("nn.predict(new Float32Array(1024), 1n)", "predict: argument 2 is a BigInt (1n)"),
		bad("nn.layerWeights(new DataView(new ArrayBuffer(4)))", "layerWeights: layerName must be a string, got a DataView"),
		bad("nn.preprocess({ width: 1, height: 1 })", "preprocess: imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got undefined"),
		bad("nn.predict(new BigInt64Array(1024))", "predict: input must be a Float32Array", "got BigInt64Array(1024)"),
		bad("nn.predict(Symbol('x'))", "predict: argument 1 is a symbol"),
		// An option getter that detaches the input's buffer before Go copies it.
		bad("(() => { const x = new Float32Array(1024); return nn.predict({ data: x, get shape() { structuredClone(x.buffer, { transfer: [x.buffer] }); return [32, 32, 1]; } }); })()",
			"predict: argument 1 (at data) was detached while the arguments were read"),
		// Finite inputs so large that the activations overflow.
		bad("nn.predict(new Float32Array(1024).fill(3.4e38))", `predict: the input is too large for the model: the output of layer "conv1" (Conv2D) overflows float32`),
		// A document whose UTF-16 length passes but whose UTF-8 does not.
		bad("nn.loadModel('€'.repeat(12 << 20))", "loadModel: the model document has more than 33554432 bytes of UTF-8, the limit (32 MiB)"),
	})
}

func TestHostileOptions(t *testing.T) {
	nn := newAPI(t)
	checkBadCalls(t, nn, conv(""), []badCall{
		bad(conv("get padding() { throw new Error('x') }"), `conv2d: reading argument 1 (at padding) threw "Error: x"`),
		bad(conv("shape: [3n, 3, 1]"), "conv2d: argument 1 (at shape[0]) is a BigInt (3n)"),
		bad("nn.conv2dSteps(new Proxy({}, { ownKeys() { throw new Error('trap') } }))", `conv2dSteps: reading argument 1 threw "Error: trap"`),
		bad("nn.pool2d({ input: new Proxy(new Float32Array(4), {}), shape: [2, 2, 1], mode: 'max', size: 2 })", "pool2d: input must be a Float32Array, got a Proxy of a Float32Array"),
		bad("nn.explainOutputShape({ type: 'conv2d', get kernelSize() { throw new Error('x') } }, [4, 4, 1])", `explainOutputShape: reading argument 1 (at kernelSize) threw "Error: x"`),
		// An unknown option of 5,000 characters was echoed whole (a 30 MiB one took 20 s).
		bad(conv("['x'.repeat(5000)]: 1"), "conv2d: argument 1 has a key of 5000 characters"),
		bad(conv("['x'.repeat(30 << 20)]: 1"), "conv2d: argument 1 has a key of 31457280 characters"),
		bad(conv("['x'.repeat(100)]: 1"), `conv2d: unknown option "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" (100 characters); the options are`),
		bad(conv("activation: 'r'.repeat(1 << 20)"), "conv2d: activation must be a string of at most 1024 characters", "(1048576 characters)"),
		// Dimensions are limited on every path.
		bad("nn.explainOutputShape({ type: 'dense', units: 4097 }, [16])", "explainOutputShape: units must be between 1 and 4096, got 4097"),
		bad("nn.explainOutputShape({ class_name: 'Dense', config: { units: 4097 } }, [16])", "explainOutputShape: units must be between 1 and 4096, got 4097"),
		bad("nn.explainOutputShape({ type: 'conv2d', filters: 4097, kernelSize: 1 }, [4, 4, 1])", "explainOutputShape: filters must be between 1 and 4096, got 4097"),
		bad("nn.explainOutputShape({ type: 'conv2d', kernelSize: 4097, padding: 'same' }, [4, 4, 1])", "explainOutputShape: ", "4097", "4096"),
		bad("nn.explainOutputShape({ type: 'conv2d', kernelSize: 1, strides: 4097 }, [4, 4, 1])", "explainOutputShape: ", "4097", "4096"),
		bad("nn.explainOutputShape({ type: 'conv2d', kernelSize: 2, dilation: 4097, padding: 'same' }, [4, 4, 1])", "explainOutputShape: ", "4097", "4096"),
		bad("nn.explainOutputShape({ type: 'pool2d', size: 4097, padding: 'same' }, [4, 4, 1])", "explainOutputShape: ", "4097", "4096"),
		bad("nn.explainOutputShape({ type: 'zero_padding2d', padding: 4097 }, [4, 4, 1])", "explainOutputShape: ", "4097", "4096"),
		bad("nn.explainOutputShape({ type: 'flatten' }, [4097, 1, 1])", "explainOutputShape: inputShape [4097,1,1] has a dimension of 4097, above the limit of 4096"),
	})
}

func TestModelCostIsCheckedWhenBuilt(t *testing.T) {
	nn := newAPI(t)
	// 15.4 G multiply-adds per predict loaded without complaint and froze
	// the page for 14.5 s; now both ways of making a model refuse it.
	wantReject(t, nn, `nn.createModel({ inputShape: [256, 256, 64], layers: [
		{ class_name: 'Conv2D', config: { filters: 64, kernel_size: 1 } },
		{ class_name: 'Conv2D', config: { filters: 64, kernel_size: 3, padding: 'same' } }] })`,
		"createModel: the model needs 2.68 G multiply-adds per sample (conv2d_1 alone 2.42 G), above the limit of 2147483648 (2^31, about 2 s in a browser)")
	mustCall(t, nn, `nn.createModel({ inputShape: [32, 32, 1], layers: [{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 10 } }] })`)
}

// TestHostileCallsLeaveMemoryFlat: after a warm-up round, more rounds of
// hostile and valid calls leave the wasm memory as it was.
func TestHostileCallsLeaveMemoryFlat(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	const loop = `(async () => {
		let ok = 0;
		for (let i = 0; i < b; i++) {
			const tries = [
				() => nn.predict(new Proxy(a, {})),
				() => nn.predict({ data: a, get shape() { throw new Error('x'.repeat(10000)) } }),
				() => nn.predict(10n),
				() => nn.conv2d({ ['k'.repeat(300)]: 1 }),
				() => nn.loadModel('€'.repeat(12 << 20)),
			];
			for (const f of tries) await f().catch(() => {});
			ok += (await nn.predict(a)).label >= 0;
		}
		return ok;
	})()`
	input := bridge.Float32Array(digitInput(0))
	const calls = 20
	for round := 0; round < 4; round++ {
		runtime.GC()
		before := bridge.MemoryBytes()
		if n := mustCall(t, nn, loop, input, calls).Int(); n != calls {
			t.Fatalf("%d of %d valid calls worked", n, calls)
		}
		runtime.GC()
		after := bridge.MemoryBytes()
		t.Logf("round %d: wasm memory %d → %d bytes", round, before, after)
		if round > 0 && after == before {
			return
		}
	}
	t.Errorf("wasm memory grew in every round of hostile calls")
}
