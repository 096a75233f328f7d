package core

import (
	"encoding/json"
	"strings"
)

// DecodeTFJS reads a model in the TF.js layers format: modelJSON is
// model.json and shards the weight files in the order the manifest lists
// them (every group's paths, one after another), or one buffer holding
// them all concatenated. It reads Sequential models as TF.js's model.save
// and tensorflowjs_converter write them from Keras 2 and Keras 3 (an
// explicit InputLayer or a batch_input_shape, batch_shape or input_shape
// on the first layer, Keras 3's module, registered_name and dtype
// policies), and functional models that are a single chain of layers.
// Weights are matched by name as tf.loadLayersModel matches them: "layer/
// weight" ("conv2d/kernel"), Keras 3's "layer/index" ("dense/0") or either
// with a scope between the two parts ("dense/dense/kernel", "dense/vars/0").
//
// Everything is checked before the model is built: each problem — an
// unknown class, a setting that changes the computation (channels_first,
// a dtype other than float32, ...), a non-float32 or quantized weight, a
// shard whose size does not match the manifest, a missing or unknown
// weight — is collected and the error lists them all by layer name. The
// error matches ErrUnsupported when the file asks for something Svertka
// does not compute, ErrModelFile when it is malformed and ErrLimit when it
// is above the limits (MaxModelBytes for model.json and for the weights
// together, MaxElements per tensor); weights with NaN or infinity are
// refused. Nothing is half loaded: the model is returned only when all of
// it was read.
func DecodeTFJS(modelJSON []byte, shards [][]byte) (*Model, error) {
	if len(modelJSON) > MaxModelBytes {
		return nil, errorf(ErrLimit, "model.json is %d bytes, above the limit %d", len(modelJSON), MaxModelBytes)
	}
	total := 0
	for _, s := range shards {
		total += len(s)
	}
	if total > MaxModelBytes {
		return nil, errorf(ErrLimit, "the weight files hold %d bytes, above the limit %d", total, MaxModelBytes)
	}
	d := &tfjsDecoder{p: problemList{what: "model.json"}}
	top, err := newFields(ErrModelFile, "model.json", modelJSON)
	if err != nil {
		return nil, err
	}
	var (
		topology   json.RawMessage
		manifest   []json.RawMessage
		format     *string
		provenance *string
	)
	if err := top.get("modelTopology", &topology); err != nil {
		return nil, err
	}
	if top.has("format") {
		if err := top.get("format", &format); err != nil {
			return nil, err
		}
		if format != nil && *format != "layers-model" {
			return nil, errorf(ErrUnsupported, "model.json: format %q is not a layers model (Svertka reads the TF.js layers format; a graph model has no Keras layers)", truncate(*format))
		}
	}
	if top.has("weightsManifest") {
		if err := top.get("weightsManifest", &manifest); err != nil {
			return nil, err
		}
	}
	// Provenance and training state: they do not change the model.
	for _, k := range []string{"generatedBy", "convertedBy"} {
		if top.has(k) {
			if err := top.get(k, &provenance); err != nil {
				return nil, err
			}
		}
	}
	top.ignore("trainingConfig", "userDefinedMetadata")
	if err := top.finish(); err != nil {
		return nil, err
	}

	d.topology(topology)
	d.manifest(manifest, shards)
	if err := d.p.err(); err != nil {
		return nil, err
	}
	m, err := buildSequential(d.input, d.layers)
	if err != nil {
		return nil, prefixed("model.json", err)
	}
	if err := d.checkAxes(m); err != nil {
		return nil, err
	}
	if err := d.setWeights(m); err != nil {
		return nil, err
	}
	return m, nil
}

// ignore marks keys as read whatever they hold.
func (f *fields) ignore(keys ...string) {
	for _, k := range keys {
		f.used[k] = true
	}
}

// tfjsDecoder reads one model.json, collecting problems instead of
// stopping at the first.
type tfjsDecoder struct {
	p      problemList
	input  []int // the input shape, once known
	layers []Layer
	// shapeSeen is set once a source of the input shape was read, well
	// formed or not.
	shapeSeen bool
	// layersRead is set once the layer list was read (the input shape can
	// only be missing then).
	layersRead bool
	axes       []layerAxis
	groups     []weightGroup
}

// object reads raw as a JSON object, recording a problem when it is not.
func (d *tfjsDecoder) object(where string, raw json.RawMessage) *fields {
	f, err := newFields(ErrModelFile, where, raw)
	if err != nil {
		d.p.addErr("", err)
		return nil
	}
	return f
}

// get reads a required key, recording a problem when it is missing or
// malformed.
func (d *tfjsDecoder) get(f *fields, key string, dst any) bool {
	if err := f.get(key, dst); err != nil {
		d.p.addErr("", err)
		return false
	}
	return true
}

// optional reads key when present.
func (d *tfjsDecoder) optional(f *fields, key string, dst any) {
	if f.has(key) {
		d.get(f, key, dst)
	}
}

// finish records the unknown keys of f.
func (d *tfjsDecoder) finish(f *fields) {
	if err := f.finish(); err != nil {
		d.p.addErr("", err)
	}
}

// topology reads modelTopology: a model object, or (tensorflowjs_converter)
// an object with the model under model_config.
func (d *tfjsDecoder) topology(raw json.RawMessage) {
	f := d.object("modelTopology", raw)
	if f == nil {
		return
	}
	if f.has("model_config") {
		var model json.RawMessage
		if d.get(f, "model_config", &model) {
			f.ignore("keras_version", "backend", "training_config")
			d.finish(f)
			d.model("modelTopology.model_config", model)
		}
		return
	}
	d.model("modelTopology", raw)
}

// model reads a Keras model object: {"class_name", "config"} with, from
// Keras, its version and backend and, from Keras 3, module,
// registered_name, build_config and compile_config.
func (d *tfjsDecoder) model(where string, raw json.RawMessage) {
	f := d.object(where, raw)
	if f == nil {
		return
	}
	var class string
	var config json.RawMessage
	if !d.get(f, "class_name", &class) || !d.get(f, "config", &config) {
		return
	}
	var build *buildConfig
	d.optional(f, "build_config", &build)
	f.ignore("keras_version", "backend", "module", "registered_name", "compile_config")
	d.finish(f)
	switch class {
	case "Sequential":
		d.sequential(where+".config", config)
	case "Functional", "Model":
		d.functional(where+".config", config)
	default:
		d.p.add(ErrUnsupported, where, "model class %q: Svertka reads Sequential models and functional models that are a single chain", truncate(class))
		return
	}
	if d.input == nil && build != nil && build.InputShape != nil && string(build.InputShape) != "null" {
		d.batchShape("the model's build_config", build.InputShape, true)
	}
	if d.input == nil && !d.shapeSeen && d.layersRead {
		d.p.add(ErrModelFile, "", "the input shape is missing: give the model an InputLayer or its first layer a batch_input_shape (Keras 2, TF.js) or batch_shape (Keras 3)")
	}
}

// sequential reads a Sequential config: {"name", "layers"} (Keras 3 adds
// trainable, dtype and build_input_shape), or the bare list of layers
// early Keras 2 wrote.
func (d *tfjsDecoder) sequential(where string, raw json.RawMessage) {
	var specs []json.RawMessage
	var buildShape json.RawMessage
	if json.Unmarshal(raw, &specs) != nil {
		f := d.object(where, raw)
		if f == nil {
			return
		}
		var name string
		if !d.get(f, "name", &name) || !d.get(f, "layers", &specs) {
			return
		}
		d.optional(f, "build_input_shape", &buildShape)
		d.judge(f, where, "trainable", "dtype")
		d.finish(f)
	}
	d.readLayers(specs, nil)
	if d.input == nil && buildShape != nil && string(buildShape) != "null" {
		d.batchShape("build_input_shape", buildShape, true)
	}
}

// judge reads the given Keras fields of f through kerasFields.
func (d *tfjsDecoder) judge(f *fields, where string, keys ...string) {
	m := map[string]json.RawMessage{}
	for _, k := range keys {
		if f.has(k) {
			m[k] = f.m[k]
			f.used[k] = true
		}
	}
	kerasConfig(&d.p, where, m, &struct{}{})
}

// buildConfig is Keras 3's record of the shape a layer or model was built
// for.
type buildConfig struct {
	InputShape json.RawMessage `json:"input_shape"`
}

// tfjsLayer is one entry of a model's layer list.
type tfjsLayer struct {
	class, name string
	config      map[string]json.RawMessage
	buildShape  json.RawMessage // build_config.input_shape (Keras 3)
	inbound     json.RawMessage // inbound_nodes (functional models)
}

// readLayer reads one entry of the layer list: class_name and config, and
// from Keras 3 module, registered_name and build_config; functional
// models add name and inbound_nodes.
func (d *tfjsDecoder) readLayer(i int, raw json.RawMessage) *tfjsLayer {
	where := "layer " + itoa(i)
	f := d.object(where, raw)
	if f == nil {
		return nil
	}
	l := &tfjsLayer{}
	var config json.RawMessage
	if !d.get(f, "class_name", &l.class) || !d.get(f, "config", &config) {
		return nil
	}
	var build *buildConfig
	d.optional(f, "build_config", &build)
	if build != nil {
		l.buildShape = build.InputShape
	}
	d.optional(f, "inbound_nodes", &l.inbound)
	var outerName string
	d.optional(f, "name", &outerName)
	f.ignore("module", "registered_name")
	d.finish(f)
	cf := d.object(where+" ("+truncate(l.class)+") config", config)
	if cf == nil {
		return nil
	}
	l.config = cf.m
	if raw, ok := l.config["name"]; ok && json.Unmarshal(raw, &l.name) == nil && l.name != "" {
		return l
	}
	if outerName == "" {
		d.p.add(ErrModelFile, where+" ("+truncate(l.class)+")", "config has no name")
		return nil
	}
	l.name = outerName
	return l
}

// readLayers reads a layer list and turns it into layers; chain, for
// functional models, puts the layers in the order they run (nil when they
// are not a single chain).
func (d *tfjsDecoder) readLayers(specs []json.RawMessage, chain func([]*tfjsLayer) []*tfjsLayer) {
	if len(specs) > MaxLayers+1 { // an InputLayer may come first
		d.p.add(ErrLimit, "", "%d layers is above the limit %d", len(specs), MaxLayers)
		return
	}
	var ls []*tfjsLayer
	for i, raw := range specs {
		if l := d.readLayer(i, raw); l != nil {
			ls = append(ls, l)
		}
	}
	if len(ls) != len(specs) {
		return
	}
	if chain != nil {
		if ls = chain(ls); ls == nil {
			return
		}
	}
	d.layersRead = true
	for i, l := range ls {
		d.layer(i, l)
	}
}

// layer turns one Keras layer into a Svertka layer through the registry.
func (d *tfjsDecoder) layer(i int, l *tfjsLayer) {
	where := quote(truncate(l.name)) + " (" + truncate(l.class) + ")"
	if l.class == "InputLayer" {
		if i != 0 {
			d.p.add(ErrUnsupported, where, "an InputLayer can only come first")
			return
		}
		d.inputLayer(where, l.config)
		return
	}
	if d.input == nil && !d.shapeSeen {
		d.firstLayerShape(where, l)
	}
	c := classByName[l.class]
	if c == nil {
		d.p.add(ErrUnsupported, where, "unknown layer class %q (Svertka supports %s)", truncate(l.class), classNames())
		return
	}
	cfg := c.config()
	keras := kerasConfig(&d.p, where, l.config, cfg)
	if err := decodeConfig(ErrModelFile, where+" config", keras, cfg, false); err != nil {
		d.p.addErr("", err)
		return
	}
	// Activations are checked here, not when the model is built, so that
	// every unknown one is listed.
	for _, a := range configActivations(cfg) {
		if err := a.check(); err != nil {
			d.p.addErr(where, err)
		}
	}
	if raw, ok := l.config["axis"]; ok && configFields(cfg)["axis"] == nil {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			if axis, ok := axisValue(v); ok {
				d.axes = append(d.axes, layerAxis{len(d.layers), axis})
			}
		}
	}
	d.layers = append(d.layers, c.build(cfg))
}

// layerAxis is the axis a Keras config names for a layer of Svertka's
// that always works on the last axis (Softmax).
type layerAxis struct{ layer, axis int }

// checkAxes lists the layers whose axis is not the last of their input:
// -1, or in Keras's numbering, which counts the batch axis, the input's
// rank (TF.js's Softmax defaults to axis 1, the last only after a Dense
// layer).
func (d *tfjsDecoder) checkAxes(m *Model) error {
	p := problemList{what: "model.json"}
	for _, a := range d.axes {
		l := m.layers[a.layer]
		in := l.base().in
		if a.axis != -1 && a.axis != len(in) {
			p.add(ErrUnsupported, quote(l.Name())+" ("+l.Class()+")", "axis %d of its input %s: only the last axis (-1 or %d) is supported", a.axis, batchShape(in), len(in))
		}
	}
	return p.err()
}

// inputLayer reads an InputLayer's config: its batch shape
// (batch_input_shape in Keras 2 and TF.js, batch_shape in Keras 3),
// dtype, sparse, ragged, optional.
func (d *tfjsDecoder) inputLayer(where string, m map[string]json.RawMessage) {
	found := false
	for _, k := range []string{"batch_input_shape", "batch_shape"} {
		if raw, ok := m[k]; ok && string(raw) != "null" {
			d.batchShape(where+" "+k, raw, true)
			found = true
			break
		}
	}
	if !found {
		if raw, ok := m["input_shape"]; ok {
			d.batchShape(where+" input_shape", raw, false)
		} else {
			d.p.add(ErrModelFile, where, "no batch_input_shape or batch_shape")
			d.shapeSeen = true
		}
	}
	rest := map[string]json.RawMessage{}
	for k, v := range m {
		if k != "name" {
			rest[k] = v
		}
	}
	kerasConfig(&d.p, where, rest, &struct{}{})
}

// firstLayerShape reads the input shape from the first layer's config.
func (d *tfjsDecoder) firstLayerShape(where string, l *tfjsLayer) {
	for _, k := range []string{"batch_input_shape", "batch_shape"} {
		if raw, ok := l.config[k]; ok && string(raw) != "null" {
			d.batchShape(where+" "+k, raw, true)
			return
		}
	}
	if raw, ok := l.config["input_shape"]; ok && string(raw) != "null" {
		d.batchShape(where+" input_shape", raw, false)
		return
	}
	if l.buildShape != nil && string(l.buildShape) != "null" {
		d.batchShape(where+" build_config", l.buildShape, true)
	}
}

// batchShape reads an input shape: [batch, height, width, channels] with
// any batch size (null in Keras), or without the batch axis.
func (d *tfjsDecoder) batchShape(where string, raw json.RawMessage, batch bool) {
	d.shapeSeen = true
	var dims []*int
	if err := json.Unmarshal(raw, &dims); err != nil {
		d.p.add(ErrModelFile, where, "%s", jsonProblem(err, "a list of sizes"))
		return
	}
	if batch {
		if len(dims) == 0 {
			d.p.add(ErrModelFile, where, "an empty shape")
			return
		}
		dims = dims[1:]
	}
	shape := make([]int, len(dims))
	for i, v := range dims {
		if v == nil {
			d.p.add(ErrUnsupported, where, "input %s has a size left open (null); Svertka needs a fixed height, width and channels", formatOpen(dims))
			return
		}
		shape[i] = *v
	}
	if len(shape) != 3 {
		d.p.add(ErrUnsupported, where, "input %s: Svertka models take a [height, width, channels] image", formatShape(shape))
		return
	}
	if err := checkShape("input", shape, 3); err != nil {
		d.p.addErr(where, err)
		return
	}
	d.input = shape
}

// formatOpen formats a shape whose sizes may be null.
func formatOpen(dims []*int) string {
	parts := make([]string, len(dims))
	for i, v := range dims {
		parts[i] = "None"
		if v != nil {
			parts[i] = itoa(*v)
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}
