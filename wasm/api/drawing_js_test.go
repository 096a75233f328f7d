//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"
	"testing"
)

// drawDigit is JavaScript that draws a stroke on the playground's 280×280
// canvas, shifted by a pixels, and resolves with its ImageData.
const drawDigit = `(() => {
	const c = new OffscreenCanvas(280, 280), g = c.getContext('2d');
	g.lineWidth = 20; g.lineCap = 'round'; g.strokeStyle = '#000';
	g.beginPath(); g.moveTo(80 + a, 90); g.bezierCurveTo(100 + a, 30, 200, 40, 190, 110); g.lineTo(80, 220 - a); g.lineTo(200, 220); g.stroke();
	return Promise.resolve(g.getImageData(0, 0, 280, 280));
})()`

// sameAsSeparateCalls is JavaScript that runs predictDrawing on the
// ImageData b and preprocess then predict on it, and resolves with what
// differs (” when nothing): the one call must give exactly the same
// numbers, laid out as its layout says.
const sameAsSeparateCalls = `(async () => {
	const r = await nn.predictDrawing(b, a), pre = await nn.preprocess(b), p = await nn.predict(pre.input, a);
	const diffs = [];
	const same = (what, x, y) => {
		if (JSON.stringify(x) !== JSON.stringify(y)) diffs.push(what + ': ' + JSON.stringify(x).slice(0, 80) + ' vs ' + JSON.stringify(y).slice(0, 80));
	};
	const part = (l) => Array.from(r.values.subarray(l.offset, l.offset + l.length));
	for (const key of ['empty', 'bbox', 'centerOfMass', 'canvasCenterOfMass', 'shift']) same(key, r[key], pre[key]);
	same('label', r.label, p.label);
	same('image28', part(r.layout.image28), Array.from(pre.image28.data));
	same('image28 shape', r.layout.image28.shape, pre.image28.shape);
	same('input', part(r.layout.input), Array.from(pre.input.data));
	same('input shape', r.layout.input.shape, pre.input.shape);
	same('probs', part(r.layout.probs), Array.from(p.probs));
	same('activation count', r.layout.activations.length, p.activations.length);
	r.layout.activations.forEach((l, i) => {
		const q = p.activations[i];
		same(l.name, [l.name, l.type, l.shape, l.length], [q.name, q.type, q.shape, q.data.length]);
		same(l.name + ' data', part(l), Array.from(q.data));
	});
	const last = r.layout.activations.at(-1);
	same('values length', r.values.length, last.offset + last.length);
	return diffs.join('\n');
})()`

func TestPredictDrawing(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	for _, shift := range []int{0, 30} {
		img := mustCall(t, nn, drawDigit, shift)
		if mustCall(t, nn, "nn.predictDrawing(a)", img).Get("empty").Bool() {
			t.Fatalf("the drawing shifted by %d counts as nothing drawn", shift)
		}
		if d := mustCall(t, nn, sameAsSeparateCalls, js.Null(), img).String(); d != "" {
			t.Errorf("drawing shifted by %d: predictDrawing differs from preprocess + predict:\n%s", shift, d)
		}
	}
	// Nothing drawn is still run, and says so.
	blank := mustCall(t, nn, "Promise.resolve({ data: new Uint8ClampedArray(4 * 280 * 280), width: 280, height: 280 })")
	if !mustCall(t, nn, "nn.predictDrawing(a)", blank).Get("empty").Bool() {
		t.Errorf("a blank canvas is not empty")
	}
	if d := mustCall(t, nn, sameAsSeparateCalls, js.Null(), blank).String(); d != "" {
		t.Errorf("blank canvas: predictDrawing differs from preprocess + predict:\n%s", d)
	}
}

// The layout is one frozen object while the layers stay, and a new one,
// with the new class, after setPooling.
func TestPredictDrawingLayout(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	img := mustCall(t, nn, drawDigit, 0)
	got := mustCall(t, nn, `(async () => {
		const one = (await nn.predictDrawing(a)).layout, two = (await nn.predictDrawing(a)).layout;
		const frozen = [one, one.input, one.image28, one.probs, one.activations, one.activations[0], one.activations[0].shape].every(Object.isFrozen);
		await nn.setPooling('pool1', 'avg');
		const three = (await nn.predictDrawing(a)).layout;
		return [one === two, frozen, three !== two, three.activations[1].type, two.activations[1].type].join(' ');
	})()`, img).String()
	if want := "true true true AvgPool2D MaxPool2D"; got != want {
		t.Errorf("same layout, frozen, new after setPooling, pool1's type after and before = %q, want %q", got, want)
	}
}

// A model that takes the 28×28 image gets it; a model that takes neither
// image is refused with a message that says what would do.
func TestPredictDrawingInputs(t *testing.T) {
	nn := newAPI(t)
	img := mustCall(t, nn, drawDigit, 0)
	h := mustCall(t, nn, `nn.createModel({ inputShape: [28, 28, 1], layers: [
		{ class_name: 'Conv2D', config: { filters: 3, kernel_size: 3, activation: 'relu' } },
		{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 10, activation: 'softmax' } }] })`).Get("handle").Int()
	got := mustCall(t, nn, `(async () => {
		const r = await nn.predictDrawing(b, a), pre = await nn.preprocess(b), p = await nn.predict(pre.image28, a);
		const probs = r.values.subarray(r.layout.probs.offset, r.layout.probs.offset + r.layout.probs.length);
		return JSON.stringify(Array.from(probs)) === JSON.stringify(Array.from(p.probs)) && r.label === p.label;
	})()`, h, img)
	if !got.Bool() {
		t.Errorf("a 28×28×1 model: predictDrawing's probabilities differ from predict on preprocess's image28")
	}
	small := mustCall(t, nn, `nn.createModel({ inputShape: [8, 8, 1], layers: [{ class_name: 'Flatten' }] })`).Get("handle").Int()
	wantReject(t, nn, fmt.Sprintf("nn.predictDrawing({ data: new Uint8ClampedArray(16), width: 2, height: 2 }, %d)", small), "predictDrawing: predictDrawing needs a model whose input is the preprocessing's 32×32×1 input or its 28×28×1 image; this model's input is 8×8×1")
}

func TestPredictDrawingBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	checkBadCalls(t, nn, "nn.predictDrawing({ data: new Uint8ClampedArray(16), width: 2, height: 2 })", []badCall{
		bad("nn.predictDrawing()", "predictDrawing: imageData must be an ImageData or {data, width, height}, got undefined"),
		bad("nn.predictDrawing({ data: new Uint8ClampedArray(10), width: 2, height: 2 })", "predictDrawing: imageData.data has 10 bytes but a 2×2 image needs 2×2×4 = 16"),
		bad("nn.predictDrawing({ data: new Float32Array(4), width: 2, height: 2 })", "predictDrawing: imageData.data must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got Float32Array(4)"),
		bad("nn.predictDrawing({ data: new Uint8ClampedArray(16), width: 2, height: 2 }, 99)", "predictDrawing: handle 99 is not a loaded model"),
	})
	wantReject(t, newAPI(t), "nn.predictDrawing({ data: new Uint8ClampedArray(16), width: 2, height: 2 })", "predictDrawing: no model loaded")
}
