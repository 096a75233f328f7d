//go:build svertka_oldengine

// make bench-engine copies this file into the per-sample engine the batched
// one replaced (commit 9930966's core/, unpacked under build/bench/), so that
// the old engine is timed in the same run, on the same 32 samples and with
// the same benchmark names as core's BenchmarkSeedNet32 (engine=old): its
// forward pass is one Predict per sample, its training step TrainBatch on
// the 32, which ran them one at a time on each CPU.

package core

import "testing"

func BenchmarkSeedNet32(b *testing.B) {
	const batch = 32
	in := seedInput()
	x := make([]float32, 0, batch*len(in))
	labels := make([]int, batch)
	for i := range batch {
		for j := range in {
			x = append(x, in[(j+i)%len(in)])
		}
		labels[i] = i % 10
	}
	size := len(in)
	b.Run("op=forward/engine=old", func(b *testing.B) {
		m := seedNet(b)
		b.ReportAllocs()
		oldLoopSamples(b, batch, func() {
			for i := range batch {
				if _, _, err := m.Predict(x[i*size : (i+1)*size]); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("op=train/engine=old", func(b *testing.B) {
		t := NewTrainer(seedNet(b), NewSGD(0.01, 0), 1)
		b.ReportAllocs()
		oldLoopSamples(b, batch, func() {
			if _, _, err := t.TrainBatch(x, labels); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// oldLoopSamples is core's loopSamples, which the old engine lacks.
func oldLoopSamples(b *testing.B, batch int, op func()) {
	start, ok := processCPU()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
	if end, _ := processCPU(); ok {
		b.ReportMetric(float64(b.N*batch)/(end-start).Seconds(), "samples/cpu-s")
	}
}
