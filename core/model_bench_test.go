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

// BenchmarkTrainStepSeedNet is one Adam step on a batch of 32.
func BenchmarkTrainStepSeedNet(b *testing.B) {
	const batch = 32
	m := seedNet(b)
	x := make([]float32, 0, batch*1024)
	labels := make([]int, batch)
	in := seedInput()
	for i := range batch {
		// Shift the ring so samples differ.
		for j := range in {
			x = append(x, in[(j+i)%len(in)])
		}
		labels[i] = i % 10
	}
	t := NewTrainer(m, NewAdam(1e-3), 1)
	b.ReportAllocs()
	start, ok := processCPU()
	for b.Loop() {
		if _, _, err := t.TrainBatch(x, labels); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
	if end, _ := processCPU(); ok {
		// Samples per second of CPU time, whatever else runs on the machine.
		b.ReportMetric(float64(b.N*batch)/(end-start).Seconds(), "samples/cpu-s")
	}
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
