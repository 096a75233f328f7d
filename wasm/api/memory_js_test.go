//go:build js && wasm

package api

import (
	"runtime"
	"testing"

	"github.com/svertka/svertka/wasm/bridge"
)

// The memory profiler is linked into test binaries (not into the engine)
// and allocates its 1.4 MB bucket table at its first sample, at a random
// moment of a test; it would look like growth.
func init() { runtime.MemProfileRate = 0 }

// TestPredictMemoryIsStable runs predict 10,000 times, the way the
// playground does while a person draws, and checks that the wasm memory
// does not grow after a warm-up: the per-call buffers are reused and the
// JavaScript values each call creates are collected.
func TestPredictMemoryIsStable(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	// Each call sees a slightly different input and returns every
	// activation; the loop awaits each result like a page does.
	const loop = `(async () => {
		let labels = 0;
		for (let i = 0; i < b; i++) {
			a[(i * 37) % a.length] = (i % 7) / 7;
			const r = await nn.predict(a);
			labels += r.label + r.activations.length;
		}
		return labels;
	})()`
	input := bridge.Float32Array(digitInput(0))
	// The warm-up lets the runtime reach its steady state: heap size, GC
	// metadata and the blocks that queue finalizers between collections.
	mustCall(t, nn, loop, input, 2000)
	runtime.GC()
	before := bridge.MemoryBytes()
	const calls = 10000
	n := mustCall(t, nn, loop, input, calls).Int()
	after := bridge.MemoryBytes()
	if n < 8*calls {
		t.Fatalf("the loop saw %d labels+activations, want at least %d: not every call returned", n, 8*calls)
	}
	t.Logf("wasm memory %d bytes before and %d after %d predict calls", before, after, calls)
	if after != before {
		t.Errorf("wasm memory grew from %d to %d bytes over %d predict calls", before, after, calls)
	}
}
