package core

import (
	"math"

	kern "github.com/svertka/svertka/core/kernel"
)

// Activation names an activation function (Keras names). All but softmax
// act element by element; softmax normalises each group of values along
// the last axis, as Keras's does.
type Activation string

// Activations.
const (
	Linear            Activation = "linear"
	ReLU              Activation = "relu"
	LeakyReLU         Activation = "leaky_relu" // negative slope 0.2, the Keras 3 default
	Sigmoid           Activation = "sigmoid"
	Tanh              Activation = "tanh"
	SoftmaxActivation Activation = "softmax"
)

// leakySlope is Keras 3's default negative_slope for leaky_relu.
const leakySlope = 0.2

func (a Activation) check() error {
	switch a {
	case "", Linear, ReLU, LeakyReLU, Sigmoid, Tanh, SoftmaxActivation:
		return nil
	}
	return errorf(ErrConfig, "unknown activation %q (want linear, relu, leaky_relu, sigmoid, tanh or softmax)", string(a))
}

// checkNamed is check for a layer config, where the activation must be
// named (the zero value is only a shorthand of the Go API).
func (a Activation) checkNamed() error {
	if a == "" {
		return errorf(ErrConfig, "activation must not be empty (linear is no activation)")
	}
	return a.check()
}

// orLinear maps the zero value to Linear.
func (a Activation) orLinear() Activation {
	if a == "" {
		return Linear
	}
	return a
}

// activate applies a in place; last is the length of the last axis, the
// groups softmax normalises.
func activate(a Activation, x []float32, last int) {
	switch a {
	case ReLU:
		kern.Relu(x)
	case LeakyReLU:
		kern.LeakyRelu(leakySlope, x)
	case Sigmoid:
		for i, v := range x {
			x[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range x {
			x[i] = float32(math.Tanh(float64(v)))
		}
	case SoftmaxActivation:
		for g := 0; g < len(x); g += last {
			Softmax(x[g:g+last], x[g:g+last])
		}
	}
}

func sigmoid(v float32) float32 {
	// Both branches keep exp's argument ≤ 0 so it never overflows.
	if v >= 0 {
		return float32(1 / (1 + math.Exp(-float64(v))))
	}
	e := math.Exp(float64(v))
	return float32(e / (1 + e))
}

// activationBackward multiplies dy in place by the derivative of a,
// expressed through the activation's output y (every supported
// activation's derivative is a function of its output, so inputs need not
// be kept); for softmax it is the product with the Jacobian of each group
// of last values.
func activationBackward(a Activation, y, dy []float32, last int) {
	dy = dy[:len(y)]
	switch a {
	case ReLU:
		kern.ReluBackward(y, dy)
	case LeakyReLU:
		kern.LeakyReluBackward(leakySlope, y, dy) // TensorFlow uses the slope at 0 too
	case Sigmoid:
		for i, v := range y {
			dy[i] *= v * (1 - v)
		}
	case Tanh:
		for i, v := range y {
			dy[i] *= 1 - v*v
		}
	case SoftmaxActivation:
		for g := 0; g < len(y); g += last {
			softmaxBackward(y[g:g+last], dy[g:g+last], dy[g:g+last])
		}
	}
}
