//go:build js && wasm

package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// Layer specs come in two forms, both read into a core.LayerSpec and so
// through core's registry: Keras's {class_name, config}, and the flat
// {type, ...config} of outputShape, where type is a class name or alias in
// any case, with or without underscores ('Conv2D', 'max_pooling2d'), and
// the options may also take the names below.

// flatAliases are the camelCase names a flat layerSpec may give Keras
// config fields — one name or the other, not both.
var flatAliases = [][2]string{{"kernelSize", "kernel_size"}, {"size", "pool_size"}, {"dilation", "dilation_rate"}}

// flatDefaults are what a flat spec leaves out and Keras would require:
// a convolution's output channels, which a question about its shape need
// not care about.
var flatDefaults = map[string]map[string]any{"Conv2D": {"filters": 1}}

// genericPool is the flat type whose mode option picks the pooling class.
const genericPool = "pool2d"

// specClass is a registered layer class as the API reads specs of it.
type specClass struct {
	name string
	keys []string // its Keras config fields, in order
}

// specTables returns the registered classes in core.LayerClasses' order (by
// name) and by typeKey of their names and aliases. Built at the first spec
// read, not at init: they take a JSON encoding of every class's config,
// which would delay the engine's start.
var specTables = sync.OnceValues(func() (classes []*specClass, byType map[string]*specClass) {
	byType = map[string]*specClass{}
	for _, c := range core.LayerClasses() {
		sc := &specClass{name: c.Name, keys: objectKeys(c.Config)}
		classes = append(classes, sc)
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			byType[typeKey(n)] = sc
		}
	}
	return classes, byType
})

// specClassOf returns the class of a layer type (any case, with or without
// underscores), or nil.
func specClassOf(typ string) *specClass {
	_, byType := specTables()
	return byType[typeKey(typ)]
}

// typeKey folds a layer type for lookup: 'MaxPooling2D', 'max_pooling2d'
// and 'maxpooling2d' are one type.
func typeKey(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }

// objectKeys lists the keys of a JSON object in order.
func objectKeys(obj json.RawMessage) []string {
	var keys []string
	d := json.NewDecoder(bytes.NewReader(obj))
	d.Token() // {
	for d.More() {
		k, _ := d.Token()
		keys = append(keys, k.(string))
		var skip json.RawMessage
		d.Decode(&skip)
	}
	return keys
}

// specHelp describes the accepted layerSpecs in the message for a bad one.
func specHelp() string {
	classes, _ := specTables()
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.name
	}
	return "layerSpec must be {class_name, config}, a layer as a Keras model lists it, or {type, ...config} " +
		"where type is one of the Keras class names " + strings.Join(names, ", ") +
		" or an alias (in any case, with or without underscores: 'conv2d', 'max_pooling2d'), or 'pool2d' {size, mode?, strides?, padding?}; " +
		"the options kernelSize, size and dilation may stand for kernel_size, pool_size and dilation_rate"
}

// readLayerSpec reads a layer spec of either form; name is what it is
// called in messages.
func readLayerSpec(name string, v js.Value) (core.LayerSpec, error) {
	if !bridge.IsPlainObject(v) {
		return core.LayerSpec{}, fmt.Errorf("%s; got %s", specHelp(), bridge.Describe(v))
	}
	if !bridge.IsNullish(v.Get("class_name")) {
		return readKerasSpec(name, v)
	}
	return readFlatSpec(name, v)
}

// readKerasSpec reads {class_name, config}.
func readKerasSpec(name string, v js.Value) (core.LayerSpec, error) {
	o := bridge.NewOptions(name, v, "class_name", "config")
	class := o.String("class_name", "")
	if err := o.Err(); err != nil {
		return core.LayerSpec{}, fmt.Errorf("%s: %w", name, err)
	}
	spec := core.LayerSpec{ClassName: class}
	if !o.Has("config") {
		return spec, nil // the defaults; core names an unknown class
	}
	cfg := o.Value("config")
	where := fmt.Sprintf("%s (%s) config", name, class)
	if sc := specClassOf(class); sc != nil {
		if err := bridge.NewOptions(where, cfg, sc.keys...).Err(); err != nil && bridge.IsPlainObject(cfg) {
			return core.LayerSpec{}, fmt.Errorf("%s: %w", where, err) // an unknown field
		} else if err != nil {
			return core.LayerSpec{}, err
		}
	}
	raw, err := toJSON(where, cfg)
	spec.Config = raw
	return spec, err
}

// readFlatSpec reads {type, ...config}: the type picks the class, the
// other options are its config under their Keras or camelCase names.
func readFlatSpec(name string, v js.Value) (core.LayerSpec, error) {
	typ := v.Get("type")
	var sc *specClass
	generic := false
	if typ.Type() == js.TypeString {
		generic = typeKey(typ.String()) == genericPool
		sc = specClassOf(typ.String())
	}
	if sc == nil && !generic {
		return core.LayerSpec{}, fmt.Errorf("%s; got %s with type %s", specHelp(), bridge.Describe(v), bridge.Describe(typ))
	}
	keys := []string{"type"}
	if generic {
		keys = append(keys, "mode")
		maxPool, _ := core.MaxPool.Class() // every pooling class has the same config
		sc = specClassOf(maxPool)
	}
	keys = append(keys, sc.keys...)
	for _, a := range flatAliases {
		if slices.Contains(sc.keys, a[1]) {
			keys = append(keys, a[0])
		}
	}
	o := bridge.NewOptions(name, v, keys...)
	class := sc.name
	if generic {
		mode := core.PoolMode(o.String("mode", string(core.MaxPool)))
		if c, err := mode.Class(); err != nil {
			o.Fail(err)
		} else {
			class = c
		}
	}
	cfg := jsObject.New()
	for k, def := range flatDefaults[class] {
		cfg.Set(k, def)
	}
	for _, k := range keys[1:] {
		if k == "mode" || !o.Has(k) {
			continue
		}
		field := k
		for _, a := range flatAliases {
			if a[0] == k {
				if o.Has(a[1]) {
					o.Fail(fmt.Errorf("%s gives both %q and %q, which are the same option: keep one", name, a[0], a[1]))
				}
				field = a[1]
			}
		}
		cfg.Set(field, o.Value(k))
	}
	if err := o.Err(); err != nil {
		return core.LayerSpec{}, err
	}
	raw, err := toJSON(name, cfg)
	return core.LayerSpec{ClassName: class, Config: raw}, err
}

// toJSON writes a plain object as JSON, as JSON.stringify does.
func toJSON(name string, v js.Value) (json.RawMessage, error) {
	text, err := jsonText(name, v)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(text.String()), nil
}

// jsonText is JSON.stringify(v) for a plain object v, as a JavaScript
// string, so that a caller can bound its length before copying it into Go.
// The arguments are plain data (bridge's plainArgs refused BigInts and
// cycles), so JSON.stringify cannot throw.
func jsonText(name string, v js.Value) (js.Value, error) {
	if !bridge.IsPlainObject(v) {
		return js.Value{}, fmt.Errorf("%s must be an object, got %s", name, bridge.Describe(v))
	}
	return jsJSON.Call("stringify", v), nil
}

// fromJSON returns a JSON document as a JavaScript value.
func fromJSON(raw json.RawMessage) js.Value { return jsJSON.Call("parse", string(raw)) }

var jsJSON = js.Global().Get("JSON")
