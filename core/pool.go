package core

import kern "github.com/svertka/svertka/core/kernel"

// PoolMode is the reduction a pooling window applies.
type PoolMode string

// Pooling modes.
const (
	MaxPool PoolMode = "max"
	MinPool PoolMode = "min"
	AvgPool PoolMode = "avg"
)

func (m PoolMode) check() error {
	switch m {
	case MaxPool, MinPool, AvgPool:
		return nil
	}
	return errorf(ErrConfig, "unknown pooling mode %q (want max, min or avg)", string(m))
}

// PoolParams are the settings of 2-D pooling. Zero Strides mean Size, as in Keras.
type PoolParams struct {
	Mode    PoolMode
	Size    [2]int
	Strides [2]int
	Padding Padding
}

// poolPlan is a validated pooling op.
type poolPlan struct {
	g    window
	mode PoolMode
}

func newPoolPlan(in []int, p PoolParams) (poolPlan, error) {
	if err := p.Mode.check(); err != nil {
		return poolPlan{}, err
	}
	strides := p.Strides
	for i := range strides {
		if strides[i] == 0 {
			strides[i] = p.Size[i]
		}
	}
	if strides[0] < 0 || strides[1] < 0 {
		return poolPlan{}, errorf(ErrConfig, "strides %v must be positive", strides)
	}
	g, err := newWindow(in, p.Size, strides, [2]int{1, 1}, p.Padding)
	if err != nil {
		return poolPlan{}, err
	}
	// Every window must hold at least one real cell: max and min never pick a
	// padded cell and the average divides by the real cells only.
	if g.h.PadBefore >= g.kh || g.h.PadAfter >= g.kh || g.w.PadBefore >= g.kw || g.w.PadAfter >= g.kw {
		return poolPlan{}, errorf(ErrConfig, "padding %s must be smaller than the pool size %v on every side", p.Padding, p.Size)
	}
	if g.outH*g.outW*g.inC > MaxElements {
		return poolPlan{}, errorf(ErrLimit, "output %s has more than %d elements", formatShape([]int{g.outH, g.outW, g.inC}), MaxElements)
	}
	if work := float64(g.outH*g.outW*g.inC) * float64(g.kh*g.kw); work > maxWork {
		return poolPlan{}, errorf(ErrLimit, "pooling needs %d·%d comparisons, more than %d", g.outH*g.outW*g.inC, g.kh*g.kw, int64(maxWork))
	}
	return poolPlan{g: g, mode: p.Mode}, nil
}

func (p *poolPlan) outShape() []int { return []int{p.g.outH, p.g.outW, p.g.inC} }

// span returns the real (unpadded) input cells [lo, hi) a window starting at
// padded position start covers along an axis of size n.
func span(start, k, n int) (lo, hi int) {
	return max(start, 0), min(start+k, n)
}

// forward pools src ([inH, inW, C]) into dst ([outH, outW, C]), a window's
// C channels at a time through the kernels: max and min pooling with
// MaxArgWindow and MinArgWindow, without indices; average pooling adds
// the window's cells and scales.
func (p *poolPlan) forward(src, dst []float32) {
	if p.mode != AvgPool {
		p.extremes(src, dst)
		return
	}
	c := p.g.inC
	p.each(func(w poolWindow, o int) {
		d := dst[o : o+c]
		first := w.first()
		copy(d, src[first:first+c])
		for y := w.y0; y < w.y1; y++ {
			for i := w.row(y); i < w.row(y)+w.rowLen(); i += c {
				if i != first {
					kern.Add(d, src[i:i+c])
				}
			}
		}
		kern.Scale(1/float32(w.count()), d)
	})
}

// extremes is max or min pooling without indices. The windows of an
// output row that lie wholly inside the input are one shape, a fixed step
// apart, and go to the kernel in one call (MaxWindows): a call per window
// cost more than its maxima. The windows the padding clips, at the row's
// ends, go one at a time.
func (p *poolPlan) extremes(src, dst []float32) {
	g := &p.g
	c := g.inC
	windows, one := p.extremeKernels()
	lo, hi := validOut(-g.padL, g.sw, g.inW-g.kw+1, g.outW) // the whole windows
	for oy := range g.outH {
		y0, y1 := span(oy*g.sh-g.padT, g.kh, g.inH)
		for ox := 0; ox < g.outW; ox++ {
			x0, x1 := span(ox*g.sw-g.padL, g.kw, g.inW)
			kw := poolWindow{y0, y1, x0, x1, g.inW, c}.kernel()
			o := (oy*g.outW + ox) * c
			if ox == lo && lo < hi {
				windows(dst[o:o+(hi-lo)*c], src, kw, hi-lo, g.sw*c)
				ox = hi - 1
				continue
			}
			one(dst[o:o+c], nil, src, kw)
		}
	}
}

// extremeKernels are the kernels of p's mode, max or min: for a row of
// windows one step apart, and for one window (recording the winners'
// cells when given arg).
func (p *poolPlan) extremeKernels() (windows func(dst, src []float32, w kern.Window, n, step int), one func(dst []float32, arg []int32, src []float32, w kern.Window)) {
	if p.mode == MinPool {
		return kern.MinWindows, kern.MinArgWindow
	}
	return kern.MaxWindows, kern.MaxArgWindow
}

// forwardBatch pools the c.n samples of in; in training, max and min
// pooling also keep on c's tape the input cell each output came from.
func (p *poolPlan) forwardBatch(c *call, in, out []float32) {
	inLen, outLen := p.g.inH*p.g.inW*p.g.inC, p.g.outH*p.g.outW*p.g.inC
	for s := range c.n {
		src, dst := in[s*inLen:(s+1)*inLen], out[s*outLen:(s+1)*outLen]
		if c.training && p.mode != AvgPool {
			p.forwardArg(src, dst, c.ints[s*outLen:(s+1)*outLen])
		} else {
			p.forward(src, dst)
		}
	}
}

// backwardBatch adds the input gradient of the c.n samples into dIn (zero
// on entry; nothing to do when nil).
func (p *poolPlan) backwardBatch(c *call, dOut, dIn []float32) {
	if dIn == nil {
		return
	}
	inLen, outLen := p.g.inH*p.g.inW*p.g.inC, p.g.outH*p.g.outW*p.g.inC
	for s := range c.n {
		p.backward(dOut[s*outLen:(s+1)*outLen], dIn[s*inLen:(s+1)*inLen], c.ints[s*outLen:(s+1)*outLen])
	}
}

// backward adds the input gradient of one sample into dIn (zero on entry).
// Average pooling spreads each output's gradient evenly over its window's
// cells; max and min pooling give it whole to the cell the output came
// from, arg (see forwardArg).
func (p *poolPlan) backward(dOut, dIn []float32, arg []int32) {
	if p.mode != AvgPool {
		for o, d := range dOut {
			dIn[arg[o]] += d
		}
		return
	}
	c := p.g.inC
	p.each(func(w poolWindow, o int) {
		d, inv := dOut[o:o+c], 1/float32(w.count())
		for y := w.y0; y < w.y1; y++ {
			for i := w.row(y); i < w.row(y)+w.rowLen(); i += c {
				kern.Axpy(inv, d, dIn[i:i+c])
			}
		}
	})
}

// forwardArg is forward for max and min pooling that also writes into arg
// for every output, the input index it came from (see
// MaxArgWindow): the window's first cell, in row-major order, that holds
// the pooled value, as TensorFlow's max pooling gradient takes the first
// maximal cell on ties, or the first cell when the value is NaN.
func (p *poolPlan) forwardArg(src, dst []float32, arg []int32) {
	c := p.g.inC
	_, one := p.extremeKernels()
	p.each(func(w poolWindow, o int) {
		one(dst[o:o+c], arg[o:o+c], src, w.kernel())
	})
}

// poolWindow is the real (unpadded) input cells [y0, y1) × [x0, x1) one
// output pools, of an input w cells wide with c channels.
type poolWindow struct{ y0, y1, x0, x1, w, c int }

// row is the flat index of the window's first cell on input row y.
func (w poolWindow) row(y int) int { return (y*w.w + w.x0) * w.c }

// rowLen is the number of floats of the window on one input row.
func (w poolWindow) rowLen() int { return (w.x1 - w.x0) * w.c }

// first is the flat index of the window's top-left real cell.
func (w poolWindow) first() int { return w.row(w.y0) }

// kernel is the window as the kernel package's window functions take it.
func (w poolWindow) kernel() kern.Window {
	return kern.Window{First: w.first(), Cols: w.x1 - w.x0, Rows: w.y1 - w.y0, Stride: w.w * w.c}
}

// count is the number of real cells.
func (w poolWindow) count() int { return (w.y1 - w.y0) * (w.x1 - w.x0) }

// each calls f with every window and the flat index of its output's first
// channel, in output order. Forward and backward share it so that they
// agree on every window.
func (p *poolPlan) each(f func(w poolWindow, o int)) {
	g := &p.g
	for oy := range g.outH {
		y0, y1 := span(oy*g.sh-g.padT, g.kh, g.inH)
		for ox := range g.outW {
			x0, x1 := span(ox*g.sw-g.padL, g.kw, g.inW)
			f(poolWindow{y0, y1, x0, x1, g.inW, g.inC}, (oy*g.outW+ox)*g.inC)
		}
	}
}

// Pool2D pools one [H, W, C] input. Average pooling divides by the number
// of real (unpadded) cells in each window; max and min never pick a padded cell.
func Pool2D(input Tensor, p PoolParams) (Tensor, error) {
	return Pool2DTo(nil, input, p)
}

// Pool2DTo is Pool2D writing its result into dst's storage when that is
// large enough (see Conv2DTo).
func Pool2DTo(dst []float32, input Tensor, p PoolParams) (Tensor, error) {
	if err := checkTensor("input", input, 3); err != nil {
		return Tensor{}, err
	}
	plan, err := newPoolPlan(input.Shape, p)
	if err != nil {
		return Tensor{}, err
	}
	out := tensorIn(dst, plan.outShape())
	plan.forward(input.Data, out.Data)
	return out, nil
}
