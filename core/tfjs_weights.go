package core

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// The weights manifest is a list of groups, each with its files (paths)
// and its weights; a group's weights lie one after another, in manifest
// order, in the concatenation of its files. Only the total size of a group
// is known, not the size of each file.

// weightGroup is one manifest entry.
type weightGroup struct {
	paths   []string
	weights []manifestWeight
	data    [][]byte // the group's files, once their sizes checked out
}

// manifestWeight is one weight of the manifest.
type manifestWeight struct {
	name  string
	shape []int
	size  int  // bytes in the files; −1 when unknown (a string tensor)
	model bool // a model weight (false: an optimizer's, skipped)
}

// dtypeSizes are the bytes per value of the dtypes TF.js writes, and of
// the quantized forms (quantization.dtype).
var dtypeSizes = map[string]int{"float32": 4, "int32": 4, "bool": 1, "complex64": 8, "float16": 2, "uint8": 1, "uint16": 2}

// manifest reads the weights manifest and checks the files against it.
func (d *tfjsDecoder) manifest(groups []json.RawMessage, shards [][]byte) {
	sized := true
	paths := 0
	for gi, raw := range groups {
		where := "weightsManifest[" + itoa(gi) + "]"
		f := d.object(where, raw)
		if f == nil {
			return
		}
		var g weightGroup
		var ws []json.RawMessage
		if !d.get(f, "paths", &g.paths) || !d.get(f, "weights", &ws) {
			return
		}
		d.finish(f)
		for wi, raw := range ws {
			w, ok := d.manifestWeight(where+".weights["+itoa(wi)+"]", raw)
			if !ok {
				return
			}
			sized = sized && w.size >= 0
			g.weights = append(g.weights, w)
		}
		paths += len(g.paths)
		d.groups = append(d.groups, g)
	}
	if !sized {
		return // a string tensor was refused: its size is unknown
	}
	need := 0
	for _, g := range d.groups {
		need += groupSize(g)
	}
	switch {
	case len(shards) == 0 && need == 0:
		// A model without weights needs no file, even if one is listed.
	case len(shards) == paths:
		for gi := range d.groups {
			g := &d.groups[gi]
			g.data, shards = shards[:len(g.paths)], shards[len(g.paths):]
			d.checkGroup(gi, g, g.data)
		}
	case len(shards) == 1:
		// All the files in one buffer, as TF.js's fromMemory takes them.
		if len(shards[0]) != need {
			d.p.add(ErrModelFile, "", "the weight buffer holds %d bytes, the manifest's %d weights need %d", len(shards[0]), d.weightCount(), need)
			return
		}
		rest := shards[0]
		for gi := range d.groups {
			n := groupSize(d.groups[gi])
			d.groups[gi].data, rest = [][]byte{rest[:n]}, rest[n:]
		}
	default:
		d.p.add(ErrModelFile, "", "%d weight files given, the manifest lists %d (%s)", len(shards), paths, names(d.allPaths()))
	}
}

// manifestWeight reads {"name", "shape", "dtype"} with, optionally,
// "quantization" and "group" (TF.js's "model" or "optimizer").
func (d *tfjsDecoder) manifestWeight(where string, raw json.RawMessage) (manifestWeight, bool) {
	f := d.object(where, raw)
	if f == nil {
		return manifestWeight{}, false
	}
	var (
		w     = manifestWeight{model: true}
		dtype string
		quant *struct {
			Dtype string `json:"dtype"`
		}
		group *string
	)
	if !d.get(f, "name", &w.name) || !d.get(f, "shape", &w.shape) || !d.get(f, "dtype", &dtype) {
		return w, false
	}
	d.optional(f, "quantization", &quant)
	d.optional(f, "group", &group)
	d.finish(f)
	at := quote(truncate(w.name))
	if layer, _, ok := strings.Cut(w.name, "/"); ok {
		at = quote(truncate(layer)) + ": weight " + at
	}
	n := 1
	for _, v := range w.shape {
		if v < 0 || v > MaxElements {
			d.p.add(ErrModelFile, at, "shape %s has a size outside [0, %d]", formatShape(w.shape), MaxElements)
			return w, false
		}
		if n *= v; n > MaxElements {
			d.p.add(ErrLimit, at, "shape %s has more than %d elements", formatShape(w.shape), MaxElements)
			return w, false
		}
	}
	w.model = group == nil || *group == "model"
	stored := dtype
	if quant != nil {
		stored = quant.Dtype
	}
	size, known := dtypeSizes[stored]
	w.size = n * size
	if !known {
		w.size = -1
	}
	switch {
	case !w.model:
		// An optimizer's state: skipped, whatever its type.
	case quant != nil:
		d.p.add(ErrUnsupported, at, "quantized to %s: only float32 weights are supported (convert without quantization)", truncate(quant.Dtype))
	case dtype != "float32":
		d.p.add(ErrUnsupported, at, "dtype %s: only float32 weights are supported", truncate(dtype))
	}
	return w, true
}

func groupSize(g weightGroup) int {
	n := 0
	for _, w := range g.weights {
		n += w.size
	}
	return n
}

func (d *tfjsDecoder) weightCount() int {
	n := 0
	for _, g := range d.groups {
		n += len(g.weights)
	}
	return n
}

func (d *tfjsDecoder) allPaths() []string {
	var ps []string
	for _, g := range d.groups {
		ps = append(ps, g.paths...)
	}
	return ps
}

// checkGroup compares the bytes of a group's files with what its weights
// need.
func (d *tfjsDecoder) checkGroup(gi int, g *weightGroup, files [][]byte) {
	have := 0
	for _, f := range files {
		have += len(f)
	}
	need := groupSize(*g)
	where := "weight group " + itoa(gi+1) + " (" + names(g.paths) + ")"
	if len(g.paths) == 0 && len(g.weights) > 0 {
		d.p.add(ErrModelFile, where, "lists %d weights and no file", len(g.weights))
	} else if have != need {
		d.p.add(ErrModelFile, where, "the files hold %d bytes, the group's %d weights need %d%s: a file is truncated, extended or missing", have, len(g.weights), need, float32Count(g))
	}
}

// float32Count says how many float32 values a group holds, when it holds
// nothing else.
func float32Count(g *weightGroup) string {
	if groupSize(*g)%4 != 0 {
		return ""
	}
	n := 0
	for _, w := range g.weights {
		n += numElements(w.shape)
	}
	if 4*n != groupSize(*g) {
		return ""
	}
	return " (" + itoa(n) + " float32 values)"
}

// setWeights matches the manifest's weights with the model's, checks
// their shapes and values and only then fills the model.
func (d *tfjsDecoder) setWeights(m *Model) error {
	p := problemList{what: "model.json"}
	targets := map[*weight]string{}
	plan := make([][]*weight, len(d.groups)) // per group, per manifest weight: where it goes (nil: skipped)
	for gi, g := range d.groups {
		plan[gi] = make([]*weight, len(g.weights))
		for wi, w := range g.weights {
			if !w.model {
				continue
			}
			t, layer := tfjsTarget(m, w.name)
			switch {
			case t == nil:
				p.add(ErrModelFile, "", "weight %q belongs to no weight of the model (its weights are named layer/weight, e.g. %q)", truncate(w.name), firstWeightName(m))
			case targets[t] != "":
				p.add(ErrModelFile, quote(layer), "weight %s is given twice (%q and %q)", t.name, truncate(targets[t]), truncate(w.name))
			case !equalInts(w.shape, t.shape):
				p.add(ErrModelFile, quote(layer), "weight %q has shape %s, the layer needs %s", truncate(w.name), formatShape(w.shape), formatShape(t.shape))
				targets[t] = w.name // given, if wrongly: not missing
			default:
				targets[t] = w.name
				plan[gi][wi] = t
			}
		}
	}
	for _, l := range m.layers {
		for _, w := range l.base().weights {
			if targets[w] == "" {
				p.add(ErrModelFile, quote(l.Name())+" ("+l.Class()+")", "weight %s is missing from the manifest", w.name)
			}
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	for _, l := range m.layers {
		l.base().allocate()
	}
	for gi, g := range d.groups {
		r := shardReader{parts: g.data}
		for wi, w := range g.weights {
			t := plan[gi][wi]
			if t == nil {
				r.discard(w.size) // an optimizer's state: read past it
				continue
			}
			r.read(t.data)
			for i, v := range t.data {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					p.add(ErrModelFile, "", "weight %q value %d is %v", truncate(w.name), i, v)
					break
				}
			}
		}
	}
	return p.err()
}

// tfjsTarget finds the weight a manifest name stands for, as
// tf.loadLayersModel does: "layer/weight" or Keras 3's "layer/index",
// else the same with the second-to-last part of the name dropped
// ("dense/dense/kernel", "dense/vars/0").
func tfjsTarget(m *Model, name string) (*weight, string) {
	candidates := []string{name}
	if parts := strings.Split(name, "/"); len(parts) >= 3 {
		candidates = append(candidates, strings.Join(append(parts[:len(parts)-2:len(parts)-2], parts[len(parts)-1]), "/"))
	}
	for _, n := range candidates {
		i := strings.LastIndexByte(n, '/')
		if i < 0 {
			continue
		}
		l, err := m.Layer(n[:i])
		if err != nil {
			continue
		}
		b, w := l.base(), n[i+1:]
		if t := b.weight(w); t != nil {
			return t, l.Name()
		}
		if k, err := strconv.Atoi(w); err == nil && k >= 0 && k < len(b.weights) && strconv.Itoa(k) == w {
			return b.weights[k], l.Name()
		}
	}
	return nil, ""
}

// firstWeightName is an example of a weight name for messages.
func firstWeightName(m *Model) string {
	for _, l := range m.layers {
		for _, w := range l.base().weights {
			return l.Name() + "/" + w.name
		}
	}
	return "conv2d/kernel"
}

// shardReader reads little-endian float32 values from a sequence of
// files, values possibly straddling two files.
type shardReader struct {
	parts [][]byte
	off   int // in parts[0]
}

func (r *shardReader) byte() byte {
	for r.off == len(r.parts[0]) {
		r.parts, r.off = r.parts[1:], 0
	}
	b := r.parts[0][r.off]
	r.off++
	return b
}

func (r *shardReader) read(dst []float32) {
	for i := range dst {
		var b [4]byte
		if p := r.parts; len(p) > 0 && r.off+4 <= len(p[0]) {
			copy(b[:], p[0][r.off:])
			r.off += 4
		} else {
			for j := range b {
				b[j] = r.byte()
			}
		}
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[:]))
	}
}

func (r *shardReader) discard(n int) {
	for ; n > 0; n-- {
		r.byte()
	}
}
