package core

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"
)

// stripes makes a separable toy task: class 0 has horizontal stripes,
// class 1 vertical ones, with random noise.
func stripes(n int, seed uint64) ([]float32, []int) {
	r := newRNG(seed)
	x := make([]float32, 0, n*8*8)
	y := make([]int, n)
	for i := range n {
		y[i] = i % 2
		phase := int(r.next() % 2)
		for row := range 8 {
			for col := range 8 {
				v := float32(0)
				if (y[i] == 0 && (row+phase)%2 == 0) || (y[i] == 1 && (col+phase)%2 == 0) {
					v = 1
				}
				x = append(x, v+0.2*r.uniform(1))
			}
		}
	}
	return x, y
}

func tinyNet(t *testing.T) *Model {
	m, err := NewSequential([]int{8, 8, 1},
		NewConv2D("conv", 4, [2]int{3, 3}, ConvParams{Padding: Same, Activation: ReLU}, true),
		NewPool2D("pool", PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}),
		NewFlatten("flatten"),
		NewDropout("dropout", 0.25),
		NewDense("dense", 2, Linear),
		NewSoftmax("softmax"),
	)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(1)
	return m
}

func TestTrainingLearns(t *testing.T) {
	for _, opt := range []Optimizer{NewAdam(0.01), NewSGD(0.05, 0.9)} {
		m := tinyNet(t)
		x, y := stripes(64, 1)
		tr := NewTrainer(m, opt, 5)
		first, _, err := tr.TrainBatch(x[:16*64], y[:16])
		if err != nil {
			t.Fatal(err)
		}
		for range 30 {
			for b := 0; b < 64; b += 16 {
				if _, _, err := tr.TrainBatch(x[b*64:(b+16)*64], y[b:b+16]); err != nil {
					t.Fatal(err)
				}
			}
		}
		tx, ty := stripes(100, 2)
		e, err := m.Evaluate(tx, ty)
		if err != nil {
			t.Fatal(err)
		}
		acc, loss := e.Accuracy, e.Loss
		if acc < 0.95 || loss >= float64(first) {
			t.Errorf("%T: accuracy %v, loss %v (first batch %v)", opt, acc, loss, first)
		}
	}
}

func trainedWeights(t *testing.T, procs int) [][]float32 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	m := tinyNet(t)
	x, y := stripes(37, 3) // not a multiple of the chunk count
	tr := NewTrainer(m, NewAdam(0.01), 9)
	for range 3 {
		if _, _, err := tr.TrainBatch(x, y); err != nil {
			t.Fatal(err)
		}
	}
	var w [][]float32
	for _, p := range tr.params {
		w = append(w, append([]float32(nil), p...))
	}
	return w
}

func TestTrainingDeterministic(t *testing.T) {
	a := trainedWeights(t, 1)
	for _, procs := range []int{1, 2, 3} {
		b := trainedWeights(t, procs)
		for i := range a {
			assertExact(t, "weights", b[i], a[i])
		}
	}
}

func TestSGDStep(t *testing.T) {
	// Keras: v = momentum·v − lr·g; w += v. Two steps with g = 1, 2.
	w := [][]float32{{1}}
	o := NewSGD(0.1, 0.5)
	o.update(w, [][]float32{{1}}) // v = −0.1, w = 0.9
	o.update(w, [][]float32{{2}}) // v = −0.05 − 0.2 = −0.25, w = 0.65
	if math.Abs(float64(w[0][0])-0.65) > 1e-6 {
		t.Errorf("w = %v, want 0.65", w[0][0])
	}
	o.SetLearningRate(0.3)
	if o.LearningRate() != 0.3 {
		t.Error("SetLearningRate")
	}
}

func TestAdamStep(t *testing.T) {
	// First Adam step: m = 0.1g, v = 0.001g², α = lr·√0.001/0.1,
	// so w moves by lr·g/(|g| + ε/√0.001) ≈ lr·sign(g).
	w := [][]float32{{1, -2}}
	o := NewAdam(0.01)
	o.update(w, [][]float32{{4, -0.5}})
	for i, want := range []float64{1 - 0.01*4/(4+1e-7/math.Sqrt(0.001)), -2 + 0.01*0.5/(0.5+1e-7/math.Sqrt(0.001))} {
		if math.Abs(float64(w[0][i])-want) > 1e-6 {
			t.Errorf("w[%d] = %v, want %v", i, w[0][i], want)
		}
	}
	// Second step with g = 0: m = 0.09g₁, v = 0.000999g₁², α = lr·√(1−0.999²)/(1−0.81).
	prev := float64(w[0][0])
	o.update(w, [][]float32{{0, 0}})
	m, v := 0.09*4.0, 0.000999*16.0
	alpha := 0.01 * math.Sqrt(1-0.999*0.999) / (1 - 0.81)
	if want := prev - alpha*m/(math.Sqrt(v)+1e-7); math.Abs(float64(w[0][0])-want) > 1e-6 {
		t.Errorf("second step w = %v, want %v", w[0][0], want)
	}
}

func TestDropoutTraining(t *testing.T) {
	d := NewDropout("d", 0.25)
	run := newLayerRun(t, d, []int{5000}, 2, true)
	in := make([]float32, 10000)
	for i := range in {
		in[i] = 1
	}
	out := run.forward(in)
	kept := 0
	for _, v := range out {
		switch v {
		case 0:
		case 1 / 0.75:
			kept++
		default:
			t.Fatalf("dropout output %v", v)
		}
	}
	if kept < 7300 || kept > 7700 {
		t.Errorf("kept %d of 10000 at rate 0.25", kept)
	}
	// The two samples draw different masks.
	assertDiffer(t, "sample masks", out[:5000], out[5000:])
	run.c.training = false
	assertExact(t, "inference", run.forward(in), in)
}

func TestTrainBatchErrors(t *testing.T) {
	m := tinyNet(t)
	tr := NewTrainer(m, NewAdam(0.01), 1)
	x, y := stripes(4, 1)
	for _, c := range []struct {
		x    []float32
		y    []int
		want error
		msg  string
	}{
		{x, nil, ErrInput, "no samples"},
		{x[:100], y, ErrInput, "input has 100 values, 4 samples of (8, 8, 1) need 256"},
		{x, []int{0, 1, 2, 0}, ErrInput, "label 2 of sample 2 is outside [0, 2)"},
		{x, []int{0, 1, -1, 0}, ErrInput, "label -1 of sample 2 is outside [0, 2)"},
	} {
		if _, _, err := tr.TrainBatch(c.x, c.y); !errors.Is(err, c.want) || err.Error() != c.msg {
			t.Errorf("got %v, want %q", err, c.msg)
		}
	}
	bad := append([]float32(nil), x...)
	bad[3] = infF()
	if _, _, err := tr.TrainBatch(bad, y); !errors.Is(err, ErrInput) {
		t.Errorf("Inf input: got %v", err)
	}
	if _, err := m.Evaluate(x, []int{0, 1, 5, 0}); !errors.Is(err, ErrInput) {
		t.Errorf("Evaluate bad label: got %v", err)
	}
	// A batch of one works, and so does the next normal batch.
	if _, _, err := tr.TrainBatch(x[:64], y[:1]); err != nil {
		t.Error(err)
	}
	if _, _, err := tr.TrainBatch(x, y); err != nil {
		t.Error(err)
	}
}

func TestEvaluateMatchesPredict(t *testing.T) {
	m := tinyNet(t)
	x, y := stripes(10, 4)
	e, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	acc, loss := e.Accuracy, e.Loss
	correct, total := 0, 0.0
	for i := range y {
		p, label, err := m.Predict(x[i*64 : (i+1)*64])
		if err != nil {
			t.Fatal(err)
		}
		if label == y[i] {
			correct++
		}
		total -= math.Log(float64(p[y[i]]))
	}
	if acc != float64(correct)/10 || !closeTo(loss, total/10, 1e-5, 1e-6) {
		t.Errorf("Evaluate %v %v, Predict gives %v %v", acc, loss, float64(correct)/10, total/10)
	}
}

// TestExplodingLossIsUndone trains the seed network with plain SGD at a
// learning rate of 1e6. Its ReLUs die and the loss grows without becoming
// NaN or infinite; the first step whose loss is above ten times ln(10)
// is refused with its weights kept as they were before it.
func TestExplodingLossIsUndone(t *testing.T) {
	m, err := NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	m.Init(7)
	tr := NewTrainer(m, NewSGD(1e6, 0), 1)
	bound := ExplodedLoss(10)
	r := newRNG(3)
	x, y := make([]float32, 8*32*32), make([]int, 8)
	for step := 1; step <= 20; step++ {
		randomDigits(&r, x, y)
		before, _ := EncodeModel(m)
		loss, _, err := tr.TrainBatch(x, y)
		if err == nil {
			if !(loss <= float32(bound)) {
				t.Fatalf("step %d went through with loss %v", step, loss)
			}
			t.Logf("step %d: loss %v", step, loss)
			continue
		}
		t.Logf("step %d: %v", step, err)
		if !errors.Is(err, ErrDiverged) || !errors.Is(err, ErrLossDiverged) {
			t.Errorf("the error %v is not ErrLossDiverged", err)
		}
		if msg := err.Error(); !strings.HasPrefix(msg, fmt.Sprintf("step %d: the loss exploded to ", step)) ||
			!strings.HasSuffix(msg, " (a model that learns stays below 23) at learning rate 1e+06; the step was undone: try a smaller learning rate") {
			t.Errorf("message %q", msg)
		}
		if after, _ := EncodeModel(m); !bytes.Equal(after, before) {
			t.Error("the exploded step changed the model")
		}
		if tr.Step() != uint64(step-1) {
			t.Errorf("Step() = %d after the refused step %d", tr.Step(), step)
		}
		if step == 1 {
			t.Error("the first step, from fresh weights, exploded")
		}
		return
	}
	t.Fatal("20 steps at a learning rate of 1e6 did not explode")
}

// TestLossOfFreshModelsIsFarBelowTheBound: every network preset starts
// near ln(classes), far below the explosion bound.
func TestLossOfFreshModelsIsFarBelowTheBound(t *testing.T) {
	for _, p := range NetworkPresets() {
		m, err := NewModel(p.Spec)
		if err != nil {
			t.Fatal(err)
		}
		m.Init(1)
		shape := m.InputShape()
		n := shape[0] * shape[1] * shape[2]
		r := newRNG(5)
		x, y := make([]float32, 32*n), make([]int, 32)
		for i := range x {
			x[i] = float32(r.next()%256) / 255
		}
		for i := range y {
			y[i] = i % 10
		}
		tr := NewTrainer(m, NewSGD(0.01, 0), 1)
		loss, _, err := tr.TrainBatch(x, y)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		bound := tr.r.explodedLoss()
		if float64(loss) > bound/2 {
			t.Errorf("%s: first loss %v, not far below the bound %.3f", p.Name, loss, bound)
		}
		t.Logf("%s: first loss %.3f, bound %.3f", p.Name, loss, bound)
	}
}

// TestClippedLossExplodes: a model whose Dense applies softmax itself has
// its loss clipped at −ln 1e−7 = 16.1, below ten times ln 10; at a learning
// rate of 1e6 its loss climbs to the clip and is refused there (above
// (ln 10 + 16.1)/2 = 9.2).
func TestClippedLossExplodes(t *testing.T) {
	m, err := NewSequential([]int{32, 32, 1},
		NewConv2D("conv", 8, [2]int{3, 3}, ConvParams{Activation: ReLU}, true),
		NewFlatten("flatten"),
		NewDense("dense", 10, SoftmaxActivation),
	)
	if err != nil {
		t.Fatal(err)
	}
	m.Init(1)
	tr := NewTrainer(m, NewSGD(1e6, 0), 1)
	r := newRNG(3)
	x, y := make([]float32, 16*32*32), make([]int, 16)
	for step := 1; step <= 20; step++ {
		randomDigits(&r, x, y)
		before, _ := EncodeModel(m)
		loss, _, err := tr.TrainBatch(x, y)
		if err == nil {
			t.Logf("step %d: loss %v", step, loss)
			continue
		}
		t.Logf("step %d: %v", step, err)
		if !errors.Is(err, ErrLossDiverged) || !strings.HasPrefix(err.Error(), fmt.Sprintf("step %d: the loss exploded to 16.1 (a model that learns stays below 9.21) at learning rate 1e+06", step)) {
			t.Errorf("got %v", err)
		}
		if after, _ := EncodeModel(m); !bytes.Equal(after, before) || step == 1 {
			t.Errorf("step %d: the exploded step changed the model, or the first one exploded", step)
		}
		return
	}
	t.Fatal("20 steps at a learning rate of 1e6 did not explode")
}

// randomDigits fills x with random pixels in [0, 1] and y with random
// labels of ten classes: batches for the divergence tests, which need only
// a loss, not a meaningful one.
func randomDigits(r *rng, x []float32, y []int) {
	for i := range x {
		x[i] = float32(r.next()%256) / 255
	}
	for i := range y {
		y[i] = int(r.next() % 10)
	}
}
