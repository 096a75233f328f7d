//go:build js && wasm

package api

import (
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// registerPresets adds the kernel presets of core.KernelPreset, so that a
// page gets the very kernels the Go explainer draws instead of a copy, and
// the network presets of core.NetworkPresets, which the builder and the
// Train view offer.
func registerPresets(ns *bridge.Namespace) {
	ns.Register("kernelPresets", kernelPresets)
	ns.Register("kernelPreset", kernelPreset)
	ns.Register("networkPresets", networkPresets)
}

// networkPresets() → [{name, spec: {inputShape, layers: [{class_name, config}]}}],
// in the order a page offers them; each spec is createModel's argument.
func networkPresets([]js.Value) (any, error) {
	presets := core.NetworkPresets()
	out := make([]any, len(presets))
	for i, p := range presets {
		layers := make([]any, len(p.Spec.Layers))
		for j, l := range p.Spec.Layers {
			layers[j] = object("class_name", l.ClassName, "config", fromJSON(l.Config))
		}
		out[i] = object("name", p.Name, "spec", object("inputShape", shapeValue(p.Spec.InputShape), "layers", js.ValueOf(layers)))
	}
	return js.ValueOf(out), nil
}

// kernelPresets() → the preset names, in the order a page offers them
func kernelPresets([]js.Value) (any, error) {
	names := core.KernelPresets()
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out, nil
}

// kernelPreset(name, kh, kw) → Float32Array of kh·kw values, row by row
func kernelPreset(args []js.Value) (any, error) {
	name, err := bridge.String("name", bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	kh, err := bridge.Int("kh", bridge.Arg(args, 1))
	if err != nil {
		return nil, err
	}
	kw, err := bridge.Int("kw", bridge.Arg(args, 2))
	if err != nil {
		return nil, err
	}
	w, err := core.KernelPreset(name, kh, kw)
	if err != nil {
		return nil, err
	}
	return bridge.Float32Array(w), nil
}
