package core

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"sort"
)

// Keras configs carry fields that Svertka's config types leave out:
// settings of training (initialisers, regularisers, constraints, dropout's
// seed), of the framework (trainable, dtype) and of shapes the model
// infers. Each one is judged here by what it means, not by the class it
// appears in: a field is harmless when no value of it, or only the value
// Svertka computes with, changes the layer's output at inference.

// kerasField judges one value (decoded into any: nil, bool, float64,
// string, []any or map[string]any): "" when it leaves the layer's output
// unchanged, else why it does not.
type kerasField func(v any) string

// kerasFields are the Keras config fields Svertka's configs do not hold.
// A field of a config that is neither here nor in the layer's config type
// is refused: nothing says what it would change.
var kerasFields = map[string]kerasField{
	// Training only. Initialisers are overwritten by the weights;
	// regularisers (activity_regularizer too: it adds a loss term and
	// leaves the output as it is) and constraints act on the loss and the
	// updates; dropout draws its mask from seed and noise_shape in
	// training only; trainable freezes weights; synchronized, fused,
	// virtual_batch_size and adjustment choose how batch normalization
	// gets its batch statistics, which inference does not use. Svertka's
	// own training ignores them all: an imported model trains as if they
	// were at their defaults.
	"trainable":                   anyValue,
	"kernel_initializer":          anyValue,
	"bias_initializer":            anyValue,
	"beta_initializer":            anyValue,
	"gamma_initializer":           anyValue,
	"moving_mean_initializer":     anyValue,
	"moving_variance_initializer": anyValue,
	"kernel_regularizer":          anyValue,
	"bias_regularizer":            anyValue,
	"beta_regularizer":            anyValue,
	"gamma_regularizer":           anyValue,
	"activity_regularizer":        anyValue,
	"kernel_constraint":           anyValue,
	"bias_constraint":             anyValue,
	"beta_constraint":             anyValue,
	"gamma_constraint":            anyValue,
	"seed":                        anyValue,
	"noise_shape":                 anyValue,
	"synchronized":                anyValue,
	"fused":                       anyValue,
	"virtual_batch_size":          anyValue,
	"adjustment":                  anyValue,
	// Settings that only matter with another one that is refused below.
	"lora_alpha":      anyValue,
	"renorm_clipping": anyValue,
	"renorm_momentum": anyValue,

	// Shapes: the model infers every layer's shape from its input; the
	// decoder reads the input shape from the first layer's.
	"batch_input_shape": anyValue,
	"batch_shape":       anyValue,
	"input_shape":       anyValue,
	"input_dim":         anyValue,
	"batch_size":        anyValue,

	// Settings that change the computation: only the value Svertka
	// computes is accepted.
	"dtype":               float32DType,
	"data_format":         channelsLast,
	"groups":              only(1.0, "grouped convolution is not supported"),
	"lora_rank":           only(nil, "LoRA adapters are not supported"),
	"quantization_config": only(nil, "quantized layers are not supported"),
	"renorm":              only(false, "batch renormalization is not supported"),
	"axis":                lastAxis,
	"sparse":              only(false, "sparse inputs are not supported"),
	"ragged":              only(false, "ragged inputs are not supported"),
	"optional":            only(false, "optional inputs are not supported"),
}

func anyValue(any) string { return "" }

// only accepts one value (besides null for booleans, Keras's default).
func only(want any, why string) kerasField {
	return func(v any) string {
		if v == want || (v == nil && want == false) {
			return ""
		}
		return why
	}
}

// float32DType accepts float32 as a string or as a Keras dtype policy
// ({"class_name": "DTypePolicy", "config": {"name": "float32"}}).
func float32DType(v any) string {
	name := v
	if m, ok := v.(map[string]any); ok {
		name = nil
		if cfg, ok := m["config"].(map[string]any); ok {
			switch m["class_name"] {
			case "DTypePolicy", "FloatDTypePolicy", "Policy":
				name = cfg["name"]
			}
		}
	}
	if v == nil || name == "float32" {
		return ""
	}
	return "Svertka computes in float32 only"
}

// channelsLast accepts channels_last and null (Keras's default,
// channels_last unless configured otherwise).
func channelsLast(v any) string {
	if v == nil || v == "channels_last" {
		return ""
	}
	return "Svertka computes channels_last (height, width, channels) only"
}

// lastAxis accepts an axis given as a number (or a one-element list):
// whether it is the last one depends on the layer's input, which the
// decoder checks once the model is built (see tfjsDecoder.axes).
func lastAxis(v any) string {
	if _, ok := axisValue(v); ok {
		return ""
	}
	return "only the last axis can be used"
}

// axisValue reads an axis: an integer or a list of one.
func axisValue(v any) (int, bool) {
	if l, ok := v.([]any); ok && len(l) == 1 {
		v = l[0]
	}
	f, ok := v.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > MaxSide {
		return 0, false
	}
	return int(f), true
}

// configFields returns the JSON names and Go types of a config type's
// fields.
func configFields(cfg any) map[string]reflect.Type {
	t := reflect.TypeOf(cfg).Elem()
	out := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		out[t.Field(i).Tag.Get("json")] = t.Field(i).Type
	}
	return out
}

// kerasConfig turns a Keras config into one for cfg's type: fields of the
// type are normalised to the form it reads (an activation given as a
// serialized function becomes its name, a one-element list such as Keras
// 2's BatchNormalization axis [3] becomes its element) and every other
// field is judged by kerasFields. Problems go to p under where.
func kerasConfig(p *problemList, where string, m map[string]json.RawMessage, cfg any) json.RawMessage {
	types := configFields(cfg)
	out := make(map[string]json.RawMessage, len(m))
	for _, k := range sortedKeys(m) {
		raw := m[k]
		if t, ok := types[k]; ok {
			out[k] = normaliseField(p, where, k, t, raw)
			continue
		}
		judge := kerasFields[k]
		if judge == nil {
			p.add(ErrUnsupported, where, "unknown config field %q: Svertka cannot tell whether it changes the computation", truncate(k))
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			p.add(ErrModelFile, where, "config field %q: %s", truncate(k), jsonProblem(err, "a value"))
			continue
		}
		if why := judge(v); why != "" {
			var b bytes.Buffer
			_ = json.Compact(&b, raw) // parsed above: valid
			p.add(ErrUnsupported, where, "%s %s: %s", k, truncate(b.String()), why)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // raw messages of a parsed document
	}
	return b
}

var activationType = reflect.TypeFor[Activation]()

// configActivations returns the values of the Activation fields of a
// config pointer.
func configActivations(cfg any) []Activation {
	v := reflect.ValueOf(cfg).Elem()
	var out []Activation
	for i := range v.NumField() {
		if v.Field(i).Type() == activationType {
			out = append(out, v.Field(i).Interface().(Activation))
		}
	}
	return out
}

// normaliseField rewrites the Keras forms of a field that cfg's type reads
// differently.
func normaliseField(p *problemList, where, key string, t reflect.Type, raw json.RawMessage) json.RawMessage {
	switch {
	case t == activationType:
		// Keras 3 writes a built-in activation as its name and anything
		// else as a serialized object; a function it names is accepted.
		var obj struct {
			ClassName string `json:"class_name"`
			Config    any    `json:"config"`
		}
		if json.Unmarshal(raw, &obj) != nil {
			return raw // not an object: the config type judges it
		}
		if name, ok := obj.Config.(string); ok && obj.ClassName == "function" {
			b, _ := json.Marshal(name)
			return b
		}
		p.add(ErrUnsupported, where, "%s: a serialized %s object; Svertka supports the activations linear, relu, leaky_relu, sigmoid, tanh and softmax by name", key, quote(truncate(obj.ClassName)))
		return json.RawMessage(`"linear"`)
	case t.Kind() == reflect.Int:
		var one []json.RawMessage
		if json.Unmarshal(raw, &one) == nil && len(one) == 1 {
			return one[0]
		}
	}
	return raw
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
