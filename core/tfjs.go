package core

import (
	"errors"
	"fmt"
	"strings"
)

// The TF.js layers format, the usual way Keras models travel on the web:
// model.json, which holds the Keras topology and a weights manifest, and
// binary weight shards (group1-shard1of1.bin, ...) holding the weights as
// little-endian values, laid out one after another in manifest order. TF.js's
// model.save writes it, tf.loadLayersModel reads it, and
// tensorflowjs_converter writes it from Keras 2 and Keras 3 models.
//
//	{"format": "layers-model", "generatedBy": ..., "convertedBy": ...,
//	 "modelTopology": {"class_name": "Sequential", "config": {"name": ..., "layers": [...]}, ...},
//	 "weightsManifest": [{"paths": ["group1-shard1of1.bin"],
//	                      "weights": [{"name": "conv2d/kernel", "shape": [3, 3, 1, 8], "dtype": "float32"}, ...]}]}
//
// DecodeTFJS and EncodeTFJS are a codec beside the own model file
// (DecodeModel, EncodeModel); both map Keras classes and configs through
// the layer registry and read JSON with the same strict reader.

// TFJSShardName is the name of the one weight file EncodeTFJS writes, as
// its manifest lists it.
const TFJSShardName = "group1-shard1of1.bin"

// ErrUnsupported reports a model that is well formed but uses something
// Svertka does not compute (a layer class, a setting, a weight type), or,
// for an export, something the target format cannot express.
var ErrUnsupported = errors.New("core: unsupported model feature")

// problemList collects every problem of a document before giving up, so
// that one message lists them all.
type problemList struct {
	what  string // the document: "model.json", "TF.js export"
	items []problem
}

type problem struct {
	kind error
	msg  string
}

// add records a problem; where names the layer (or the part of the
// document) it concerns.
func (p *problemList) add(kind error, where, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if where != "" {
		msg = where + ": " + msg
	}
	p.items = append(p.items, problem{kind, msg})
}

// addErr records an error of this package as a problem of where.
func (p *problemList) addErr(where string, err error) {
	var ce *coreError
	if asCore(err, &ce) {
		p.add(ce.kind, where, "%s", ce.msg)
		return
	}
	p.add(ErrModelFile, where, "%s", err.Error())
}

// err returns nil without problems, else one error listing them all.
func (p *problemList) err() error {
	if len(p.items) == 0 {
		return nil
	}
	return &listError{what: p.what, items: p.items}
}

// listError is several problems in one error. It matches the sentinel of
// every problem it lists.
type listError struct {
	what  string
	items []problem
}

// maxListed bounds the problems an error spells out: a damaged file can
// have thousands.
const maxListed = 30

func (e *listError) Error() string {
	if len(e.items) == 1 {
		return e.what + ": " + e.items[0].msg
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problems:", e.what, len(e.items))
	for i, it := range e.items {
		if i == maxListed {
			fmt.Fprintf(&b, "\n  - and %d more", len(e.items)-maxListed)
			break
		}
		b.WriteString("\n  - " + it.msg)
	}
	return b.String()
}

func (e *listError) Unwrap() []error {
	var kinds []error
	for _, it := range e.items {
		seen := false
		for _, k := range kinds {
			seen = seen || k == it.kind
		}
		if !seen {
			kinds = append(kinds, it.kind)
		}
	}
	return kinds
}
