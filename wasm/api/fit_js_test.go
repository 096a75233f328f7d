//go:build js && wasm

package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// stripesNet is a small network for 8×8 stripes, as createModel takes it
// and as core builds it.
const stripesNet = `{ inputShape: [8, 8, 1], seed: 3, layers: [
	{ class_name: 'Conv2D', config: { filters: 4, kernel_size: 3, activation: 'relu' } },
	{ class_name: 'MaxPool2D' }, { class_name: 'Flatten' },
	{ class_name: 'Dropout', config: { rate: 0.1 } },
	{ class_name: 'Dense', config: { units: 2, activation: 'softmax' } }] }`

func stripesModel(t *testing.T) *core.Model {
	t.Helper()
	spec := func(class, config string) core.LayerSpec {
		return core.LayerSpec{ClassName: class, Config: json.RawMessage(config)}
	}
	m, err := core.NewModel(core.ModelSpec{InputShape: []int{8, 8, 1}, Layers: []core.LayerSpec{
		spec("Conv2D", `{"filters": 4, "kernel_size": 3, "activation": "relu"}`),
		spec("MaxPool2D", `{}`), spec("Flatten", `{}`), spec("Dropout", `{"rate": 0.1}`),
		spec("Dense", `{"units": 2, "activation": "softmax"}`),
	}})
	if err != nil {
		t.Fatal(err)
	}
	m.Init(3)
	return m
}

// stripes returns n 8×8 samples: a horizontal line (label 0) or a vertical
// one (label 1) at a place drawn from seed, on faint noise.
func stripes(n int, seed uint64) ([]float32, []int) {
	noise, labels := randomBatch(n, 64, 2, seed)
	x := make([]float32, n*64)
	for i := range n {
		at := int(noise[i*64]*8) % 8
		for j := range 64 {
			x[i*64+j] = 0.1 * noise[i*64+j]
			if y, col := j/8, j%8; (labels[i] == 0 && y == at) || (labels[i] == 1 && col == at) {
				x[i*64+j] = 1
			}
		}
	}
	return x, labels
}

// TestFitMatchesCore runs a fit with every option that shapes it —
// validation split, schedule, shuffling, dropout — and checks the events,
// the result and the weights against core.Fit with the same settings.
func TestFitMatchesCore(t *testing.T) {
	nn := newAPI(t)
	h := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	x, labels := stripes(80, 1)
	r := mustCall(t, nn, `(async () => {
		const events = [];
		const result = await nn.fit(a, { x: b, labels: c, validation: { split: 0.25 }, epochs: 3, batchSize: 16,
			optimizer: { type: 'adam', learningRate: 0.01 }, schedule: { type: 'cosineDecay', floor: 0.001 }, seed: 5 },
			(e) => events.push(e));
		return { events, result };
	})()`, h, bridge.Float32Array(x), labelArray(labels))

	m := stripesModel(t)
	set, err := core.NewDataset([]int{8, 8, 1}, x, labels)
	if err != nil {
		t.Fatal(err)
	}
	train, val, _ := set.Split(0.25)
	var logs []core.BatchLog
	hist, err := core.Fit(context.Background(), m, train, core.FitConfig{Epochs: 3, BatchSize: 16, Seed: 5, Validation: val,
		Optimizer: core.NewAdam(0.01), Schedule: core.CosineDecay{Rate: 0.01, Floor: 0.001},
		OnBatch: func(l core.BatchLog) error { logs = append(logs, l); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	sameWeights(t, "fit against core.Fit", weightsOf(t, nn, h), coreWeights(m))

	// 60 training samples in batches of 16: 4 batches an epoch, then the
	// epoch's event after its last batch.
	events := r.Get("events")
	if events.Length() != 3*4+3 {
		t.Fatalf("%d events, want 12 batches and 3 epochs", events.Length())
	}
	i := 0
	for _, l := range logs {
		e := events.Index(i)
		i++
		got := fmt.Sprintf("%s %d/%d %d/%d %d/%d %.9g %.9g %.9g", e.Get("type"), e.Get("epoch").Int(), e.Get("epochs").Int(),
			e.Get("batch").Int(), e.Get("batches").Int(), e.Get("step").Int(), e.Get("steps").Int(),
			e.Get("loss").Float(), e.Get("accuracy").Float(), e.Get("learningRate").Float())
		want := fmt.Sprintf("batch %d/3 %d/4 %d/12 %.9g %.9g %.9g", l.Epoch, l.Batch, l.Step, l.Loss, l.Accuracy, l.LearningRate)
		if got != want {
			t.Errorf("event %d: %s, want %s", i-1, got, want)
		}
		if s := e.Get("samplesPerSec").Float(); !(s > 0) {
			t.Errorf("event %d: samplesPerSec %v", i-1, s)
		}
		if l.EpochEnd == nil {
			continue
		}
		e = events.Index(i)
		i++
		ee := hist.Epochs[l.Epoch]
		got = fmt.Sprintf("%s %d/%d %.9g %.9g %.9g %.9g", e.Get("type"), e.Get("epoch").Int(), e.Get("epochs").Int(),
			e.Get("loss").Float(), e.Get("accuracy").Float(), e.Get("valLoss").Float(), e.Get("valAccuracy").Float())
		wantEpoch := fmt.Sprintf("epoch %d/3 %.9g %.9g %.9g %.9g", ee.Epoch, ee.Loss, ee.Accuracy, ee.Validation.Loss, ee.Validation.Accuracy)
		if got != wantEpoch || !(e.Get("seconds").Float() >= 0) {
			t.Errorf("event %d: %s, want %s", i-1, got, wantEpoch)
		}
	}
	res := r.Get("result")
	if res.Get("stopped").Bool() || res.Get("stoppedEarly").Bool() || res.Get("epochs").Int() != 3 || res.Get("steps").Int() != 12 ||
		res.Get("history").Length() != 3 || res.Get("history").Index(2).Get("valLoss").Float() != hist.Epochs[2].Validation.Loss {
		t.Errorf("result %s", jsonOf(res))
	}
	if s := mustCall(t, nn, "nn.fitState(a)", h).String(); s != "idle" {
		t.Errorf("fitState after the fit: %s", s)
	}
}

// TestFitLearns trains on a data set of stripes and checks that the
// accuracy on other stripes rises well above chance; early stopping ends
// the run when the validation loss stops improving.
func TestFitLearns(t *testing.T) {
	nn := newAPI(t)
	h := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	x, labels := stripes(256, 2)
	train := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, shape: [256, 8, 8, 1] })", bridge.Float32Array(x), labelArray(labels)).Get("dataset").Int()
	tx, tl := stripes(100, 3)
	test := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, shape: [100, 8, 8, 1] })", bridge.Float32Array(tx), labelArray(tl)).Get("dataset").Int()
	before := mustCall(t, nn, "nn.evaluate(a, { data: b })", h, test).Get("accuracy").Float()
	r := mustCall(t, nn, "nn.fit(a, { data: b, validation: c, epochs: 30, batchSize: 32, optimizer: { type: 'adam', learningRate: 0.02 }, earlyStop: { monitor: 'val_loss', patience: 2, restoreBestWeights: true } })", h, train, test)
	after := mustCall(t, nn, "nn.evaluate(a, { data: b })", h, test).Get("accuracy").Float()
	t.Logf("accuracy %.2f before, %.2f after %d epochs; %s", before, after, r.Get("epochs").Int(), jsonOf(r.Get("history").Index(r.Get("epochs").Int()-1)))
	if !(after >= 0.95 && after > before+0.2) {
		t.Errorf("accuracy on new stripes %.3f before the fit, %.3f after: it did not learn", before, after)
	}
	if r.Get("stoppedEarly").Bool() && r.Get("bestEpoch").Int() >= r.Get("epochs").Int() {
		t.Errorf("stopped early with best epoch %d of %d", r.Get("bestEpoch").Int(), r.Get("epochs").Int())
	}
	// The data sets were lent to the fit and are free again.
	mustCall(t, nn, "nn.disposeDataset(a)", train)
}

// TestFitDiverges trains with a learning rate of 1e6 a network that is
// linear up to its softmax: its loss or weights overflow.
func TestFitDiverges(t *testing.T) {
	nn := newAPI(t)
	h := mustCall(t, nn, `nn.createModel({ inputShape: [8, 8, 1], layers: [{ class_name: 'Conv2D', config: { filters: 4, kernel_size: 3 } },
		{ class_name: 'Flatten' }, { class_name: 'Dense', config: { units: 2, activation: 'softmax' } }] })`).Get("handle").Int()
	x, labels := stripes(64, 4)
	fitDiverges(t, nn, h, x, labels, "{ type: 'sgd', learningRate: 1e6, momentum: 0.9 }")
}

// TestFitDivergesSeedNetwork trains the seed network with plain SGD at a
// learning rate of 1e6: its ReLUs die and the loss grows while staying
// finite, until core finds it exploded (above ten times ln 10). The first
// step went through; its update left the weights on which the second
// step's loss exploded, so both are undone and the fresh weights are back.
func TestFitDivergesSeedNetwork(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	x, labels := randomBatch(64, 32*32, 10, 3)
	msg, steps := fitDiverges(t, nn, h, x, labels, "{ type: 'sgd', learningRate: 1e6 }")
	if steps != 1 || !strings.HasPrefix(msg, "fit: step 2: the loss exploded to ") ||
		!strings.Contains(msg, " (a model that learns stays below 23) at learning rate 1e+06; ") ||
		!strings.HasSuffix(msg, "; the previous step was undone too, as its update had left weights on which the loss diverged") {
		t.Errorf("after %d good steps: %q, want the loss exploded at step 2", steps, msg)
	}
}

// fitDiverges fits h on x and labels for up to 20 epochs with the given
// optimizer, which must diverge: the fit rejects with core's message and
// the model keeps the last good weights, recorded after every batch from
// inside onProgress. It returns the message and the steps that went
// through.
func fitDiverges(t *testing.T, nn js.Value, h int, x []float32, labels []int, optimizer string) (string, int) {
	t.Helper()
	r := mustCall(t, nn, `(async () => {
		const weights = [await nn.getWeights(a)];
		const error = await nn.fit(a, { x: b, labels: c, epochs: 20, batchSize: 8, optimizer: `+optimizer+` },
			(e) => { if (e.type === 'batch') nn.getWeights(a).then((ws) => weights.push(ws)); }).then(() => null, (e) => e.message);
		return { weights, error, state: await nn.fitState(a), now: await nn.getWeights(a) };
	})()`, h, bridge.Float32Array(x), labelArray(labels))
	msg := r.Get("error")
	if msg.IsNull() {
		t.Fatal("20 epochs at a learning rate of 1e6 did not diverge")
	}
	history := r.Get("weights")
	steps := history.Length() - 1 // batches that went through
	t.Logf("after %d good steps: %s", steps, msg)
	wantAt := steps // the weights after the last good step
	switch m := msg.String(); {
	case !strings.HasPrefix(m, fmt.Sprintf("fit: step %d: ", steps+1)) || !strings.Contains(m, "at learning rate 1e+06; the step was undone: try a smaller learning rate"):
		t.Errorf("message %q", m)
	case strings.HasSuffix(m, "; the previous step was undone too, as its update had left weights on which the loss diverged"):
		wantAt = steps - 1
	}
	if wantAt < 0 {
		t.Fatalf("the first step blamed a previous one")
	}
	read := func(ws js.Value) [][]float32 {
		out := make([][]float32, ws.Length())
		for i := range out {
			out[i] = floats(t, ws.Index(i).Get("data"))
		}
		return out
	}
	sameWeights(t, "after the divergence, against the last good weights", read(r.Get("now")), read(history.Index(wantAt)))
	if s := r.Get("state").String(); s != "idle" {
		t.Errorf("fitState after the divergence: %s", s)
	}
	mustCall(t, nn, "nn.predict(new Float32Array(a), b)", len(x)/len(labels), h)
	return msg.String(), steps
}

// TestFitControl pauses, single-steps, resumes and stops a fit from the
// page while it runs, and checks what each call does to the run: no batch
// while paused, exactly one per stepFit, the weights at stop those of the
// last batch — core's Fitter after as many steps.
func TestFitControl(t *testing.T) {
	nn := newAPI(t)
	h := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	other := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	x, labels := stripes(64, 5)
	r := mustCall(t, nn, `(async () => {
		const h = a, steps = [];
		let waiter = null;
		const reach = (n) => new Promise((ok) => { waiter = { n, ok }; });
		const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
		const fit = nn.fit(h, { x: b, labels: c, epochs: 1000, batchSize: 8, seed: 2 }, (e) => {
			if (e.type !== 'batch') return;
			steps.push(e.step);
			if (waiter && e.step >= waiter.n) { waiter.ok(); waiter = null; }
		});
		const refused = (p) => p.then(() => 'resolved', (e) => e.message);
		const report = { running: await nn.fitState(h) };
		await reach(3);
		await nn.pauseFit(h);
		report.paused = await nn.fitState(h);
		report.atPause = steps.length;
		await sleep(150);
		report.afterSleep = steps.length;
		report.refused = await Promise.all([
			nn.predict(new Float32Array(64), h), nn.trainStep(h, { x: new Float32Array(64), labels: [0], optimizer: { type: 'sgd', learningRate: 0.1 } }),
			nn.getWeights(h).then((ws) => nn.setWeights(h, ws)), nn.evaluate(h, { x: new Float32Array(64), labels: [0] }),
			nn.disposeModel(h), nn.fit(h, { x: b, labels: c }), nn.setPooling('max_pool2d', 'avg', h),
		].map(refused));
		report.others = await Promise.all([nn.predict(new Float32Array(64), d).then((p) => p.probs.length), nn.getWeights(h).then((ws) => ws.length),
			nn.modelSummary(h).then((s) => s.layers.length)]);
		report.step1 = (await nn.stepFit(h)).step;
		report.step2 = (await nn.stepFit(h)).step;
		report.afterSteps = steps.length;
		report.stepWhileRunning = await nn.resumeFit(h).then(() => refused(nn.stepFit(h)));
		await reach(report.afterSteps + 3);
		report.resumed = steps.length > report.afterSteps;
		await nn.stopFit(h);
		report.stoppedState = await nn.fitState(h);
		report.result = await fit;
		report.lastStep = steps.at(-1);
		report.afterStop = await Promise.all([refused(nn.pauseFit(h)), refused(nn.stopFit(h)), refused(nn.stepFit(h)), refused(nn.resumeFit(h))]);
		return report;
	})()`, h, bridge.Float32Array(x), labelArray(labels), other)
	t.Log(jsonOf(r))
	if r.Get("running").String() != "running" || r.Get("paused").String() != "paused" || r.Get("stoppedState").String() != "idle" {
		t.Errorf("fitState: %s, %s, %s; want running, paused, idle", r.Get("running"), r.Get("paused"), r.Get("stoppedState"))
	}
	atPause := r.Get("atPause").Int()
	if r.Get("afterSleep").Int() != atPause {
		t.Errorf("%d batches at the pause, %d after 150 ms paused", atPause, r.Get("afterSleep").Int())
	}
	if r.Get("step1").Int() != atPause+1 || r.Get("step2").Int() != atPause+2 || r.Get("afterSteps").Int() != atPause+2 {
		t.Errorf("two stepFit calls after %d batches gave steps %d and %d and %d events", atPause, r.Get("step1").Int(), r.Get("step2").Int(), r.Get("afterSteps").Int())
	}
	want := fmt.Sprintf("a fit is running on model %d; wait for it, or end it with stopFit(%d)", h, h)
	refused := r.Get("refused")
	for i := range refused.Length() {
		if got := refused.Index(i).String(); !strings.HasSuffix(got, want) {
			t.Errorf("call %d during the fit: %q, want it refused with %q", i, got, want)
		}
	}
	if got := jsonOf(r.Get("others")); got != "[2,4,5]" {
		t.Errorf("calls on the other model and reads during the fit: %s, want [2,4,5]", got)
	}
	if got := r.Get("stepWhileRunning").String(); got != fmt.Sprintf("stepFit: the fit on model %d is running; pauseFit(%d) first", h, h) {
		t.Errorf("stepFit while running: %q", got)
	}
	res := r.Get("result")
	if !r.Get("resumed").Bool() || !res.Get("stopped").Bool() || res.Get("steps").Int() != r.Get("lastStep").Int() {
		t.Errorf("resumed %v; result %s, last batch event %d", r.Get("resumed").Bool(), jsonOf(res), r.Get("lastStep").Int())
	}
	for i, name := range []string{"pauseFit", "stopFit", "stepFit", "resumeFit"} {
		if got := r.Get("afterStop").Index(i).String(); got != fmt.Sprintf("%s: no fit is running on model %d", name, h) {
			t.Errorf("%s after the fit: %q", name, got)
		}
	}
	// The weights are those after the last batch: core's Fitter, stepped as
	// often.
	m := stripesModel(t)
	set, _ := core.NewDataset([]int{8, 8, 1}, x, labels)
	f, err := core.NewFitter(m, set, core.FitConfig{Epochs: 1000, BatchSize: 8, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for range res.Get("steps").Int() {
		if _, err := f.Step(); err != nil {
			t.Fatal(err)
		}
	}
	sameWeights(t, "after stopFit, against core's Fitter after as many steps", weightsOf(t, nn, h), coreWeights(m))
	// The model is free again.
	mustCall(t, nn, "nn.predict(new Float32Array(64), a)", h)
}

func TestFitBadInput(t *testing.T) {
	nn := newAPI(t)
	h := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	x, labels := stripes(16, 6)
	js.Global().Set("fitX", bridge.Float32Array(x))
	js.Global().Set("fitLabels", labelArray(labels))
	defer js.Global().Delete("fitX")
	defer js.Global().Delete("fitLabels")
	fit := func(extra string) string {
		return fmt.Sprintf("nn.fit(%d, { x: fitX, labels: fitLabels, %s })", h, extra)
	}
	d := mustCall(t, nn, "nn.createDataset({ images: new Uint8Array(28 * 28), labels: [1], shape: [1, 28, 28, 1] })").Get("dataset").Int()
	checkBadCalls(t, nn, fit("batchSize: 8"), []badCall{
		bad("nn.fit()", "fit: handle must be a model handle"),
		bad(fmt.Sprintf("nn.fit(%d)", h), "fit: options must be an object {data, x, shape, labels, validation, epochs, batchSize, optimizer, schedule, augment, shuffle, seed, earlyStop}, got undefined"),
		bad(fmt.Sprintf("nn.fit(%d, {})", h), `fit: missing option "labels"`),
		bad(fit("epoch: 2"), `fit: unknown option "epoch" (did you mean "epochs"?)`),
		bad(fit("epochs: 0"), "fit: epochs must be an integer from 1 to 10000, got 0"),
		bad(fit("batchSize: 5000"), "fit: batchSize must be an integer from 1 to 4096, got 5000"),
		bad(fit("seed: -1"), "fit: seed must be a non-negative integer, got -1"),
		bad(fit("shuffle: 'yes'"), `fit: shuffle must be true or false, got "yes"`),
		bad(fit("optimizer: { type: 'rmsprop' }"), `fit: optimizer.type must be 'sgd' or 'adam', got "rmsprop"`),
		bad(fit("schedule: { type: 'exponential' }"), `fit: schedule.type must be 'constant', 'stepDecay' or 'cosineDecay', got "exponential"`),
		bad(fit("schedule: { type: 'stepDecay', every: 2, factr: 0.5 }"), `fit: schedule: unknown option "factr" (did you mean "factor"?)`),
		bad(fit("schedule: { type: 'stepDecay', every: 2, factor: -0.5 }"), "fit: schedule: factor must be at least 0, got -0.5"),
		bad(fit("schedule: 'cosine'"), "fit: schedule must be {type: 'constant', rate?}", `got "cosine"`),
		bad(fit("augment: { rotation: 10 }"), "fit: digit augmentation needs samples of [height, width, 1] with sides of at least 28, got (8, 8, 1)"),
		bad(fit("augment: { rotaton: 10 }"), `fit: augment: unknown option "rotaton" (did you mean "rotation"?)`),
		bad(fit("augment: { thickness: 2 }"), "fit: augment: thickness must be two numbers [from, to], got 2"),
		bad(fit("augment: { clean: 2 }"), "fit: augment: clean must be a fraction from 0 to 1, got 2"),
		bad(fit("earlyStop: { monitor: 'val_loss' }"), "fit: early stopping on val_loss needs a validation set"),
		bad(fit("earlyStop: { patience: 'two' }"), `fit: earlyStop: patience must be an integer, got "two"`),
		bad(fit("earlyStop: { restoreBestWeights: 1 }"), "fit: earlyStop: restoreBestWeights must be true or false, got 1"),
		bad(fit("validation: { split: 1.5 }"), "fit: validation: validation fraction must be between 0 and 1, got 1.5"),
		bad(fit("validation: 42"), "fit: validation: 42 is not a data set"),
		bad(fit("validation: { splt: 0.2 }"), "fit: validation must be a data set id, {split: fraction} or {data | x, shape?, labels}: unknown option \"splt\""),
		bad(fit(fmt.Sprintf("validation: %d", d)), "fit: validation: the data set's samples are [28,28,1], the model's input is [8,8,1]"),
		bad(fmt.Sprintf("nn.fit(%d, { data: %d })", h, d), "fit: training data: the data set's samples are [28,28,1], the model's input is [8,8,1]"),
		bad(fmt.Sprintf("nn.fit(%d, { data: %d, x: fitX })", h, d), "fit: give the samples either as data (a data set id) or as x and labels, not both"),
		bad(fit("labels: [0, 1]"), "fit: x has 1024 values but the batch shape (one sample per label) [2,8,8,1] needs 2×8×8×1 = 128"),
		bad(fit("labels: new Int32Array(16).fill(7)"), "fit: training set: label 7 of sample 0 is outside [0, 2)"),
		bad(fit("x: new Float32Array(1024).fill(NaN)"), "fit: x[0] is NaN"),
		bad(fmt.Sprintf("nn.fit(%d, { x: fitX, labels: fitLabels }, 'progress')", h), `fit: onProgress must be a function, got "progress"`),
		bad(fmt.Sprintf("nn.fit(%d, { x: fitX, labels: fitLabels }, () => { throw new Error('boom'); })", h), "fit: onProgress threw boom; the fit stopped after step 1"),
	})
	if s := mustCall(t, nn, "nn.fitState(a)", h).String(); s != "idle" {
		t.Errorf("fitState after the refused fits: %s", s)
	}
	for _, c := range []string{"nn.pauseFit(99)", "nn.stepFit(99)", "nn.stopFit(99)", "nn.fitState(99)"} {
		wantReject(t, nn, c, "handle 99 is not a loaded model")
	}
}

// TestFitHoldsItsDataSets runs two fits on one data set: it cannot be
// disposed of until both have ended.
func TestFitHoldsItsDataSets(t *testing.T) {
	nn := newAPI(t)
	a := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	b := mustCall(t, nn, "nn.createModel("+stripesNet+")").Get("handle").Int()
	x, labels := stripes(32, 7)
	d := mustCall(t, nn, "nn.createDataset({ images: a, labels: b, shape: [32, 8, 8, 1] })", bridge.Float32Array(x), labelArray(labels)).Get("dataset").Int()
	r := mustCall(t, nn, `(async (ids) => {
		const { a, b, d } = ids;
		const refused = (p) => p.then(() => 'resolved', (e) => e.message);
		const fits = [nn.fit(a, { data: d, validation: d, epochs: 1000 }), nn.fit(b, { data: d, epochs: 1000 })];
		await Promise.all([nn.pauseFit(a), nn.pauseFit(b)]);
		const both = await refused(nn.disposeDataset(d));
		await nn.stopFit(a);
		const one = await refused(nn.disposeDataset(d));
		await nn.stopFit(b);
		await Promise.all(fits);
		return [both, one, await refused(nn.disposeDataset(d))];
	})(a)`, js.ValueOf(map[string]any{"a": a, "b": b, "d": d}))
	want := []string{
		fmt.Sprintf("disposeDataset: data set %d is in use by the fits on models %d, %d; stopFit first", d, a, b),
		fmt.Sprintf("disposeDataset: data set %d is in use by the fit on model %d; stopFit first", d, b),
		"resolved",
	}
	for i, w := range want {
		if got := r.Index(i).String(); got != w {
			t.Errorf("disposeDataset %d: %q, want %q", i, got, w)
		}
	}
}
