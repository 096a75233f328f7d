package core

import (
	"encoding/json"
	"reflect"
	"strconv"
)

// tfjsClasses are the layer classes TF.js 4's tf.loadLayersModel
// deserialises, among the names (canonical and aliases) of Svertka's
// classes, with the config fields EncodeTFJS adds where TF.js's default
// differs from Keras's (TF.js's Softmax normalises axis 1, Keras's the
// last). A class with none of these names (MinPool2D) cannot be exported.
var tfjsClasses = map[string][]struct{ key, value string }{
	"Activation": nil, "AveragePooling2D": nil, "BatchNormalization": nil,
	"Conv2D": nil, "Dense": nil, "Dropout": nil, "Flatten": nil,
	"GlobalAveragePooling2D": nil, "GlobalMaxPooling2D": nil,
	"MaxPooling2D": nil, "ReLU": nil, "ZeroPadding2D": nil,
	"Softmax": {{"axis", "-1"}},
}

// tfjsClass returns the TF.js class name of a registered class, or "".
func tfjsClass(class string) string {
	c := classByName[class]
	if c == nil {
		return ""
	}
	for _, n := range append([]string{c.name}, c.aliases...) {
		if _, ok := tfjsClasses[n]; ok {
			return n
		}
	}
	return ""
}

// EncodeTFJS writes m in the TF.js layers format: model.json and its one
// weight file (TFJSShardName), which tf.loadLayersModel loads and
// DecodeTFJS reads back exactly. Each layer's config is its Keras config
// as in the own model file, the first one with the input's
// batch_input_shape; weights are named layer/weight ("conv1/kernel") and
// stored as little-endian float32 in model order.
//
// A model TF.js cannot compute the same way is refused, with every reason
// listed by layer (the error matches ErrUnsupported): a class Keras does
// not have (MinPool2D), explicit padding on a convolution or pooling layer
// (a ZeroPadding2D layer before a convolution does the same), the
// leaky_relu activation (TF.js has the LeakyReLU layer only), a ReLU with
// negative_slope or threshold (TF.js's has max_value only), global pooling
// with keepdims, and a convolution with both strides and dilation_rate
// above 1.
func EncodeTFJS(m *Model) (modelJSON, shard []byte, err error) {
	p := problemList{what: "TF.js export"}
	type layerJSON struct {
		ClassName string          `json:"class_name"`
		Config    json.RawMessage `json:"config"`
	}
	type weightJSON struct {
		Name  string `json:"name"`
		Shape []int  `json:"shape"`
		Dtype string `json:"dtype"`
	}
	var (
		layers  []layerJSON
		weights = []weightJSON{}
	)
	for i, l := range m.layers {
		where := quote(l.Name()) + " (" + l.Class() + ")"
		class := tfjsClass(l.Class())
		if class == "" {
			p.add(ErrUnsupported, where, "Keras and TF.js have no %s layer", l.Class())
		}
		tfjsCheck(&p, where, l.Config())
		cfg := layerSpec(l).Config
		for _, f := range tfjsClasses[class] {
			cfg = appendField(cfg, f.key, []byte(f.value))
		}
		if i == 0 {
			// TF.js's Sequential takes the input shape from the first
			// layer, as TF.js itself writes it.
			shape, _ := json.Marshal(append([]any{nil}, anyInts(m.input)...))
			cfg = appendField(appendField(cfg, "batch_input_shape", shape), "dtype", []byte(`"float32"`))
		}
		layers = append(layers, layerJSON{class, cfg})
		for _, w := range l.base().weights {
			weights = append(weights, weightJSON{l.Name() + "/" + w.name, w.shape, "float32"})
			shard = append(shard, floatsToBytes(w.data)...)
		}
	}
	if err := p.err(); err != nil {
		return nil, nil, err
	}
	type topology struct {
		ClassName string `json:"class_name"`
		Config    struct {
			Name   string      `json:"name"`
			Layers []layerJSON `json:"layers"`
		} `json:"config"`
	}
	type group struct {
		Paths   []string     `json:"paths"`
		Weights []weightJSON `json:"weights"`
	}
	doc := struct {
		Format          string   `json:"format"`
		GeneratedBy     string   `json:"generatedBy"`
		ConvertedBy     *string  `json:"convertedBy"`
		ModelTopology   topology `json:"modelTopology"`
		WeightsManifest []group  `json:"weightsManifest"`
	}{Format: "layers-model", GeneratedBy: "Svertka", WeightsManifest: []group{{[]string{TFJSShardName}, weights}}}
	doc.ModelTopology.ClassName = "Sequential"
	doc.ModelTopology.Config.Name = "sequential"
	doc.ModelTopology.Config.Layers = layers
	modelJSON, err = json.Marshal(doc)
	if err != nil {
		panic(err) // plain structs and configs
	}
	if shard == nil {
		shard = []byte{}
	}
	return modelJSON, shard, nil
}

// tfjsCheck lists what in a layer's config TF.js cannot compute as
// Svertka does.
func tfjsCheck(p *problemList, where string, cfg any) {
	v := reflect.ValueOf(cfg)
	field := func(key string) (reflect.Value, bool) {
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("json") == key {
				return v.Field(i), true
			}
		}
		return reflect.Value{}, false
	}
	for i := range v.NumField() {
		key, f := v.Type().Field(i).Tag.Get("json"), v.Field(i).Interface()
		switch f := f.(type) {
		case Activation:
			if f == LeakyReLU {
				p.add(ErrUnsupported, where, "%s leaky_relu: TF.js has no leaky_relu activation", key)
			}
		case Padding:
			if f.Mode == PaddingExplicit {
				p.add(ErrUnsupported, where, "%s %s: Keras and TF.js have no explicit padding here (a ZeroPadding2D layer before a convolution does the same)", key, f)
			}
		}
	}
	for _, key := range []string{"negative_slope", "threshold"} {
		if f, ok := field(key); ok && f.Float() != 0 {
			p.add(ErrUnsupported, where, "%s %v: TF.js's ReLU has max_value only", key, float32(f.Float()))
		}
	}
	if f, ok := field("keepdims"); ok && f.Bool() {
		p.add(ErrUnsupported, where, "keepdims true: TF.js's global pooling has no keepdims")
	}
	s, ok1 := field("strides")
	dl, ok2 := field("dilation_rate")
	if ok1 && ok2 {
		st, di := s.Interface().([2]int), dl.Interface().([2]int)
		if st != [2]int{1, 1} && di != [2]int{1, 1} {
			p.add(ErrUnsupported, where, "strides %v with dilation_rate %v: TF.js computes one of them above 1 only", st, di)
		}
	}
}

// appendField adds "key": value at the end of a JSON object.
func appendField(obj json.RawMessage, key string, value []byte) json.RawMessage {
	out := append([]byte{}, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, strconv.Quote(key)...)
	out = append(out, ':')
	out = append(out, value...)
	return append(out, '}')
}

func anyInts(v []int) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}
