package main

import (
	"math/rand/v2"
	"runtime"

	"github.com/svertka/svertka/core"
)

// policy says how training images are distorted in one epoch.
type policy struct {
	Params core.AugmentParams `json:"params"`
	// Clean is the fraction of images shown as they are.
	Clean float64 `json:"clean"`
	// Styles adds writing habits MNIST lacks to the distorted images.
	Styles writingStyles `json:"styles"`
}

// batch is one mini-batch of model inputs (n × 32×32) and labels.
type batch struct {
	x      []float32
	labels []int
}

// batcher cuts the training set into shuffled, augmented mini-batches.
// Everything it produces is a function of the seed, the epoch and the
// batch index alone, so however many goroutines build the batches, the
// trainer sees exactly the same data.
type batcher struct {
	set  *dataset
	size int // samples per batch
	seed uint64
}

// epoch starts building the batches of epoch e on every CPU, a few ahead of
// the trainer, and returns them in order: each element of the returned
// channel delivers one batch. Closing done stops the work early.
func (b *batcher) epoch(e int, pol policy, done <-chan struct{}) <-chan chan *batch {
	n := b.set.len()
	order := rand.New(rand.NewPCG(b.seed, uint64(e))).Perm(n)
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		k   int
		out chan *batch
	}
	jobs := make(chan job)
	futures := make(chan chan *batch, 2*workers+2)
	go func() {
		defer close(jobs)
		defer close(futures)
		for k := 0; k*b.size < n; k++ {
			j := job{k: k, out: make(chan *batch, 1)}
			select {
			case futures <- j.out:
			case <-done:
				return
			}
			select {
			case jobs <- j:
			case <-done:
				return
			}
		}
	}()
	for range workers {
		go func() {
			aug := core.NewAugmenter(pol.Params)
			for j := range jobs {
				lo, hi := j.k*b.size, min((j.k+1)*b.size, n)
				j.out <- b.build(aug, pol, e, order[lo:hi])
			}
		}()
	}
	return futures
}

// build makes the batch of the given training images.
func (b *batcher) build(aug *core.Augmenter, pol policy, e int, idx []int) *batch {
	const f, in = core.PreprocessField * core.PreprocessField, core.PreprocessInput * core.PreprocessInput
	bt := &batch{x: make([]float32, len(idx)*in), labels: make([]int, len(idx))}
	img, styled := make([]float32, f), make([]float32, f)
	for s, i := range idx {
		h := splitmix(splitmix(b.seed^uint64(e)<<32) ^ uint64(i))
		rng := rand.New(rand.NewPCG(h, 0x7374796c)) // "styl"
		if rng.Float64() < pol.Clean {
			copy(img, b.set.image(i))
		} else {
			copy(styled, b.set.image(i))
			pol.Styles.apply(styled, b.set.labels[i], rng)
			if err := aug.Augment(img, styled, splitmix(h)); err != nil {
				panic(err) // only wrong lengths fail, and these are fixed
			}
		}
		pad(bt.x[s*in:(s+1)*in], img)
		bt.labels[s] = b.set.labels[i]
	}
	return bt
}

// splitmix is the SplitMix64 mixer: consecutive inputs give unrelated
// outputs, which makes it a per-sample seed.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
