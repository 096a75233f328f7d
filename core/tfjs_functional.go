package core

import (
	"encoding/json"
	"strings"
)

// Functional models (class Functional in Keras, Model in TF.js) list their
// layers with the tensors each one takes (inbound_nodes). Svertka runs a
// single chain, so a functional model is read when it is one: one input,
// one output, every layer taking one tensor from the layer before it and
// feeding only the next. Anything else — a branch, a merge, a shared
// layer — is listed as a problem.

// functional reads a functional model's config: {"name", "layers",
// "input_layers", "output_layers"} (Keras 3 adds trainable and dtype).
func (d *tfjsDecoder) functional(where string, raw json.RawMessage) {
	f := d.object(where, raw)
	if f == nil {
		return
	}
	var (
		name      string
		specs     []json.RawMessage
		ins, outs any
	)
	if !d.get(f, "name", &name) || !d.get(f, "layers", &specs) || !d.get(f, "input_layers", &ins) || !d.get(f, "output_layers", &outs) {
		return
	}
	d.judge(f, where, "trainable", "dtype")
	d.finish(f)
	d.readLayers(specs, func(ls []*tfjsLayer) []*tfjsLayer {
		return d.chain(ls, tensorRefs(ins), tensorRefs(outs))
	})
}

// chain orders the layers from the model's input to its output, or
// records why they are not a single chain and returns nil.
func (d *tfjsDecoder) chain(ls []*tfjsLayer, ins, outs []string) []*tfjsLayer {
	byName := make(map[string]*tfjsLayer, len(ls))
	for _, l := range ls {
		byName[l.name] = l
	}
	before := map[string]string{}  // a layer's only inbound layer
	after := map[string][]string{} // the layers a layer feeds
	problems := len(d.p.items)
	for _, l := range ls {
		where := quote(truncate(l.name)) + " (" + truncate(l.class) + ")"
		var nodes []any
		if l.inbound != nil && json.Unmarshal(l.inbound, &nodes) != nil {
			d.p.add(ErrModelFile, where, "inbound_nodes must be a list")
			continue
		}
		if len(nodes) > 1 {
			d.p.add(ErrUnsupported, where, "is called %d times (a shared layer): only a single chain of layers is supported", len(nodes))
			continue
		}
		var from []string
		if len(nodes) == 1 {
			from = tensorRefs(nodes[0])
		}
		switch {
		case len(from) > 1:
			d.p.add(ErrUnsupported, where, "takes %d inputs (%s): only a single chain of layers is supported", len(from), names(from))
		case len(from) == 1:
			if byName[from[0]] == nil {
				d.p.add(ErrModelFile, where, "takes its input from %q, which is not a layer of the model", truncate(from[0]))
				continue
			}
			before[l.name] = from[0]
			after[from[0]] = append(after[from[0]], l.name)
		case l.class != "InputLayer":
			d.p.add(ErrModelFile, where, "has no input")
		}
	}
	for _, l := range ls {
		if n := after[l.name]; len(n) > 1 {
			d.p.add(ErrUnsupported, quote(truncate(l.name))+" ("+truncate(l.class)+")", "feeds %d layers (%s): only a single chain of layers is supported", len(n), names(n))
		}
	}
	if len(ins) != 1 || len(outs) != 1 {
		d.p.add(ErrUnsupported, "", "the model has %d inputs (%s) and %d outputs (%s): only one of each is supported", len(ins), names(ins), len(outs), names(outs))
	}
	if len(d.p.items) > problems {
		return nil
	}
	// One input, and every layer has at most one successor: follow them.
	var order []*tfjsLayer
	for l := byName[ins[0]]; l != nil && len(order) <= len(ls); {
		order = append(order, l)
		if next := after[l.name]; len(next) == 1 {
			l = byName[next[0]]
		} else {
			l = nil
		}
	}
	if len(order) == 0 || len(order) != len(ls) || order[len(order)-1].name != outs[0] {
		d.p.add(ErrUnsupported, "", "the layers do not form one chain from the input %q to the output %q", truncate(ins[0]), truncate(outs[0]))
		return nil
	}
	if order[0].class != "InputLayer" {
		d.p.add(ErrModelFile, "", "the model's input %q is a %s, not an InputLayer", truncate(ins[0]), truncate(order[0].class))
		return nil
	}
	return order
}

// tensorRefs returns the names of the layers whose tensors v refers to:
// Keras 2 and TF.js write a tensor as [layer, node, index] or
// [layer, node, index, kwargs]; Keras 3 as an object whose config has
// "keras_history": [layer, node, index].
func tensorRefs(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case []any:
			if len(v) >= 3 && len(v) <= 4 {
				name, ok := v[0].(string)
				_, n1 := v[1].(float64)
				_, n2 := v[2].(float64)
				if ok && n1 && n2 {
					out = append(out, name)
					return
				}
			}
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if cfg, ok := v["config"].(map[string]any); ok {
				if h, ok := cfg["keras_history"].([]any); ok && len(h) > 0 {
					if name, ok := h[0].(string); ok {
						out = append(out, name)
						return
					}
				}
			}
			for _, k := range sortedKeys(v) {
				walk(v[k])
			}
		}
	}
	walk(v)
	return out
}

// names lists names for a message.
func names(ns []string) string {
	q := make([]string, len(ns))
	for i, n := range ns {
		q[i] = quote(truncate(n))
	}
	return strings.Join(q, ", ")
}
