package core

import "testing"

// layerRun runs one layer, built for an input shape, on a batch of n
// samples outside a model, as the runner would: the test harness of the
// layer contract.
type layerRun struct {
	l     Layer
	n     int
	c     call
	out   []float32
	grads [][]float32
}

func newLayerRun(t testing.TB, l Layer, in []int, n int, training bool) *layerRun {
	t.Helper()
	if err := l.build(in); err != nil {
		t.Fatal(err)
	}
	l.base().allocate()
	ti, tf := l.tape()
	r := &layerRun{l: l, n: n, out: make([]float32, n*l.base().outLen())}
	r.c = call{n: n, training: training, s: l.newScratch(n), ints: make([]int32, n*ti), floats: make([]float32, n*tf), rngs: make([]rng, n)}
	for _, w := range l.base().weights {
		var g []float32
		if w.trainable {
			g = make([]float32, len(w.data))
		}
		r.grads = append(r.grads, g)
	}
	return r
}

// forward runs the layer on x (n samples); every call draws the same
// random streams, so dropout keeps its mask.
func (r *layerRun) forward(x []float32) []float32 {
	for i := range r.c.rngs {
		r.c.rngs[i] = newRNG(99, uint64(i))
	}
	r.l.prepareBatch()
	r.l.forward(&r.c, x, r.out)
	return r.out
}

// backward runs the backward pass after forward(x) and returns the input
// gradient and the weight gradients, in the weights' layout (nil for
// non-trainable ones).
func (r *layerRun) backward(x, dOut []float32) (dIn []float32, grads [][]float32) {
	for _, g := range r.grads {
		clear(g)
	}
	r.c.grads = r.grads
	dIn = make([]float32, len(x))
	r.l.backward(&r.c, x, r.out, append([]float32(nil), dOut...), dIn)
	for i, g := range r.grads {
		var dst []float32
		if g != nil {
			dst = make([]float32, len(g))
			r.l.gradToWeight(i, g, dst)
		}
		grads = append(grads, dst)
	}
	return dIn, grads
}
