package core

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
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
	Layers     []LayerSpec  `json:"layers"`
	Weights    []fileWeight `json:"weights"`
	Checksum   string       `json:"checksum"`
}

type fileWeight struct {
	Layer string `json:"layer"`
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
	Data  string `json:"data"`
}

// EncodeModel writes m as a model file.
func EncodeModel(m *Model) ([]byte, error) {
	doc := fileDoc{Format: FileFormat, Version: FileVersion, InputShape: m.input, Layers: []LayerSpec{}, Weights: []fileWeight{}}
	sum := sha256.New()
	for _, l := range m.layers {
		doc.Layers = append(doc.Layers, layerSpec(l))
		for _, w := range l.base().weights {
			raw := floatsToBytes(w.data)
			sum.Write(raw)
			doc.Weights = append(doc.Weights, fileWeight{Layer: l.Name(), Name: w.name, Shape: w.shape, Data: base64.StdEncoding.EncodeToString(raw)})
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
	top, err := newFields(ErrModelFile, "model file", doc)
	if err != nil {
		return nil, err
	}
	if err := checkDuplicateKeys(ErrModelFile, "model file", doc); err != nil {
		return nil, err
	}
	var (
		format     string
		version    int
		inputShape []int
		layersRaw  []json.RawMessage
		weightsRaw []json.RawMessage
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
	}{{"input_shape", &inputShape}, {"layers", &layersRaw}, {"weights", &weightsRaw}, {"checksum", &checksum}} {
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
	weights := make([]fileWeight, len(weightsRaw))
	for i, raw := range weightsRaw {
		if weights[i], err = decodeWeight(i, raw); err != nil {
			return nil, err
		}
	}
	if err := m.setWeights(weights, checksum); err != nil {
		return nil, err
	}
	return m, nil
}

// setWeights checks the weight entries against the built architecture and
// only then allocates and fills the parameters.
func (m *Model) setWeights(weights []fileWeight, checksum string) error {
	byKey := make(map[[2]string]*fileWeight, len(weights))
	for i := range weights {
		w := &weights[i]
		key := [2]string{w.Layer, w.Name}
		if byKey[key] != nil {
			return errorf(ErrModelFile, "weights: %s/%s appears twice", truncate(w.Layer), truncate(w.Name))
		}
		byKey[key] = w
	}
	used := 0
	for _, l := range m.layers {
		for _, p := range l.base().weights {
			w := byKey[[2]string{l.Name(), p.name}]
			if w == nil {
				return errorf(ErrModelFile, "weights: %s/%s is missing", l.Name(), p.name)
			}
			used++
			if !equalInts(w.Shape, p.shape) {
				return errorf(ErrModelFile, "weights: %s/%s has shape %s, the layer needs %s", l.Name(), p.name, formatShape(w.Shape), formatShape(p.shape))
			}
			if want := base64.StdEncoding.EncodedLen(4 * numElements(p.shape)); len(w.Data) != want {
				return errorf(ErrModelFile, "weights: %s/%s has %d base64 characters, %d float32 values need %d", l.Name(), p.name, len(w.Data), numElements(p.shape), want)
			}
		}
	}
	if used != len(weights) {
		for _, w := range weights {
			if l, err := m.Layer(w.Layer); err != nil || l.base().weight(w.Name) == nil {
				return errorf(ErrModelFile, "weights: %s/%s belongs to no layer parameter", truncate(w.Layer), truncate(w.Name))
			}
		}
	}
	sum := sha256.New()
	for _, l := range m.layers {
		l.base().allocate()
		for _, p := range l.base().weights {
			w := byKey[[2]string{l.Name(), p.name}]
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
	f, err := newFields(ErrModelFile, where, raw)
	if err != nil {
		return nil, err
	}
	var ls LayerSpec
	if err := f.get("class_name", &ls.ClassName); err != nil {
		return nil, err
	}
	if err := f.get("config", &ls.Config); err != nil {
		return nil, err
	}
	if err := f.finish(); err != nil {
		return nil, err
	}
	c, cfg, err := decodeSpec(ErrModelFile, where, ls, true)
	if err != nil {
		return nil, err
	}
	return c.build(cfg), nil
}
