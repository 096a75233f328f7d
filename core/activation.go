package core

import "math"

// Activation names an element-wise activation function (Keras names).
type Activation string

// Activations.
const (
	Linear    Activation = "linear"
	ReLU      Activation = "relu"
	LeakyReLU Activation = "leaky_relu" // negative slope 0.2, the Keras 3 default
	Sigmoid   Activation = "sigmoid"
	Tanh      Activation = "tanh"
)

// leakySlope is Keras 3's default negative_slope for leaky_relu.
const leakySlope = 0.2

func (a Activation) check() error {
	switch a {
	case "", Linear, ReLU, LeakyReLU, Sigmoid, Tanh:
		return nil
	}
	return errorf(ErrConfig, "unknown activation %q (want linear, relu, leaky_relu, sigmoid or tanh)", string(a))
}

// orLinear maps the zero value to Linear.
func (a Activation) orLinear() Activation {
	if a == "" {
		return Linear
	}
	return a
}

// activate applies a in place.
func activate(a Activation, x []float32) {
	switch a {
	case ReLU:
		for i, v := range x {
			if v < 0 {
				x[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range x {
			if v < 0 {
				x[i] = leakySlope * v
			}
		}
	case Sigmoid:
		for i, v := range x {
			x[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range x {
			x[i] = float32(math.Tanh(float64(v)))
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
// expressed through the activation's output y (every supported activation's
// derivative is a function of its output, so inputs need not be kept).
func activationBackward(a Activation, y, dy []float32) {
	dy = dy[:len(y)]
	switch a {
	case ReLU:
		for i, v := range y {
			if v <= 0 {
				dy[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range y {
			if v <= 0 { // TensorFlow uses the slope at 0 too
				dy[i] *= leakySlope
			}
		}
	case Sigmoid:
		for i, v := range y {
			dy[i] *= v * (1 - v)
		}
	case Tanh:
		for i, v := range y {
			dy[i] *= 1 - v*v
		}
	}
}

// checkNamed is check for a layer config, where the activation must be
// named (the zero value is only a shorthand of the Go API).
func (a Activation) checkNamed() error {
	if a == "" {
		return errorf(ErrConfig, "activation must not be empty (linear is no activation)")
	}
	return a.check()
}
