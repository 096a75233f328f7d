//go:build js && wasm

package bridge

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"syscall/js"
)

// A page can pass anything to a method: a Proxy, an object whose getter
// throws, a revoked Proxy, a BigInt, a typed array whose buffer a getter
// detaches halfway through the call. syscall/js turns a JavaScript
// exception inside Value.Get, Index, Length or InstanceOf into the death
// of the Go runtime (wasm_exec.js catches exceptions only around Call,
// Invoke and New), and Value.Type panics on a BigInt. So before a handler
// sees its arguments, call copies them into plain data (plainArgs), reading
// every value exactly once with built-in JavaScript functions invoked
// through Invoke, which turns an exception into a Go panic that this file
// recovers and reports as an error naming the argument:
//
//   - numbers, strings, booleans, undefined, null and functions stay as
//     they are (a function is a callback; calling it is guarded too);
//   - a genuine typed array becomes a new view of the same kind over the
//     same memory (nothing is copied), so no property of the caller's
//     object is read again; a genuine ArrayBuffer without properties of
//     its own stays itself, any other one becomes a Uint8Array view;
//   - an Array becomes a new Array (Array.prototype.concat), whose elements
//     are made plain in turn unless they are all finite numbers;
//   - a plain object (an object literal, a prototype-less object, or a
//     Proxy that says it is one) becomes a new prototype-less object with
//     its own enumerable string keys, each value read once;
//   - an ImageData becomes {data, width, height};
//   - a BigInt or a symbol is refused, and every other object (a DataView,
//     a Map, a class instance, a Proxy of a typed array) becomes an inert
//     stand-in that only says what it was, which every conversion refuses.
//
// The handler then reads plain data only: no getter, Proxy trap or
// valueOf of the caller's runs after this point, and a typed array is
// checked again at the end, in case a getter read later detached its
// buffer. Sizes are bounded before anything large is copied: an Array has
// at most MaxArrayLength elements, an object at most maxKeys keys of at
// most maxKeyLength characters, and the arguments nest at most maxDepth
// deep.

// Limits of the arguments of one call.
const (
	MaxArrayLength = 1 << 24 // elements of one Array (typed arrays are bounded by each method)
	maxKeys        = 256     // own enumerable keys of one object
	maxKeyLength   = 256     // UTF-16 units of one key
	maxDepth       = 32      // nesting of arrays and objects
	maxNodes       = 1 << 20 // arrays, objects and elements that are not numbers, in all arguments
)

// snapshot is the state of one plainArgs.
type snapshot struct {
	nodes int
	views []heldView // typed-array views and buffers handed to the handler
}

// heldView is a typed array (or ArrayBuffer) of the arguments and its size
// in bytes when it was read.
type heldView struct {
	at     *argPath
	v      js.Value
	buffer bool // v is an ArrayBuffer, not a view
	bytes  int
}

// argPath is where a value sits in the arguments: argument 2, at
// layers[0].config.
type argPath struct {
	parent *argPath
	arg    int      // for the root
	key    js.Value // a property name, kept as a JavaScript string until a message needs it; undefined for an index
	index  int
}

func (p *argPath) String() string {
	var parts []string
	for ; p.parent != nil; p = p.parent {
		if !p.key.IsUndefined() {
			parts = append(parts, "."+p.key.String())
		} else {
			parts = append(parts, "["+strconv.Itoa(p.index)+"]")
		}
	}
	s := "argument " + strconv.Itoa(p.arg+1)
	if len(parts) == 0 {
		return s
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return s + " (at " + strings.TrimPrefix(b.String(), ".") + ")"
}

func (p *argPath) child(key js.Value) *argPath { return &argPath{parent: p, key: key} }
func (p *argPath) item(i int) *argPath         { return &argPath{parent: p, index: i} }

// plainArgs returns the arguments as plain data, or an error naming the
// first one that cannot be read.
func plainArgs(args []js.Value) ([]js.Value, error) {
	if len(args) == 0 {
		return args, nil
	}
	var s snapshot
	out := make([]js.Value, len(args))
	roots := make([]argPath, len(args)) // one allocation for all
	for i, a := range args {
		roots[i].arg = i
		p, err := s.plain(a, &roots[i], 0)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, s.checkAttached()
}

// plain returns v as plain data.
func (s *snapshot) plain(v js.Value, at *argPath, depth int) (js.Value, error) {
	t, ok := typeOf(v)
	switch {
	case !ok:
		return js.Value{}, fmt.Errorf("%s is a BigInt (%s); the engine takes Numbers: pass Number(x)", at, bigintText(v))
	case t == js.TypeSymbol:
		return js.Value{}, fmt.Errorf("%s is a symbol; the engine takes numbers, strings, arrays and plain objects", at)
	case t != js.TypeObject:
		return v, nil
	case depth >= maxDepth:
		return js.Value{}, fmt.Errorf("%s is nested more than %d deep (an object that contains itself?)", at, maxDepth)
	}
	if s.nodes++; s.nodes > maxNodes {
		return js.Value{}, fmt.Errorf("the arguments hold more than %d arrays, objects and values other than numbers; pass large data as typed arrays", maxNodes)
	}
	kind, unknown, err := typedArrayKindOf(v, at)
	if err != nil {
		return js.Value{}, err
	}
	if !unknown.IsUndefined() {
		name := unknown.String()
		return standIn(article(name) + " " + name), nil
	}
	if kind >= 0 {
		return s.typedArray(v, intrinsics.typedArrays[kind], at)
	}
	isArray, err := guarded(at, func() js.Value { return intrinsics.isArray.Invoke(v) })
	if err != nil {
		return js.Value{}, err
	}
	if isArray.Bool() {
		return s.array(v, at, depth)
	}
	proto, err := guarded(at, func() js.Value { return intrinsics.getPrototypeOf.Invoke(v) })
	if err != nil {
		return js.Value{}, err
	}
	if proto.IsNull() || proto.Equal(intrinsics.objectProto) {
		return s.object(v, at, depth)
	}
	// ImageData before ArrayBuffer: a getter that refuses v throws, and an
	// exception costs more than the rest of the check, so the playground's
	// call per pen move (an ImageData) passes without one.
	if !intrinsics.imageDataWidth.IsUndefined() {
		if _, ok := tryApply(intrinsics.imageDataWidth, v); ok {
			return s.imageData(v, at, depth)
		}
	}
	if n, ok := tryApply(intrinsics.bufferByteLength, v); ok {
		return s.arrayBuffer(v, proto, n.Int(), at)
	}
	return standIn(describeOther(v)), nil
}

// typedArrayKindOf returns the index among intrinsics.typedArrays of the
// kind of typed array v is, or -1 when v is none; for a typed array of
// another kind (one this list lacks) it returns -1 and its toStringTag.
// The tags are compared without copying them into Go (JavaScript strings
// of equal contents are the same js.Value), by glue's kind where it exists.
func typedArrayKindOf(v js.Value, at *argPath) (kind int, unknown js.Value, err error) {
	if g := glue(); g.ok {
		k, err := guarded(at, func() js.Value { return g.kind.Invoke(v, g.tags) })
		if err != nil {
			return 0, js.Value{}, err
		}
		if i := k.Int(); i >= 0 {
			if i == len(intrinsics.typedArrays) { // the undefined after the tags
				i = -1
			}
			return i, js.Undefined(), nil
		}
	}
	tag, err := guarded(at, func() js.Value { return intrinsics.apply(intrinsics.typedArrayTag, v) })
	if err != nil {
		return 0, js.Value{}, err
	}
	if tag.Type() != js.TypeString {
		return -1, js.Undefined(), nil
	}
	i := slices.IndexFunc(intrinsics.typedArrays, func(k typedArrayKind) bool { return k.tag.Equal(tag) })
	if i < 0 {
		return -1, tag, nil
	}
	return i, js.Undefined(), nil
}

// typedArray returns a new view of the typed array v's memory, of kind k.
func (s *snapshot) typedArray(v js.Value, k typedArrayKind, at *argPath) (js.Value, error) {
	if g := glue(); g.ok {
		// One call reads the memory's place and makes the view. It throws
		// when the buffer is detached; the reading below then says so.
		if view, err := guarded(at, func() js.Value { return g.view.Invoke(v, k.ctor) }); err == nil {
			return s.hold(at, view), nil
		}
	}
	ctor, name := k.ctor, k.name
	var buf, off, n js.Value
	_, err := guarded(at, func() js.Value {
		buf = intrinsics.apply(intrinsics.typedArrayBuffer, v)
		off = intrinsics.apply(intrinsics.typedArrayByteOffset, v)
		n = intrinsics.apply(intrinsics.typedArrayLength, v)
		return js.Undefined()
	})
	if err != nil {
		return js.Value{}, err
	}
	if detached(buf) {
		return js.Value{}, fmt.Errorf("%s is a %s whose ArrayBuffer is detached (it was transferred, to a worker for example)", at, name)
	}
	view, err := guarded(at, func() js.Value { return ctor.New(buf, off, n) })
	if err != nil {
		return js.Value{}, err
	}
	return s.hold(at, view), nil
}

// hold records view, a new view of argument memory, for checkAttached.
func (s *snapshot) hold(at *argPath, view js.Value) js.Value {
	s.views = append(s.views, heldView{at: at, v: view, bytes: intrinsics.apply(intrinsics.typedArrayByteLength, view).Int()})
	return view
}

// arrayBuffer passes on a genuine ArrayBuffer of n bytes: itself when it
// has nothing of its own that could differ from ArrayBuffer's, a Uint8Array
// view of it otherwise.
func (s *snapshot) arrayBuffer(v, proto js.Value, n int, at *argPath) (js.Value, error) {
	if detached(v) {
		return js.Value{}, fmt.Errorf("%s is a detached ArrayBuffer (it was transferred, to a worker for example)", at)
	}
	own, err := guarded(at, func() js.Value { return intrinsics.ownKeys.Invoke(v) })
	if err != nil {
		return js.Value{}, err
	}
	if own.Length() == 0 && proto.Equal(jsArrayBuffer.Get("prototype")) {
		s.views = append(s.views, heldView{at: at, v: v, buffer: true, bytes: n})
		return v, nil
	}
	view, err := guarded(at, func() js.Value { return jsUint8Array.New(v) })
	if err != nil {
		return js.Value{}, err
	}
	s.views = append(s.views, heldView{at: at, v: view, bytes: n})
	return view, nil
}

// array copies an Array (or a Proxy of one).
func (s *snapshot) array(v js.Value, at *argPath, depth int) (js.Value, error) {
	length, err := guarded(at, func() js.Value { return intrinsics.get.Invoke(v, "length") })
	if err != nil {
		return js.Value{}, err
	}
	if t, ok := typeOf(length); !ok || t != js.TypeNumber || length.Float() < 0 || length.Float() != float64(int(length.Float())) {
		return js.Value{}, fmt.Errorf("%s is an array whose length is not a count: %s", at, Describe(length))
	}
	n := length.Int()
	if n > MaxArrayLength {
		return js.Value{}, fmt.Errorf("%s is an Array of %d elements, above the limit of %d; pass large data as a typed array", at, n, MaxArrayLength)
	}
	// concat on a new Array reads the length and every element once and
	// makes a genuine Array, whatever v's constructor says.
	out, err := guarded(at, func() js.Value {
		return intrinsics.apply(intrinsics.concat, jsArray.New(), v)
	})
	if err != nil {
		return js.Value{}, err
	}
	if out.Length() != n || (n == 1 && out.Index(0).Equal(v)) {
		return js.Value{}, fmt.Errorf("%s is an array that cannot be copied (its length changed while it was read, or it is not spreadable)", at)
	}
	if intrinsics.apply(intrinsics.every, out, intrinsics.numberIsFinite).Bool() {
		return out, nil // numbers only: nothing to look into
	}
	for i := range n {
		e := out.Index(i)
		p, err := s.plain(e, at.item(i), depth+1)
		if err != nil {
			return js.Value{}, err
		}
		if !p.Equal(e) {
			out.SetIndex(i, p)
		}
	}
	return out, nil
}

// object copies the own enumerable string keys of a plain object.
func (s *snapshot) object(v js.Value, at *argPath, depth int) (js.Value, error) {
	keys, err := guarded(at, func() js.Value { return intrinsics.keys.Invoke(v) })
	if err != nil {
		return js.Value{}, err
	}
	n := keys.Length()
	if n > maxKeys {
		return js.Value{}, fmt.Errorf("%s is an object with %d keys, above the limit of %d", at, n, maxKeys)
	}
	out := intrinsics.create.Invoke(js.Null())
	for i := range n {
		k := keys.Index(i)
		// codePointAt past maxKeyLength is undefined for a short key: a
		// number, where StringLength would make a String object per key.
		if !intrinsics.codePointAt.Invoke(k, maxKeyLength).IsUndefined() {
			l := StringLength(k)
			return js.Value{}, fmt.Errorf("%s has a key of %d characters, %s; no option is named like that", at, l, briefString(k))
		}
		// The key stays a JavaScript string: copying it into Go and back
		// would cross the boundary twice per key.
		here := at.child(k)
		val, err := guarded(here, func() js.Value { return intrinsics.get.Invoke(v, k) })
		if err != nil {
			return js.Value{}, err
		}
		p, err := s.plain(val, here, depth+1)
		if err != nil {
			return js.Value{}, err
		}
		intrinsics.set.Invoke(out, k, p)
	}
	return out, nil
}

// imageData copies a canvas ImageData as {data, width, height}.
func (s *snapshot) imageData(v js.Value, at *argPath, depth int) (js.Value, error) {
	var data, w, h js.Value
	if _, err := guarded(at, func() js.Value {
		data = intrinsics.apply(intrinsics.imageDataData, v)
		w = intrinsics.apply(intrinsics.imageDataWidth, v)
		h = intrinsics.apply(intrinsics.imageDataHeight, v)
		return js.Undefined()
	}); err != nil {
		return js.Value{}, err
	}
	d, err := s.plain(data, at.child(jsKey("data")), depth+1)
	if err != nil {
		return js.Value{}, err
	}
	out := intrinsics.create.Invoke(js.Null())
	out.Set("data", d)
	out.Set("width", w)
	out.Set("height", h)
	return out, nil
}

// checkAttached refuses the call when a typed array of the arguments lost
// its memory while later arguments were read (a getter that transferred
// its buffer).
func (s *snapshot) checkAttached() error {
	for _, h := range s.views {
		if h.bytes == 0 {
			continue
		}
		getter := intrinsics.typedArrayByteLength
		if h.buffer {
			getter = intrinsics.bufferByteLength
		}
		if n, ok := tryApply(getter, h.v); !ok || n.Int() != h.bytes {
			return fmt.Errorf("%s was detached while the arguments were read (a getter transferred its buffer?)", h.at)
		}
	}
	return nil
}

// detached reports whether the ArrayBuffer buf has been detached.
func detached(buf js.Value) bool {
	if !intrinsics.bufferDetached.IsUndefined() {
		d, ok := tryApply(intrinsics.bufferDetached, buf)
		return ok && d.Truthy()
	}
	// Older browsers: only a detached buffer refuses a view.
	_, err := guarded(nil, func() js.Value { return jsUint8Array.New(buf) })
	return err != nil
}

// Stand-ins for objects that are not plain data: an object whose prototype
// is standInProto, holding what the original was.
var standInProto = js.Global().Get("Object").New()

func standIn(what string) js.Value {
	o := intrinsics.create.Invoke(standInProto)
	o.Set("what", what)
	return o
}

// isStandIn reports whether v is a stand-in and what it stands for.
func isStandIn(v js.Value) (string, bool) {
	if !jsObject.Call("getPrototypeOf", v).Equal(standInProto) {
		return "", false
	}
	return v.Get("what").String(), true
}

// describeOther says what an object that is not plain data is, reading it
// only through guarded calls: "a DataView", "a Map", "a Proxy of a
// Float32Array (pass the array itself)".
func describeOther(v js.Value) string {
	if _, ok := tryApply(intrinsics.dataViewByteLength, v); ok {
		return "a DataView"
	}
	if !intrinsics.sharedByteLength.IsUndefined() {
		if _, ok := tryApply(intrinsics.sharedByteLength, v); ok {
			return "a SharedArrayBuffer"
		}
	}
	// A Proxy of a typed array answers getPrototypeOf with the array's
	// prototype while the typed-array getters refuse it.
	for _, k := range intrinsics.typedArrays {
		if is, err := guarded(nil, func() js.Value { return k.ctor.Get("prototype").Call("isPrototypeOf", v) }); err == nil && is.Bool() {
			return "a Proxy of " + article(k.name) + " " + k.name + " (pass the array itself)"
		}
	}
	name := ""
	if c, err := guarded(nil, func() js.Value { return intrinsics.get.Invoke(v, "constructor") }); err == nil && c.Type() == js.TypeFunction {
		if n, err := guarded(nil, func() js.Value { return intrinsics.get.Invoke(c, "name") }); err == nil && n.Type() == js.TypeString && StringLength(n) <= 40 && StringLength(n) > 0 {
			name = n.String()
		}
	}
	if name == "" || name == "Object" {
		return "an object that is not a plain object"
	}
	return article(name) + " " + name
}

func article(name string) string {
	if strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an"
	}
	return "a"
}

// typeOf is v.Type(), except that a BigInt, which syscall/js cannot type
// (Type panics: "bad type flag"), gives ok false.
func typeOf(v js.Value) (t js.Type, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return v.Type(), true
}

// briefString quotes the string v, cut to describeMaxChars characters.
func briefString(v js.Value) string {
	if StringLength(v) <= describeMaxChars {
		return strconv.Quote(v.String())
	}
	return strconv.Quote(jsString.New(v).Call("slice", 0, describeMaxChars).String() + "…")
}

// bigintText writes the BigInt v as JavaScript does (10n), cut short.
func bigintText(v js.Value) string {
	s := jsString.Invoke(v) // String of a BigInt never throws
	if StringLength(s) > describeMaxChars {
		return jsString.New(s).Call("slice", 0, describeMaxChars).String() + "…n"
	}
	return s.String() + "n"
}

// ThrownError is a JavaScript exception thrown while an argument was read.
type ThrownError struct {
	at  *argPath
	msg string // the exception as text, cut short
}

func (e *ThrownError) Error() string {
	if e.at == nil {
		return "reading a value threw " + e.msg
	}
	return "reading " + e.at.String() + " threw " + e.msg
}

// guarded runs f, which calls JavaScript only through Call, Invoke or New,
// and turns an exception thrown there into a *ThrownError about at.
func guarded(at *argPath, f func() js.Value) (v js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			jsErr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = &ThrownError{at: at, msg: thrownText(jsErr.Value)}
		}
	}()
	return f(), nil
}

// tryApply calls the built-in getter on v, reporting false when it throws
// (v is not what the getter belongs to).
func tryApply(getter, v js.Value) (js.Value, bool) {
	r, err := guarded(nil, func() js.Value { return intrinsics.apply(getter, v) })
	return r, err == nil
}

// thrownText is what was thrown, as String() writes it ("TypeError: …"),
// cut short; it never reads a property of the thrown value itself.
func thrownText(v js.Value) string {
	if t, ok := typeOf(v); ok && t == js.TypeObject {
		if is, err := guarded(nil, func() js.Value { return jsErrorCtor.Get("prototype").Call("isPrototypeOf", v) }); err == nil && is.Bool() {
			// Error.prototype.toString reads name and message, which
			// may be getters: guarded too.
			if s, err := guarded(nil, func() js.Value { return intrinsics.apply(intrinsics.errorToString, v) }); err == nil {
				return briefText(s)
			}
		}
	}
	s, err := guarded(nil, func() js.Value { return jsString.Invoke(v) })
	if err != nil {
		return "an exception that cannot be shown"
	}
	return briefText(s)
}

// briefText quotes at most 200 characters of the JavaScript string s.
func briefText(s js.Value) string {
	const most = 200
	if n := StringLength(s); n > most {
		return strconv.Quote(jsString.New(s).Call("slice", 0, most).String()+"…") + " (" + strconv.Itoa(n) + " characters)"
	}
	return strconv.Quote(s.String())
}

// typedArrayKind is a kind of typed array: its name, the same as a
// JavaScript string (its toStringTag), and its constructor.
type typedArrayKind struct {
	name      string
	tag, ctor js.Value
}

// intrinsics are the built-in functions plainArgs reads values with,
// taken when the program starts, before any page code could replace them.
var intrinsics = func() (in struct {
	reflectApply, get, set, ownKeys, create, concat, every, numberIsFinite js.Value
	noArgs, isEnumerable                                                   js.Value
	isArray, getPrototypeOf, keys, objectProto, codePointAt                js.Value
	typedArrayTag, typedArrayBuffer, typedArrayByteOffset                  js.Value
	typedArrayLength, typedArrayByteLength                                 js.Value
	bufferByteLength, bufferDetached, sharedByteLength, dataViewByteLength js.Value
	imageDataWidth, imageDataHeight, imageDataData, errorToString          js.Value
	typedArrays                                                            []typedArrayKind
	apply                                                                  func(fn, this js.Value, args ...any) js.Value
}) {
	g := js.Global()
	reflect := g.Get("Reflect")
	in.reflectApply = reflect.Get("apply")
	in.get = reflect.Get("get")
	in.set = reflect.Get("set")
	in.ownKeys = reflect.Get("ownKeys")
	in.create = g.Get("Object").Get("create")
	in.isArray = g.Get("Array").Get("isArray")
	in.getPrototypeOf = g.Get("Object").Get("getPrototypeOf")
	in.keys = g.Get("Object").Get("keys")
	in.objectProto = g.Get("Object").Get("prototype")
	call := g.Get("Function").Get("prototype").Get("call")
	in.codePointAt = call.Call("bind", g.Get("String").Get("prototype").Get("codePointAt"))
	in.isEnumerable = call.Call("bind", g.Get("Object").Get("prototype").Get("propertyIsEnumerable"))
	arrayProto := g.Get("Array").Get("prototype")
	in.concat = arrayProto.Get("concat")
	in.every = arrayProto.Get("every")
	in.numberIsFinite = g.Get("Number").Get("isFinite")
	in.noArgs = g.Get("Object").Call("freeze", g.Get("Array").New())
	getter := func(ctor js.Value, key any) js.Value {
		if ctor.IsUndefined() {
			return js.Undefined()
		}
		proto := ctor.Get("prototype")
		d := g.Get("Object").Call("getOwnPropertyDescriptor", proto, key)
		if d.IsUndefined() {
			return js.Undefined()
		}
		return d.Get("get")
	}
	typedArray := g.Get("Object").Call("getPrototypeOf", g.Get("Int8Array"))
	in.typedArrayTag = getter(typedArray, g.Get("Symbol").Get("toStringTag"))
	in.typedArrayBuffer = getter(typedArray, "buffer")
	in.typedArrayByteOffset = getter(typedArray, "byteOffset")
	in.typedArrayLength = getter(typedArray, "length")
	in.typedArrayByteLength = getter(typedArray, "byteLength")
	in.bufferByteLength = getter(g.Get("ArrayBuffer"), "byteLength")
	in.bufferDetached = getter(g.Get("ArrayBuffer"), "detached")
	in.sharedByteLength = getter(g.Get("SharedArrayBuffer"), "byteLength")
	in.dataViewByteLength = getter(g.Get("DataView"), "byteLength")
	in.imageDataWidth = getter(g.Get("ImageData"), "width")
	in.imageDataHeight = getter(g.Get("ImageData"), "height")
	in.imageDataData = getter(g.Get("ImageData"), "data")
	in.errorToString = g.Get("Error").Get("prototype").Get("toString")
	// Float32Array first: the engine's arrays, looked for on every call.
	for _, name := range []string{"Float32Array", "Uint8ClampedArray", "Uint8Array", "Int8Array", "Int16Array", "Uint16Array",
		"Int32Array", "Uint32Array", "Float16Array", "Float64Array", "BigInt64Array", "BigUint64Array"} {
		if c := g.Get(name); c.Type() == js.TypeFunction {
			in.typedArrays = append(in.typedArrays, typedArrayKind{name: name, tag: js.ValueOf(name), ctor: c})
		}
	}
	reflectApply, noArgs := in.reflectApply, in.noArgs
	in.apply = func(fn, this js.Value, args ...any) js.Value {
		list := noArgs
		if len(args) > 0 {
			list = js.ValueOf(args)
		}
		return reflectApply.Invoke(fn, this, list)
	}
	return in
}()
