//go:build js && wasm

package api

import (
	"testing"

	"github.com/svertka/svertka/wasm/bridge"
)

// BenchmarkPredictCall is one predict call of the seed network as a page
// makes it, awaited, result objects and arrays included: the engine and
// the bridge.
func BenchmarkPredictCall(b *testing.B) {
	benchCall(b, "Promise.resolve(a)", bridge.Float32Array(digitInput(0)), "nn.predict(a)")
}

// BenchmarkPredictDrawingCall is the playground's call per pen move on a
// 280×280 canvas.
func BenchmarkPredictDrawingCall(b *testing.B) { benchCall(b, drawDigit, 0, "nn.predictDrawing(a)") }

// benchCall makes the input with JavaScript input (given arg as a), then
// times b.N awaited calls of call in one JavaScript loop.
func benchCall(b *testing.B, input string, arg any, call string) {
	_, doc := seedModel(b)
	nn := newAPI(b)
	mustCall(b, nn, "nn.loadModel(a)", doc)
	x := mustCall(b, nn, input, arg)
	loop := `(async () => { for (let i = 0; i < b; i++) await ` + call + `; })()`
	mustCall(b, nn, loop, x, 10)
	b.ReportAllocs()
	b.ResetTimer()
	mustCall(b, nn, loop, x, b.N)
}
