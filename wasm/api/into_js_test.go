//go:build js && wasm

package api

import (
	"fmt"
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// With options.into, predict writes every activation and then probs into
// the lent Float32Array — at its own offset in its buffer — and returns a
// result whose arrays are views of it: the same numbers as core's, the same
// result object while the same memory is lent, and a new one for other
// memory or after the layers changed (setPooling).
func TestPredictInto(t *testing.T) {
	m, doc := seedModel(t)
	nn := newLoaded(t, doc)
	total := lentLength(t, m)
	// The lent array starts 3 values into a larger buffer, whose values
	// outside it must stay as they were.
	lent := mustCall(t, nn, "Promise.resolve(new Float32Array(a + 5).fill(-7).subarray(3, 3 + a))", total)
	var first js.Value
	for i, shift := range []int{0, 4, 9} {
		in := digitInput(shift)
		want, err := m.PredictAll(in)
		if err != nil {
			t.Fatal(err)
		}
		_, label, _ := m.Predict(in)
		r := mustCall(t, nn, "nn.predict(a, undefined, { into: b })", bridge.Float32Array(in), lent)
		if i == 0 {
			first = r
		} else if !r.Equal(first) {
			t.Errorf("shift %d: lending the same array gave another result object", shift)
		}
		if r.Get("label").Int() != label {
			t.Errorf("shift %d: label = %d, want %d", shift, r.Get("label").Int(), label)
		}
		acts := r.Get("activations")
		off := 3
		for j, w := range want {
			a := acts.Index(j)
			data := a.Get("data")
			if !data.Get("buffer").Equal(lent.Get("buffer")) || data.Get("byteOffset").Int() != 4*off {
				t.Errorf("shift %d: activation %d is not the lent array's values from %d", shift, j, off)
			}
			if a.Get("name").String() != w.Name || a.Get("type").String() != w.Class || !slices.Equal(floats(t, data), w.Data) {
				t.Errorf("shift %d: activation %d (%s) differs from core", shift, j, w.Name)
			}
			off += len(w.Data)
		}
		if probs := floats(t, r.Get("probs")); !slices.Equal(probs, want[len(want)-1].Data) || r.Get("probs").Get("byteOffset").Int() != 4*off {
			t.Errorf("shift %d: probs = %v at byte %d, want %v at %d", shift, probs, r.Get("probs").Get("byteOffset").Int(), want[len(want)-1].Data, 4*off)
		}
	}
	whole := floats(t, mustCall(t, nn, "Promise.resolve(new Float32Array(a.buffer))", lent))
	if got := append(whole[:3:3], whole[3+total:]...); !slices.Equal(got, []float32{-7, -7, -7, -7, -7}) {
		t.Errorf("the values around the lent array changed: %v", got)
	}
	// A result without into stays the caller's alone.
	own := mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(0)))
	conv1 := floats(t, own.Get("activations").Index(0).Get("data"))
	mustCall(t, nn, "nn.predict(a, undefined, { into: b })", bridge.Float32Array(digitInput(9)), lent)
	if !slices.Equal(floats(t, own.Get("activations").Index(0).Get("data")), conv1) {
		t.Errorf("a call with into changed a result made without it")
	}
	// Lending that result's own buffer back makes its arrays the next call's.
	again := mustCall(t, nn, "nn.predict(a, undefined, { into: new Float32Array(b.probs.buffer) })", bridge.Float32Array(digitInput(9)), own)
	if !again.Get("activations").Index(0).Get("data").Get("buffer").Equal(own.Get("probs").Get("buffer")) ||
		slices.Equal(floats(t, own.Get("activations").Index(0).Get("data")), conv1) {
		t.Errorf("lending a result's own buffer did not write the next result into it")
	}
	mustCall(t, nn, "nn.setPooling('pool1', 'avg')")
	after := mustCall(t, nn, "nn.predict(a, undefined, { into: b })", bridge.Float32Array(digitInput(0)), lent)
	if after.Equal(first) || after.Get("activations").Index(1).Get("type").String() != "AvgPool2D" {
		t.Errorf("after setPooling the lent array's result still describes the old layers")
	}
}

// lentLength is the length of predict's into for m: every activation, then probs.
func lentLength(t *testing.T, m *core.Model) int {
	outs, err := m.PredictAll(digitInput(0))
	if err != nil {
		t.Fatal(err)
	}
	n := len(outs[len(outs)-1].Data)
	for _, o := range outs {
		n += len(o.Data)
	}
	return n
}

func TestPredictIntoBadInput(t *testing.T) {
	m, doc := seedModel(t)
	nn := newLoaded(t, doc)
	n := lentLength(t, m)
	in := "new Float32Array(1024)"
	for code, want := range map[string]string{
		"nn.predict(" + in + ", undefined, { into: new Float32Array(5) })":                     fmt.Sprintf("predict: options.into must be a Float32Array of %d values, got Float32Array(5) (every activation, then probs: %d values for this model)", n, n),
		fmt.Sprintf("nn.predict(%s, undefined, { into: new Float64Array(%d) })", in, n):        fmt.Sprintf("predict: options.into must be a Float32Array, got Float64Array(%d)", n),
		"nn.predict(" + in + ", undefined, { int: new Float32Array(5) })":                      `predict: unknown option "int" (did you mean "into"?)`,
		"nn.predict(" + in + ", undefined, 7)":                                                 "predict: options must be an object {into}, got 7",
		"nn.predictDrawing(new ImageData(280, 280), undefined, { into: [1, 2] })":              "predictDrawing: options.into must be a Float32Array",
		"nn.predictDrawing(new ImageData(280, 280), undefined, { into: new Float32Array(3) })": "predictDrawing: options.into must be a Float32Array of",
	} {
		wantReject(t, nn, code, want)
	}
	// A refused into leaves the engine as it was.
	if r := mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(0))); r.Get("probs").Length() != 10 {
		t.Errorf("predict after refused options: probs has %d values", r.Get("probs").Length())
	}
}

// predictDrawing with into gives the numbers of a call without it, in a
// view of the lent array, the same view while the same array is lent.
func TestPredictDrawingInto(t *testing.T) {
	_, doc := seedModel(t)
	nn := newLoaded(t, doc)
	img := mustCall(t, nn, drawDigit, 0)
	got := mustCall(t, nn, `(async () => {
		const plain = await nn.predictDrawing(a);
		const into = new Float32Array(plain.values.length);
		const one = await nn.predictDrawing(a, undefined, { into });
		const two = await nn.predictDrawing(a, undefined, { into });
		return [
			JSON.stringify(Array.from(one.values)) === JSON.stringify(Array.from(plain.values)),
			one.values.buffer === into.buffer, one.values === two.values, one.label === plain.label,
			one.layout === plain.layout,
		].join(' ');
	})()`, img).String()
	if want := "true true true true true"; got != want {
		t.Errorf("same values, a view of into, the same view, same label, same layout = %q, want %q", got, want)
	}
}
