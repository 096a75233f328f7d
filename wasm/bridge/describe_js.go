//go:build js && wasm

package bridge

import (
	"math"
	"strconv"
	"strings"
	"syscall/js"
)

// Describe renders a JavaScript value briefly for error messages, the way a
// person would write it: 3, "same", [3,3,1], Float64Array(9), null. Long
// strings and arrays are cut short.
func Describe(v js.Value) string {
	return describe(v, 0)
}

const (
	describeMaxItems = 8  // array elements shown before "…"
	describeMaxChars = 40 // string characters (UTF-16 units) shown before "…"
	describeMaxDepth = 2  // nested arrays shown before "[…]"
)

func describe(v js.Value, depth int) string {
	switch v.Type() {
	case js.TypeUndefined:
		return "undefined"
	case js.TypeNull:
		return "null"
	case js.TypeBoolean:
		return strconv.FormatBool(v.Bool())
	case js.TypeNumber:
		return formatNumber(v.Float())
	case js.TypeString:
		if StringLength(v) <= describeMaxChars {
			return strconv.Quote(v.String())
		}
		// Copy only the start of a long string (it may be megabytes).
		s := jsString.New(v).Call("slice", 0, describeMaxChars).String()
		return strconv.Quote(s + "…")
	case js.TypeSymbol:
		return "a symbol"
	case js.TypeFunction:
		return "a function"
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
	case jsArrayBuffer.Call("isView", v).Bool():
		return constructorName(v) + "(" + strconv.Itoa(v.Get("length").Int()) + ")"
	case v.InstanceOf(jsArrayBuffer):
		return "ArrayBuffer(" + strconv.Itoa(v.Get("byteLength").Int()) + " bytes)"
	}
	if name := constructorName(v); name != "" && name != "Object" {
		return "a " + name
	}
	keys := jsObject.Call("keys", v)
	n := keys.Length()
	names := make([]string, 0, min(n, describeMaxItems)+1)
	for i := 0; i < n && i < describeMaxItems; i++ {
		names = append(names, keys.Index(i).String())
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

func constructorName(v js.Value) string {
	c := v.Get("constructor")
	if c.Type() != js.TypeFunction {
		return ""
	}
	name := c.Get("name")
	if name.Type() != js.TypeString {
		return ""
	}
	return name.String()
}

var jsArrayBuffer = js.Global().Get("ArrayBuffer")
