package core

// rng is SplitMix64: tiny, allocation-free and identical on every platform,
// which is what reproducible initialisation and dropout need.
type rng struct{ s uint64 }

// newRNG returns a stream determined by seed and the stream ids.
func newRNG(seed uint64, stream ...uint64) rng {
	r := rng{s: seed}
	for _, id := range stream {
		r.s = r.next() ^ id
	}
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// splitmix is one SplitMix64 output for state x: consecutive inputs give
// unrelated outputs, which makes it a seed per sample.
func splitmix(x uint64) uint64 {
	r := rng{s: x}
	return r.next()
}

// float32 returns a uniform value in [0, 1).
func (r *rng) float32() float32 { return float32(r.next()>>40) / (1 << 24) }

// uniform returns a uniform value in [-limit, limit).
func (r *rng) uniform(limit float64) float32 {
	return float32((float64(r.next()>>11)/(1<<53)*2 - 1) * limit)
}
