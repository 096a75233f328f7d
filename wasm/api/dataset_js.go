//go:build js && wasm

package api

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// Limits of the data sets one engine holds.
const (
	MaxDatasetBytes = 128 << 20 // bytes of samples in all data sets together
	MaxDatasets     = 16
)

// dataset is a data set held by the engine, named by its id.
type dataset struct {
	id    int
	set   *core.Dataset
	bytes int          // of samples: 1 per uint8 value, 4 per float32
	users map[int]bool // the handles of the models whose fits read it
	kind  string       // "uint8" or "float32", as stored
}

var datasetKeys = []string{"images", "labels", "shape", "padTo", "limit"}

// createDataset({images, labels, shape?, padTo?, limit?}) → {dataset, n,
// shape, bytes, type}
//
// Without shape, images and labels are IDX files (MNIST's format, gzip or
// raw) as bytes; with shape [N, H, W, C], images are N samples back to back
// — a Uint8Array (values v read as v/255, stored as bytes) or a
// Float32Array — and labels N integers. padTo [H, W] centres every sample
// on a zero canvas of that size. limit keeps the first limit samples only
// (a quick run on part of MNIST), before padding and before the memory
// budget is counted.
func (e *engine) createDataset(args []js.Value) (any, error) {
	if len(e.datasets) >= MaxDatasets {
		return nil, fmt.Errorf("%d data sets are held (ids %s), the limit; dispose of one with disposeDataset(id) first", len(e.datasets), idList(e.datasets))
	}
	o := bridge.NewOptions("options", bridge.Arg(args, 0), datasetKeys...)
	o.Require("images", "an IDX file's bytes, or the samples with shape")
	o.Require("labels", "an IDX file's bytes, or one integer per sample with shape")
	var pad []int
	if o.Has("padTo") {
		var err error
		if pad, err = readShape("padTo", o.Value("padTo"), 2, "[H,W]"); err != nil {
			o.Fail(err)
		}
	}
	limit := o.Int("limit", math.MaxInt)
	if o.Err() == nil && limit < 1 {
		o.Fail(fmt.Errorf("limit must be a positive integer, got %d", limit))
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	var d *dataset
	var err error
	if o.Has("shape") {
		d, err = e.rawDataset(o, pad, limit)
	} else {
		d, err = e.idxDataset(o, pad, limit)
	}
	if err != nil {
		return nil, err
	}
	e.nextData++
	d.id = e.nextData
	e.datasets[d.id] = d
	return object("dataset", d.id, "n", d.set.Len(), "shape", shapeValue(d.set.Shape()), "bytes", d.bytes, "type", d.kind), nil
}

// rawDataset reads samples given with their shape [N, H, W, C].
func (e *engine) rawDataset(o *bridge.Options, pad []int, limit int) (*dataset, error) {
	shape, err := bridge.Ints("shape", o.Value("shape"))
	if err != nil || len(shape) != 4 || slices.Min(shape) <= 0 {
		return nil, fmt.Errorf("shape must be 4 positive integers [N,H,W,C], got %s", bridge.Describe(o.Value("shape")))
	}
	if err := checkSize("shape", shape[1:]); err != nil {
		return nil, err
	}
	n, sample := shape[0], shape[1:]
	kept := min(n, limit)
	images := o.Value("images")
	floats := images.Type() == js.TypeObject && images.InstanceOf(jsFloat32Array)
	if !floats && !bridge.IsBytes(images) {
		return nil, fmt.Errorf("images must be a Uint8Array or a Float32Array of the samples of shape, got %s", bridge.Describe(images))
	}
	size := 1
	if floats {
		size = 4
	}
	stored := append([]int{kept}, sample...)
	if pad != nil {
		stored = []int{kept, pad[0], pad[1], sample[2]}
	}
	if err := e.checkBudget(stored, size); err != nil {
		return nil, err
	}
	if got, want := images.Get("length").Int(), numElements(shape); got != want {
		return nil, fmt.Errorf("images has %d values but shape %s needs %s = %d", got, formatShape(shape), product(shape), want)
	}
	labels, err := readLabels(o.Value("labels"), n)
	if err != nil {
		return nil, err
	}
	values := kept * numElements(sample)
	if floats {
		x, err := bridge.Float32s("images", images, nil)
		if err != nil {
			return nil, err
		}
		return newDataset(sample, pad, x[:values], labels[:kept], core.NewDataset)
	}
	x, err := bridge.Bytes("images", images, nil)
	if err != nil {
		return nil, err
	}
	return newDataset(sample, pad, x[:values], labels[:kept], core.NewDatasetBytes)
}

// readLabels copies n labels given as integers.
func readLabels(v js.Value, n int) ([]int, error) {
	got, err := bridge.IntDataLength("labels", v)
	if err != nil {
		return nil, err
	}
	if got != n {
		return nil, fmt.Errorf("labels has %d values, shape says %d samples", got, n)
	}
	return bridge.IntData("labels", v, nil)
}

// idxDataset reads images and labels from IDX files.
func (e *engine) idxDataset(o *bridge.Options, pad []int, limit int) (*dataset, error) {
	imgFile, err := bridge.NewReader("images", o.Value("images"))
	if err != nil {
		return nil, fmt.Errorf("%w (an IDX file's bytes; raw samples need shape [N,H,W,C])", err)
	}
	labelFile, err := bridge.NewReader("labels", o.Value("labels"))
	if err != nil {
		return nil, fmt.Errorf("%w (an IDX file's bytes; raw labels need shape)", err)
	}
	// The decoded images cannot be larger than the budget left.
	if imgFile.Len() > MaxDatasetBytes {
		return nil, fmt.Errorf("images has %d bytes, above the limit of %d (128 MiB) of samples per engine", imgFile.Len(), MaxDatasetBytes)
	}
	imgs, err := core.ReadIDXImages(imgFile)
	if err != nil {
		return nil, fmt.Errorf("images: %w", err)
	}
	n := imgs.N
	imgs.N = min(n, limit)
	imgs.Pixels = imgs.Pixels[:imgs.N*imgs.Rows*imgs.Cols]
	sample := []int{imgs.Rows, imgs.Cols, 1}
	stored := sample
	if pad != nil {
		stored = []int{pad[0], pad[1], 1}
	}
	if err := e.checkBudget(append([]int{imgs.N}, stored...), 1); err != nil {
		return nil, err
	}
	bytes, err := core.ReadIDXLabels(labelFile, 256)
	if err != nil {
		return nil, fmt.Errorf("labels: %w", err)
	}
	if len(bytes) != n {
		return nil, fmt.Errorf("images has %d images but labels has %d labels", n, len(bytes))
	}
	labels := make([]int, imgs.N)
	for i, l := range bytes[:imgs.N] {
		labels[i] = int(l)
	}
	return newDataset(sample, pad, imgs.Pixels, labels, core.NewDatasetBytes)
}

// newDataset pads x's samples of shape sample to pad (when given) and
// makes the data set.
func newDataset[T uint8 | float32](sample, pad []int, x []T, labels []int, newSet func([]int, []T, []int) (*core.Dataset, error)) (*dataset, error) {
	shape := sample
	if pad != nil {
		var err error
		if x, err = core.PadImages(x, sample, pad[0], pad[1]); err != nil {
			return nil, fmt.Errorf("padTo: %w", err)
		}
		shape = []int{pad[0], pad[1], sample[2]}
	}
	set, err := newSet(shape, x, labels)
	if err != nil {
		return nil, err
	}
	var zero T
	kind, size := "uint8", 1
	if _, ok := any(zero).(float32); ok {
		kind, size = "float32", 4
	}
	return &dataset{set: set, bytes: len(x) * size, kind: kind, users: map[int]bool{}}, nil
}

// checkBudget refuses a data set of the given shape (with the sample
// count first) whose samples, at size bytes per value, would take the
// engine's data sets above MaxDatasetBytes.
func (e *engine) checkBudget(shape []int, size int) error {
	held := 0
	for _, d := range e.datasets {
		held += d.bytes
	}
	n := 1
	for _, d := range shape {
		n = min(n*d, MaxDatasetBytes+1)
	}
	if n*size > MaxDatasetBytes-held {
		what := fmt.Sprintf("%s values of %d bytes", product(shape), size)
		if held > 0 {
			return fmt.Errorf("%s would take the engine's data sets above the limit of %d bytes (128 MiB) of samples, with %d bytes held already; dispose of one with disposeDataset(id)", what, MaxDatasetBytes, held)
		}
		return fmt.Errorf("%s are above the limit of %d bytes (128 MiB) of samples per engine", what, MaxDatasetBytes)
	}
	return nil
}

// datasetSample(id, index) → {input: {data, shape}, label}
//
// Sample index of a data set as the models read it: values in [0, 1] of
// the data set's sample shape, after padding.
func (e *engine) datasetSample(args []js.Value) (any, error) {
	d, err := e.datasetOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	i, err := bridge.Int("index", bridge.Arg(args, 1))
	if err == nil && (i < 0 || i >= d.set.Len()) {
		err = fmt.Errorf("index must be an integer from 0 to %d (data set %d has %d samples), got %d", d.set.Len()-1, d.id, d.set.Len(), i)
	}
	if err != nil {
		return nil, err
	}
	shape := d.set.Shape()
	x := make([]float32, numElements(shape))
	d.set.Sample(x, i)
	return object("input", tensorValue(bridge.Float32Array(x), shape), "label", d.set.Label(i)), nil
}

// disposeDataset(id) → undefined
func (e *engine) disposeDataset(args []js.Value) (any, error) {
	d, err := e.datasetOf(bridge.Arg(args, 0))
	if err != nil {
		return nil, err
	}
	switch len(d.users) {
	case 0:
	case 1:
		return nil, fmt.Errorf("data set %d is in use by the fit on model %s; stopFit first", d.id, idList(d.users))
	default:
		return nil, fmt.Errorf("data set %d is in use by the fits on models %s; stopFit first", d.id, idList(d.users))
	}
	delete(e.datasets, d.id)
	return js.Undefined(), nil
}

// datasetOf returns the data set whose id is v.
func (e *engine) datasetOf(v js.Value) (*dataset, error) { return byID(e.datasets, v, datasetWords) }

var datasetWords = idWords{
	bad:     "a data set id must be the positive integer createDataset returned as dataset, got %s",
	missing: "%d is not a data set (it was disposed of, or never created)",
	none:    "no data set is held",
	held:    "the data sets are %s",
}

// idList lists the ids of a map in order: "1, 3".
func idList[T any](m map[int]T) string {
	ids := make([]int, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.Itoa(id)
	}
	return strings.Join(s, ", ")
}

var jsFloat32Array = js.Global().Get("Float32Array")
