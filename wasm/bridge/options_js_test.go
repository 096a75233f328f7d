//go:build js && wasm

package bridge

import "testing"

var convKeys = []string{"input", "shape", "strides", "padding", "dilation"}

func TestOptionsReadsFields(t *testing.T) {
	o := NewOptions("options", jsEval("({ input: new Float32Array([1, 2]), padding: 'same', strides: 2, dilation: null })"), convKeys...)
	in := o.Float32s("input", nil)
	pad := o.String("padding", "valid")
	strides := o.Int("strides", 1)
	dil := o.Int("dilation", 1) // null counts as absent
	if err := o.Err(); err != nil {
		t.Fatal(err)
	}
	if len(in) != 2 || pad != "same" || strides != 2 || dil != 1 {
		t.Errorf("got input %v padding %q strides %d dilation %d", in, pad, strides, dil)
	}
	if err := NewOptions("options", jsEval("Object.assign(Object.create(null), { padding: 'same' })"), convKeys...).Err(); err != nil {
		t.Errorf("a prototype-less object: %v", err)
	}
	if o.Has("shape") || o.Has("dilation") || !o.Has("padding") {
		t.Errorf("Has: shape %v dilation %v padding %v", o.Has("shape"), o.Has("dilation"), o.Has("padding"))
	}
}

func TestOptionsErrors(t *testing.T) {
	for expr, want := range map[string]string{
		"[1, 2]":                "options must be an object {input, shape, strides, padding, dilation}, got [1,2]",
		"new Float32Array(2)":   "options must be an object {input, shape, strides, padding, dilation}, got Float32Array(2)",
		"undefined":             "options must be an object {input, shape, strides, padding, dilation}, got undefined",
		"new Map()":             "options must be an object {input, shape, strides, padding, dilation}, got a Map",
		"({ stride: 2 })":       `unknown option "stride" (did you mean "strides"?)`,
		"({ Padding: 'same' })": `unknown option "Padding" (did you mean "padding"?)`,
		"({ dilations: 2 })":    `unknown option "dilations" (did you mean "dilation"?)`,
		"({ kernel: 2 })":       `unknown option "kernel"; the options are input, shape, strides, padding, dilation`,
	} {
		o := NewOptions("options", jsEval(expr), convKeys...)
		if err := o.Err(); err == nil || err.Error() != want {
			t.Errorf("NewOptions(%s) error = %v, want %q", expr, err, want)
		}
	}
}

func TestOptionsErrorSticks(t *testing.T) {
	o := NewOptions("options", jsEval("({ strides: 'two', padding: 3 })"), convKeys...)
	if !o.Require("strides", "a number") {
		t.Fatal("Require(strides) = false for a present field")
	}
	o.Int("strides", 1)
	o.String("padding", "valid") // also wrong, but the first error is the one reported
	if o.Float32s("input", nil) != nil || o.Has("padding") || !o.Value("padding").IsUndefined() {
		t.Errorf("getters after an error should return zero values")
	}
	if err := o.Err(); err == nil || err.Error() != `strides must be an integer, got "two"` {
		t.Errorf("Err() = %v", err)
	}

	o = NewOptions("options", jsEval("({})"), convKeys...)
	o.Float32s("input", nil)
	if err := o.Err(); err == nil || err.Error() != `missing option "input" (a Float32Array)` {
		t.Errorf("missing input: Err() = %v", err)
	}
}

func TestClosest(t *testing.T) {
	keys := []string{"strides", "padding", "dilation", "kernelShape", "filter"}
	for name, want := range map[string]string{
		"stride":        "strides",
		"padd":          "padding",
		"kernelshape":   "kernelShape",
		"KERNELSHAPE":   "kernelShape",
		"filters":       "filter",
		"dilation_rate": "dilation",
		"pad":           "padding",
		"size":          "",
		"x":             "",
		"bias":          "",
	} {
		if got := closest(name, keys); got != want {
			t.Errorf("closest(%q) = %q, want %q", name, got, want)
		}
	}
	if d := editDistance("kitten", "sitting"); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", d)
	}
}

func TestOptionsFloat(t *testing.T) {
	o := NewOptions("optimizer", jsEval("({ learningRate: 0.25, momentum: null })"), "learningRate", "momentum")
	lr, momentum := o.Float("learningRate", 1), o.Float("momentum", 0.5) // null counts as absent
	if err := o.Err(); err != nil || lr != 0.25 || momentum != 0.5 {
		t.Errorf("learningRate %v, momentum %v, Err() = %v", lr, momentum, err)
	}
	for expr, want := range map[string]string{
		"({ learningRate: NaN })":       "learningRate must be a finite number, got NaN",
		"({ learningRate: '0.1' })":     `learningRate must be a number, got "0.1"`,
		"({ learningRate: [0.1] })":     "learningRate must be a number, got [0.1]",
		"({ learningRate: -Infinity })": "learningRate must be a finite number, got -Infinity",
	} {
		o := NewOptions("optimizer", jsEval(expr), "learningRate")
		if f := o.Float("learningRate", 1); f != 0 || o.Err() == nil || o.Err().Error() != want {
			t.Errorf("%s: Float = %v, Err() = %v, want %q", expr, f, o.Err(), want)
		}
	}
}
