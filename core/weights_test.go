package core

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestWeightsAreLiveInModelOrder(t *testing.T) {
	m := seedNet(t)
	ws := m.Weights()
	want := []struct {
		layer, name string
		shape       []int
	}{
		{"conv1", "kernel", []int{5, 5, 1, 10}}, {"conv1", "bias", []int{10}},
		{"conv2", "kernel", []int{5, 5, 10, 30}}, {"conv2", "bias", []int{30}},
		{"dense", "kernel", []int{1920, 10}}, {"dense", "bias", []int{10}},
	}
	if len(ws) != len(want) {
		t.Fatalf("%d weights, want %d", len(ws), len(want))
	}
	for i, w := range want {
		g := ws[i]
		if g.Layer != w.layer || g.Name != w.name || !equalInts(g.Shape, w.shape) || len(g.Data) != numElements(w.shape) || !g.Trainable {
			t.Errorf("weight %d = %s/%s %v (%d values, trainable %v), want %s/%s %v", i, g.Layer, g.Name, g.Shape, len(g.Data), g.Trainable, w.layer, w.name, w.shape)
		}
	}
	// Data is the live kernel; Shape is a copy.
	l, _ := m.Layer("dense")
	if &ws[4].Data[0] != &l.(Weighted).Kernel().Data[0] {
		t.Errorf("Weights()[4].Data is not the dense layer's live kernel")
	}
	ws[0].Shape[0] = 99
	if m.Weights()[0].Shape[0] != 5 {
		t.Errorf("changing a returned shape changed the model")
	}
}

// numbered returns the model's weights as new slices holding 0.001·k for
// the k-th value over all weights.
func numbered(m *Model) []Weight {
	ws := m.Weights()
	k := 0
	for i := range ws {
		ws[i].Data = make([]float32, len(ws[i].Data))
		for j := range ws[i].Data {
			ws[i].Data[j] = 0.001 * float32(k%1000)
			k++
		}
	}
	return ws
}

func TestSetWeights(t *testing.T) {
	m := seedNet(t)
	ws := numbered(m)
	// Any order works: give them reversed.
	rev := make([]Weight, len(ws))
	for i, w := range ws {
		rev[len(ws)-1-i] = w
	}
	if err := m.SetWeights(rev); err != nil {
		t.Fatal(err)
	}
	for i, got := range m.Weights() {
		assertExact(t, got.Layer+"/"+got.Name, got.Data, ws[i].Data)
	}
	// The copy is a copy: changing the argument afterwards changes nothing.
	ws[0].Data[0] = 42
	if m.Weights()[0].Data[0] == 42 {
		t.Errorf("SetWeights kept the caller's slice")
	}
	// A round trip through the model file keeps them.
	doc, err := EncodeModel(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeModel(doc)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range back.Weights() {
		assertExact(t, w.Layer+"/"+w.Name, w.Data, m.Weights()[i].Data)
	}
}

func TestSetWeightsErrorsChangeNothing(t *testing.T) {
	m := seedNet(t)
	before := m.Weights()
	snapshot := make([][]float32, len(before))
	for i, w := range before {
		snapshot[i] = append([]float32(nil), w.Data...)
	}
	edit := func(f func(ws []Weight) []Weight) []Weight { return f(numbered(m)) }
	for _, c := range []struct {
		name string
		ws   []Weight
		msg  string
	}{
		{"missing", edit(func(ws []Weight) []Weight { return ws[:5] }), "dense/bias is missing"},
		{"none", nil, "conv1/kernel is missing"},
		{"twice", edit(func(ws []Weight) []Weight { return append(ws, ws[1]) }), "conv1/bias appears twice"},
		{"unknown layer", edit(func(ws []Weight) []Weight {
			return append(ws, Weight{Layer: "conv3", Name: "kernel", Shape: []int{1}, Data: []float32{0}})
		}), "conv3/kernel belongs to no layer parameter"},
		{"unknown name", edit(func(ws []Weight) []Weight {
			return append(ws, Weight{Layer: "pool1", Name: "kernel", Shape: []int{1}, Data: []float32{0}})
		}), "pool1/kernel belongs to no layer parameter"},
		{"shape", edit(func(ws []Weight) []Weight { ws[2].Shape = []int{5, 5, 30, 10}; return ws }),
			"conv2/kernel has shape (5, 5, 30, 10), the layer needs (5, 5, 10, 30)"},
		{"length", edit(func(ws []Weight) []Weight { ws[5].Data = ws[5].Data[:9]; return ws }),
			"dense/bias has 9 values, its shape (10,) needs 10"},
		// The last weight is bad, so every earlier one would have been written
		// by a loop that checks as it goes.
		{"NaN", edit(func(ws []Weight) []Weight { ws[5].Data[3] = float32(math.NaN()); return ws }), "dense/bias: value 3 is NaN"},
		{"Inf", edit(func(ws []Weight) []Weight { ws[4].Data[7] = float32(math.Inf(-1)); return ws }), "dense/kernel: value 7 is -Inf"},
	} {
		err := m.SetWeights(c.ws)
		if !errors.Is(err, ErrInput) || err.Error() != c.msg {
			t.Errorf("%s: got %v, want %q", c.name, err, c.msg)
		}
		for i, w := range m.Weights() {
			assertExact(t, fmt.Sprintf("%s: weight %d after the error", c.name, i), w.Data, snapshot[i])
		}
	}
}
