package core

import (
	"errors"
	"math"
	"runtime"
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
		if e.Accuracy < 0.95 || e.Loss >= float64(first) {
			t.Errorf("%T: accuracy %v, loss %v (first batch %v)", opt, e.Accuracy, e.Loss, first)
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

func TestAdamWithSettings(t *testing.T) {
	// β1 = 0.5, β2 = 0.75, ε = 0.1 and two steps, by hand: the first has
	// m = 0.5g, v = 0.25g², α = lr·√0.25/0.5 = lr; the second with g = 0
	// has m = 0.25g₁, v = 0.1875g₁², α = lr·√(1−0.5625)/0.75.
	w := [][]float32{{1}}
	o := NewAdamWith(0.1, 0.5, 0.75, 0.1)
	o.update(w, [][]float32{{2}})
	first := 1 - 0.1*1/(math.Sqrt(1)+0.1)
	if math.Abs(float64(w[0][0])-first) > 1e-6 {
		t.Errorf("first step w = %v, want %v", w[0][0], first)
	}
	o.update(w, [][]float32{{0}})
	alpha := 0.1 * math.Sqrt(1-0.5625) / 0.75
	if want := first - alpha*0.5/(math.Sqrt(0.75)+0.1); math.Abs(float64(w[0][0])-want) > 1e-6 {
		t.Errorf("second step w = %v, want %v", w[0][0], want)
	}
}

func TestDropoutTraining(t *testing.T) {
	d := NewDropout("d", 0.25)
	if err := d.build([]int{10000}); err != nil {
		t.Fatal(err)
	}
	s := d.newScratch()
	in := make([]float32, 10000)
	for i := range in {
		in[i] = 1
	}
	out := make([]float32, len(in))
	r := newRNG(1)
	d.forward(s, in, out, true, &r)
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
	d.forward(s, in, out, false, nil)
	assertExact(t, "inference", out, in)
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
	correct, total := 0, 0.0
	confusion := [2][2]int{}
	for i := range y {
		p, label, err := m.Predict(x[i*64 : (i+1)*64])
		if err != nil {
			t.Fatal(err)
		}
		if label == y[i] {
			correct++
		}
		confusion[y[i]][label]++
		total -= math.Log(float64(p[y[i]]))
	}
	if e.Accuracy != float64(correct)/10 || !closeTo(e.Loss, total/10, 1e-5, 1e-6) {
		t.Errorf("Evaluate %v %v, Predict gives %v %v", e.Accuracy, e.Loss, float64(correct)/10, total/10)
	}
	if len(e.Confusion) != 2 || len(e.Confusion[0]) != 2 || len(e.Confusion[1]) != 2 {
		t.Fatalf("confusion matrix %v, want 2×2", e.Confusion)
	}
	for c := range 2 {
		for p := range 2 {
			if e.Confusion[c][p] != confusion[c][p] {
				t.Errorf("confusion %v, Predict gives %v", e.Confusion, confusion)
			}
		}
	}
	if confusion[0][1]+confusion[1][0] == 0 || confusion[0][0]+confusion[1][1] == 0 {
		t.Errorf("confusion %v: the untrained net should get some right and some wrong, or the test checks little", confusion)
	}
}
