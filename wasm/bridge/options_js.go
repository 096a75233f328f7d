//go:build js && wasm

package bridge

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"syscall/js"
	"unicode/utf8"
)

// Options reads the fields of a JavaScript options object. The first error
// sticks, as in bufio.Scanner: after it every getter returns the zero value,
// so a function reads all its options and checks Err once.
//
// A field that is undefined or null counts as absent.
type Options struct {
	v   js.Value
	err error
}

// NewOptions checks that v is a plain object (an object literal, not an
// array, typed array or class instance) whose keys are all among keys, and
// returns a reader for it.
// name is what the object is called in errors, e.g. "options" or "layerSpec".
// An unknown key is reported with the closest known one as a suggestion:
// unknown option "stride" (did you mean "strides"?).
func NewOptions(name string, v js.Value, keys ...string) *Options {
	o := &Options{v: v}
	if !IsPlainObject(v) {
		o.err = fmt.Errorf("%s must be an object {%s}, got %s", name, strings.Join(keys, ", "), Describe(v))
		return o
	}
	var n int
	if g := glue(); g.ok {
		n = g.keyCount.Invoke(v, jsKey("length")).Int()
	} else {
		n = intrinsics.keys.Invoke(v).Length()
	}
	// When as many of keys are own enumerable properties as v has, v has
	// no other: checked without bringing each key into Go as a string.
	for _, k := range keys {
		if n > 0 && intrinsics.isEnumerable.Invoke(v, jsKey(k)).Bool() {
			n--
		}
	}
	if n == 0 {
		return o
	}
	own := intrinsics.keys.Invoke(v)
	for i := range own.Length() {
		key := own.Index(i).String()
		if slices.Contains(keys, key) {
			continue
		}
		if guess := closest(key, keys); guess != "" {
			o.err = fmt.Errorf("unknown option %s (did you mean %q?)", QuoteName(key), guess)
		} else {
			o.err = fmt.Errorf("unknown option %s; the options are %s", QuoteName(key), strings.Join(keys, ", "))
		}
		return o
	}
	return o
}

// maxQuoted is the longest name a message quotes whole.
const maxQuoted = 60

// QuoteName quotes a name from the caller for a message: whole when short,
// else its first maxQuoted characters and its length.
func QuoteName(name string) string {
	if utf8.RuneCountInString(name) <= maxQuoted {
		return strconv.Quote(name)
	}
	runes := []rune(name)
	return strconv.Quote(string(runes[:maxQuoted])+"…") + fmt.Sprintf(" (%d characters)", len(runes))
}

// Err returns the first error met, or nil.
func (o *Options) Err() error { return o.err }

// Fail records err unless an earlier error is already recorded.
func (o *Options) Fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

// Has reports whether the field key is present (neither undefined nor null).
func (o *Options) Has(key string) bool {
	return o.err == nil && !IsNullish(Get(o.v, key))
}

// Require records an error unless the field key is present; want says what
// the field should hold, e.g. "a Float32Array".
func (o *Options) Require(key, want string) bool {
	if o.err != nil {
		return false
	}
	if IsNullish(Get(o.v, key)) {
		o.err = fmt.Errorf("missing option %q (%s)", key, want)
		return false
	}
	return true
}

// Value returns the field key, or undefined after an error.
func (o *Options) Value(key string) js.Value {
	if o.err != nil {
		return js.Undefined()
	}
	return Get(o.v, key)
}

// Float32s copies the Float32Array field key into dst (see Float32s).
func (o *Options) Float32s(key string, dst []float32) []float32 {
	if !o.Require(key, "a Float32Array") {
		return nil
	}
	out, err := Float32s(key, Get(o.v, key), dst)
	o.Fail(err)
	return out
}

// String returns the string field key, or def when it is absent.
func (o *Options) String(key, def string) string {
	if !o.Has(key) {
		return def
	}
	s, err := String(key, Get(o.v, key))
	o.Fail(err)
	return s
}

// Float returns the finite number field key, or def when it is absent.
func (o *Options) Float(key string, def float64) float64 {
	if !o.Has(key) {
		return def
	}
	f, err := Float(key, Get(o.v, key))
	o.Fail(err)
	return f
}

// Int returns the integer field key, or def when it is absent.
func (o *Options) Int(key string, def int) int {
	if !o.Has(key) {
		return def
	}
	n, err := Int(key, Get(o.v, key))
	o.Fail(err)
	return n
}

// IsPlainObject reports whether v is an object literal or a prototype-less
// object: the only objects whose own keys are all options.
func IsPlainObject(v js.Value) bool {
	if v.Type() != js.TypeObject {
		return false
	}
	proto := intrinsics.getPrototypeOf.Invoke(v)
	return proto.IsNull() || proto.Equal(intrinsics.objectProto)
}
