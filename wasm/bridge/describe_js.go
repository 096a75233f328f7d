//go:build js && wasm

package bridge

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"
)

// Describe renders a JavaScript value briefly for error messages, the way a
// person would write it: 3, "same", [3,3,1], Float64Array(9), null, 10n,
// a DataView. Long strings and arrays are cut short. It reads values as a
// call's handler gets them, plain data (see plainArgs); of any other object
// it reads nothing that could run the caller's code.
func Describe(v js.Value) string {
	return describe(v, 0)
}

const (
	describeMaxItems = 8  // array elements shown before "…"
	describeMaxChars = 40 // string characters (UTF-16 units) shown before "…"
	describeMaxDepth = 2  // nested arrays shown before "[…]"
)

func describe(v js.Value, depth int) string {
	t, ok := typeOf(v)
	if !ok {
		return bigintText(v)
	}
	switch t {
	case js.TypeUndefined:
		return "undefined"
	case js.TypeNull:
		return "null"
	case js.TypeBoolean:
		return strconv.FormatBool(v.Bool())
	case js.TypeNumber:
		return formatNumber(v.Float())
	case js.TypeString:
		// Copies only the start of a long string (it may be megabytes).
		return briefString(v)
	case js.TypeSymbol:
		return "a symbol"
	case js.TypeFunction:
		return "a function"
	}
	if what, ok := isStandIn(v); ok {
		return what
	}
	switch {
	case IsArray(v):
		if depth >= describeMaxDepth {
			return "[…]"
		}
		n := v.Length()
		var b strings.Builder
		b.WriteByte('[')
		for i := 0; i < n && i < describeMaxItems; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(describe(v.Index(i), depth+1))
		}
		if n > describeMaxItems {
			b.WriteString(",…")
		}
		b.WriteByte(']')
		return b.String()
	}
	if tag, ok := tryApply(intrinsics.typedArrayTag, v); ok && tag.Type() == js.TypeString {
		n, _ := tryApply(intrinsics.typedArrayLength, v)
		return tag.String() + "(" + strconv.Itoa(n.Int()) + ")"
	}
	if n, ok := tryApply(intrinsics.bufferByteLength, v); ok {
		return "ArrayBuffer(" + strconv.Itoa(n.Int()) + " bytes)"
	}
	if !IsPlainObject(v) {
		return describeOther(v)
	}
	keys := jsObject.Call("keys", v)
	n := keys.Length()
	names := make([]string, 0, min(n, describeMaxItems)+1)
	for i := 0; i < n && i < describeMaxItems; i++ {
		k := keys.Index(i)
		if StringLength(k) > describeMaxChars {
			names = append(names, jsString.New(k).Call("slice", 0, describeMaxChars).String()+"…")
		} else {
			names = append(names, k.String())
		}
	}
	if n > describeMaxItems {
		names = append(names, "…")
	}
	return "an object {" + strings.Join(names, ", ") + "}"
}

// formatNumber writes a number close to how JavaScript prints it: whole
// numbers in full up to 1e21, exponents without leading zeros.
func formatNumber(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e21:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	return strings.NewReplacer("e-0", "e-", "e+0", "e+").Replace(s)
}

var jsArrayBuffer = js.Global().Get("ArrayBuffer")
