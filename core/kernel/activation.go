package kernel

// The activations keep NaN as it is, and their backward passes take the
// derivative at the activation's output, as TensorFlow does: relu'(0) = 0,
// and leaky_relu takes the negative slope at 0 too.

// Relu sets the negative elements of x to 0.
func Relu(x []float32) { relu(x) }

// ReluBackward sets dy to 0 where y, relu's output, is ≤ 0.
func ReluBackward(y, dy []float32) {
	checkLen("ReluBackward", dy, y)
	reluBackward(y, dy[:len(y)])
}

// LeakyRelu multiplies the negative elements of x by slope.
func LeakyRelu(slope float32, x []float32) { leakyRelu(slope, x) }

// LeakyReluBackward multiplies dy by slope where y, leaky_relu's output,
// is ≤ 0.
func LeakyReluBackward(slope float32, y, dy []float32) {
	checkLen("LeakyReluBackward", dy, y)
	leakyReluBackward(slope, y, dy[:len(y)])
}
