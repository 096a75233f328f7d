package core

import kern "github.com/svertka/svertka/core/kernel"

// ConvSteps is one output channel of a convolution taken apart the way the
// playground teaches it: each input channel convolved with its own kernel
// (Partials), the partial maps summed (Sum), the bias added (PlusBias) and
// the activation applied (Activated: that channel of Conv2D's output, up to
// float32 rounding, since Conv2D sums the same products in another order).
// Every tensor is new memory owned by the caller.
type ConvSteps struct {
	Filter    int
	Kernels   []Tensor // one [KH, KW] per input channel
	Partials  []Tensor // one [OH, OW] per input channel
	Sum       Tensor   // [OH, OW]
	PlusBias  Tensor   // [OH, OW]
	Activated Tensor   // [OH, OW]
	Bias      float32
}

// Conv2DSteps returns the steps that produce output channel filter of
// Conv2D(input, kernel, bias, p).
func Conv2DSteps(input, kernel Tensor, bias []float32, p ConvParams, filter int) (*ConvSteps, error) {
	plan, err := checkConvArgs(input, kernel, bias, p)
	if err != nil {
		return nil, err
	}
	if p.Activation == SoftmaxActivation {
		return nil, errorf(ErrConfig, "softmax mixes all the filters, so one filter's steps cannot show it; take the steps with linear and apply softmax to Conv2D's output")
	}
	if filter < 0 || filter >= plan.filters {
		return nil, errorf(ErrConfig, "filter %d is out of range [0, %d)", filter, plan.filters)
	}
	g := &plan.g
	f := plan.filters
	s := &ConvSteps{Filter: filter, Sum: NewTensor(g.outH, g.outW)}
	if bias != nil {
		s.Bias = bias[filter]
	}
	for c := range g.inC {
		k := NewTensor(g.kh, g.kw)
		for tap := range k.Data {
			k.Data[tap] = kernel.Data[(tap*g.inC+c)*f+filter]
		}
		s.Kernels = append(s.Kernels, k)
		s.Partials = append(s.Partials, NewTensor(g.outH, g.outW))
	}
	// Each partial map is built from the im2col columns Conv2D multiplies:
	// column row (ky·KW + kx)·C + c holds what tap (ky, kx) of channel c
	// sees at every output position (0 in the padding), so partial c is
	// the sum over the taps of that row times the tap's weight.
	cols := make([]float32, plan.scratchLen(1))
	for oh0 := 0; oh0 < g.outH; oh0 += plan.tileRows(1) {
		rows := min(plan.tileRows(1), g.outH-oh0)
		tp := rows * g.outW
		im2colCols(cols, tp, 0, input.Data, g, oh0, rows, cols[plan.colsLen(1):])
		for c, part := range s.Partials {
			dst := part.Data[oh0*g.outW : oh0*g.outW+tp]
			for tap, w := range s.Kernels[c].Data {
				r := tap*g.inC + c
				kern.Axpy(w, cols[r*tp:(r+1)*tp], dst)
			}
		}
	}
	for _, part := range s.Partials {
		kern.Axpy(1, part.Data, s.Sum.Data)
	}
	s.PlusBias = NewTensor(g.outH, g.outW)
	for i, v := range s.Sum.Data {
		s.PlusBias.Data[i] = v + s.Bias
	}
	s.Activated = Tensor{Data: append([]float32(nil), s.PlusBias.Data...), Shape: []int{g.outH, g.outW}}
	activate(p.Activation.orLinear(), s.Activated.Data, 1)
	return s, nil
}
