//go:build js && wasm

package api

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// idxFile writes an IDX file of bytes with the given dimensions.
func idxFile(data []byte, dims ...int) []byte {
	b := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// jsBytes copies b into a new Uint8Array.
func jsBytes(b []byte) js.Value {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.CopyBytesToJS(a, b)
	return a
}

// digits returns n 28×28 images with a stroke at a place that depends on
// the label, the labels, and both as IDX files.
func digits(n int) (pixels []byte, labels []int, images, labelFile []byte) {
	pixels = make([]byte, n*28*28)
	labels = make([]int, n)
	labelBytes := make([]byte, n)
	for i := range n {
		labels[i] = i % 10
		labelBytes[i] = byte(labels[i])
		for y := 4; y < 24; y++ {
			pixels[i*784+y*28+4+2*labels[i]] = byte(128 + 12*labels[i])
		}
	}
	return pixels, labels, idxFile(pixels, n, 28, 28), idxFile(labelBytes, n)
}

// TestCreateDatasetFromIDX reads MNIST-style IDX files, gzip and raw,
// padded to the seed network's input, and checks them through trainStep
// and evaluate against the same samples given as arrays.
func TestCreateDatasetFromIDX(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	pixels, labels, images, labelFile := digits(30)
	// The samples as the model sees them: each digit centred in 32×32, v/255.
	padded, err := core.PadImages(pixels, []int{28, 28, 1}, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(padded))
	for i, v := range padded {
		x[i] = float32(v) / 255
	}
	for _, c := range []struct {
		name           string
		images, labels js.Value
	}{
		{"gzip", jsBytes(gzipped(images)), jsBytes(gzipped(labelFile))},
		{"raw", jsBytes(images).Get("buffer"), jsBytes(labelFile)},
	} {
		d := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, padTo: [32, 32] })", c.images, c.labels)
		if d.Get("n").Int() != 30 || !slices.Equal(ints(t, d.Get("shape")), []int{32, 32, 1}) ||
			d.Get("bytes").Int() != 30*1024 || d.Get("type").String() != "uint8" {
			t.Errorf("%s: createDataset gave %s", c.name, jsonOf(d))
		}
		id := d.Get("dataset").Int()
		got := mustCall(t, nn, "nn.evaluate(a, { data: b })", h, id)
		want := mustCall(t, nn, "nn.evaluate(a, { x: b, labels: c })", h, bridge.Float32Array(x), labelArray(labels))
		if jsonOf(got) != jsonOf(want) {
			t.Errorf("%s: evaluate on the data set %s, on the arrays %s", c.name, jsonOf(got), jsonOf(want))
		}
		mustCall(t, nn, "nn.disposeDataset(a)", id)
	}
	// trainStep on a data set is one batch of all its samples.
	id := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, padTo: [32, 32] })", jsBytes(images), jsBytes(labelFile)).Get("dataset").Int()
	before := weightsOf(t, nn, h)
	fromSet := mustCall(t, nn, "nn.trainStep(a, { data: b, optimizer: { type: 'sgd', learningRate: 0.01 } })", h, id)
	after := weightsOf(t, nn, h)
	setWeights(t, nn, h, before)
	fromArrays := mustCall(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: { type: 'sgd', learningRate: 0.01 } })", h, bridge.Float32Array(x), labelArray(labels))
	if jsonOf(fromSet) != jsonOf(fromArrays) || fromSet.Get("n").Int() != 30 {
		t.Errorf("trainStep on the data set %s, on the arrays %s", jsonOf(fromSet), jsonOf(fromArrays))
	}
	sameWeights(t, "trainStep on the data set against the arrays", after, weightsOf(t, nn, h))
}

// setWeights puts weights (in model order) back into the model h.
func setWeights(t *testing.T, nn js.Value, h int, ws [][]float32) {
	t.Helper()
	arrays := make([]any, len(ws))
	for i, w := range ws {
		arrays[i] = bridge.Float32Array(w)
	}
	mustCall(t, nn, "nn.getWeights(a).then((ws) => nn.setWeights(a, ws.map((w, i) => ({ ...w, data: b[i] }))))", h, js.ValueOf(arrays))
}

// TestCreateDatasetFromArrays reads samples given as arrays, and checks
// the stored values through evaluate on a dense layer with weights chosen
// to expose them.
func TestCreateDatasetFromArrays(t *testing.T) {
	nn := newAPI(t)
	// Two 3×2 samples of 255s, padded to 5×4: rows 1–3, columns 1–2.
	d := mustCall(t, nn, "nn.createDataset({ images: new Uint8Array(2 * 3 * 2 * 1).fill(255), labels: [0, 0], shape: [2, 3, 2, 1], padTo: [5, 4] })")
	if jsonOf(d) != `{"dataset":1,"n":2,"shape":[5,4,1],"bytes":40,"type":"uint8"}` {
		t.Errorf("uint8: %s", jsonOf(d))
	}
	// Unit 0 adds up the cells where the samples should be, unit 1 ten
	// times the border: a value out of place makes class 1 win.
	m := mustCall(t, nn, "nn.createModel({ inputShape: [5, 4, 1], layers: [{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 2 } }] })").Get("handle").Int()
	mustCall(t, nn, `nn.getWeights(a).then((ws) => nn.setWeights(a, ws.map((w) => ({ ...w, data: w.data.map((_, i) => {
		if (w.name === 'bias') return 0;
		const cell = Math.floor(i / 2), y = Math.floor(cell / 4), x = cell % 4, inside = y >= 1 && y <= 3 && x >= 1 && x <= 2;
		return i % 2 === 0 ? (inside ? 1 : 0) : (inside ? 0 : 10);
	}) }))))`, m)
	ev := mustCall(t, nn, "nn.evaluate(a, { data: 1 })", m)
	if want := math.Log1p(math.Exp(-6)); ev.Get("accuracy").Float() != 1 || math.Abs(ev.Get("loss").Float()-want) > 1e-6 {
		t.Errorf("evaluate on the padded bytes: %s, want accuracy 1 and loss %v", jsonOf(ev), want)
	}
	// Floats stay floats: 0.5 everywhere, through a kernel of ones.
	d = mustCall(t, nn, "nn.createDataset({ images: new Float32Array(12).fill(0.5), labels: new Int32Array([0, 1]), shape: [2, 2, 3, 1] })")
	if jsonOf(d) != `{"dataset":2,"n":2,"shape":[2,3,1],"bytes":48,"type":"float32"}` {
		t.Errorf("float32: %s", jsonOf(d))
	}
	f := mustCall(t, nn, "nn.createModel({ inputShape: [2, 3, 1], layers: [{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 2 } }] })").Get("handle").Int()
	mustCall(t, nn, "nn.getWeights(a).then((ws) => nn.setWeights(a, ws.map((w) => ({ ...w, data: w.data.map((_, i) => (w.name === 'kernel' && i % 2 === 0 ? 1 : 0)) }))))", f)
	ev = mustCall(t, nn, "nn.evaluate(a, { data: 2 })", f)
	// Logits [3, 0]: sample 0 (label 0) right, sample 1 (label 1) wrong.
	if want := (math.Log1p(math.Exp(-3)) + 3 + math.Log1p(math.Exp(-3))) / 2; ev.Get("accuracy").Float() != 0.5 || math.Abs(ev.Get("loss").Float()-want) > 1e-6 {
		t.Errorf("evaluate on the floats: %s, want accuracy 0.5 and loss %v", jsonOf(ev), want)
	}
}

// TestDatasetLimitSampleMistakes: limit keeps the first samples (IDX and
// arrays), datasetSample gives a sample as models read it, and evaluate's
// mistakes are exactly the wrong answers, surest first.
func TestDatasetLimitSampleMistakes(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	pixels, labels, images, labelFile := digits(30)
	padded, err := core.PadImages(pixels, []int{28, 28, 1}, 32, 32)
	if err != nil {
		t.Fatal(err)
	}
	d := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, padTo: [32, 32], limit: 12 })", jsBytes(gzipped(images)), jsBytes(labelFile))
	if jsonOf(d) != `{"dataset":1,"n":12,"shape":[32,32,1],"bytes":12288,"type":"uint8"}` {
		t.Errorf("limit 12 of 30 IDX digits: %s", jsonOf(d))
	}
	for _, i := range []int{0, 7, 11} {
		s := mustCall(t, nn, "nn.datasetSample(1, a)", i)
		want := make([]float32, 1024)
		for j, v := range padded[i*1024 : (i+1)*1024] {
			want[j] = float32(v) / 255
		}
		if s.Get("label").Int() != labels[i] || !slices.Equal(ints(t, s.Get("input").Get("shape")), []int{32, 32, 1}) ||
			!slices.Equal(floats(t, s.Get("input").Get("data")), want) {
			t.Errorf("datasetSample(1, %d): label %d shape %s, want label %d and the padded digit", i, s.Get("label").Int(), jsonOf(s.Get("input").Get("shape")), labels[i])
		}
	}
	wantReject(t, nn, "nn.datasetSample(1, 12)", "datasetSample: index must be an integer from 0 to 11 (data set 1 has 12 samples), got 12")
	wantReject(t, nn, "nn.datasetSample(9, 0)", "datasetSample: 9 is not a data set")
	r := mustCall(t, nn, "nn.createDataset({ images: new Uint8Array(5 * 4), labels: [1, 2, 3, 4, 5], shape: [5, 2, 2, 1], limit: 2 })")
	if jsonOf(r) != `{"dataset":2,"n":2,"shape":[2,2,1],"bytes":8,"type":"uint8"}` {
		t.Errorf("limit 2 of 5 samples given as bytes: %s", jsonOf(r))
	}
	if l := mustCall(t, nn, "nn.datasetSample(2, 1)").Get("label").Int(); l != 2 {
		t.Errorf("sample 1 of the limited arrays has label %d, want 2", l)
	}
	// The seed model (random weights) on the 12 digits: the mistakes are
	// the off-diagonal cells of the confusion matrix, sample by sample.
	ev := mustCall(t, nn, "nn.evaluate(a, { data: 1 })", h)
	ms := ev.Get("mistakes")
	wrong := 0
	conf := ev.Get("confusion")
	for y := range 10 {
		for p := range 10 {
			if p != y {
				wrong += conf.Index(y).Index(p).Int()
			}
		}
	}
	if ms.Length() != wrong {
		t.Fatalf("%d mistakes, the confusion matrix has %d wrong answers: %s", ms.Length(), wrong, jsonOf(ev))
	}
	for i := range ms.Length() {
		m := ms.Index(i)
		idx, p := m.Get("index").Int(), m.Get("predicted").Int()
		probs := mustCall(t, nn, "nn.datasetSample(1, a).then((s) => nn.predict(s.input, b)).then((r) => r.probs)", idx, h)
		if m.Get("label").Int() != labels[idx] || p == labels[idx] || math.Abs(m.Get("confidence").Float()-float64(floats(t, probs)[p])) > 1e-6 {
			t.Errorf("mistake %d: %s; the model gives %v", i, jsonOf(m), floats(t, probs))
		}
		if i > 0 && m.Get("confidence").Float() > ms.Index(i-1).Get("confidence").Float() {
			t.Errorf("mistakes not sorted by falling confidence: %s", jsonOf(ms))
		}
	}
}

func TestDatasetBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	pixels, _, images, labelFile := digits(4)
	_, _, _, three := digits(3)
	js.Global().Set("idxImages", jsBytes(images))
	js.Global().Set("idxLabels", jsBytes(labelFile))
	js.Global().Set("idxThree", jsBytes(three))
	js.Global().Set("idxBadGzip", jsBytes(gzipped(idxFile(pixels, 4, 28, 28))[:60]))
	defer func() {
		for _, n := range []string{"idxImages", "idxLabels", "idxThree", "idxBadGzip"} {
			js.Global().Delete(n)
		}
	}()
	const valid = "nn.createDataset({ images: idxImages, labels: idxLabels }).then((d) => nn.disposeDataset(d.dataset))"
	raw := func(extra string) string {
		return "nn.createDataset({ images: new Uint8Array(8), labels: [1, 2], shape: [2, 2, 2, 1], " + extra + " })"
	}
	checkBadCalls(t, nn, valid, []badCall{
		bad("nn.createDataset()", "createDataset: options must be an object {images, labels, shape, padTo, limit}, got undefined"),
		bad("nn.createDataset({ labels: idxLabels })", `createDataset: missing option "images" (an IDX file's bytes, or the samples with shape)`),
		bad("nn.createDataset({ images: idxImages, label: idxLabels })", `createDataset: unknown option "label" (did you mean "labels"?)`),
		bad("nn.createDataset({ images: [1, 2], labels: idxLabels })", "createDataset: images must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got [1,2] (an IDX file's bytes; raw samples need shape [N,H,W,C])"),
		bad("nn.createDataset({ images: idxImages, labels: [1, 2, 3, 4] })", "createDataset: labels must be a Uint8Array, Uint8ClampedArray or ArrayBuffer, got [1,2,3,4] (an IDX file's bytes; raw labels need shape)"),
		bad("nn.createDataset({ images: idxLabels, labels: idxLabels })", "createDataset: images: idx: images need dimensions [count, rows, cols]"),
		bad("nn.createDataset({ images: idxImages, labels: idxThree })", "createDataset: images has 4 images but labels has 3 labels"),
		bad("nn.createDataset({ images: idxBadGzip, labels: idxLabels })", "createDataset: images: idx: "),
		bad("nn.createDataset({ images: new Uint8Array([1, 2, 3]), labels: idxLabels })", "createDataset: images: idx: truncated"),
		bad("nn.createDataset({ images: idxImages, labels: idxLabels, padTo: [20, 32] })", "createDataset: padTo: cannot pad 28×28 images to 20×32: the canvas must be at least as large"),
		bad("nn.createDataset({ images: idxImages, labels: idxLabels, padTo: 32 })", "createDataset: padTo must be 2 positive integers [H,W], got 32"),
		bad("nn.createDataset({ images: new Uint8Array(1), labels: [1], shape: [9, 4096, 4096, 1] })",
			"createDataset: 9×4096×4096×1 values of 1 bytes are above the limit of 134217728 bytes (128 MiB) of samples per engine"),
		bad("nn.createDataset({ images: new Float32Array(3), labels: [1, 2, 3], shape: [3, 1, 1, 1], padTo: [4096, 4096] })",
			"createDataset: 3×4096×4096×1 values of 4 bytes are above the limit of 134217728 bytes (128 MiB) of samples per engine"),
		bad(raw("limit: 0"), "createDataset: limit must be a positive integer, got 0"),
		bad(raw("shape: [2, 2, 2]"), "createDataset: shape must be 4 positive integers [N,H,W,C], got [2,2,2]"),
		bad(raw("shape: [2, 2, 2, 0]"), "createDataset: shape must be 4 positive integers [N,H,W,C], got [2,2,2,0]"),
		bad(raw("shape: [3, 2, 2, 1]"), "createDataset: images has 8 values but shape [3,2,2,1] needs 3×2×2×1 = 12"),
		bad(raw("labels: [1]"), "createDataset: labels has 1 values, shape says 2 samples"),
		bad(raw("labels: [1, -2]"), "createDataset: label -2 of sample 1 is negative"),
		bad(raw("labels: [1, 0.5]"), "createDataset: labels[1] must be an integer, got 0.5"),
		bad(raw("images: new Float64Array(8)"), "createDataset: images must be a Uint8Array or a Float32Array of the samples of shape, got Float64Array(8)"),
		bad(raw("images: new Float32Array([0, 0, NaN, 0, 0, 0, 0, 0])"), "createDataset: ", "NaN"),
		bad(raw("shape: [2, 5000, 1, 1]"), "createDataset: shape [5000,1,1] has a dimension of 5000, above the limit of 4096"),
		bad("nn.createDataset({ images: new Float32Array(1), labels: [1], shape: [16385, 2048, 1, 1] })",
			"createDataset: 16385×2048×1×1 values of 4 bytes are above the limit of 134217728 bytes (128 MiB) of samples per engine"),
		bad("nn.disposeDataset(7)", "disposeDataset: 7 is not a data set (it was disposed of, or never created); no data set is held"),
		bad("nn.disposeDataset('1')", `disposeDataset: a data set id must be the positive integer createDataset returned as dataset, got "1"`),
		// Using a data set.
		bad(fmt.Sprintf("nn.evaluate(%d, { data: 9 })", h), "evaluate: data: 9 is not a data set"),
		bad(fmt.Sprintf("nn.createDataset({ images: idxImages, labels: idxLabels }).then((d) => nn.evaluate(%d, { data: d.dataset }).finally(() => nn.disposeDataset(d.dataset)))", h),
			"evaluate: the data set's samples are [28,28,1], the model's input is [32,32,1]"),
		bad(fmt.Sprintf("nn.evaluate(%d, { data: 1, x: new Float32Array(1024), labels: [1] })", h), "evaluate: give the samples either as data (a data set id) or as x and labels, not both"),
	})
	// The budget is the engine's: data sets up to it, then a clear refusal
	// until one is disposed of.
	const big = "nn.createDataset({ images: new Uint8Array(64 << 20), labels: new Uint8Array(64), shape: [64, 1024, 1024, 1] })"
	a := mustCall(t, nn, big).Get("dataset").Int()
	b := mustCall(t, nn, big).Get("dataset").Int()
	wantReject(t, nn, "nn.createDataset({ images: idxImages, labels: idxLabels })",
		"createDataset: 4×28×28×1 values of 1 bytes would take the engine's data sets above the limit of 134217728 bytes (128 MiB) of samples, with 134217728 bytes held already; dispose of one with disposeDataset(id)")
	mustCall(t, nn, "nn.disposeDataset(a)", a)
	mustCall(t, nn, valid)
	mustCall(t, nn, "nn.disposeDataset(a)", b)
	if MaxDatasetBytes != 134217728 {
		t.Fatal("the messages above assume 128 MiB")
	}
}
