package core

import "math"

// BatchNormalizationConfig is the Keras config of a BatchNormalization
// layer. Only the channels axis can be normalised: axis is -1 or the
// last axis in Keras's numbering, which counts the batch axis (3 after a
// convolution, 1 after a Dense layer).
type BatchNormalizationConfig struct {
	Name     string  `json:"name"`
	Axis     int     `json:"axis"`
	Momentum float32 `json:"momentum"`
	Epsilon  float32 `json:"epsilon"`
	Center   bool    `json:"center"`
	Scale    bool    `json:"scale"`
}

func init() {
	registerLayer("BatchNormalization", nil,
		func() BatchNormalizationConfig {
			return BatchNormalizationConfig{Axis: -1, Momentum: 0.99, Epsilon: 1e-3, Center: true, Scale: true}
		},
		func(c BatchNormalizationConfig) Layer {
			return &BatchNormalization{layerBase: layerBase{name: c.Name}, cfg: c}
		})
}

// BatchNormalization normalises every channel, with Keras 3's semantics.
// In training it uses the batch's statistics over all samples and
// positions — mean μ and the biased variance σ² (the mean squared
// deviation) — and moves its non-trainable moving_mean and moving_variance
// towards them: moving = moving·momentum + batch·(1 − momentum), with the
// same biased variance (Keras 3 does; Keras 2's fused kernel used the
// unbiased one). In inference it uses the moving statistics. Either way
// y = γ·(x − μ)/√(σ² + ε) + β, γ (gamma) only with scale and β (beta) only
// with center. Its weights are gamma, beta, moving_mean, moving_variance,
// in that order, as in Keras.
type BatchNormalization struct {
	layerBase
	cfg         BatchNormalizationConfig
	gamma, beta int // weight indices, −1 when absent
}

func (l *BatchNormalization) Config() any {
	cfg := l.cfg
	cfg.Name = l.name
	return cfg
}

func (l *BatchNormalization) build(in []int) error {
	c := &l.cfg
	switch {
	case c.Axis != -1 && c.Axis != len(in):
		return errorf(ErrConfig, "axis %d: only the channels axis, the last (-1 or %d), can be normalised", c.Axis, len(in))
	case !(c.Momentum >= 0 && c.Momentum <= 1):
		return errorf(ErrConfig, "momentum must be in [0, 1], got %v", c.Momentum)
	case !(c.Epsilon > 0):
		return errorf(ErrConfig, "epsilon must be positive, got %v", c.Epsilon)
	}
	l.sameShape(in)
	ch := []int{in[len(in)-1]}
	var ws []*weight
	l.gamma, l.beta = -1, -1
	if c.Scale {
		l.gamma = len(ws)
		ws = append(ws, &weight{name: "gamma", shape: ch, trainable: true, init: initOnes})
	}
	if c.Center {
		l.beta = len(ws)
		ws = append(ws, &weight{name: "beta", shape: ch, trainable: true, init: initZeros})
	}
	ws = append(ws, &weight{name: "moving_mean", shape: ch, init: initZeros}, &weight{name: "moving_variance", shape: ch, init: initOnes})
	l.setWeights(ws...)
	return nil
}

// wholeBatch: the batch statistics need every sample at once in training.
func (l *BatchNormalization) wholeBatch(training bool) bool { return training }

// newScratch holds each channel's mean and 1/√(σ² + ε), which training's
// forward pass leaves for the backward pass, and the backward pass's sums.
func (l *BatchNormalization) newScratch(int) *scratch {
	return &scratch{stats: make([]float64, 4*l.out[len(l.out)-1])}
}

func (l *BatchNormalization) scratchLen(int) int { return 8 * l.out[len(l.out)-1] }

// moving returns the moving mean and variance.
func (l *BatchNormalization) moving() (mean, variance []float32) {
	n := len(l.weights)
	return l.weights[n-2].data, l.weights[n-1].data
}

// movingStats writes the moving mean and 1/√(moving variance + ε).
func (l *BatchNormalization) movingStats(mean, inv []float64) {
	mm, mv := l.moving()
	for j := range mean {
		mean[j], inv[j] = float64(mm[j]), 1/math.Sqrt(float64(mv[j])+float64(l.cfg.Epsilon))
	}
}

// affine returns γ and β of channel j (1 and 0 without scale or center).
func (l *BatchNormalization) affine(j int) (gamma, beta float64) {
	gamma = 1
	if l.gamma >= 0 {
		gamma = float64(l.weights[l.gamma].data[j])
	}
	if l.beta >= 0 {
		beta = float64(l.weights[l.beta].data[j])
	}
	return gamma, beta
}

func (l *BatchNormalization) forward(c *call, in, out []float32) {
	ch := l.out[len(l.out)-1]
	mean, inv := c.s.stats[:ch], c.s.stats[ch:2*ch]
	if c.training {
		mm, mv := l.moving()
		eps := float64(l.cfg.Epsilon)
		batchMoments(in[:len(out)], ch, mean, inv) // inv holds σ² until the loop below
		mom := l.cfg.Momentum
		for j := range ch {
			mm[j] = mm[j]*mom + float32(mean[j])*(1-mom)
			mv[j] = mv[j]*mom + float32(inv[j])*(1-mom)
			inv[j] = 1 / math.Sqrt(inv[j]+eps)
		}
	} else {
		l.movingStats(mean, inv)
	}
	for i, x := range in[:len(out)] {
		j := i % ch
		g, b := l.affine(j)
		out[i] = float32((float64(x)-mean[j])*inv[j]*g + b)
	}
}

// batchMoments writes each channel's mean and biased variance over the
// values x (channels last), summed in float64 in a fixed order.
func batchMoments(x []float32, ch int, mean, variance []float64) {
	clear(mean)
	clear(variance)
	m := float64(len(x) / ch)
	for i, v := range x {
		mean[i%ch] += float64(v)
	}
	for j := range mean {
		mean[j] /= m
	}
	for i, v := range x {
		d := float64(v) - mean[i%ch]
		variance[i%ch] += d * d
	}
	for j := range variance {
		variance[j] /= m
	}
}

// backward: with x̂ = (x − μ)/√(σ² + ε) and M values per channel,
// dβ = Σ dy, dγ = Σ dy·x̂, and in training, where μ and σ² depend on x,
// dx = γ/√(σ² + ε)·(dy − dβ/M − x̂·dγ/M); in inference dx = γ/√(σ² + ε)·dy.
func (l *BatchNormalization) backward(c *call, in, _, dOut, dIn []float32) {
	ch := l.out[len(l.out)-1]
	mean, inv := c.s.stats[:ch], c.s.stats[ch:2*ch]
	if !c.training {
		// Inference runs on any goroutine's scratch: take the statistics
		// again.
		l.movingStats(mean, inv)
	}
	dOut = dOut[:len(in)]
	sums := c.s.stats[2*ch : 4*ch] // Σ dy, Σ dy·x̂
	clear(sums)
	for i, d := range dOut {
		j := i % ch
		sums[j] += float64(d)
		sums[ch+j] += float64(d) * (float64(in[i]) - mean[j]) * inv[j]
	}
	if l.gamma >= 0 {
		for j, s := range sums[ch:] {
			c.grads[l.gamma][j] += float32(s)
		}
	}
	if l.beta >= 0 {
		for j, s := range sums[:ch] {
			c.grads[l.beta][j] += float32(s)
		}
	}
	if dIn == nil {
		return
	}
	m := float64(len(in) / ch)
	for i, d := range dOut {
		j := i % ch
		g, _ := l.affine(j)
		dx := float64(d)
		if c.training {
			dx -= sums[j]/m + (float64(in[i])-mean[j])*inv[j]*sums[ch+j]/m
		}
		dIn[i] = float32(g * inv[j] * dx)
	}
}
