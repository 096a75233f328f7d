package core

// Functional gradients: the backward passes of the layers, callable on one
// sample without a model or a Trainer. Each runs the forward pass it needs
// and then the very code the layer's backward pass runs in training.

// checkGradOutput validates a gradient against the shape of the output it
// belongs to.
func checkGradOutput(grad Tensor, want []int) error {
	if err := checkTensor("gradOutput", grad, len(want)); err != nil {
		return err
	}
	if !equalInts(grad.Shape, want) {
		return errorf(ErrShape, "gradOutput %s does not match the output shape %s", formatShape(grad.Shape), formatShape(want))
	}
	return nil
}

// Conv2DGrad returns the gradients of a loss with respect to the input
// ([H, W, C]), the kernel ([KH, KW, C, F]) and the bias ([F]; nil when bias
// is nil) of Conv2D(input, kernel, bias, p), given gradOutput, the gradient
// with respect to Conv2D's activated output ([OH, OW, F]). The activation's
// derivative is included, taken at the output as TensorFlow does: relu'(0)
// is 0 and leaky_relu'(0) is the negative slope.
func Conv2DGrad(input, kernel Tensor, bias []float32, p ConvParams, gradOutput Tensor) (gradInput, gradKernel Tensor, gradBias []float32, err error) {
	plan, err := checkConvArgs(input, kernel, bias, p)
	if err != nil {
		return Tensor{}, Tensor{}, nil, err
	}
	if err := checkGradOutput(gradOutput, plan.outShape()); err != nil {
		return Tensor{}, Tensor{}, nil, err
	}
	act := p.Activation.orLinear()
	n := plan.scratchLen(1)
	buf := make([]float32, 2*n)
	cols, tmp := buf[:n], buf[n:]
	out := make([]float32, len(gradOutput.Data))
	plan.forward(input.Data, kernel.Data, bias, out, 1, act, cols, tmp)
	dOut := append([]float32(nil), gradOutput.Data...)
	activationBackward(act, out, dOut, plan.filters)

	wT := make([]float32, len(kernel.Data))
	transpose(wT, kernel.Data, plan.k, plan.filters)
	dWt := make([]float32, len(kernel.Data))
	if bias != nil {
		gradBias = make([]float32, len(bias))
	}
	gradInput = NewTensor(input.Shape...)
	plan.backward(input.Data, wT, dOut, dWt, gradBias, gradInput.Data, 1, cols, tmp)
	gradKernel = NewTensor(kernel.Shape...)
	transpose(gradKernel.Data, dWt, plan.filters, plan.k)
	return gradInput, gradKernel, gradBias, nil
}

// Pool2DGrad returns the gradient of a loss with respect to the input
// ([H, W, C]) of Pool2D(input, p), given gradOutput, the gradient with
// respect to its output. As in TensorFlow, max and min pooling pass each
// output's gradient to the cell the forward pass picked (the first
// maximum or minimum in row-major window order), average pooling spreads it
// evenly over the window's real (unpadded) cells, and overlapping windows
// add up.
func Pool2DGrad(input Tensor, p PoolParams, gradOutput Tensor) (Tensor, error) {
	if err := checkTensor("input", input, 3); err != nil {
		return Tensor{}, err
	}
	plan, err := newPoolPlan(input.Shape, p)
	if err != nil {
		return Tensor{}, err
	}
	if err := checkGradOutput(gradOutput, plan.outShape()); err != nil {
		return Tensor{}, err
	}
	var arg []int32
	if plan.mode != AvgPool {
		out := make([]float32, len(gradOutput.Data))
		arg = make([]int32, len(gradOutput.Data))
		plan.forwardArg(input.Data, out, arg)
	}
	gradInput := NewTensor(input.Shape...)
	plan.backward(gradOutput.Data, gradInput.Data, arg)
	return gradInput, nil
}

// checkDenseArgs validates the arguments of DenseForward and DenseGrad.
func checkDenseArgs(input []float32, kernel Tensor, bias []float32, act Activation) error {
	if err := act.check(); err != nil {
		return err
	}
	if err := checkTensor("kernel", kernel, 2); err != nil {
		return err
	}
	if len(input) != kernel.Shape[0] {
		return errorf(ErrShape, "input has %d values but the kernel %s expects %d", len(input), formatShape(kernel.Shape), kernel.Shape[0])
	}
	if err := checkFinite("input", input); err != nil {
		return err
	}
	if bias != nil {
		if len(bias) != kernel.Shape[1] {
			return errorf(ErrShape, "bias has %d values but the kernel has %d units", len(bias), kernel.Shape[1])
		}
		return checkFinite("bias", bias)
	}
	return nil
}

// DenseForward is a Dense layer as a function: act(input·kernel + bias) for
// a flat input, a kernel [in, units] and a bias (nil or length units). It
// returns new memory the caller owns.
func DenseForward(input []float32, kernel Tensor, bias []float32, act Activation) ([]float32, error) {
	if err := checkDenseArgs(input, kernel, bias, act); err != nil {
		return nil, err
	}
	out := make([]float32, kernel.Shape[1])
	denseForward(input, kernel.Data, bias, out, 1, act.orLinear())
	return out, nil
}

// DenseGrad returns the gradients of a loss with respect to the input, the
// kernel ([in, units]) and the bias (nil when bias is nil) of
// DenseForward(input, kernel, bias, act), given gradOutput, the gradient
// with respect to its activated output ([units]). The activation's
// derivative is included, as in Conv2DGrad.
func DenseGrad(input []float32, kernel Tensor, bias []float32, act Activation, gradOutput []float32) (gradInput []float32, gradKernel Tensor, gradBias []float32, err error) {
	if err := checkDenseArgs(input, kernel, bias, act); err != nil {
		return nil, Tensor{}, nil, err
	}
	in, units := kernel.Shape[0], kernel.Shape[1]
	if len(gradOutput) != units {
		return nil, Tensor{}, nil, errorf(ErrShape, "gradOutput has %d values but the output has %d", len(gradOutput), units)
	}
	if err := checkFinite("gradOutput", gradOutput); err != nil {
		return nil, Tensor{}, nil, err
	}
	act = act.orLinear()
	out := make([]float32, units)
	denseForward(input, kernel.Data, bias, out, 1, act)
	dOut := append([]float32(nil), gradOutput...)
	activationBackward(act, out, dOut, units)
	wT := make([]float32, len(kernel.Data))
	transpose(wT, kernel.Data, in, units)
	dKT := make([]float32, len(kernel.Data))
	if bias != nil {
		gradBias = make([]float32, units)
	}
	gradInput = make([]float32, in)
	denseBackward(input, wT, dOut, dKT, gradBias, gradInput, 1)
	gradKernel = NewTensor(in, units)
	transpose(gradKernel.Data, dKT, units, in)
	return gradInput, gradKernel, gradBias, nil
}

// checkLogits validates a flat vector of logits or probabilities.
func checkLogits(what string, v []float32) error {
	if len(v) == 0 || len(v) > MaxElements {
		return errorf(ErrInput, "%s must have between 1 and %d values, got %d", what, MaxElements, len(v))
	}
	return checkFinite(what, v)
}

// SoftmaxCrossEntropy returns the cross-entropy of softmax(logits) against
// the class label, log Σ exp(logits) − logits[label], and its gradient with
// respect to the logits, softmax(logits) − onehot(label), the loss and
// gradient Trainer uses for one sample. Both are computed stably: logits of
// ±1000 give finite values.
func SoftmaxCrossEntropy(logits []float32, label int) (loss float32, gradLogits []float32, err error) {
	if err := checkLogits("logits", logits); err != nil {
		return 0, nil, err
	}
	if label < 0 || label >= len(logits) {
		return 0, nil, errorf(ErrInput, "label %d is outside [0, %d)", label, len(logits))
	}
	gradLogits = make([]float32, len(logits))
	Softmax(gradLogits, logits)
	gradLogits[label]--
	return float32(logSumExp(logits) - float64(logits[label])), gradLogits, nil
}

// SoftmaxGrad returns the gradient with respect to the logits given probs,
// the output of Softmax, and gradProbs, the gradient with respect to it:
// the Jacobian-vector product probs ⊙ (gradProbs − ⟨gradProbs, probs⟩).
func SoftmaxGrad(probs, gradProbs []float32) ([]float32, error) {
	if err := checkLogits("probs", probs); err != nil {
		return nil, err
	}
	if len(gradProbs) != len(probs) {
		return nil, errorf(ErrShape, "gradProbs has %d values but probs has %d", len(gradProbs), len(probs))
	}
	if err := checkFinite("gradProbs", gradProbs); err != nil {
		return nil, err
	}
	gradLogits := make([]float32, len(probs))
	softmaxBackward(probs, gradProbs, gradLogits)
	return gradLogits, nil
}
