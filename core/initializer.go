package core

import "math"

// initializer says how Init fills a weight. Fans follow Keras: a kernel
// [..., in, out] has fan_in = receptive·in and fan_out = receptive·out,
// receptive being the product of the leading axes (KH·KW for a conv
// kernel, 1 for a dense one).
type initializer uint8

const (
	initZeros initializer = iota
	initOnes
	// initHeUniform draws from [−√(6/fan_in), √(6/fan_in)], for kernels
	// followed by relu or leaky_relu.
	initHeUniform
	// initGlorotUniform draws from [−√(6/(fan_in + fan_out)), +...],
	// Keras's default.
	initGlorotUniform
)

// kernelInit is the initializer of a kernel followed by act.
func kernelInit(act Activation) initializer {
	if act == ReLU || act == LeakyReLU {
		return initHeUniform
	}
	return initGlorotUniform
}

// fill sets w's data; the random ones draw from r.
func (k initializer) fill(w *weight, r *rng) {
	switch k {
	case initZeros:
		clear(w.data)
		return
	case initOnes:
		for i := range w.data {
			w.data[i] = 1
		}
		return
	}
	s := w.shape
	receptive := numElements(s[:len(s)-2])
	fanIn, fanOut := receptive*s[len(s)-2], receptive*s[len(s)-1]
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	if k == initHeUniform {
		limit = math.Sqrt(6 / float64(fanIn))
	}
	for i := range w.data {
		w.data[i] = r.uniform(limit)
	}
}
