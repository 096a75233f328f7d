package main

import (
	"bytes"
	"io"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/svertka/svertka/core"
)

var (
	testSetOnce sync.Once
	testSet     *dataset
	testSetErr  error
)

// mnistTest loads the 10,000 MNIST test images once for all tests.
func mnistTest(t *testing.T) *dataset {
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
	d := mnistTest(t)
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
}

// A small dataset: the first n MNIST test images.
func smallSet(t *testing.T, n int) *dataset {
	d := mnistTest(t)
	return &dataset{images: d.images[:n*784], labels: d.labels[:n]}
}

// Each epoch shows every image once, with its own label, and the batches do
// not depend on how many goroutines build them.
func TestBatcherDeterministicAndComplete(t *testing.T) {
	set := smallSet(t, 200)
	collect := func(procs int, pol policy) []*batch {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		bt := &batcher{set: set, size: 64, seed: 9}
		var out []*batch
		for next := range bt.epoch(1, pol, make(chan struct{})) {
			out = append(out, <-next)
		}
		return out
	}
	clean := collect(2, policy{Clean: 1})
	if len(clean) != 4 || len(clean[3].labels) != 200-3*64 {
		t.Fatalf("%d batches, last of %d; want 4, the last of 8", len(clean), len(clean[len(clean)-1].labels))
	}
	// Clean images are the originals padded: find each one's source.
	seen := make([]bool, set.len())
	padded := make([]float32, 1024)
	for _, b := range clean {
		for s, label := range b.labels {
			x := b.x[s*1024 : (s+1)*1024]
			found := false
			for i := range set.len() {
				pad(padded, set.image(i))
				if !seen[i] && set.labels[i] == label && slices.Equal(padded, x) {
					seen[i], found = true, true
					break
				}
			}
			if !found {
				t.Fatalf("a batch sample (label %d) is not an unused training image", label)
			}
		}
	}

	aug := policy{Clean: 0.2, Params: defaultPolicy.Params}
	one, two := collect(1, aug), collect(2, aug)
	for k := range one {
		if !slices.Equal(one[k].x, two[k].x) || !slices.Equal(one[k].labels, two[k].labels) {
			t.Fatalf("batch %d differs between 1 and 2 goroutines", k)
		}
	}
	if slices.Equal(one[0].x, clean[0].x) {
		t.Error("augmented batch equals the clean one")
	}
}

// Same seed, same model — whatever the number of CPUs; another seed,
// another model.
func TestFitReproducible(t *testing.T) {
	set := smallSet(t, 256)
	run := func(seed uint64, procs int) []byte {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		m, err := core.NewSeedNet()
		if err != nil {
			t.Fatal(err)
		}
		m.Init(seed)
		tr := core.NewTrainer(m, core.NewAdam(1e-3), seed)
		bt := &batcher{set: set, size: 32, seed: seed}
		lr := func(float64) float32 { return 1e-3 }
		epochs := 0
		err = fit(tr, bt, 2, defaultPolicy, lr, newProgress(io.Discard, 2, set.len()), func(int, time.Duration) error {
			epochs++
			return nil
		})
		if err != nil {
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
