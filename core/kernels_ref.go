package core

// Pure-Go reference kernels. They define what the platform kernels in
// kernels_*.go must compute, and the tests compare the two.

// axpyRef computes y += alpha*x; len(y) must be at least len(x).
func axpyRef(alpha float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// dotRef returns x·y; len(y) must be at least len(x).
func dotRef(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for i, v := range x {
		s += v * y[i]
	}
	return s
}
