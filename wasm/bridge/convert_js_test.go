//go:build js && wasm

package bridge

import (
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"syscall/js"
	"testing"
	"unsafe"
)

func TestFloat32sCopiesTheViewedBytes(t *testing.T) {
	// A subarray starts inside its buffer: only its own elements are copied.
	v := jsEval("new Float32Array([9, 1.5, -2, 3e-8, 9]).subarray(1, 4)")
	got, err := Float32s("input", v, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1.5, -2, 3e-8}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	// A large enough dst is reused, a small one replaced.
	dst := make([]float32, 8)
	got, _ = Float32s("input", v, dst)
	if unsafe.SliceData(got) != unsafe.SliceData(dst) || len(got) != 3 {
		t.Errorf("Float32s did not reuse a large enough dst")
	}
	got, _ = Float32s("input", jsEval("new Float32Array(20)"), dst)
	if len(got) != 20 {
		t.Errorf("len = %d, want 20", len(got))
	}
	// NaN and signed zero cross unchanged (bit copy, no number conversion).
	got, _ = Float32s("input", jsEval("new Float32Array([NaN, -0, Infinity])"), nil)
	if !math.IsNaN(float64(got[0])) || !math.Signbit(float64(got[1])) || !math.IsInf(float64(got[2]), 1) {
		t.Errorf("special values = %v", got)
	}
}

func TestFloat32sRejectsOtherTypes(t *testing.T) {
	for expr, want := range map[string]string{
		"[1, 2, 3]":                "input must be a Float32Array, got [1,2,3]",
		"new Float64Array(4)":      "input must be a Float32Array, got Float64Array(4)",
		"new Uint8Array(4).buffer": "input must be a Float32Array, got ArrayBuffer(4 bytes)",
		"undefined":                "input must be a Float32Array, got undefined",
		"'1,2,3'":                  `input must be a Float32Array, got "1,2,3"`,
	} {
		_, err := Float32s("input", jsEval(expr), nil)
		if err == nil || err.Error() != want {
			t.Errorf("Float32s(%s) error = %v, want %q", expr, err, want)
		}
	}
}

func TestFloat32ArrayRoundTrip(t *testing.T) {
	data := []float32{0, 1, -1.25, 1e30, float32(math.Inf(-1))}
	v := Float32Array(data)
	if !v.InstanceOf(jsFloat32Array) || v.Length() != len(data) {
		t.Fatalf("got %s, want a Float32Array(%d)", Describe(v), len(data))
	}
	for i, want := range data {
		if got := float32(v.Index(i).Float()); got != want {
			t.Errorf("[%d] = %v, want %v", i, got, want)
		}
	}
	if empty := Float32Array(nil); empty.Length() != 0 {
		t.Errorf("Float32Array(nil) has length %d", empty.Length())
	}
}

func TestFloat32PackerGivesCallerOwnedArrays(t *testing.T) {
	var p Float32Packer
	first := p.Pack([][]float32{{1, 2, 3}, {}, {4}})
	a, b, c := first[0], first[1], first[2]
	if Describe(a) != "Float32Array(3)" || Describe(b) != "Float32Array(0)" || Describe(c) != "Float32Array(1)" {
		t.Fatalf("packed %s %s %s", Describe(a), Describe(b), Describe(c))
	}
	if !a.Get("buffer").Equal(c.Get("buffer")) {
		t.Errorf("parts of one Pack should share one ArrayBuffer")
	}
	if a.Index(2).Int() != 3 || c.Index(0).Int() != 4 {
		t.Errorf("packed values wrong: a[2]=%s c[0]=%s", Describe(a.Index(2)), Describe(c.Index(0)))
	}
	// A later Pack (reusing the staging buffer) must leave earlier arrays alone.
	p.Pack([][]float32{{7, 7, 7, 7, 7}})
	if a.Index(0).Int() != 1 || a.Index(2).Int() != 3 || c.Index(0).Int() != 4 {
		t.Errorf("a later Pack changed an earlier result")
	}
}

func TestBytes(t *testing.T) {
	for _, expr := range []string{
		"new Uint8Array([1, 2, 255])",
		"new Uint8ClampedArray([1, 2, 255])",
		"new Uint8Array([1, 2, 255]).buffer",
		"new Uint8Array([0, 1, 2, 255]).subarray(1)",
	} {
		got, err := Bytes("doc", jsEval(expr), nil)
		if err != nil || string(got) != "\x01\x02\xff" {
			t.Errorf("Bytes(%s) = %v, %v", expr, got, err)
		}
	}
	_, err := Bytes("doc", jsEval("new Int8Array(2)"), nil)
	if err == nil || err.Error() != "doc must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got Int8Array(2)" {
		t.Errorf("Bytes(Int8Array) error = %v", err)
	}
}

func TestScalars(t *testing.T) {
	if n, err := Int("filter", js.ValueOf(7)); err != nil || n != 7 {
		t.Errorf("Int(7) = %d, %v", n, err)
	}
	if n, err := Int("filter", js.ValueOf(-3)); err != nil || n != -3 {
		t.Errorf("Int(-3) = %d, %v", n, err)
	}
	if s, err := String("mode", js.ValueOf("max")); err != nil || s != "max" {
		t.Errorf("String(max) = %q, %v", s, err)
	}
	if ns, err := Ints("shape", jsEval("[32, 32, 1]")); err != nil || len(ns) != 3 || ns[0] != 32 || ns[2] != 1 {
		t.Errorf("Ints([32,32,1]) = %v, %v", ns, err)
	}
	for _, c := range []struct {
		f    func(js.Value) error
		expr string
		want string
	}{
		{intErr, "3.5", "n must be an integer, got 3.5"},
		{intErr, "NaN", "n must be an integer, got NaN"},
		{intErr, "2 ** 60", "n must be an integer, got 1152921504606847000"},
		{intErr, "'3'", `n must be an integer, got "3"`},
		{floatErr, "Infinity", "x must be a finite number, got Infinity"},
		{floatErr, "null", "x must be a number, got null"},
		{stringErr, "3", "s must be a string, got 3"},
		{intsErr, "[3, 3.5]", "shape must be an array of integers, got [3,3.5]"},
		{intsErr, "new Int32Array(3)", "shape must be an array of integers, got Int32Array(3)"},
		{intsErr, "new Array(65).fill(1)", "shape must be an array of integers, got [1,1,1,1,1,1,1,1,…]"},
	} {
		if err := c.f(jsEval(c.expr)); err == nil || err.Error() != c.want {
			t.Errorf("%s: error = %v, want %q", c.expr, err, c.want)
		}
	}
}

func intErr(v js.Value) error    { _, err := Int("n", v); return err }
func floatErr(v js.Value) error  { _, err := Float("x", v); return err }
func stringErr(v js.Value) error { _, err := String("s", v); return err }
func intsErr(v js.Value) error   { _, err := Ints("shape", v); return err }

func TestDescribe(t *testing.T) {
	for expr, want := range map[string]string{
		"undefined":                 "undefined",
		"null":                      "null",
		"true":                      "true",
		"3":                         "3",
		"-0.25":                     "-0.25",
		"-Infinity":                 "-Infinity",
		"'same'":                    `"same"`,
		"'x'.repeat(50)":            `"` + strings.Repeat("x", 40) + `…"`,
		"[3, 3, 1]":                 "[3,3,1]",
		"[[1, 1], [2, 'a']]":        `[[1,1],[2,"a"]]`,
		"[[[1]]]":                   "[[[…]]]",
		"[1,2,3,4,5,6,7,8,9]":       "[1,2,3,4,5,6,7,8,…]",
		"new Uint8ClampedArray(16)": "Uint8ClampedArray(16)",
		"new ArrayBuffer(8)":        "ArrayBuffer(8 bytes)",
		"new Map()":                 "a Map",
		"{ input: 1, shape: 2 }":    "an object {input, shape}",
		"Object.create(null)":       "an object {}",
		"() => 1":                   "a function",
		"Symbol('s')":               "a symbol",
	} {
		if got := Describe(jsEval(expr)); got != want {
			t.Errorf("Describe(%s) = %s, want %s", expr, got, want)
		}
	}
}

func TestMemoryBytes(t *testing.T) {
	before := MemoryBytes()
	if before <= 0 || before%wasmPageSize != 0 {
		t.Fatalf("MemoryBytes() = %d, want a positive multiple of 64 KiB", before)
	}
	big := make([]byte, 64<<20) // more than the heap can have free, so memory grows
	big[len(big)-1] = 1
	if after := MemoryBytes(); after < before+len(big) {
		t.Errorf("after a 64 MiB allocation MemoryBytes() = %d, was %d", after, before)
	}
	_ = big[len(big)-1]
}

func TestIntData(t *testing.T) {
	for _, expr := range []string{
		"[3, 0, 9, -2]",
		"new Int32Array([3, 0, 9, -2])",
		"new Int8Array([3, 0, 9, -2])",
		"new Int16Array([3, 0, 9, -2])",
	} {
		got, err := IntData("labels", jsEval(expr), nil)
		if err != nil || !slices.Equal(got, []int{3, 0, 9, -2}) {
			t.Errorf("IntData(%s) = %v, %v", expr, got, err)
		}
	}
	for _, expr := range []string{"new Uint8Array([3, 0, 255])", "new Uint8ClampedArray([3, 0, 255])", "new Uint16Array([3, 0, 255])", "new Uint32Array([3, 0, 255])"} {
		got, err := IntData("labels", jsEval(expr), nil)
		if err != nil || !slices.Equal(got, []int{3, 0, 255}) {
			t.Errorf("IntData(%s) = %v, %v", expr, got, err)
		}
	}
	// Beyond int32: Uint32Array and large safe integers stay exact.
	if got, err := IntData("ids", jsEval("[2 ** 40, 4294967295]"), nil); err != nil || !slices.Equal(got, []int{1 << 40, 1<<32 - 1}) {
		t.Errorf("large integers = %v, %v", got, err)
	}
	// A large enough dst is reused; an empty array gives an empty slice.
	dst := make([]int, 8)
	got, _ := IntData("labels", jsEval("[1, 2]"), dst)
	if unsafe.SliceData(got) != unsafe.SliceData(dst) || len(got) != 2 {
		t.Errorf("IntData did not reuse a large enough dst")
	}
	if got, err := IntData("labels", jsEval("[]"), nil); err != nil || len(got) != 0 {
		t.Errorf("IntData([]) = %v, %v", got, err)
	}
	if n, err := IntDataLength("labels", jsEval("new Uint8Array(300)")); err != nil || n != 300 {
		t.Errorf("IntDataLength = %d, %v", n, err)
	}
}

func TestIntDataRejects(t *testing.T) {
	const want = "labels must be an Int32Array, a Uint8Array (or another integer typed array) or an array of integers, got "
	for expr, msg := range map[string]string{
		"new Float32Array(3)":     want + "Float32Array(3)",
		"new Float64Array(3)":     want + "Float64Array(3)",
		"new BigInt64Array(3)":    want + "BigInt64Array(3)",
		"undefined":               want + "undefined",
		"3":                       want + "3",
		"'0123'":                  want + `"0123"`,
		"{ length: 2 }":           want + "an object {length}",
		"[1, 2.5, 3]":             "labels[1] must be an integer, got 2.5",
		"[1, '2', 3]":             `labels[1] must be an integer, got "2"`,
		"[0, 1, null]":            "labels[2] must be an integer, got null",
		"[0, true]":               "labels[1] must be an integer, got true",
		"[NaN]":                   "labels[0] must be an integer, got NaN",
		"[0, Infinity]":           "labels[1] must be an integer, got Infinity",
		"[1, , 3]":                "labels[1] must be an integer, got undefined",
		"[0, 2 ** 60]":            "labels[1] must be an integer, got 1152921504606847000",
		"[0, [1]]":                "labels[1] must be an integer, got [1]",
		"new Array(3).fill(1.5)":  "labels[0] must be an integer, got 1.5",
		"[0, 1, 2, 3, 4, 5, -.5]": "labels[6] must be an integer, got -0.5",
	} {
		_, err := IntData("labels", jsEval(expr), nil)
		if err == nil || err.Error() != msg {
			t.Errorf("IntData(%s) error = %v, want %q", expr, err, msg)
		}
	}
}

func TestReader(t *testing.T) {
	// A subarray, read in small and large pieces.
	v := jsEval("new Uint8Array(Array.from({ length: 300 }, (_, i) => i % 256)).subarray(10)")
	r, err := NewReader("file", v)
	if err != nil || r.Len() != 290 {
		t.Fatalf("NewReader: %v, Len %d", err, r.Len())
	}
	small := make([]byte, 7)
	if n, err := r.Read(small); n != 7 || err != nil || small[0] != 10 || small[6] != 16 {
		t.Fatalf("Read(7) = %d, %v: %v", n, err, small)
	}
	rest, err := io.ReadAll(r)
	if err != nil || len(rest) != 283 || rest[0] != 17 || rest[282] != (299%256) {
		t.Errorf("ReadAll: %d bytes, %v", len(rest), err)
	}
	if n, err := r.Read(small); n != 0 || err != io.EOF {
		t.Errorf("Read at the end = %d, %v", n, err)
	}
	if r, err := NewReader("file", jsEval("new Uint8Array([1, 2]).buffer")); err != nil || r.Len() != 2 {
		t.Errorf("an ArrayBuffer: %v", err)
	}
	if _, err := NewReader("file", jsEval("new Int16Array(2)")); err == nil || err.Error() != "file must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got Int16Array(2)" {
		t.Errorf("an Int16Array: %v", err)
	}
	if IsBytes(jsEval("[1, 2]")) || !IsBytes(jsEval("new Uint8ClampedArray(1)")) {
		t.Error("IsBytes is wrong")
	}
}

func TestCopiesIntoReusedStorageForceNoCollection(t *testing.T) {
	// A page hands the engine its 280×280 canvas on every pen move; the
	// bridge reads it into the same Go buffer each time. That leaves no
	// garbage, so it must not force a collection (one every 16 MB crossed).
	pixels := jsEval("new Uint8ClampedArray(280 * 280 * 4)")
	floats := jsEval("new Float32Array(280 * 280)")
	var b []byte
	var f []float32
	b, _ = Bytes("pixels", pixels, b)
	f, _ = Float32s("input", floats, f)
	collectIfDue()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 200 { // 2 × 62 MB: several collections if these counted
		b, _ = Bytes("pixels", pixels, b)
		f, _ = Float32s("input", floats, f)
		collectIfDue()
	}
	runtime.ReadMemStats(&after)
	if n := after.NumForcedGC - before.NumForcedGC; n != 0 {
		t.Errorf("%d forced collections over 200 copies into reused buffers, want 0", n)
	}
	// Copies into fresh storage still count: the same copies, each into a
	// new buffer, force collections.
	for range 200 {
		Bytes("pixels", pixels, nil)
		collectIfDue()
	}
	runtime.ReadMemStats(&after)
	if after.NumForcedGC == before.NumForcedGC {
		t.Errorf("no forced collection over 200 copies of 313 KB into fresh buffers")
	}
}
