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

// smallDrawing is JavaScript that resolves with the ImageData of a short
// stroke on a 64×64 canvas.
const smallDrawing = `(() => {
	const c = new OffscreenCanvas(64, 64), g = c.getContext('2d');
	g.lineWidth = 5; g.lineCap = 'round'; g.strokeStyle = '#000';
	g.beginPath(); g.moveTo(20, 10); g.lineTo(40, 50); g.stroke();
	return Promise.resolve(g.getImageData(0, 0, 64, 64));
})()`

// TestPredictMemoryIsStable runs predict, and predictDrawing on a canvas,
// in rounds of 10,000 calls, the way the playground does while a person
// draws, and checks that the wasm memory stops growing: the per-call
// buffers are reused and the JavaScript values each call creates are
// collected. A leak grows the memory in every round. The runtime's own
// bookkeeping outside the heap (GC work buffers) may still take a page
// once, thousands of calls in and at a moment that depends on when
// collections happen, so the first rounds count as warm-up and the test
// asks for one later round that leaves the memory exactly as it was.
func TestPredictMemoryIsStable(t *testing.T) {
	_, doc := seedModel(t)
	// Each call sees a slightly different input and returns every
	// activation; the loop awaits each result like a page does.
	for _, c := range []struct {
		name, input string
		arg         any // a in input
		loop        string
	}{
		{"predict", "Promise.resolve(a)", bridge.Float32Array(digitInput(0)), `(async () => {
			let labels = 0;
			for (let i = 0; i < b; i++) {
				a[(i * 37) % a.length] = (i % 7) / 7;
				const r = await nn.predict(a);
				labels += r.label + r.activations.length;
			}
			return labels;
		})()`},
		// Lending the first result's buffer back: nothing new in either
		// memory per call, and Go's few values per call still released.
		{"predict into", "Promise.resolve(a)", bridge.Float32Array(digitInput(0)), `(async () => {
			let labels = 0, into;
			for (let i = 0; i < b; i++) {
				a[(i * 37) % a.length] = (i % 7) / 7;
				const r = await nn.predict(a, undefined, into && { into });
				into ??= new Float32Array(r.probs.buffer);
				labels += r.label + r.activations.length;
			}
			return labels;
		})()`},
		// A small canvas: copying the playground's 280×280 pixels into
		// the engine would take most of the time and test nothing more.
		{"predictDrawing", smallDrawing, nil, `(async () => {
			let labels = 0;
			for (let i = 0; i < b; i++) {
				a.data[(i * 4 * 37 + 3) % a.data.length] = (i % 7) * 36;
				const r = await nn.predictDrawing(a);
				labels += r.label + r.layout.activations.length;
			}
			return labels;
		})()`},
	} {
		t.Run(c.name, func(t *testing.T) {
			nn := newLoaded(t, doc)
			input := mustCall(t, nn, c.input, c.arg)
			const calls, rounds = 10000, 5
			var growth []int
			for round := 0; round < rounds; round++ {
				runtime.GC()
				before := bridge.MemoryBytes()
				n := mustCall(t, nn, c.loop, input, calls).Int()
				runtime.GC()
				after := bridge.MemoryBytes()
				if n < 8*calls {
					t.Fatalf("the loop saw %d labels+activations, want at least %d: not every call returned", n, 8*calls)
				}
				t.Logf("round %d: wasm memory %d bytes before and %d after %d calls", round, before, after, calls)
				if round > 0 && after == before {
					return
				}
				growth = append(growth, after-before)
			}
			t.Errorf("wasm memory grew in every round of %d calls (bytes per round: %v): a leak", calls, growth)
		})
	}
}

// TestCallAllocations bounds the Go allocations of predict and
// predictDrawing, the calls a page makes per frame. Nearly every one is a
// JavaScript value that Go holds: syscall/js gives each a finalizer, whose
// registration walks the finalizers already in its memory span, and which
// calls into JavaScript when it runs — several microseconds per value, so
// a handful of them costs as much as a layer of the engine's math. Their
// number is fixed, whatever the number of layers: Go holds no activation's
// object or Float32Array (bridge.Float32Packer.SetViews). The into option
// costs about 6 more, most of them the bridge's copy of the options object
// (plain_js.go), and saves a new ArrayBuffer per call, which costs more.
func TestCallAllocations(t *testing.T) {
	m, doc := seedModel(t)
	layers := len(m.Layers())
	for _, c := range []struct {
		name, input string
		arg         any
		call        string
		most        int
	}{
		{"predict", "Promise.resolve(a)", bridge.Float32Array(digitInput(0)), "nn.predict(a)", 19},
		{"predictDrawing", smallDrawing, nil, "nn.predictDrawing(a)", 30},
		{"predict into", "Promise.resolve(a)", bridge.Float32Array(digitInput(0)), "nn.predict(a, undefined, a.into && { into: a.into }).then((r) => { a.into ??= new Float32Array(r.probs.buffer); })", 25},
	} {
		t.Run(c.name, func(t *testing.T) {
			nn := newLoaded(t, doc)
			input := mustCall(t, nn, c.input, c.arg)
			loop := `(async () => { for (let i = 0; i < b; i++) await ` + c.call + `; })()`
			mustCall(t, nn, loop, input, 10)
			const calls = 200
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			mustCall(t, nn, loop, input, calls)
			runtime.ReadMemStats(&after)
			// Rounded down: the loop's own call and its wait allocate a
			// few times in all.
			per := int(after.Mallocs-before.Mallocs) / calls
			t.Logf("%d Go allocations per call (%d layers)", per, layers)
			if per > c.most {
				t.Errorf("%d Go allocations per call, want at most %d: each JavaScript value Go holds costs a finalizer", per, c.most)
			}
		})
	}
}
