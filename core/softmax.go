package core

import "math"

// Softmax writes softmax(logits) into dst (len(dst) ≥ len(logits)). It
// subtracts the maximum first and sums in float64, so logits of ±1000 give
// exact 0s and 1s instead of NaN.
func Softmax(dst, logits []float32) {
	if len(logits) == 0 {
		return
	}
	dst = dst[:len(logits)]
	m := logits[0]
	for _, v := range logits[1:] {
		m = max(m, v)
	}
	var sum float64
	for i, v := range logits {
		e := math.Exp(float64(v - m))
		dst[i] = float32(e)
		sum += e
	}
	inv := 1 / sum
	for i := range dst {
		dst[i] = float32(float64(dst[i]) * inv)
	}
}

// logSumExp returns log Σ exp(logits), computed stably.
func logSumExp(logits []float32) float64 {
	m := logits[0]
	for _, v := range logits[1:] {
		m = max(m, v)
	}
	var sum float64
	for _, v := range logits {
		sum += math.Exp(float64(v - m))
	}
	return float64(m) + math.Log(sum)
}
