package core

import (
	"math"

	kern "github.com/svertka/svertka/core/kernel"
)

// Optimizer updates the trainable weights from their gradients (the mean
// over the batch). It keeps per-weight state, so use one optimizer per
// Trainer. Create one with NewSGD, NewAdam or the New method of SGDConfig
// and AdamConfig.
type Optimizer interface {
	LearningRate() float32
	SetLearningRate(lr float32)
	// check reports a setting no update can use.
	check() error
	// update applies one step; params and grads are in the same order every call.
	update(params, grads [][]float32)
	// save remembers the state, restore goes back to it: a step that
	// diverged is undone.
	save()
	restore()
}

// SGDConfig sets stochastic gradient descent, as Keras's SGD: without
// momentum w −= lr·g exactly; with it v = momentum·v − lr·g, then w += v,
// or with Nesterov w += momentum·v − lr·g.
type SGDConfig struct {
	LearningRate float32 `json:"learning_rate"`
	Momentum     float32 `json:"momentum"`
	Nesterov     bool    `json:"nesterov"`
}

// NewSGD returns SGD with momentum (0 for plain gradient descent).
func NewSGD(lr, momentum float32) Optimizer {
	return SGDConfig{LearningRate: lr, Momentum: momentum}.New()
}

// New returns the optimizer.
func (c SGDConfig) New() Optimizer { return &sgd{SGDConfig: c} }

type sgd struct {
	SGDConfig
	v, saved [][]float32
}

func (o *sgd) LearningRate() float32      { return o.SGDConfig.LearningRate }
func (o *sgd) SetLearningRate(lr float32) { o.SGDConfig.LearningRate = lr }

func (o *sgd) check() error {
	if err := checkRate(o.SGDConfig.LearningRate); err != nil {
		return err
	}
	if !(o.Momentum >= 0 && o.Momentum < 1) {
		return errorf(ErrConfig, "momentum must be in [0, 1), got %v", o.Momentum)
	}
	return nil
}

func (o *sgd) update(params, grads [][]float32) {
	lr, mom := o.SGDConfig.LearningRate, o.Momentum
	if mom == 0 {
		for i, w := range params {
			kern.Axpy(-lr, grads[i][:len(w)], w)
		}
		return
	}
	if o.v == nil {
		o.v = zerosLike(params)
	}
	for i, w := range params {
		v, g := o.v[i], grads[i][:len(w)]
		for j := range w {
			v[j] = mom*v[j] - lr*g[j]
			if o.Nesterov {
				w[j] += mom*v[j] - lr*g[j]
			} else {
				w[j] += v[j]
			}
		}
	}
}

func (o *sgd) save()    { o.saved = copyState(o.saved, o.v) }
func (o *sgd) restore() { o.v = copyState(o.v, o.saved) }

// AdamConfig sets Adam, in Keras 3's formulation:
// α = lr·√(1 − β2ᵗ)/(1 − β1ᵗ); m += (g − m)(1 − β1); v += (g² − v)(1 − β2);
// w −= α·m/(√v + ε).
type AdamConfig struct {
	LearningRate float32 `json:"learning_rate"`
	Beta1        float32 `json:"beta_1"`
	Beta2        float32 `json:"beta_2"`
	Epsilon      float32 `json:"epsilon"`
}

// Keras's defaults for Adam.
const (
	AdamBeta1   = 0.9
	AdamBeta2   = 0.999
	AdamEpsilon = 1e-7
)

// NewAdam returns Adam with the Keras defaults AdamBeta1, AdamBeta2 and
// AdamEpsilon.
func NewAdam(lr float32) Optimizer {
	return AdamConfig{LearningRate: lr, Beta1: AdamBeta1, Beta2: AdamBeta2, Epsilon: AdamEpsilon}.New()
}

// New returns the optimizer.
func (c AdamConfig) New() Optimizer { return &adam{AdamConfig: c} }

type adam struct {
	AdamConfig
	t, savedT      int
	m, v           [][]float32
	savedM, savedV [][]float32
}

func (o *adam) LearningRate() float32      { return o.AdamConfig.LearningRate }
func (o *adam) SetLearningRate(lr float32) { o.AdamConfig.LearningRate = lr }

func (o *adam) check() error {
	if err := checkRate(o.AdamConfig.LearningRate); err != nil {
		return err
	}
	if !(o.Beta1 >= 0 && o.Beta1 < 1 && o.Beta2 >= 0 && o.Beta2 < 1) {
		return errorf(ErrConfig, "beta_1 and beta_2 must be in [0, 1), got %v and %v", o.Beta1, o.Beta2)
	}
	if !(o.Epsilon > 0) {
		return errorf(ErrConfig, "epsilon must be positive, got %v", o.Epsilon)
	}
	return nil
}

func (o *adam) update(params, grads [][]float32) {
	if o.m == nil {
		o.m, o.v = zerosLike(params), zerosLike(params)
	}
	o.t++
	t := float64(o.t)
	alpha := float32(float64(o.AdamConfig.LearningRate) * math.Sqrt(1-math.Pow(float64(o.Beta2), t)) / (1 - math.Pow(float64(o.Beta1), t)))
	for i, w := range params {
		m, v, g := o.m[i], o.v[i], grads[i][:len(w)]
		for j := range w {
			m[j] += (g[j] - m[j]) * (1 - o.Beta1)
			v[j] += (g[j]*g[j] - v[j]) * (1 - o.Beta2)
			w[j] -= alpha * m[j] / (float32(math.Sqrt(float64(v[j]))) + o.Epsilon)
		}
	}
}

func (o *adam) save() {
	o.savedT, o.savedM, o.savedV = o.t, copyState(o.savedM, o.m), copyState(o.savedV, o.v)
}

func (o *adam) restore() {
	o.t, o.m, o.v = o.savedT, copyState(o.m, o.savedM), copyState(o.v, o.savedV)
}

// checkRate refuses a learning rate no step can use.
func checkRate(lr float32) error {
	if !(lr >= 0) || math.IsInf(float64(lr), 0) {
		return errorf(ErrConfig, "the learning rate must be a finite number ≥ 0, got %v", lr)
	}
	return nil
}

// copyState copies src into dst, allocating dst when its shape differs,
// and returns dst; a nil src (no state yet) gives nil.
func copyState(dst, src [][]float32) [][]float32 {
	if src == nil {
		return nil
	}
	if len(dst) != len(src) {
		dst = zerosLike(src)
	}
	for i, s := range src {
		copy(dst[i], s)
	}
	return dst
}

func zerosLike(xs [][]float32) [][]float32 {
	out := make([][]float32, len(xs))
	for i, x := range xs {
		out[i] = make([]float32, len(x))
	}
	return out
}
