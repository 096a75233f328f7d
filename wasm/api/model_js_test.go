//go:build js && wasm

package api

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

func TestLoadModelAndSummary(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	docBytes := js.Global().Get("TextEncoder").New().Call("encode", doc)
	// The same document as text, as an ArrayBuffer and as a Uint8Array.
	for _, arg := range []js.Value{js.ValueOf(doc), docBytes.Get("buffer"), docBytes} {
		s := mustCall(t, nn, "nn.loadModel(a)", arg)
		checkSummary(t, s, m)
	}
	checkSummary(t, mustCall(t, nn, "nn.modelSummary()"), m)
}

// checkSummary compares a modelSummary() result with the Go model's rows.
func checkSummary(t *testing.T, s js.Value, m *core.Model) {
	t.Helper()
	if got := ints(t, s.Get("inputShape")); !slices.Equal(got, []int{32, 32, 1}) {
		t.Errorf("inputShape = %v", got)
	}
	rows := m.SummaryRows()
	layers := s.Get("layers")
	if layers.Length() != len(rows) {
		t.Fatalf("%d layers, want %d", layers.Length(), len(rows))
	}
	for i, r := range rows {
		l := layers.Index(i)
		if l.Get("name").String() != r.Name || l.Get("type").String() != r.Class ||
			!slices.Equal(ints(t, l.Get("outputShape")), r.OutputShape) || l.Get("params").Int() != r.Params {
			t.Errorf("layer %d = %s %s %s %s, want %+v", i, bridge.Describe(l.Get("name")), bridge.Describe(l.Get("type")),
				bridge.Describe(l.Get("outputShape")), bridge.Describe(l.Get("params")), r)
		}
	}
	// Seed net: conv1 5·5·1·10+10, conv2 5·5·10·30+30, dense 1920·10+10.
	const total = 260 + 7530 + 19210
	if s.Get("totalParams").Int() != total || s.Get("trainableParams").Int() != total || s.Get("nonTrainableParams").Int() != 0 {
		t.Errorf("params: total %s, trainable %s, non-trainable %s; want %d, %d, 0",
			s.Get("totalParams"), s.Get("trainableParams"), s.Get("nonTrainableParams"), total, total)
	}
	// Its cost, as core counts it (TestCostOfTheSeedNet checks the sum).
	c := s.Get("cost")
	if c.Get("multiplyAdds").Int() != 2216970 || c.Get("limit").Int() != MaxWork || c.Get("activations").Int() != 26260 {
		t.Errorf("cost = %s, want 2216970 multiply-adds of %d, 26260 activations", bridge.Describe(c), MaxWork)
	}
}

// TestSummaryOfTheShippedModel checks the layer table of the shipped model
// against its file: every layer's config as the file has it, the shapes
// in and out, and the window arithmetic of the convolutions and poolings,
// written out by hand.
func TestSummaryOfTheShippedModel(t *testing.T) {
	raw, err := os.ReadFile("../../site/model/digits.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Layers []struct {
			ClassName string         `json:"class_name"`
			Config    map[string]any `json:"config"`
		} `json:"layers"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	nn := newAPI(t)
	s := mustCall(t, nn, "nn.loadModel(a)", string(raw))
	layers := s.Get("layers")
	if layers.Length() != len(file.Layers) {
		t.Fatalf("%d layers, the file has %d", layers.Length(), len(file.Layers))
	}
	ins := [][]int{{32, 32, 1}, {32, 32, 10}, {16, 16, 10}, {16, 16, 30}, {8, 8, 30}, {1920}, {1920}, {10}}
	for i, fl := range file.Layers {
		l := layers.Index(i)
		var cfg map[string]any
		if err := json.Unmarshal([]byte(jsonOf(l.Get("config"))), &cfg); err != nil {
			t.Fatal(err)
		}
		if l.Get("type").String() != fl.ClassName || !reflect.DeepEqual(cfg, fl.Config) {
			t.Errorf("layer %d: %s %v, the file has %s %v", i, l.Get("type"), cfg, fl.ClassName, fl.Config)
		}
		if got := ints(t, l.Get("inputShape")); !slices.Equal(got, ins[i]) {
			t.Errorf("layer %d: inputShape %v, want %v", i, got, ins[i])
		}
		if p, tp := l.Get("params").Int(), l.Get("trainableParams").Int(); p != tp {
			t.Errorf("layer %d: params %d, trainable %d", i, p, tp)
		}
	}
	// name: height = width, as {in, kernel, stride, dilation, padBefore, padAfter, out, formula}.
	windows := map[string]string{
		"conv1": "32 5 1 1 2 2 32 floor((32 + 4 − 5)/1) + 1 = 32",
		"pool1": "32 2 2 1 0 0 16 floor((32 + 0 − 2)/2) + 1 = 16",
		"conv2": "16 5 1 1 2 2 16 floor((16 + 4 − 5)/1) + 1 = 16",
		"pool2": "16 2 2 1 0 0 8 floor((16 + 0 − 2)/2) + 1 = 8",
	}
	for i := range layers.Length() {
		l := layers.Index(i)
		w, name := l.Get("window"), l.Get("name").String()
		want, windowed := windows[name]
		if !windowed {
			if !w.IsNull() {
				t.Errorf("%s has a window %s", name, bridge.Describe(w))
			}
			continue
		}
		for _, axis := range []string{"height", "width"} {
			a := w.Get(axis)
			got := fmt.Sprintf("%d %d %d %d %d %d %d %s", a.Get("in").Int(), a.Get("kernel").Int(), a.Get("stride").Int(), a.Get("dilation").Int(),
				a.Get("padBefore").Int(), a.Get("padAfter").Int(), a.Get("out").Int(), a.Get("formula").String())
			if got != want {
				t.Errorf("%s %s: %s, want %s", name, axis, got, want)
			}
		}
	}
}

func TestPredictMatchesCore(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	in := digitInput(2)
	wantOuts, err := m.PredictAll(in)
	if err != nil {
		t.Fatal(err)
	}
	// Both input forms.
	for _, code := range []string{"nn.predict(a)", "nn.predict({ data: a, shape: [32, 32, 1] })"} {
		v := mustCall(t, nn, code, bridge.Float32Array(in))
		acts := v.Get("activations")
		if acts.Length() != len(wantOuts) {
			t.Fatalf("%s: %d activations, want %d", code, acts.Length(), len(wantOuts))
		}
		for i, w := range wantOuts {
			a := acts.Index(i)
			if a.Get("name").String() != w.Name || a.Get("type").String() != w.Class ||
				!slices.Equal(ints(t, a.Get("shape")), w.Shape) || !slices.Equal(floats(t, a.Get("data")), w.Data) {
				t.Errorf("%s: activation %d (%s) differs from core", code, i, w.Name)
			}
		}
		probs := floats(t, v.Get("probs"))
		if want := wantOuts[len(wantOuts)-1].Data; !slices.Equal(probs, want) || len(probs) != 10 {
			t.Errorf("%s: probs = %v, want %v", code, probs, want)
		}
		_, label, _ := m.Predict(in)
		if v.Get("label").Int() != label {
			t.Errorf("%s: label = %d, want %d", code, v.Get("label").Int(), label)
		}
	}
}

func TestPredictResultsBelongToTheCaller(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	first := mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(0)))
	conv1 := floats(t, first.Get("activations").Index(0).Get("data"))
	probs := floats(t, first.Get("probs"))
	// Writing to probs must not change the softmax activation.
	mustCall(t, nn, "(a.probs.fill(-1), Promise.resolve())", first)
	if got := floats(t, first.Get("activations").Index(7).Get("data")); !slices.Equal(got, probs) {
		t.Errorf("writing to probs changed the softmax activation")
	}
	second := mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(digitInput(5)))
	if slices.Equal(floats(t, second.Get("activations").Index(0).Get("data")), conv1) {
		t.Fatalf("different inputs gave the same conv1 output; the test input is too weak")
	}
	if got := floats(t, first.Get("activations").Index(0).Get("data")); !slices.Equal(got, conv1) {
		t.Errorf("a later predict changed an earlier result")
	}
}

func TestLayerWeights(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	for _, name := range []string{"conv1", "conv2", "dense"} {
		l, _ := m.Layer(name)
		w := l.(core.Weighted)
		v := mustCall(t, nn, "nn.layerWeights(a)", name)
		k := v.Get("kernel")
		if !slices.Equal(floats(t, k), w.Kernel().Data) || !slices.Equal(ints(t, k.Get("shape")), w.Kernel().Shape) {
			t.Errorf("%s kernel differs from the model's", name)
		}
		b := v.Get("bias")
		if !slices.Equal(floats(t, b), w.Bias()) || !slices.Equal(ints(t, b.Get("shape")), []int{len(w.Bias())}) {
			t.Errorf("%s bias differs from the model's", name)
		}
	}
	// A layer without bias reports null.
	noBias, err := core.NewSequential([]int{4, 4, 1}, core.NewFlatten("flatten"), core.NewDenseBias("dense", 3, core.Linear, false))
	if err != nil {
		t.Fatal(err)
	}
	noBias.Init(1)
	doc2, err := core.EncodeModel(noBias)
	if err != nil {
		t.Fatal(err)
	}
	mustCall(t, nn, "nn.loadModel(a)", string(doc2))
	if v := mustCall(t, nn, "nn.layerWeights('dense')"); !v.Get("bias").IsNull() || !slices.Equal(ints(t, v.Get("kernel").Get("shape")), []int{16, 3}) {
		t.Errorf("layerWeights without bias = kernel %s, bias %s", bridge.Describe(v.Get("kernel").Get("shape")), bridge.Describe(v.Get("bias")))
	}
}

func TestSetPooling(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	in := bridge.Float32Array(digitInput(1))
	before := floats(t, mustCall(t, nn, "nn.predict(a)", in).Get("probs"))
	s := mustCall(t, nn, "nn.setPooling('pool1', 'avg')")
	if got := s.Get("layers").Index(1).Get("type").String(); got != "AvgPool2D" {
		t.Errorf("after setPooling(pool1, avg) the summary says %s", got)
	}
	v := mustCall(t, nn, "nn.predict(a)", in)
	if err := m.SetPooling("pool1", core.AvgPool); err != nil {
		t.Fatal(err)
	}
	want, _, _ := m.Predict(digitInput(1))
	after := floats(t, v.Get("probs"))
	if !slices.Equal(after, want) || slices.Equal(after, before) {
		t.Errorf("probs after avg pooling = %v, want core's %v (before: %v)", after, want, before)
	}
	if got := v.Get("activations").Index(1).Get("type").String(); got != "AvgPool2D" {
		t.Errorf("predict reports pool1 as %s after setPooling", got)
	}
	mustCall(t, nn, "nn.setPooling('pool1', 'max')")
	if got := floats(t, mustCall(t, nn, "nn.predict(a)", in).Get("probs")); !slices.Equal(got, before) {
		t.Errorf("switching back to max did not restore the prediction")
	}
}

func TestLayerSteps(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	mustCall(t, nn, "nn.loadModel(a)", doc)
	in := digitInput(-1)
	for _, c := range []struct {
		layer  string
		filter int
		ch     int
	}{{"conv1", 4, 1}, {"conv2", 29, 10}} {
		v := mustCall(t, nn, "nn.layerSteps(a, b, c)", c.layer, bridge.Float32Array(in), c.filter)
		l, _ := m.Layer(c.layer)
		conv := l.(*core.Conv2DLayer)
		x, err := m.LayerInput(c.layer, in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := core.Conv2DSteps(x, conv.Kernel(), conv.Bias(), conv.Params(), c.filter)
		if err != nil {
			t.Fatal(err)
		}
		if v.Get("partials").Length() != c.ch || v.Get("kernels").Length() != c.ch {
			t.Errorf("%s: %d partials, %d kernels; want %d each", c.layer, v.Get("partials").Length(), v.Get("kernels").Length(), c.ch)
		}
		for i := range c.ch {
			if !slices.Equal(floats(t, v.Get("partials").Index(i)), want.Partials[i].Data) {
				t.Errorf("%s: partial %d differs from core", c.layer, i)
			}
		}
		if !slices.Equal(floats(t, v.Get("activated")), want.Activated.Data) || float32(v.Get("bias").Float()) != want.Bias {
			t.Errorf("%s: activated map or bias differs from core", c.layer)
		}
		// The activated step is that filter's feature map in predict.
		p := mustCall(t, nn, "nn.predict(a)", bridge.Float32Array(in))
		idx := map[string]int{"conv1": 0, "conv2": 2}[c.layer]
		fm := floats(t, p.Get("activations").Index(idx).Get("data"))
		f := conv.Filters()
		for i, v := range want.Activated.Data {
			if d := fm[i*f+c.filter] - v; d > 1e-5 || d < -1e-5 {
				t.Fatalf("%s: activated[%d] = %v, predict's feature map has %v", c.layer, i, v, fm[i*f+c.filter])
			}
		}
	}
}

func TestPreprocess(t *testing.T) {
	nn := newAPI(t)
	// A stroke drawn on a real canvas, as the playground does.
	img := mustCall(t, nn, `(() => {
		const c = new OffscreenCanvas(120, 90), g = c.getContext('2d');
		g.lineWidth = 8; g.lineCap = 'round'; g.strokeStyle = '#111';
		g.beginPath(); g.moveTo(40, 15); g.lineTo(70, 75); g.stroke();
		return Promise.resolve(g.getImageData(0, 0, 120, 90));
	})()`)
	v := mustCall(t, nn, "nn.preprocess(a)", img)
	rgba, err := bridge.Bytes("rgba", img.Get("data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := core.Preprocess(rgba, 120, 90)
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("empty").Bool() || want.Empty {
		t.Fatalf("a stroke counted as empty")
	}
	b := v.Get("bbox")
	if got := [4]int{b.Get("x0").Int(), b.Get("y0").Int(), b.Get("x1").Int(), b.Get("y1").Int()}; got != [4]int{want.BBox.X0, want.BBox.Y0, want.BBox.X1, want.BBox.Y1} {
		t.Errorf("bbox = %v, want %+v", got, want.BBox)
	}
	// The stroke spans x 40..70 and y 15..75 plus the brush radius.
	if x0, y1 := b.Get("x0").Int(), b.Get("y1").Int(); x0 < 30 || x0 > 40 || y1 < 75 || y1 > 85 {
		t.Errorf("bbox %s does not surround the stroke", bridge.Describe(b))
	}
	for key, p := range map[string][2]float64{"centerOfMass": want.CenterOfMass, "canvasCenterOfMass": want.CanvasCenterOfMass, "shift": want.Shift} {
		if got := [2]float64{v.Get(key).Get("x").Float(), v.Get(key).Get("y").Float()}; got != p {
			t.Errorf("%s = %v, want %v", key, got, p)
		}
	}
	if !slices.Equal(floats(t, v.Get("image28")), want.Image28) || !slices.Equal(ints(t, v.Get("image28").Get("shape")), []int{28, 28, 1}) {
		t.Errorf("image28 differs from core")
	}
	if !slices.Equal(floats(t, v.Get("input")), want.Input) || !slices.Equal(ints(t, v.Get("input").Get("shape")), []int{32, 32, 1}) {
		t.Errorf("input differs from core")
	}
	// A blank canvas, given as a plain object: nothing drawn.
	blank := mustCall(t, nn, "nn.preprocess({ data: new Uint8ClampedArray(4 * 50 * 40), width: 50, height: 40 })")
	if !blank.Get("empty").Bool() {
		t.Errorf("a blank canvas is not empty")
	}
}
