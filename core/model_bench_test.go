package core

import "testing"

// seedInput is a deterministic digit-like input: a ring, mostly zeros like MNIST.
func seedInput() []float32 {
	x := make([]float32, 32*32)
	for y := range 32 {
		for xx := range 32 {
			dy, dx := float32(y)-15.5, float32(xx)-15.5
			if r := dx*dx/36 + dy*dy/81; r > 0.6 && r < 1.2 {
				x[y*32+xx] = 1
			}
		}
	}
	return x
}

func seedNet(tb testing.TB) *Model {
	m, err := NewSeedNet()
	if err != nil {
		tb.Fatal(err)
	}
	m.Init(1)
	return m
}

// BenchmarkForwardSeedNet is one inference of the seed network with every
// layer's activations returned.
func BenchmarkForwardSeedNet(b *testing.B) {
	m := seedNet(b)
	x := seedInput()
	if _, err := m.PredictAll(x); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	loopCPU(b, func() { m.PredictAll(x) })
}

// loopCPU runs op in the benchmark loop and reports the process's CPU time
// per op next to the wall time (see processCPU).
func loopCPU(b *testing.B, op func()) {
	start, ok := processCPU()
	for b.Loop() {
		op()
	}
	if end, _ := processCPU(); ok {
		b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
	}
}

// seedBatch is n samples of seedInput's ring, shifted so they differ, and
// labels.
func seedBatch(n int) ([]float32, []int) {
	x := make([]float32, 0, n*1024)
	labels := make([]int, n)
	in := seedInput()
	for i := range n {
		for j := range in {
			x = append(x, in[(j+i)%len(in)])
		}
		labels[i] = i % 10
	}
	return x, labels
}

// BenchmarkSeedNet32 puts the same 32 samples through the seed network
// the old engine's way, one sample per call, and the batched engine's, one
// call for all 32, in one run: forward is inference (the per-sample calls
// are Predict, the batched one the runner Evaluate uses: im2col and one
// product per tile across samples, chunks of the batch on every CPU),
// train is plain SGD at learning rate 0.01 (32 steps of one sample against
// one step of 32, the same per-sample work with 31 more weight updates).
func BenchmarkSeedNet32(b *testing.B) {
	const batch = 32
	x, labels := seedBatch(batch)
	size := len(x) / batch
	b.Run("op=forward/engine=per-sample", func(b *testing.B) {
		m := seedNet(b)
		b.ReportAllocs()
		loopSamples(b, batch, func() {
			for i := range batch {
				if _, _, err := m.Predict(x[i*size : (i+1)*size]); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("op=forward/engine=batched", func(b *testing.B) {
		m := seedNet(b)
		r, err := newRunner(m, false, batch)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		loopSamples(b, batch, func() { r.forward(x, batch, len(m.layers)) })
	})
	b.Run("op=train/engine=per-sample", func(b *testing.B) {
		t := NewTrainer(seedNet(b), NewSGD(0.01, 0), 1)
		b.ReportAllocs()
		loopSamples(b, batch, func() {
			for i := range batch {
				if _, _, err := t.TrainBatch(x[i*size:(i+1)*size], labels[i:i+1]); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("op=train/engine=batched", func(b *testing.B) {
		t := NewTrainer(seedNet(b), NewSGD(0.01, 0), 1)
		b.ReportAllocs()
		loopSamples(b, batch, func() {
			if _, _, err := t.TrainBatch(x, labels); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// loopSamples runs op, which handles batch samples, in the benchmark loop
// and reports samples per second of wall time and of the process's CPU
// time (whatever else runs on the machine).
func loopSamples(b *testing.B, batch int, op func()) {
	start, ok := processCPU()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
	if end, _ := processCPU(); ok {
		b.ReportMetric(float64(b.N*batch)/(end-start).Seconds(), "samples/cpu-s")
	}
}

// BenchmarkTrainStepSeedNet is one Adam step on a batch of 32.
func BenchmarkTrainStepSeedNet(b *testing.B) {
	const batch = 32
	m := seedNet(b)
	x, labels := seedBatch(batch)
	t := NewTrainer(m, NewAdam(1e-3), 1)
	if _, _, err := t.TrainBatch(x, labels); err != nil { // buffers and optimizer state
		b.Fatal(err)
	}
	b.ReportAllocs()
	loopSamples(b, batch, func() {
		if _, _, err := t.TrainBatch(x, labels); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkDenseSeed is the seed network's dense layer, forward and
// backward, on one sample.
func BenchmarkDenseSeed(b *testing.B) {
	d := NewDense("dense", 10, Linear)
	run := newLayerRun(b, d, []int{1920}, 1, true)
	copy(d.weights[0].data, randSlice(1, 19200))
	d.prepareBatch()
	x, dOut, dIn := randSlice(2, 1920), randSlice(3, 10), make([]float32, 1920)
	run.c.grads = run.grads
	for b.Loop() {
		d.forward(&run.c, x, run.out)
		clear(dIn)
		d.backward(&run.c, x, run.out, dOut, dIn)
	}
}

// comparisonNet is the model scripts/bench compares with its peers:
//
//	28×28×1 → Conv2D(10, 3×3, same, relu) → MaxPool2D(2)
//	→ Conv2D(30, 3×3, same, relu) → MaxPool2D(2) → flatten → Dense(10) → softmax
func comparisonNet(tb testing.TB) *Model {
	relu := ConvParams{Padding: Same, Activation: ReLU}
	pool := PoolParams{Mode: MaxPool, Size: [2]int{2, 2}}
	m, err := NewSequential([]int{28, 28, 1},
		NewConv2D("conv1", 10, [2]int{3, 3}, relu, true),
		NewPool2D("pool1", pool),
		NewConv2D("conv2", 30, [2]int{3, 3}, relu, true),
		NewPool2D("pool2", pool),
		NewFlatten("flatten"),
		NewDense("dense", 10, Linear),
		NewSoftmax("softmax"),
	)
	if err != nil {
		tb.Fatal(err)
	}
	m.Init(1)
	return m
}

// BenchmarkComparisonNet is the comparison model's training step (a batch
// of 32, plain SGD at 0.01) and its forward pass on one sample with every
// layer's activations, the two figures scripts/bench/run.mjs reports.
func BenchmarkComparisonNet(b *testing.B) {
	const batch = 32
	ring, labels := seedBatch(batch)
	// The seed ring's 32×32 samples cut to 28×28.
	x := make([]float32, 0, batch*28*28)
	for s := range batch {
		for y := range 28 {
			x = append(x, ring[s*1024+(y+2)*32+2:s*1024+(y+2)*32+30]...)
		}
	}
	b.Run("op=train", func(b *testing.B) {
		t := NewTrainer(comparisonNet(b), NewSGD(0.01, 0), 1)
		if _, _, err := t.TrainBatch(x, labels); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		loopSamples(b, batch, func() {
			if _, _, err := t.TrainBatch(x, labels); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("op=predict-all", func(b *testing.B) {
		m := comparisonNet(b)
		if _, err := m.PredictAll(x[:28*28]); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		loopCPU(b, func() { m.PredictAll(x[:28*28]) })
	})
}
