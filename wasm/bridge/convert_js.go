//go:build js && wasm

package bridge

import (
	"fmt"
	"io"
	"math"
	"slices"
	"syscall/js"
	"unsafe"
)

// Arg returns args[i], or undefined when the call passed fewer arguments, so
// a missing argument is reported like any other wrong value.
func Arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// IsNullish reports whether v is undefined or null: an omitted optional value.
func IsNullish(v js.Value) bool {
	return v.IsUndefined() || v.IsNull()
}

// IsArray reports whether v is a JavaScript Array (Array.isArray).
func IsArray(v js.Value) bool {
	return jsArray.Call("isArray", v).Bool()
}

// Float returns v as a finite number; name is the argument's name in the error.
func Float(name string, v js.Value) (float64, error) {
	if v.Type() != js.TypeNumber {
		return 0, fmt.Errorf("%s must be a number, got %s", name, Describe(v))
	}
	f := v.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s must be a finite number, got %s", name, Describe(v))
	}
	return f, nil
}

// maxSafeInteger is Number.MAX_SAFE_INTEGER: beyond it JavaScript numbers
// are no longer exact integers.
const maxSafeInteger = 1<<53 - 1

// Int returns v as an integer; fractional numbers are refused, not rounded.
func Int(name string, v js.Value) (int, error) {
	f, err := Float(name, v)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > maxSafeInteger {
		return 0, fmt.Errorf("%s must be an integer, got %s", name, Describe(v))
	}
	return int(f), nil
}

// MaxInts is the longest array Ints accepts. Ints converts element by
// element, which suits shapes and options, never data.
const MaxInts = 64

// Ints returns v, an Array of integers, as a slice.
func Ints(name string, v js.Value) ([]int, error) {
	if !IsArray(v) || v.Length() > MaxInts {
		return nil, fmt.Errorf("%s must be an array of integers, got %s", name, Describe(v))
	}
	out := make([]int, v.Length())
	for i := range out {
		n, err := Int(name, v.Index(i))
		if err != nil {
			return nil, fmt.Errorf("%s must be an array of integers, got %s", name, Describe(v))
		}
		out[i] = n
	}
	return out, nil
}

// MaxString bounds the strings String reads: names, modes and other
// settings, never documents (see StringBytes).
const MaxString = 1024

// String returns v as a Go string of at most MaxString characters; a
// longer one is refused before it is copied.
func String(name string, v js.Value) (string, error) {
	if v.Type() != js.TypeString {
		return "", fmt.Errorf("%s must be a string, got %s", name, Describe(v))
	}
	if n := StringLength(v); n > MaxString {
		return "", fmt.Errorf("%s must be a string of at most %d characters, got %s (%d characters)", name, MaxString, Describe(v), n)
	}
	return v.String(), nil
}

// StringBytes returns the string v as UTF-8 if that takes at most max
// bytes, and false otherwise. A long string's UTF-8 is counted in
// JavaScript, a megabyte at a time, before anything is copied, so a
// refused string costs no wasm memory, and an accepted one is copied
// straight into a slice of its exact size.
func StringBytes(v js.Value, max int) ([]byte, bool) {
	n := StringLength(v) // UTF-16 units: never more than the UTF-8 bytes
	if n > max {
		return nil, false
	}
	if 3*n <= max { // at most three bytes per unit
		b := []byte(v.String())
		cross(2 * len(b)) // the string and its bytes
		return b, true
	}
	s := jsString.New(v)
	total := 0
	eachChunk(s, n, func(part js.Value) bool {
		total += jsTextEncoder.Call("encode", part).Length()
		return total <= max
	})
	if total > max {
		return nil, false
	}
	out := make([]byte, 0, total)
	eachChunk(s, n, func(part js.Value) bool {
		out = append(out, part.String()...)
		return true
	})
	cross(len(out))
	return out, true
}

// eachChunk calls f with the String object s of n units in slices of at
// most stringChunk units, never splitting a surrogate pair, until f
// returns false.
func eachChunk(s js.Value, n int, f func(part js.Value) bool) {
	for off := 0; off < n; {
		end := min(off+stringChunk, n)
		if c := s.Call("charCodeAt", end-1).Int(); end < n && c >= 0xD800 && c < 0xDC00 {
			end--
		}
		if !f(s.Call("slice", off, end)) {
			return
		}
		off = end
	}
}

// stringChunk is the UTF-16 units StringBytes copies at a time.
const stringChunk = 1 << 20

// StringLength returns the length of the string v in UTF-16 code units
// (JavaScript's length) without copying it into Go; for UTF-8 text it is at
// most the byte count. syscall/js cannot read properties of a primitive
// string, so this asks a String wrapper.
func StringLength(v js.Value) int {
	return jsString.New(v).Length()
}

// Float32Length returns the length of the Float32Array v, so a caller can
// check it against a shape before copying anything.
func Float32Length(name string, v js.Value) (int, error) {
	if v.Type() != js.TypeObject || !v.InstanceOf(jsFloat32Array) {
		return 0, fmt.Errorf("%s must be a Float32Array, got %s", name, Describe(v))
	}
	return v.Length(), nil
}

// Float32s copies the Float32Array v into dst, reusing dst's storage when it
// is large enough, and returns the filled slice. The copy is one block copy
// of the array's bytes.
func Float32s(name string, v js.Value, dst []float32) ([]float32, error) {
	n, err := Float32Length(name, v)
	if err != nil {
		return nil, err
	}
	fresh := cap(dst) < n
	dst = grow(dst, n)
	var bytes js.Value
	if g := glue(); g.ok {
		bytes = g.bytes.Invoke(v, jsUint8Array) // the buffer stays in JavaScript
	} else {
		bytes = jsUint8Array.New(intrinsics.apply(intrinsics.typedArrayBuffer, v),
			intrinsics.apply(intrinsics.typedArrayByteOffset, v), 4*n)
	}
	copiedInto(fresh, js.CopyBytesToGo(float32Bytes(dst), bytes))
	return dst, nil
}

// Bytes copies a Uint8Array, Uint8ClampedArray or ArrayBuffer into dst,
// reusing dst's storage when it is large enough.
func Bytes(name string, v js.Value, dst []byte) ([]byte, error) {
	bytes, err := byteView(name, v)
	if err != nil {
		return nil, err
	}
	fresh := cap(dst) < bytes.Length()
	dst = grow(dst, bytes.Length())
	copiedInto(fresh, js.CopyBytesToGo(dst, bytes))
	return dst, nil
}

// IsBytes reports whether v is a Uint8Array, Uint8ClampedArray or
// ArrayBuffer: what Bytes and NewReader take.
func IsBytes(v js.Value) bool {
	_, err := byteView("", v)
	return err == nil
}

// byteView returns a Uint8Array over the bytes of v.
func byteView(name string, v js.Value) (js.Value, error) {
	switch {
	case v.Type() != js.TypeObject:
	case v.InstanceOf(jsUint8Array), v.InstanceOf(jsUint8ClampedArray):
		return v, nil
	case v.InstanceOf(jsArrayBuffer):
		return jsUint8Array.New(v), nil
	}
	return js.Value{}, fmt.Errorf("%s must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got %s", name, Describe(v))
}

// Reader reads the bytes of a Uint8Array, Uint8ClampedArray or ArrayBuffer
// as an io.Reader, copying them into Go as they are read: a large file is
// decoded without a whole copy of it in the Go heap first.
type Reader struct {
	bytes  js.Value
	off, n int
}

// NewReader returns a Reader of v's bytes; name is what v is called in
// the error for another type.
func NewReader(name string, v js.Value) (*Reader, error) {
	bytes, err := byteView(name, v)
	if err != nil {
		return nil, err
	}
	return &Reader{bytes: bytes, n: bytes.Length()}, nil
}

// Len is the number of bytes not yet read.
func (r *Reader) Len() int { return r.n - r.off }

// Read copies the next bytes into p, at most readChunk at a time.
func (r *Reader) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	k := min(len(p), r.n-r.off, readChunk)
	cross(js.CopyBytesToGo(p[:k], r.bytes.Call("subarray", r.off, r.off+k)))
	r.off += k
	return k, nil
}

// readChunk bounds one Read, so that a reader asking for everything at
// once does not double the memory after all.
const readChunk = 1 << 20

// IntDataLength returns the length of v, an Array or an integer typed
// array (Int32Array, Uint8Array, …), so a caller can bound it before
// IntData copies anything.
func IntDataLength(name string, v js.Value) (int, error) {
	if !IsArray(v) && !isIntegerArray(v) {
		return 0, fmt.Errorf("%s must be an Int32Array, a Uint8Array (or another integer typed array) or an array of integers, got %s", name, Describe(v))
	}
	return v.Length(), nil
}

// IntData copies v, an Array of integers or an integer typed array, into
// dst, reusing dst's storage when it is large enough. Unlike Ints it suits
// data such as class labels: JavaScript converts the whole array to a
// Float64Array (exact for every integer typed array and every safe
// integer), which crosses in one block copy.
func IntData(name string, v js.Value, dst []int) ([]int, error) {
	n, err := IntDataLength(name, v)
	if err != nil {
		return nil, err
	}
	// Float64Array would turn "3", true or null into numbers; an Array must
	// hold numbers that are integers.
	if IsArray(v) && !v.Call("every", jsNumberIsInteger).Bool() {
		for i := range n {
			if e := v.Index(i); !jsNumberIsInteger.Invoke(e).Bool() {
				return nil, fmt.Errorf("%s[%d] must be an integer, got %s", name, i, Describe(e))
			}
		}
	}
	f := make([]float64, n)
	if n > 0 {
		bytes := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(f))), 8*n)
		cross(js.CopyBytesToGo(bytes, jsUint8Array.New(jsFloat64Array.New(v).Get("buffer"))))
	}
	dst = grow(dst, n)
	for i, x := range f {
		// every() skips the holes of a sparse Array, which become NaN.
		if x != math.Trunc(x) || math.Abs(x) > maxSafeInteger {
			return nil, fmt.Errorf("%s[%d] must be an integer, got %s", name, i, Describe(v.Index(i)))
		}
		dst[i] = int(x)
	}
	return dst, nil
}

// isIntegerArray reports whether v is a typed array of integers.
func isIntegerArray(v js.Value) bool {
	if v.Type() != js.TypeObject {
		return false
	}
	for _, c := range jsIntegerArrays {
		if v.InstanceOf(c) {
			return true
		}
	}
	return false
}

// Float32Array returns a new Float32Array holding a copy of data.
func Float32Array(data []float32) js.Value {
	bytes := jsUint8Array.New(4 * len(data))
	js.CopyBytesToJS(bytes, float32Bytes(data))
	cross(4 * len(data))
	return jsFloat32Array.New(bytes.Get("buffer"))
}

// Float32Packer copies many float32 slices into new Float32Arrays with a
// single copy across the boundary: the slices are staged in a reused Go
// buffer, copied into one new ArrayBuffer, and each Float32Array is a view
// of its part of that buffer.
type Float32Packer struct {
	staging []byte
	views   []js.Value
	bounds  []int // the parts of the last Buffer: part i is elements bounds[i] to bounds[i+1]
	// For SetViews, kept while they stay the same: the bounds as a
	// JavaScript Array and the property name as a JavaScript string.
	boundsJS   js.Value
	boundsOfJS []int
	shifted    []int // the bounds moved to a lent array's offset (see Lent)
	key        string
	keyJS      js.Value
}

// Pack returns one new Float32Array per part. The arrays belong to the
// caller: later calls never write to them. The returned slice itself is
// reused by the next call.
func (p *Float32Packer) Pack(parts [][]float32) []js.Value {
	buf := p.Buffer(parts)
	p.views = p.views[:0]
	for i := range parts {
		p.views = append(p.views, p.View(buf, i))
	}
	return p.views
}

// Buffer copies the parts, back to back, into one new ArrayBuffer and
// returns it; View and SetViews make the parts' Float32Arrays over it.
func (p *Float32Packer) Buffer(parts [][]float32) js.Value {
	staged := p.stage(parts)
	bytes := jsUint8Array.New(len(staged))
	js.CopyBytesToJS(bytes, staged)
	cross(len(staged))
	return bytes.Get("buffer")
}

// stage copies the parts, back to back, into the reused staging buffer and
// returns its bytes; bounds records where each part lies.
func (p *Float32Packer) stage(parts [][]float32) []byte {
	p.bounds = append(p.bounds[:0], 0)
	for _, part := range parts {
		p.bounds = append(p.bounds, p.bounds[len(p.bounds)-1]+len(part))
	}
	p.staging = grow(p.staging, 4*p.bounds[len(parts)])
	off := 0
	for _, part := range parts {
		off += copy(p.staging[off:], float32Bytes(part))
	}
	return p.staging
}

// View returns a new Float32Array of part i of buf, the buffer of the last
// Buffer call.
func (p *Float32Packer) View(buf js.Value, i int) js.Value {
	return p.viewAt(buf, 0, i)
}

// viewAt is View of part i placed at byte offset at of buf.
func (p *Float32Packer) viewAt(buf js.Value, at, i int) js.Value {
	return jsFloat32Array.New(buf, at+4*p.bounds[i], p.bounds[i+1]-p.bounds[i])
}

// SetViews sets property key of objs[i], a JavaScript Array, to View(buf,
// i) for each i < n, without a js.Value per view or per object (see
// setViews).
func (p *Float32Packer) SetViews(objs js.Value, key string, buf js.Value, n int) {
	p.setViewsAt(objs, key, buf, 0, n)
}

// setViewsAt is SetViews with the parts placed at byte offset at of buf.
func (p *Float32Packer) setViewsAt(objs js.Value, key string, buf js.Value, at, n int) {
	bounds := p.bounds[:n+1]
	if at != 0 {
		p.shifted = p.shifted[:0]
		for _, b := range bounds {
			p.shifted = append(p.shifted, b+at/4)
		}
		bounds = p.shifted
	}
	if !slices.Equal(bounds, p.boundsOfJS) {
		p.boundsOfJS = append(p.boundsOfJS[:0], bounds...)
		list := make([]any, len(p.boundsOfJS))
		for i, b := range p.boundsOfJS {
			list[i] = b
		}
		p.boundsJS = js.ValueOf(list)
	}
	if key != p.key || p.keyJS.IsUndefined() {
		p.key, p.keyJS = key, js.ValueOf(key)
	}
	setViews(objs, key, p.keyJS, buf, bounds, p.boundsJS, n)
}

// float32Bytes views s as its bytes. Both Go on wasm and every browser store
// float32 little-endian, so these bytes are exactly a Float32Array's.
func float32Bytes(s []float32) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), 4*len(s))
}

// grow returns s resliced to length n, reallocated only when too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

var (
	jsArray             = js.Global().Get("Array")
	jsString            = js.Global().Get("String")
	jsFloat32Array      = js.Global().Get("Float32Array")
	jsUint8Array        = js.Global().Get("Uint8Array")
	jsUint8ClampedArray = js.Global().Get("Uint8ClampedArray")
	jsFloat64Array      = js.Global().Get("Float64Array")
	jsTextEncoder       = js.Global().Get("TextEncoder").New()
	jsNumberIsInteger   = js.Global().Get("Number").Get("isInteger")
	jsIntegerArrays     = []js.Value{
		js.Global().Get("Int8Array"), jsUint8Array, jsUint8ClampedArray, js.Global().Get("Int16Array"),
		js.Global().Get("Uint16Array"), js.Global().Get("Int32Array"), js.Global().Get("Uint32Array"),
	}
)
