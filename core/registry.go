package core

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
)

// The layer registry, in the spirit of image.RegisterFormat and tfjs's
// registerClass: every layer file declares its class in an init function,
// and the model file, NewModel, Spec, Init, Summary and LayerClasses all
// read it. Nothing else knows the list of classes.

// LayerSpec is one layer as Keras serialises it: the class name and the
// config, a JSON object whose fields are the Keras config fields.
type LayerSpec struct {
	ClassName string          `json:"class_name"`
	Config    json.RawMessage `json:"config"`
}

// ModelSpec describes a Sequential model: the shape of one input sample
// ([H, W, C]) and the layers in order.
type ModelSpec struct {
	InputShape []int       `json:"input_shape"`
	Layers     []LayerSpec `json:"layers"`
}

// LayerClass describes a registered layer class: its canonical Keras class
// name, the other names it is known by and its default config (every field
// at its Keras default; the name empty).
type LayerClass struct {
	Name    string          `json:"name"`
	Aliases []string        `json:"aliases"`
	Config  json.RawMessage `json:"config"`
}

// layerClass is one registry entry.
type layerClass struct {
	name    string
	aliases []string
	// config returns a pointer to a new config holding the Keras defaults.
	config func() any
	// build returns the layer for a config (the pointer config returned);
	// the settings are checked when the layer is put into a model.
	build func(cfg any) Layer
}

var (
	classes     []*layerClass              // in registration order
	classByName = map[string]*layerClass{} // canonical names and aliases
)

// registerLayer declares a layer class. C is its config type: a struct
// whose fields carry the Keras config names as JSON tags, the first being
// Name (`json:"name"`). defaults returns the Keras defaults and build the
// layer for a config.
func registerLayer[C any](name string, aliases []string, defaults func() C, build func(C) Layer) {
	c := &layerClass{
		name:    name,
		aliases: aliases,
		config:  func() any { v := defaults(); return &v },
	}
	c.build = func(cfg any) Layer {
		l := build(*cfg.(*C))
		l.base().class = c.name
		return l
	}
	if f, ok := reflect.TypeFor[C]().FieldByName("Name"); !ok || f.Index[0] != 0 || f.Tag.Get("json") != "name" {
		panic("core: the config of " + name + " must start with Name `json:\"name\"`")
	}
	for _, n := range append([]string{name}, aliases...) {
		if classByName[n] != nil {
			panic("core: layer class " + n + " registered twice")
		}
		classByName[n] = c
	}
	classes = append(classes, c)
}

// newLayer builds a layer of a registered class from its config, for the
// Go constructors (NewConv2D, ...).
func newLayer[C any](class string, cfg C) Layer { return classByName[class].build(&cfg) }

// LayerClasses returns every layer class, sorted by name.
func LayerClasses() []LayerClass {
	out := make([]LayerClass, 0, len(classes))
	for _, c := range classes {
		cfg, err := json.Marshal(c.config())
		if err != nil {
			panic(err) // config types are plain structs
		}
		out = append(out, LayerClass{Name: c.name, Aliases: append([]string{}, c.aliases...), Config: cfg})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// classNames lists the canonical class names for error messages.
func classNames() string {
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.name
	}
	sort.Strings(names)
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// decodeSpec finds the class of a spec and decodes its config, strictly
// (every field present, for model files) or over the Keras defaults.
// Errors match kind.
func decodeSpec(kind error, where string, spec LayerSpec, strict bool) (*layerClass, any, error) {
	c := classByName[spec.ClassName]
	if c == nil {
		return nil, nil, errorf(kind, "%s: unknown layer class %q (want %s)", where, truncate(spec.ClassName), classNames())
	}
	cfg := c.config()
	raw := spec.Config
	if len(raw) == 0 && !strict {
		raw = json.RawMessage("{}")
	}
	if err := decodeConfig(kind, where+" ("+spec.ClassName+") config", raw, cfg, strict); err != nil {
		return nil, nil, err
	}
	return c, cfg, nil
}

// OutputShape returns the shape of one sample's output of the layer s
// describes, for samples of inputShape (no batch axis), or the error a
// model with it would give: ErrConfig for the spec, ErrShape (with the
// numbers) for an impossible shape.
func (s LayerSpec) OutputShape(inputShape []int) ([]int, error) {
	l, err := NewLayer(s, inputShape)
	if err != nil {
		return nil, err
	}
	return l.OutputShape(), nil
}

// configName returns the address of the Name field of a config pointer.
func configName(cfg any) *string {
	return reflect.ValueOf(cfg).Elem().Field(0).Addr().Interface().(*string)
}

// NewModel builds a model from Keras-style specs. Config fields left out
// take their Keras defaults and unknown fields are refused; a layer without
// a name gets Keras's: the class name in snake case, then _1, _2, ... for
// the next ones ("conv2d", "conv2d_1", ...). Errors match ErrConfig for a
// spec that cannot be read and ErrShape, ErrConfig or ErrLimit, naming the
// layer and giving the numbers, for a network that cannot be built.
// Weights start at zero; call Init.
func NewModel(spec ModelSpec) (*Model, error) {
	if err := checkShape("input_shape", spec.InputShape, 3); err != nil {
		return nil, err
	}
	if len(spec.Layers) > MaxLayers {
		return nil, errorf(ErrLimit, "%d layers is above the limit %d", len(spec.Layers), MaxLayers)
	}
	type entry struct {
		class *layerClass
		cfg   any
	}
	entries := make([]entry, len(spec.Layers))
	for i, ls := range spec.Layers {
		c, cfg, err := decodeSpec(ErrConfig, "layer "+itoa(i), ls, false)
		if err != nil {
			return nil, err
		}
		entries[i] = entry{c, cfg}
	}
	// Unnamed layers get Keras's names: snake case of the class name,
	// numbered from the second on, skipping names already taken.
	taken := map[string]bool{}
	for _, e := range entries {
		taken[*configName(e.cfg)] = true
	}
	count := map[string]int{}
	layers := make([]Layer, len(entries))
	for i, e := range entries {
		if name := configName(e.cfg); *name == "" {
			base := snakeCase(e.class.name)
			for *name == "" {
				n := base
				if k := count[base]; k > 0 {
					n = base + "_" + itoa(k)
				}
				count[base]++
				if !taken[n] {
					*name, taken[n] = n, true
				}
			}
		}
		layers[i] = e.class.build(e.cfg)
	}
	return NewSequential(spec.InputShape, layers...)
}

// snakeCase converts a class name as Keras's to_snake_case does:
// "Conv2D" → "conv2d", "MaxPool2D" → "max_pool2d", "ReLU" → "re_lu",
// "BatchNormalization" → "batch_normalization".
func snakeCase(name string) string {
	var b strings.Builder
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(name); i++ {
		c := name[i]
		// "(.)([A-Z][a-z]+)" → "\1_\2" and "([a-z])([A-Z])" → "\1_\2".
		if i > 0 && isUpper(c) && (i+1 < len(name) && isLower(name[i+1]) || isLower(name[i-1])) {
			b.WriteByte('_')
		}
		if isUpper(c) {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Spec returns the model's architecture: the input shape and every layer's
// canonical class name and full config.
func (m *Model) Spec() ModelSpec {
	s := ModelSpec{InputShape: m.InputShape(), Layers: make([]LayerSpec, len(m.layers))}
	for i, l := range m.layers {
		s.Layers[i] = layerSpec(l)
	}
	return s
}

func layerSpec(l Layer) LayerSpec {
	cfg, err := json.Marshal(l.Config())
	if err != nil {
		panic(err) // config types are plain structs
	}
	return LayerSpec{ClassName: l.Class(), Config: cfg}
}
