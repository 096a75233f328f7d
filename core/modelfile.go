package core

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
)

// Model file format: one JSON document.
//
//	{"format": "svertka-model", "version": 1, "input_shape": [32, 32, 1],
//	 "layers": [{"class_name": "Conv2D", "config": {"name": "conv1", ...}}, ...],
//	 "weights": [{"layer": "conv1", "name": "kernel", "shape": [5, 5, 1, 10], "data": "<base64>"}, ...],
//	 "checksum": "sha256:<hex>"}
//
// Weight data is little-endian float32 in the tensor's row-major order. The
// checksum is the SHA-256 of all weights' data bytes concatenated in model
// order (layers in order, each layer's kernel then bias). Every field is
// required and unknown fields are rejected.
const (
	FileFormat  = "svertka-model"
	FileVersion = 1
)

type fileDoc struct {
	Format     string       `json:"format"`
	Version    int          `json:"version"`
	InputShape []int        `json:"input_shape"`
	Layers     []fileLayer  `json:"layers"`
	Weights    []fileWeight `json:"weights"`
	Checksum   string       `json:"checksum"`
}

type fileLayer struct {
	ClassName string `json:"class_name"`
	Config    any    `json:"config"`
}

type fileWeight struct {
	Layer string `json:"layer"`
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
}

type convConfig struct {
	Name         string      `json:"name"`
	Filters      int         `json:"filters"`
	KernelSize   [2]int      `json:"kernel_size"`
	Strides      [2]int      `json:"strides"`
	Padding      filePadding `json:"padding"`
	DilationRate [2]int      `json:"dilation_rate"`
	UseBias      bool        `json:"use_bias"`
	Activation   Activation  `json:"activation"`
}

type poolConfig struct {
	Name     string      `json:"name"`
	PoolSize [2]int      `json:"pool_size"`
	Strides  [2]int      `json:"strides"`
	Padding  filePadding `json:"padding"`
}

type denseConfig struct {
	Name       string     `json:"name"`
	Units      int        `json:"units"`
	Activation Activation `json:"activation"`
	UseBias    bool       `json:"use_bias"`
}

type dropoutConfig struct {
	Name string  `json:"name"`
	Rate float32 `json:"rate"`
}

type nameConfig struct {
	Name string `json:"name"`
}

// filePadding is "valid", "same" or [[top, bottom], [left, right]] in JSON.
type filePadding struct{ Padding }

func (p filePadding) MarshalJSON() ([]byte, error) {
	if p.Mode == PaddingExplicit {
		return json.Marshal([2][2]int{{p.Top, p.Bottom}, {p.Left, p.Right}})
	}
	return json.Marshal(p.String())
}

func (p *filePadding) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		if s != PaddingValid && s != PaddingSame {
			return errorf(ErrModelFile, "padding %q must be \"valid\", \"same\" or [[top, bottom], [left, right]]", s)
		}
		p.Padding = Padding{Mode: s}
		return nil
	}
	var e [][]int
	if err := json.Unmarshal(b, &e); err != nil || len(e) != 2 || len(e[0]) != 2 || len(e[1]) != 2 {
		return errorf(ErrModelFile, "padding must be \"valid\", \"same\" or [[top, bottom], [left, right]], got %s", truncate(string(b)))
	}
	p.Padding = Explicit(e[0][0], e[0][1], e[1][0], e[1][1])
	return nil
}

// EncodeModel writes m as a model file.
func EncodeModel(m *Model) ([]byte, error) {
	doc := fileDoc{Format: FileFormat, Version: FileVersion, InputShape: m.input, Layers: []fileLayer{}, Weights: []fileWeight{}}
	sum := sha256.New()
	for _, l := range m.layers {
		var cfg any
		switch l := l.(type) {
		case *Conv2DLayer:
			cfg = convConfig{Name: l.name, Filters: l.filters, KernelSize: l.kernelSize, Strides: l.p.Strides,
				Padding: filePadding{l.p.Padding}, DilationRate: l.p.Dilation, UseBias: l.useBias, Activation: l.p.Activation}
		case *Pool2DLayer:
			cfg = poolConfig{Name: l.name, PoolSize: l.p.Size, Strides: l.p.Strides, Padding: filePadding{l.p.Padding}}
		case *Dense:
			cfg = denseConfig{Name: l.name, Units: l.units, Activation: l.act, UseBias: l.useBias}
		case *Dropout:
			cfg = dropoutConfig{Name: l.name, Rate: l.rate}
		default:
			cfg = nameConfig{Name: l.Name()}
		}
		doc.Layers = append(doc.Layers, fileLayer{ClassName: l.Class(), Config: cfg})
		for _, p := range l.base().params {
			raw := floatsToBytes(p.data)
			sum.Write(raw)
			doc.Weights = append(doc.Weights, fileWeight{Layer: l.Name(), Name: p.name, Shape: p.shape, Data: base64.StdEncoding.EncodeToString(raw)})
		}
	}
	doc.Checksum = "sha256:" + hex.EncodeToString(sum.Sum(nil))
	return json.MarshalIndent(doc, "", " ")
}

func floatsToBytes(f []float32) []byte {
	b := make([]byte, 4*len(f))
	for i, v := range f {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	return b
}

// DecodeModel reads a model file, validating everything: the format and
// version, every layer's class and fields, the shapes, each weight's name,
// shape and size, finite values, the checksum and the size limits. Errors
// match ErrModelFile (or ErrShape, ErrConfig, ErrLimit for the architecture).
func DecodeModel(doc []byte) (*Model, error) {
	if len(doc) > MaxModelBytes {
		return nil, errorf(ErrLimit, "model file is %d bytes, above the limit %d", len(doc), MaxModelBytes)
	}
	top, err := newFields("model file", doc)
	if err != nil {
		return nil, err
	}
	var (
		format     string
		version    int
		inputShape []int
		layersRaw  []json.RawMessage
		weights    []fileWeight
		checksum   string
	)
	if err := top.get("format", &format); err != nil {
		return nil, err
	}
	if format != FileFormat {
		return nil, errorf(ErrModelFile, "model file: format is %q, want %q", truncate(format), FileFormat)
	}
	if err := top.get("version", &version); err != nil {
		return nil, err
	}
	if version != FileVersion {
		return nil, errorf(ErrModelFile, "model file: unsupported version %d (this engine reads version %d)", version, FileVersion)
	}
	for _, f := range []struct {
		key string
		dst any
	}{{"input_shape", &inputShape}, {"layers", &layersRaw}, {"weights", &weights}, {"checksum", &checksum}} {
		if err := top.get(f.key, f.dst); err != nil {
			return nil, err
		}
	}
	if err := top.finish(); err != nil {
		return nil, err
	}
	if err := checkShape("input_shape", inputShape, 3); err != nil {
		return nil, err
	}
	if len(layersRaw) > MaxLayers {
		return nil, errorf(ErrLimit, "model file: %d layers is above the limit %d", len(layersRaw), MaxLayers)
	}
	layers := make([]Layer, len(layersRaw))
	for i, raw := range layersRaw {
		if layers[i], err = decodeLayer(i, raw); err != nil {
			return nil, err
		}
	}
	m, err := buildSequential(inputShape, layers)
	if err != nil {
		return nil, err
	}
	if err := m.setWeights(weights, checksum); err != nil {
		return nil, err
	}
	return m, nil
}

// setWeights checks the weight entries against the built architecture and
// only then allocates and fills the parameters.
func (m *Model) setWeights(weights []fileWeight, checksum string) error {
	order, err := m.matchWeights(ErrModelFile, len(weights), func(i int) (string, string, []int) {
		return weights[i].Layer, weights[i].Name, weights[i].Shape
	})
	if err != nil {
		return prefixed("weights", err)
	}
	for _, i := range order {
		w := &weights[i]
		if n, want := numElements(w.Shape), base64.StdEncoding.EncodedLen(4*numElements(w.Shape)); len(w.Data) != want {
			return errorf(ErrModelFile, "weights: %s/%s has %d base64 characters, %d float32 values need %d", w.Layer, w.Name, len(w.Data), n, want)
		}
	}
	sum := sha256.New()
	k := 0
	for _, l := range m.layers {
		l.base().allocate()
		for _, p := range l.base().params {
			w := &weights[order[k]]
			k++
			raw, err := base64.StdEncoding.DecodeString(w.Data)
			if err != nil || len(raw) != 4*len(p.data) {
				return errorf(ErrModelFile, "weights: %s/%s is not valid base64", l.Name(), p.name)
			}
			sum.Write(raw)
			for i := range p.data {
				v := math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					return errorf(ErrModelFile, "weights: %s/%s value %d is %v", l.Name(), p.name, i, v)
				}
				p.data[i] = v
			}
		}
	}
	if got := "sha256:" + hex.EncodeToString(sum.Sum(nil)); got != checksum {
		return errorf(ErrModelFile, "checksum mismatch: the file says %q, the weights give %q", truncate(checksum), got)
	}
	return nil
}

func decodeLayer(i int, raw json.RawMessage) (Layer, error) {
	where := "layer " + itoa(i)
	f, err := newFields(where, raw)
	if err != nil {
		return nil, err
	}
	var class string
	var cfgRaw json.RawMessage
	if err := f.get("class_name", &class); err != nil {
		return nil, err
	}
	if err := f.get("config", &cfgRaw); err != nil {
		return nil, err
	}
	if err := f.finish(); err != nil {
		return nil, err
	}
	c, err := newFields(where+" ("+truncate(class)+") config", cfgRaw)
	if err != nil {
		return nil, err
	}
	var name string
	if err := c.get("name", &name); err != nil {
		return nil, err
	}
	var l Layer
	switch class {
	case "Conv2D":
		var cfg convConfig
		err = c.all(map[string]any{"filters": &cfg.Filters, "kernel_size": &cfg.KernelSize, "strides": &cfg.Strides,
			"padding": &cfg.Padding, "dilation_rate": &cfg.DilationRate, "use_bias": &cfg.UseBias, "activation": &cfg.Activation})
		l = NewConv2D(name, cfg.Filters, cfg.KernelSize,
			ConvParams{Strides: cfg.Strides, Dilation: cfg.DilationRate, Padding: cfg.Padding.Padding, Activation: cfg.Activation}, cfg.UseBias)
		if err == nil && (cfg.Strides[0] <= 0 || cfg.Strides[1] <= 0 || cfg.DilationRate[0] <= 0 || cfg.DilationRate[1] <= 0) {
			err = errorf(ErrModelFile, "%s: strides %v and dilation_rate %v must be positive", c.where, cfg.Strides, cfg.DilationRate)
		}
		if err == nil && cfg.Activation == "" {
			err = errorf(ErrModelFile, "%s: activation must not be empty", c.where)
		}
	case "MaxPool2D", "MaxPooling2D", "MinPool2D", "AvgPool2D", "AveragePooling2D":
		var cfg poolConfig
		err = c.all(map[string]any{"pool_size": &cfg.PoolSize, "strides": &cfg.Strides, "padding": &cfg.Padding})
		mode := map[string]PoolMode{"MaxPool2D": MaxPool, "MaxPooling2D": MaxPool, "MinPool2D": MinPool, "AvgPool2D": AvgPool, "AveragePooling2D": AvgPool}[class]
		l = NewPool2D(name, PoolParams{Mode: mode, Size: cfg.PoolSize, Strides: cfg.Strides, Padding: cfg.Padding.Padding})
		if err == nil && (cfg.Strides[0] <= 0 || cfg.Strides[1] <= 0) {
			err = errorf(ErrModelFile, "%s: strides %v must be positive", c.where, cfg.Strides)
		}
	case "Dense":
		var cfg denseConfig
		err = c.all(map[string]any{"units": &cfg.Units, "activation": &cfg.Activation, "use_bias": &cfg.UseBias})
		l = NewDenseBias(name, cfg.Units, cfg.Activation, cfg.UseBias)
		if err == nil && cfg.Activation == "" {
			err = errorf(ErrModelFile, "%s: activation must not be empty", c.where)
		}
	case "Dropout":
		var rate float64
		err = c.all(map[string]any{"rate": &rate})
		l = NewDropout(name, float32(rate))
	case "Flatten":
		l = NewFlatten(name)
	case "Softmax":
		l = NewSoftmax(name)
	default:
		return nil, errorf(ErrModelFile, "%s: unknown layer class %q (want Conv2D, MaxPool2D, MinPool2D, AvgPool2D, Flatten, Dense, Dropout or Softmax)", where, truncate(class))
	}
	if err == nil {
		err = c.finish()
	}
	return l, err
}

// fields reads a JSON object key by key, so that a missing key, a key of the
// wrong type and an unknown key each get their own clear error.
type fields struct {
	where string
	m     map[string]json.RawMessage
	used  map[string]bool
}

func newFields(where string, raw []byte) (*fields, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, errorf(ErrModelFile, "%s: %s", where, jsonProblem(err, "a JSON object"))
	}
	return &fields{where: where, m: m, used: map[string]bool{}}, nil
}

// get decodes the required key into dst.
func (f *fields) get(key string, dst any) error {
	raw, ok := f.m[key]
	if !ok {
		return errorf(ErrModelFile, "%s: missing field %q", f.where, key)
	}
	f.used[key] = true
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return errorf(ErrModelFile, "%s: field %q is null", f.where, key)
	}
	var err error
	switch d := dst.(type) {
	case *[2]int:
		// A [2]int would silently accept arrays of other lengths.
		var v []int
		if err = json.Unmarshal(raw, &v); err == nil {
			if len(v) != 2 {
				return errorf(ErrModelFile, "%s: field %q must have 2 values, got %d", f.where, key, len(v))
			}
			*d = [2]int{v[0], v[1]}
		}
	default:
		err = json.Unmarshal(raw, dst)
	}
	if err != nil {
		var ce *coreError
		if asCore(err, &ce) {
			return prefixed(f.where+": field "+quote(key), err)
		}
		return errorf(ErrModelFile, "%s: field %q: %s", f.where, key, jsonProblem(err, ""))
	}
	return nil
}

// all gets every key of dsts, in a fixed order for stable error messages.
func (f *fields) all(dsts map[string]any) error {
	keys := make([]string, 0, len(dsts))
	for k := range dsts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := f.get(k, dsts[k]); err != nil {
			return err
		}
	}
	return nil
}

// finish rejects keys that were not read.
func (f *fields) finish() error {
	var unknown []string
	for k := range f.m {
		if !f.used[k] {
			unknown = append(unknown, quote(truncate(k)))
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return errorf(ErrModelFile, "%s: unknown field %s", f.where, strings.Join(unknown, ", "))
	}
	return nil
}

// jsonProblem turns an encoding/json error into a sentence about the
// document rather than about Go types. want describes the expected value
// when the whole value has the wrong type.
func jsonProblem(err error, want string) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		return "must be " + want + ", got null"
	case errors.As(err, &syn):
		return fmt.Sprintf("invalid JSON at byte %d: %s", syn.Offset, truncate(syn.Error()))
	case errors.As(err, &typ):
		at := ""
		if typ.Field != "" {
			at = " at " + truncate(typ.Field)
		}
		return fmt.Sprintf("value%s must be %s, got %s", at, describeKind(typ.Type.Kind()), typ.Value)
	}
	return truncate(err.Error())
}

func describeKind(k reflect.Kind) string {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	}
	return "an object"
}
