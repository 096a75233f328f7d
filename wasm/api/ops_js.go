//go:build js && wasm

package api

import (
	"fmt"
	"syscall/js"

	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/bridge"
)

var (
	convKeys  = []string{"input", "shape", "kernel", "kernelShape", "bias", "strides", "padding", "dilation", "activation"}
	stepsKeys = append(convKeys[:len(convKeys):len(convKeys)], "filter")
	poolKeys  = []string{"input", "shape", "mode", "size", "strides", "padding"}
)

// conv2d({input, shape, kernel, kernelShape, bias?, strides?, padding?,
// dilation?, activation?}) → {data, shape: [OH, OW, F]}
func (e *engine) conv2d(args []js.Value) (any, error) {
	o := bridge.NewOptions("options", bridge.Arg(args, 0), convKeys...)
	c := readConv(o)
	if err := o.Err(); err != nil {
		return nil, err
	}
	oh, ow, err := c.outputSize()
	if err != nil {
		return nil, err
	}
	f := c.kernel.shape[3]
	if err := checkCost([]int{oh, ow, f}, float64(oh*ow*f)*float64(numElements(c.kernel.shape[:3]))); err != nil {
		return nil, err
	}
	input, kernel, bias, err := e.load(&c)
	if err != nil {
		return nil, err
	}
	out, err := core.Conv2DTo(e.opOut, input, kernel, bias, c.params)
	if err != nil {
		return nil, err
	}
	e.opOut = out.Data
	return tensorValue(bridge.Float32Array(out.Data), out.Shape), nil
}

// conv2dSteps({...conv2d options, filter}) → the five steps of one output
// channel (see stepsValue).
func (e *engine) conv2dSteps(args []js.Value) (any, error) {
	o := bridge.NewOptions("options", bridge.Arg(args, 0), stepsKeys...)
	c := readConv(o)
	o.Require("filter", "the output channel, an integer from 0 to F−1")
	filter := o.Int("filter", 0)
	if err := o.Err(); err != nil {
		return nil, err
	}
	oh, ow, err := c.outputSize()
	if err != nil {
		return nil, err
	}
	kh, kw, ch := c.kernel.shape[0], c.kernel.shape[1], c.kernel.shape[2]
	// All steps come back at once: a partial map per input channel plus
	// sum, plusBias and activated.
	if err := checkCost([]int{ch + 3, oh, ow}, float64(oh*ow)*float64(kh*kw*ch)); err != nil {
		return nil, err
	}
	input, kernel, bias, err := e.load(&c)
	if err != nil {
		return nil, err
	}
	steps, err := core.Conv2DSteps(input, kernel, bias, c.params, filter)
	if err != nil {
		return nil, err
	}
	return e.stepsValue(steps), nil
}

// convArgs are the checked options of conv2d and conv2dSteps.
type convArgs struct {
	input, kernel tensorArg
	bias          *tensorArg // nil: no bias
	params        core.ConvParams
}

func readConv(o *bridge.Options) convArgs {
	var c convArgs
	c.input = readTensor(o, "input", "shape", 3, "[H,W,C]")
	c.kernel = readTensor(o, "kernel", "kernelShape", 4, "[KH,KW,C,F]")
	if o.Has("bias") { // false after an error, so the kernel shape is known here
		c.bias = readBias(o, c.kernel.shape)
	}
	c.params = core.ConvParams{
		Strides:    readPair(o, "strides", 1),
		Dilation:   readPair(o, "dilation", 1),
		Padding:    readPadding(o),
		Activation: core.Activation(o.String("activation", string(core.Linear))),
	}
	return c
}

// readBias reads the optional bias: one value per filter.
func readBias(o *bridge.Options, kernelShape []int) *tensorArg {
	v := o.Value("bias")
	n, err := bridge.Float32Length("bias", v)
	if err == nil && n != kernelShape[3] {
		err = fmt.Errorf("bias has %d values but kernelShape %s has F = %d filters", n, formatShape(kernelShape), kernelShape[3])
	}
	if err != nil {
		o.Fail(err)
		return nil
	}
	return &tensorArg{name: "bias", v: v, shape: kernelShape[3:]}
}

// keep returns the storage to reuse next time: got, unless a failed load
// left it nil.
func keep(buf, got []float32) []float32 {
	if got == nil {
		return buf
	}
	return got
}

// load copies the tensors of c into the engine's reused buffers.
func (e *engine) load(c *convArgs) (input, kernel core.Tensor, bias []float32, err error) {
	input, err = c.input.load(e.opIn)
	e.opIn = keep(e.opIn, input.Data)
	if err != nil {
		return
	}
	kernel, err = c.kernel.load(e.opKernel)
	e.opKernel = keep(e.opKernel, kernel.Data)
	if err != nil || c.bias == nil {
		return
	}
	var b core.Tensor
	b, err = c.bias.load(nil)
	return input, kernel, b.Data, err
}

// outputSize returns the output height and width, or the formula that shows
// why there is none.
func (c *convArgs) outputSize() (oh, ow int, err error) {
	kh, kw := c.kernel.shape[0], c.kernel.shape[1]
	h, err := core.OutputSize("height", c.input.shape[0], kh, c.params.Strides[0], c.params.Dilation[0], c.params.Padding)
	if err != nil {
		return 0, 0, err
	}
	w, err := core.OutputSize("width", c.input.shape[1], kw, c.params.Strides[1], c.params.Dilation[1], c.params.Padding)
	return h.Out, w.Out, err
}

// pool2d({input, shape, mode, size, strides?, padding?}) → {data, shape}
func (e *engine) pool2d(args []js.Value) (any, error) {
	o := bridge.NewOptions("options", bridge.Arg(args, 0), poolKeys...)
	in := readTensor(o, "input", "shape", 3, "[H,W,C]")
	o.Require("mode", "'max', 'min' or 'avg'")
	o.Require("size", "a positive integer or [height, width]")
	p := core.PoolParams{
		Mode:    core.PoolMode(o.String("mode", "")),
		Size:    readPair(o, "size", 0),
		Strides: readPair(o, "strides", 0), // absent: the pool size, as in Keras
		Padding: readPadding(o),
	}
	if err := o.Err(); err != nil {
		return nil, err
	}
	strides := p.Strides
	if strides == [2]int{} {
		strides = p.Size
	}
	h, err := core.OutputSize("height", in.shape[0], p.Size[0], strides[0], 1, p.Padding)
	if err != nil {
		return nil, err
	}
	w, err := core.OutputSize("width", in.shape[1], p.Size[1], strides[1], 1, p.Padding)
	if err != nil {
		return nil, err
	}
	c := in.shape[2]
	if err := checkCost([]int{h.Out, w.Out, c}, float64(h.Out*w.Out*c)*float64(p.Size[0]*p.Size[1])); err != nil {
		return nil, err
	}
	input, err := in.load(e.opIn)
	e.opIn = keep(e.opIn, input.Data)
	if err != nil {
		return nil, err
	}
	out, err := core.Pool2DTo(e.opOut, input, p)
	if err != nil {
		return nil, err
	}
	e.opOut = out.Data
	return tensorValue(bridge.Float32Array(out.Data), out.Shape), nil
}

// checkCost refuses a call whose result would exceed MaxElements or whose
// work (multiply-adds or window reads) would exceed MaxWork, before any of it
// is allocated or done.
func checkCost(out []int, work float64) error {
	if numElements(out) > MaxElements {
		return fmt.Errorf("the result would have %s values, above the limit of %d (2^24)", product(out), MaxElements)
	}
	if work > MaxWork {
		return fmt.Errorf("the call would take %.3g multiply-adds, above the limit of %d (2^31) per call", work, MaxWork)
	}
	return nil
}

// stepsValue converts the steps of one output channel:
// {filter, bias, kernels: [{data, shape: [KH,KW]}], partials: [{data, shape: [OH,OW]}], sum, plusBias, activated}.
// All arrays are views of one new buffer.
func (e *engine) stepsValue(s *core.ConvSteps) js.Value {
	e.parts = e.parts[:0]
	for _, k := range s.Kernels {
		e.parts = append(e.parts, k.Data)
	}
	for _, p := range s.Partials {
		e.parts = append(e.parts, p.Data)
	}
	e.parts = append(e.parts, s.Sum.Data, s.PlusBias.Data, s.Activated.Data)
	views := e.pack.Pack(e.parts)
	tensors := func(ts []core.Tensor, views []js.Value) js.Value {
		a := make([]any, len(ts))
		for i, t := range ts {
			a[i] = tensorValue(views[i], t.Shape)
		}
		return js.ValueOf(a)
	}
	n := len(s.Kernels)
	rest := views[2*n:]
	return object(
		"filter", s.Filter,
		"bias", s.Bias,
		"kernels", tensors(s.Kernels, views[:n]),
		"partials", tensors(s.Partials, views[n:2*n]),
		"sum", tensorValue(rest[0], s.Sum.Shape),
		"plusBias", tensorValue(rest[1], s.PlusBias.Shape),
		"activated", tensorValue(rest[2], s.Activated.Shape),
	)
}
