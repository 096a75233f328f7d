package core

// ConvSteps is one output channel of a convolution taken apart the way the
// playground teaches it: each input channel convolved with its own kernel
// (Partials), the partial maps summed (Sum), the bias added (PlusBias) and
// the activation applied (Activated, equal to that channel of Conv2D's output).
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
	if filter < 0 || filter >= plan.filters {
		return nil, errorf(ErrConfig, "filter %d is out of range [0, %d)", filter, plan.filters)
	}
	g := &plan.g
	s := &ConvSteps{Filter: filter}
	if bias != nil {
		s.Bias = bias[filter]
	}
	f := plan.filters
	s.Sum = NewTensor(g.outH, g.outW)
	for c := range g.inC {
		k := NewTensor(g.kh, g.kw)
		for ky := range g.kh {
			for kx := range g.kw {
				k.Data[ky*g.kw+kx] = kernel.Data[((ky*g.kw+kx)*g.inC+c)*f+filter]
			}
		}
		part := NewTensor(g.outH, g.outW)
		convChannel(part.Data, input.Data, k.Data, g, c)
		for i, v := range part.Data {
			s.Sum.Data[i] += v
		}
		s.Kernels = append(s.Kernels, k)
		s.Partials = append(s.Partials, part)
	}
	s.PlusBias = NewTensor(g.outH, g.outW)
	for i, v := range s.Sum.Data {
		s.PlusBias.Data[i] = v + s.Bias
	}
	s.Activated = Tensor{Data: append([]float32(nil), s.PlusBias.Data...), Shape: []int{g.outH, g.outW}}
	activate(p.Activation.orLinear(), s.Activated.Data)
	return s, nil
}

// convChannel cross-correlates input channel c of src ([inH, inW, inC]) with
// the [kh, kw] kernel k into dst ([outH, outW]).
func convChannel(dst, src, k []float32, g *window, c int) {
	for oy := range g.outH {
		for ox := range g.outW {
			var s float32
			for ky := range g.kh {
				iy := oy*g.sh - g.padT + ky*g.dh
				if iy < 0 || iy >= g.inH {
					continue
				}
				for kx := range g.kw {
					ix := ox*g.sw - g.padL + kx*g.dw
					if ix < 0 || ix >= g.inW {
						continue
					}
					s += src[(iy*g.inW+ix)*g.inC+c] * k[ky*g.kw+kx]
				}
			}
			dst[oy*g.outW+ox] = s
		}
	}
}
