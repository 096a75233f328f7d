//go:build js && wasm

package api

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

// TestTrainStepMatchesCore runs a sequence of trainSteps and the same steps
// with core's Trainer in Go: the optimizer state lasts while the settings
// other than the learning rate stay the same, and starts afresh when they
// change, so the losses and weights must agree exactly.
func TestTrainStepMatchesCore(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	var tr *core.Trainer
	for i, s := range []struct {
		optimizer string
		fresh     core.Optimizer // nil: the state goes on, with lr
		lr        float32
		labels    string // the labels c as given
	}{
		{"{ type: 'sgd', learningRate: 0.05, momentum: 0.9 }", core.NewSGD(0.05, 0.9), 0, "new Int32Array(c)"},
		{"{ type: 'sgd', learningRate: 0.05, momentum: 0.9 }", nil, 0.05, "c"},
		{"{ type: 'SGD', learningRate: 0.02, momentum: 0.9 }", nil, 0.02, "new Uint8Array(c)"},
		{"{ type: 'sgd', learningRate: 0.02, momentum: 0.5 }", core.NewSGD(0.02, 0.5), 0, "c"},
		{"{ type: 'sgd', learningRate: 0.02 }", core.NewSGD(0.02, 0), 0, "c"},
		{"{ type: 'adam', learningRate: 0.001 }", core.NewAdam(0.001), 0, "c"},
		{"{ type: 'Adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }", nil, 0.001, "c"},
		{"{ type: 'adam', learningRate: 0.003 }", nil, 0.003, "new Int32Array(c)"},
		{"{ type: 'adam', learningRate: 0.003, beta2: 0.99 }", core.AdamConfig{LearningRate: 0.003, Beta1: 0.9, Beta2: 0.99, Epsilon: 1e-7}.New(), 0, "c"},
		{"{ type: 'adam', learningRate: 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1e-4 }", core.AdamConfig{LearningRate: 0.003, Beta1: 0.8, Beta2: 0.99, Epsilon: 1e-4}.New(), 0, "c"},
	} {
		x, labels := randomBatch(6, 32*32, 10, uint64(i))
		if s.fresh != nil {
			tr = core.NewTrainer(m, s.fresh, trainSeed)
		} else {
			tr.SetLearningRate(s.lr)
		}
		wantLoss, wantCorrect, err := tr.TrainBatch(x, labels)
		if err != nil {
			t.Fatal(err)
		}
		// The batch's shape is optional; give it every other step.
		shape := ""
		if i%2 == 0 {
			shape = "shape: [6, 32, 32, 1], "
		}
		code := fmt.Sprintf("nn.trainStep(a, { x: b, %slabels: %s, optimizer: %s })", shape, s.labels, s.optimizer)
		r := mustCall(t, nn, code, h, bridge.Float32Array(x), labelArray(labels))
		if r.Get("loss").Float() != float64(wantLoss) || r.Get("correct").Int() != wantCorrect ||
			r.Get("n").Int() != 6 || r.Get("accuracy").Float() != float64(wantCorrect)/6 {
			t.Errorf("step %d: %s = {loss %s, correct %s, n %s, accuracy %s}, core gives loss %v, %d correct",
				i, code, r.Get("loss"), r.Get("correct"), r.Get("n"), r.Get("accuracy"), wantLoss, wantCorrect)
		}
		sameWeights(t, fmt.Sprintf("step %d (%s) against core", i, s.optimizer), weightsOf(t, nn, h), coreWeights(m))
	}
}

func TestTrainStepBadInput(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	before := weightsOf(t, nn, h)
	// step builds a trainStep call on two samples from a valid one by
	// replacing or adding options.
	step := func(extra string) string {
		return fmt.Sprintf(`nn.trainStep(%d, { x: new Float32Array(2048), labels: [3, 7], optimizer: { type: 'sgd', learningRate: 0.1 }, %s })`, h, extra)
	}
	opt := func(o string) string { return step("optimizer: " + o) }
	const sgdKeys, adamKeys = "type, learningRate, momentum", "type, learningRate, beta1, beta2, epsilon"
	checkBadCalls(t, nn, fmt.Sprintf("nn.evaluate(%d, { x: new Float32Array(1024), labels: [3] })", h), []badCall{
		bad(fmt.Sprintf("nn.trainStep(%d)", h), "trainStep: options must be an object {data, x, shape, labels, optimizer}, got undefined"),
		bad(fmt.Sprintf("nn.trainStep(%d, { x: new Float32Array(1024), labels: [3] })", h),
			`trainStep: missing option "optimizer" ({type: 'sgd' or 'adam', learningRate, …})`),
		bad(step("lr: 0.1"), `trainStep: unknown option "lr"; the options are data, x, shape, labels, optimizer`),
		bad(step("label: 3"), `trainStep: unknown option "label" (did you mean "labels"?)`),
		// The optimizer.
		bad(opt("'sgd'"), "trainStep: optimizer must be {type: 'sgd', learningRate, momentum?} or {type: 'adam', learningRate, beta1?, beta2?, epsilon?}, got \"sgd\""),
		bad(opt("{ type: 'rmsprop', learningRate: 0.1 }"), `trainStep: optimizer.type must be 'sgd' or 'adam', got "rmsprop"`),
		bad(opt("{ learningRate: 0.1 }"), "trainStep: optimizer.type must be 'sgd' or 'adam', got undefined"),
		bad(opt("{ type: 'sgd' }"), `trainStep: optimizer: missing option "learningRate" (a positive number, such as 0.01)`),
		bad(opt("{ type: 'sgd', learning_rate: 0.1 }"), `trainStep: optimizer: unknown option "learning_rate" (did you mean "learningRate"?)`),
		bad(opt("{ type: 'sgd', learningRate: 0.1, beta1: 0.9 }"), `trainStep: optimizer: unknown option "beta1"; the options are `+sgdKeys),
		bad(opt("{ type: 'adam', learningRate: 0.1, momentum: 0.9 }"), `trainStep: optimizer: unknown option "momentum"; the options are `+adamKeys),
		bad(opt("{ type: 'sgd', learningRate: -0.1 }"), "trainStep: optimizer: learningRate must be a positive number (a float32), got -0.1"),
		bad(opt("{ type: 'sgd', learningRate: 0 }"), "trainStep: optimizer: learningRate must be a positive number (a float32), got 0"),
		bad(opt("{ type: 'sgd', learningRate: 1e39 }"), "trainStep: optimizer: learningRate must be a positive number (a float32), got 1e+39"),
		bad(opt("{ type: 'sgd', learningRate: 1e-50 }"), "trainStep: optimizer: learningRate must be a positive number (a float32), got 1e-50"),
		bad(opt("{ type: 'sgd', learningRate: NaN }"), "trainStep: optimizer: learningRate must be a finite number, got NaN"),
		bad(opt("{ type: 'sgd', learningRate: '0.1' }"), `trainStep: optimizer: learningRate must be a number, got "0.1"`),
		bad(opt("{ type: 'sgd', learningRate: 0.1, momentum: 1 }"), "trainStep: optimizer: momentum must be at least 0 and less than 1, got 1"),
		bad(opt("{ type: 'sgd', learningRate: 0.1, momentum: -0.5 }"), "trainStep: optimizer: momentum must be at least 0 and less than 1, got -0.5"),
		bad(opt("{ type: 'adam', learningRate: 0.1, beta1: 1.5 }"), "trainStep: optimizer: beta1 must be at least 0 and less than 1, got 1.5"),
		bad(opt("{ type: 'adam', learningRate: 0.1, beta2: -0.1 }"), "trainStep: optimizer: beta2 must be at least 0 and less than 1, got -0.1"),
		bad(opt("{ type: 'adam', learningRate: 0.1, beta2: 0.99999999999 }"), "trainStep: optimizer: beta2 must be at least 0 and less than 1, got 0.99999999999"),
		bad(opt("{ type: 'adam', learningRate: 0.1, epsilon: 0 }"), "trainStep: optimizer: epsilon must be a positive number (a float32), got 0"),
		// The batch.
		bad(fmt.Sprintf("nn.trainStep(%d, { labels: [3], optimizer: { type: 'sgd', learningRate: 0.1 } })", h),
			`trainStep: missing option "x" (a Float32Array of N samples of the model's input shape [32,32,1], or data, a data set id)`),
		bad(fmt.Sprintf("nn.trainStep(%d, { x: new Float32Array(1024), optimizer: { type: 'sgd', learningRate: 0.1 } })", h),
			`trainStep: missing option "labels" (the class of each sample: an Int32Array, a Uint8Array or an array of integers)`),
		bad(step("x: new Array(2048).fill(0)"), "trainStep: x must be a Float32Array, got [0,0,0,0,0,0,0,0,…]"),
		bad(step("x: new Float64Array(2048)"), "trainStep: x must be a Float32Array, got Float64Array(2048)"),
		bad(step("x: new Float32Array(1024)"), "trainStep: x has 1024 values but the batch shape (one sample per label) [2,32,32,1] needs 2×32×32×1 = 2048"),
		bad(step("x: new Float32Array(2048).fill(0.5).fill(NaN, 1500, 1501)"), "trainStep: x[1500] is NaN; every value must be a finite number"),
		bad(step("x: new Float32Array(2048).fill(Infinity)"), "trainStep: x[0] is Infinity; every value must be a finite number"),
		bad(step("labels: new Float32Array([3, 7])"), "trainStep: labels must be an Int32Array, a Uint8Array (or another integer typed array) or an array of integers, got Float32Array(2)"),
		bad(step("labels: 3"), "trainStep: labels must be an Int32Array", "got 3"),
		bad(step("labels: [3, 2.5]"), "trainStep: labels[1] must be an integer, got 2.5"),
		bad(step("labels: [3, '7']"), `trainStep: labels[1] must be an integer, got "7"`),
		bad(step("labels: [3, 10]"), "trainStep: label 10 of sample 1 is outside [0, 10)"),
		bad(step("labels: new Int32Array([-1, 0])"), "trainStep: label -1 of sample 0 is outside [0, 10)"),
		bad(step("labels: []"), "trainStep: labels is empty; give at least one sample"),
		bad(step("labels: new Uint8Array(4097)"), "trainStep: labels has 4097 values, above the limit of 4096 samples per call"),
		bad(step("shape: [2, 28, 28, 1]"), "trainStep: shape must be [2,32,32,1] — 2 samples (one per label) of the model's input shape [32,32,1] — or absent, got [2,28,28,1]"),
		bad(step("shape: [32, 32, 1]"), "trainStep: shape must be [2,32,32,1]", "got [32,32,1]"),
		bad(step("shape: '2,32,32,1'"), "trainStep: shape must be [2,32,32,1]", `got "2,32,32,1"`),
	})
	sameWeights(t, "after the refused trainSteps", weightsOf(t, nn, h), before)
	// The valid call trains; the largest batch works (on a small model, for speed).
	mustCall(t, nn, step(""))
	small, err := core.NewSequential([]int{4, 4, 1}, core.NewFlatten("flatten"), core.NewDense("dense", 10, core.Linear))
	if err != nil {
		t.Fatal(err)
	}
	smallDoc, err := core.EncodeModel(small)
	if err != nil {
		t.Fatal(err)
	}
	hs := load(t, nn, string(smallDoc))
	if n := mustCall(t, nn, "nn.trainStep(a, { x: new Float32Array(4096 * 16), labels: new Uint8Array(4096).fill(9), optimizer: { type: 'sgd', learningRate: 0.1 } })", hs).Get("n").Int(); n != 4096 {
		t.Errorf("the largest batch trained on %d samples", n)
	}
}

// TestTrainStepDiverges trains with a learning rate of 1e6 until the loss
// or the weights blow up, and checks that the step that blows up is
// refused with the last weights that gave a finite loss put back, and that
// training then goes on from them with a fresh optimizer state.
func TestTrainStepDiverges(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	const huge = "{ type: 'sgd', learningRate: 1e6, momentum: 0.9 }"
	var history [][][]float32 // the weights before each step
	var err error
	for len(history) < 20 {
		x, labels := randomBatch(4, 32*32, 10, uint64(len(history)))
		history = append(history, weightsOf(t, nn, h))
		// A step refused for its labels changes nothing, not even which
		// weights count as the last good ones.
		if _, err := call(t, nn, "nn.trainStep(a, { x: b, labels: [1, 2, 3, 12], optimizer: "+huge+" })", h, bridge.Float32Array(x)); err == nil ||
			!strings.Contains(err.Error(), "label 12 of sample 3 is outside [0, 10)") {
			t.Fatalf("a step with label 12: %v", err)
		}
		var r js.Value
		r, err = call(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: "+huge+" })", h, bridge.Float32Array(x), labelArray(labels))
		if err != nil {
			break
		}
		t.Logf("step %d with learning rate 1e6: loss %s", len(history)-1, r.Get("loss"))
	}
	if err == nil {
		t.Fatalf("20 steps with a learning rate of 1e6 did not diverge")
	}
	step := len(history) - 1
	msg := err.Error()
	t.Logf("step %d: %s", step, msg)
	// Which weights are the last good ones depends on how it blew up; the
	// message says which.
	var good [][]float32
	switch {
	case strings.HasSuffix(msg, "; the step was undone: try a smaller learning rate; the previous step was undone too, as its update had left weights on which the loss diverged"):
		if step == 0 {
			t.Fatalf("the first step blamed a previous one")
		}
		good = history[step-1]
	case strings.HasSuffix(msg, "; the step was undone: try a smaller learning rate"):
		if step > 0 && strings.Contains(msg, ": the loss ") {
			t.Errorf("the loss overflowed after a good step, and that step was not undone: %q", msg)
		}
		good = history[step]
	default:
		t.Fatalf("message %q says neither which weights are back nor what to do", msg)
	}
	if !strings.HasPrefix(msg, fmt.Sprintf("trainStep: step %d: ", step+1)) || !strings.Contains(msg, "at learning rate 1e+06") {
		t.Errorf("message %q lacks its start or the learning rate", msg)
	}
	got := weightsOf(t, nn, h)
	sameWeights(t, "after the diverged step, against the last good weights", got, good)
	// The momentum is gone too: the next step, with the same settings but
	// the learning rate (which alone would keep the state), is a first step
	// from the restored weights.
	for i, w := range m.Weights() {
		copy(w.Data, got[i])
	}
	x, labels := randomBatch(4, 32*32, 10, 99)
	wantLoss, _, err := core.NewTrainer(m, core.NewSGD(1e-9, 0.9), trainSeed).TrainBatch(x, labels)
	if err != nil {
		t.Fatal(err)
	}
	r := mustCall(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: { type: 'sgd', learningRate: 1e-9, momentum: 0.9 } })", h, bridge.Float32Array(x), labelArray(labels))
	if r.Get("loss").Float() != float64(wantLoss) || math.IsNaN(float64(wantLoss)) || math.IsInf(float64(wantLoss), 0) {
		t.Errorf("loss after the divergence %s, want %v (finite)", r.Get("loss"), wantLoss)
	}
	sameWeights(t, "a step after the divergence, against a first step from the restored weights", weightsOf(t, nn, h), coreWeights(m))
}

// TestTrainStepUpdateOverflows takes a learning rate so large that the
// first update itself overflows float32: the weights go back to what they
// were before the step.
func TestTrainStepUpdateOverflows(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	before := weightsOf(t, nn, h)
	x, labels := randomBatch(4, 32*32, 10, 0)
	_, err := call(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: { type: 'sgd', learningRate: 3e38 } })", h, bridge.Float32Array(x), labelArray(labels))
	if err == nil || !strings.HasPrefix(err.Error(), "trainStep: step 1: ") ||
		!strings.HasSuffix(err.Error(), "Inf at learning rate 3e+38; the step was undone: try a smaller learning rate") {
		t.Errorf("trainStep with a learning rate of 3e38: %v", err)
	}
	t.Log(err)
	sameWeights(t, "after the refused step, against the weights before it", weightsOf(t, nn, h), before)
}

// TestTrainStepOnOverflowingWeights sets weights that are finite but so
// large that the loss overflows before any update: nothing can be put
// back, so the step is refused and the weights stay as they are.
func TestTrainStepOnOverflowingWeights(t *testing.T) {
	_, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	mustCall(t, nn, "nn.getWeights(a).then((ws) => nn.setWeights(a, ws.map((w) => ({ ...w, data: w.data.map((v, i) => (i % 2 ? 3e38 : -3e38)) }))))", h)
	before := weightsOf(t, nn, h)
	x, labels := randomBatch(2, 32*32, 10, 1)
	_, err := call(t, nn, "nn.trainStep(a, { x: b, labels: c, optimizer: { type: 'sgd', learningRate: 0.01 } })", h, bridge.Float32Array(x), labelArray(labels))
	want := "trainStep: step 1: the loss is NaN at learning rate 0.01; the step was undone: try a smaller learning rate; the weights it started from give a loss that diverged: set or load others"
	if err == nil || err.Error() != want {
		t.Errorf("trainStep on overflowing weights: %v, want %q", err, want)
	}
	sameWeights(t, "after the refused step", weightsOf(t, nn, h), before)
}

func TestEvaluate(t *testing.T) {
	m, doc := seedModel(t)
	nn := newAPI(t)
	h := load(t, nn, doc)
	x, labels := randomBatch(50, 32*32, 10, 5)
	// Half the samples are drawn digits the model tells apart, so the
	// matrix has more than one column.
	for i := range 25 {
		copy(x[i*1024:(i+1)*1024], digitInput(i%7-3))
	}
	want, err := m.Evaluate(x, labels)
	if err != nil {
		t.Fatal(err)
	}
	r := mustCall(t, nn, "nn.evaluate(a, { x: b, labels: new Int32Array(c), shape: [50, 32, 32, 1] })", h, bridge.Float32Array(x), labelArray(labels))
	if r.Get("loss").Float() != want.Loss || r.Get("accuracy").Float() != want.Accuracy {
		t.Errorf("evaluate = loss %s, accuracy %s; core gives %v, %v", r.Get("loss"), r.Get("accuracy"), want.Loss, want.Accuracy)
	}
	conf := r.Get("confusion")
	if !bridge.IsArray(conf) || conf.Length() != 10 {
		t.Fatalf("confusion = %s, want 10 rows", bridge.Describe(conf))
	}
	picked, total := map[int]bool{}, 0
	for i, row := range want.Confusion {
		got := ints(t, conf.Index(i))
		if !slices.Equal(got, row) {
			t.Errorf("confusion row %d = %v, want %v", i, got, row)
		}
		for j, c := range row {
			total += c
			picked[j] = picked[j] || c > 0
		}
	}
	if total != 50 || len(picked) < 2 {
		t.Errorf("the confusion matrix counts %d samples in %d columns, want 50 in several", total, len(picked))
	}
	// Evaluating changes nothing.
	if got := weightsOf(t, nn, h); !slices.Equal(got[4], coreWeights(m)[4]) {
		t.Errorf("evaluate changed the dense kernel")
	}
}

func TestEvaluateBadInput(t *testing.T) {
	_, doc := seedModel(t)
	wide, err := core.NewSequential([]int{64, 64, 1}, core.NewFlatten("flatten"), core.NewDense("dense", 10, core.Linear))
	if err != nil {
		t.Fatal(err)
	}
	wideDoc, err := core.EncodeModel(wide)
	if err != nil {
		t.Fatal(err)
	}
	nn := newAPI(t)
	hw := load(t, nn, string(wideDoc))
	h := load(t, nn, doc)
	eval := func(extra string) string {
		return fmt.Sprintf(`nn.evaluate(%d, { x: new Float32Array(1024), labels: [3], %s })`, h, extra)
	}
	checkBadCalls(t, nn, eval(""), []badCall{
		bad(fmt.Sprintf("nn.evaluate(%d)", h), "evaluate: options must be an object {data, x, shape, labels}, got undefined"),
		bad(eval("optimizer: { type: 'sgd', learningRate: 0.1 }"), `evaluate: unknown option "optimizer"; the options are data, x, shape, labels`),
		bad(eval("x: new Float32Array(1000)"), "evaluate: x has 1000 values but the batch shape (one sample per label) [1,32,32,1] needs 1×32×32×1 = 1024"),
		bad(eval("x: new Float32Array(1024).fill(NaN)"), "evaluate: x[0] is NaN"),
		bad(eval("labels: [12]"), "evaluate: label 12 of sample 0 is outside [0, 10)"),
		bad(eval("labels: ['3']"), `evaluate: labels[0] must be an integer, got "3"`),
		bad(eval("labels: new Uint8Array(65537)"), "evaluate: labels has 65537 values, above the limit of 65536 samples per call"),
		bad(eval("shape: [1, 32, 32]"), "evaluate: shape must be [1,32,32,1]"),
		bad(fmt.Sprintf("nn.evaluate(%d, { x: new Float32Array(1), labels: new Uint8Array(16385) })", hw),
			"evaluate: 16385 samples of [64,64,1] would be 16385×64×64×1 values, above the limit of 16777216 (2^24); use fewer samples"),
	})
}
