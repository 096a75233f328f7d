package core

import "math"

// Optimizer updates parameters from their gradients (mean over the batch).
// It is created by NewSGD or NewAdam and keeps per-parameter state, so use
// one optimizer per Trainer.
type Optimizer interface {
	LearningRate() float32
	SetLearningRate(lr float32)
	// update applies one step; params and grads are in the same order every call.
	update(params, grads [][]float32)
}

// NewSGD returns stochastic gradient descent with momentum, as Keras:
// v = momentum·v − lr·g; w += v.
func NewSGD(lr, momentum float32) Optimizer { return &sgd{lr: lr, momentum: momentum} }

type sgd struct {
	lr, momentum float32
	v            [][]float32
}

func (o *sgd) LearningRate() float32      { return o.lr }
func (o *sgd) SetLearningRate(lr float32) { o.lr = lr }

func (o *sgd) update(params, grads [][]float32) {
	if o.v == nil {
		o.v = zerosLike(params)
	}
	for i, w := range params {
		v, g := o.v[i], grads[i][:len(w)]
		for j := range w {
			v[j] = o.momentum*v[j] - o.lr*g[j]
			w[j] += v[j]
		}
	}
}

// Adam's defaults, as in Keras.
const (
	AdamBeta1   = 0.9
	AdamBeta2   = 0.999
	AdamEpsilon = 1e-7
)

// NewAdam returns Adam with the Keras defaults AdamBeta1, AdamBeta2 and
// AdamEpsilon.
func NewAdam(lr float32) Optimizer { return NewAdamWith(lr, AdamBeta1, AdamBeta2, AdamEpsilon) }

// NewAdamWith returns Adam with the decay rates beta1 and beta2 of the
// moment estimates and epsilon, in Keras 3's formulation:
// α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ); m += (g − m)(1 − β1); v += (g² − v)(1 − β2); w −= α·m/(√v + ε).
func NewAdamWith(lr, beta1, beta2, epsilon float32) Optimizer {
	return &adam{lr: lr, beta1: beta1, beta2: beta2, eps: epsilon}
}

type adam struct {
	lr, beta1, beta2, eps float32
	t                     int
	m, v                  [][]float32
}

func (o *adam) LearningRate() float32      { return o.lr }
func (o *adam) SetLearningRate(lr float32) { o.lr = lr }

func (o *adam) update(params, grads [][]float32) {
	if o.m == nil {
		o.m, o.v = zerosLike(params), zerosLike(params)
	}
	o.t++
	t := float64(o.t)
	alpha := float32(float64(o.lr) * math.Sqrt(1-math.Pow(float64(o.beta2), t)) / (1 - math.Pow(float64(o.beta1), t)))
	for i, w := range params {
		m, v, g := o.m[i], o.v[i], grads[i][:len(w)]
		for j := range w {
			m[j] += (g[j] - m[j]) * (1 - o.beta1)
			v[j] += (g[j]*g[j] - v[j]) * (1 - o.beta2)
			w[j] -= alpha * m[j] / (float32(math.Sqrt(float64(v[j]))) + o.eps)
		}
	}
}

func zerosLike(xs [][]float32) [][]float32 {
	out := make([][]float32, len(xs))
	for i, x := range xs {
		out[i] = make([]float32, len(x))
	}
	return out
}
