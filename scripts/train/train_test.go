package main

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/svertka/svertka/core"
)

var (
	testSetOnce sync.Once
	testSet     *mnist
	testSetErr  error
)

// mnistTest loads the 10,000 MNIST test images once for all tests.
func mnistTest(t *testing.T) *mnist {
	t.Helper()
	testSetOnce.Do(func() {
		dir, err := mnistDir()
		if err != nil {
			testSetErr = err
			return
		}
		testSet, testSetErr = loadSet(dir, "t10k")
	})
	if testSetErr != nil {
		t.Fatal(testSetErr)
	}
	return testSet
}

func TestLoadMNIST(t *testing.T) {
	d := mnistTest(t).digits()
	if d.len() != 10000 || len(d.images) != 10000*784 {
		t.Fatalf("%d test labels, %d pixels; want 10000 images of 784", d.len(), len(d.images))
	}
	// The first MNIST test digits are 7, 2, 1, 0, 4, 1, 4, 9, 5, 9.
	if want := []int{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}; !slices.Equal(d.labels[:10], want) {
		t.Errorf("first labels %v, want %v", d.labels[:10], want)
	}
	var peak float32
	for _, v := range d.image(0) {
		peak = max(peak, v)
	}
	if peak != 1 {
		t.Errorf("brightest pixel of the first image %v, want 1 (255/255)", peak)
	}
	// The model's inputs: the same digit in the centre of 32×32.
	in, err := mnistTest(t).first(3).inputs()
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 32*32)
	in.Sample(x, 2)
	for y := range 32 {
		for c := range 32 {
			want := float32(0)
			if y >= 2 && y < 30 && c >= 2 && c < 30 {
				want = d.image(2)[(y-2)*28+c-2]
			}
			if x[y*32+c] != want {
				t.Fatalf("input (%d, %d) = %v, want %v", y, c, x[y*32+c], want)
			}
		}
	}
}

// The recipe — augmentation with writing styles, schedule, dropout — gives
// the same model whatever the number of CPUs; another seed, another model.
func TestFitReproducible(t *testing.T) {
	set, err := mnistTest(t).first(256).inputs()
	if err != nil {
		t.Fatal(err)
	}
	run := func(seed uint64, procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := core.NewSeedNet()
		if err != nil {
			t.Fatal(err)
		}
		m.Init(seed)
		cfg := fitConfig(config{epochs: 2, batch: 32, lr: 1e-3, seed: seed, policy: defaultPolicy})
		epochs := 0
		cfg.OnEpoch = func(core.EpochLog) error { epochs++; return nil }
		if _, err := core.Fit(context.Background(), m, set, cfg); err != nil {
			t.Fatal(err)
		}
		if epochs != 2 {
			t.Fatalf("%d epochs ended, want 2", epochs)
		}
		doc, err := core.EncodeModel(m)
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	a, b, c := run(5, 2), run(5, 1), run(6, 2)
	if !bytes.Equal(a, b) {
		t.Error("seed 5 gave different models with 2 CPUs and 1 CPU")
	}
	if bytes.Equal(a, c) {
		t.Error("seeds 5 and 6 gave the same model")
	}
}

// TestRecipeLossFarBelowExplosion runs make train's recipe (seed 1, batch
// 64, Adam from 2e-3) from the shipped network's initial weights over 32
// batches of real digits: its batch losses start at ≈ ln 10 and fall, far
// below core's explosion bound of ten times ln 10, which refuses a step
// (so make train never meets it and still gives digits.json byte for byte).
func TestRecipeLossFarBelowExplosion(t *testing.T) {
	set, err := mnistTest(t).first(2048).inputs()
	if err != nil {
		t.Fatal(err)
	}
	cfg := config{epochs: 20, batch: 64, lr: 2e-3, seed: 1, policy: defaultPolicy}
	m, err := core.NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	m.Init(cfg.seed)
	run := fitConfig(cfg)
	run.Epochs = 1
	var first, highest float64
	run.OnBatch = func(b core.BatchLog) error {
		if b.Step == 1 {
			first = b.Loss
		}
		highest = max(highest, b.Loss)
		return nil
	}
	if _, err := core.Fit(context.Background(), m, set, run); err != nil {
		t.Fatal(err)
	}
	bound := core.ExplodedLoss(10)
	t.Logf("32 batches: first loss %.3f, highest %.3f, explosion bound %.3f", first, highest, bound)
	if first < 0.5*math.Log(10) || first > 2*math.Log(10) || highest > bound/4 {
		t.Errorf("first loss %.3f, highest %.3f: not near ln 10 = %.3f and far below %.3f", first, highest, math.Log(10), bound)
	}
}
