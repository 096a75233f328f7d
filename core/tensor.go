package core

import (
	"math"
	"strconv"
	"strings"
)

// Tensor is a dense row-major float32 array: the last axis varies fastest.
// Activations are [H, W, C] (one sample of NHWC), conv kernels [KH, KW, C, F]
// (HWIO) and dense kernels [in, units], as in TensorFlow and Keras.
type Tensor struct {
	Data  []float32
	Shape []int
}

// NewTensor returns a zero tensor of the given shape.
func NewTensor(shape ...int) Tensor {
	return Tensor{Data: make([]float32, numElements(shape)), Shape: append([]int(nil), shape...)}
}

// tensorIn returns a zeroed tensor of shape in dst's storage when it is
// large enough, in new storage otherwise.
func tensorIn(dst []float32, shape []int) Tensor {
	n := numElements(shape)
	if cap(dst) < n {
		return NewTensor(shape...)
	}
	dst = dst[:n]
	clear(dst)
	return Tensor{Data: dst, Shape: append([]int(nil), shape...)}
}

// At returns the element at the given index (one per axis).
func (t Tensor) At(idx ...int) float32 {
	off := 0
	for i, v := range idx {
		off = off*t.Shape[i] + v
	}
	return t.Data[off]
}

func numElements(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// checkShape validates a shape of the given rank: positive dimensions within
// MaxSide and at most MaxElements elements.
func checkShape(what string, shape []int, rank int) error {
	if len(shape) != rank {
		return errorf(ErrInput, "%s: shape %s must have %d dimensions", what, formatShape(shape), rank)
	}
	n := 1
	for _, d := range shape {
		if d <= 0 {
			return errorf(ErrInput, "%s: shape %s must have positive dimensions", what, formatShape(shape))
		}
		if d > MaxSide {
			return errorf(ErrLimit, "%s: dimension %d in shape %s is above the limit %d", what, d, formatShape(shape), MaxSide)
		}
		n *= d
		if n > MaxElements {
			return errorf(ErrLimit, "%s: shape %s has more than %d elements", what, formatShape(shape), MaxElements)
		}
	}
	return nil
}

// checkTensor validates t's shape and that its data matches it and is finite.
func checkTensor(what string, t Tensor, rank int) error {
	if err := checkShape(what, t.Shape, rank); err != nil {
		return err
	}
	if n := numElements(t.Shape); len(t.Data) != n {
		return errorf(ErrInput, "%s: %d values do not match shape %s (%d values)", what, len(t.Data), formatShape(t.Shape), n)
	}
	return checkFinite(what, t.Data)
}

func checkFinite(what string, data []float32) error {
	for i, v := range data {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return errorf(ErrInput, "%s: value %d is %v", what, i, v)
		}
	}
	return nil
}

// formatShape formats a shape Keras-style without the batch axis: (32, 32, 10).
func formatShape(shape []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}
