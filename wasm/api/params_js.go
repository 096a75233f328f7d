//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// readPair reads an optional window setting given as n or [nh, nw]:
// strides, dilation, kernel and pool sizes. Absent, it is def in both axes.
func readPair(o *bridge.Options, key string, def int) [2]int {
	if !o.Has(key) {
		return [2]int{def, def}
	}
	v := o.Value(key)
	var p [2]int // stays zero, and so refused, unless v is n or [nh, nw]
	if n, err := bridge.Int(key, v); err == nil {
		p = [2]int{n, n}
	} else if ns, err := bridge.Ints(key, v); err == nil && len(ns) == 2 {
		p = [2]int{ns[0], ns[1]}
	}
	switch {
	case min(p[0], p[1]) <= 0:
		o.Fail(fmt.Errorf("%s must be a positive integer or [%s], got %s", key, pairNames(key), bridge.Describe(v)))
	case max(p[0], p[1]) > MaxSide:
		o.Fail(fmt.Errorf("%s %s is above the limit of %d", key, bridge.Describe(v), MaxSide))
	}
	return p
}

// pairNames names the two axes of a window setting in messages.
func pairNames(key string) string {
	switch key {
	case "strides":
		return "sh, sw"
	case "dilation":
		return "dh, dw"
	}
	return "height, width"
}

// readPadding reads the optional padding: 'valid' (the default, as in
// Keras), 'same', or explicit [[top, bottom], [left, right]].
func readPadding(o *bridge.Options) core.Padding {
	if !o.Has("padding") {
		return core.Valid
	}
	v := o.Value("padding")
	if v.Type() == js.TypeString {
		switch v.String() {
		case core.PaddingValid:
			return core.Valid
		case core.PaddingSame:
			return core.Same
		}
	} else if p, ok := explicitPadding(v); ok {
		return p
	}
	o.Fail(fmt.Errorf("padding must be 'valid', 'same' or [[top, bottom], [left, right]] of non-negative integers, got %s", bridge.Describe(v)))
	return core.Padding{}
}

// explicitPadding converts [[top, bottom], [left, right]].
func explicitPadding(v js.Value) (core.Padding, bool) {
	if !bridge.IsArray(v) || v.Length() != 2 {
		return core.Padding{}, false
	}
	var cells [2][]int
	for i := range cells {
		row, err := bridge.Ints("padding", v.Index(i))
		if err != nil || len(row) != 2 || min(row[0], row[1]) < 0 {
			return core.Padding{}, false
		}
		cells[i] = row
	}
	return core.Explicit(cells[0][0], cells[0][1], cells[1][0], cells[1][1]), true
}
