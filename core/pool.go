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

// forward pools src ([inH, inW, C]) into dst ([outH, outW, C]). For max and
// min it records in arg the input index each output came from (arg may be
// nil when no backward pass follows).
func (p *poolPlan) forward(src, dst []float32, arg []int32) {
	op := opMax
	switch p.mode {
	case MinPool:
		op = opMin
	case AvgPool:
		op = opAvg
	}
	p.walk(op, src, dst, arg)
}

// forwardBatch pools the c.n samples of in, keeping the argmax of each
// output on c's tape.
func (p *poolPlan) forwardBatch(c *call, in, out []float32) {
	inLen, outLen := p.g.inH*p.g.inW*p.g.inC, p.g.outH*p.g.outW*p.g.inC
	for s := range c.n {
		p.forward(in[s*inLen:(s+1)*inLen], out[s*outLen:(s+1)*outLen], c.ints[s*outLen:(s+1)*outLen])
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
func (p *poolPlan) backward(dOut, dIn []float32, arg []int32) {
	if p.mode != AvgPool {
		for i, d := range dOut {
			dIn[arg[i]] += d
		}
		return
	}
	p.walk(opAvgGrad, dIn, dOut, nil)
}

// windowOp is what walk does at every window.
type windowOp uint8

const (
	opMax windowOp = iota
	opMin
	opAvg
	opAvgGrad // average pooling's backward pass
)

// poolWindow is the real (unpadded) input cells [y0, y1) × [x0, x1) one
// output pools.
type poolWindow struct{ y0, y1, x0, x1 int }

// walk visits every window with img, the input ([inH, inW, C]), and out, the
// output ([outH, outW, C]). The pooling ops write each window's C outputs
// (and arg, see forward); opAvgGrad spreads them evenly over the window's
// cells in img, the adjoint of opAvg. Forward and backward share the walk
// so that they agree on every window.
func (p *poolPlan) walk(op windowOp, img, out []float32, arg []int32) {
	g := &p.g
	c := g.inC
	for oy := range g.outH {
		y0, y1 := span(oy*g.sh-g.padT, g.kh, g.inH)
		for ox := range g.outW {
			x0, x1 := span(ox*g.sw-g.padL, g.kw, g.inW)
			win := poolWindow{y0, y1, x0, x1}
			o := (oy*g.outW + ox) * c
			switch op {
			case opMax:
				poolArg(out[o:o+c], argOrNil(arg, o, c), img, g.inW, c, win, true)
			case opMin:
				poolArg(out[o:o+c], argOrNil(arg, o, c), img, g.inW, c, win, false)
			case opAvg:
				poolAvg(out[o:o+c], img, g.inW, c, win)
			case opAvgGrad:
				d, inv := out[o:o+c], 1/float32((y1-y0)*(x1-x0))
				for y := y0; y < y1; y++ {
					for x := x0; x < x1; x++ {
						i := (y*g.inW + x) * c
						kern.Axpy(inv, d, img[i:i+c])
					}
				}
			}
		}
	}
}

func argOrNil(arg []int32, o, c int) []int32 {
	if arg == nil {
		return nil
	}
	return arg[o : o+c]
}

// poolArg writes into dst (one value per channel) the maximum (or minimum)
// of src, a [?, w, c] image, over the cells of win, and the flat index it
// came from into arg when arg is not nil. Ties keep the first cell in
// row-major order, as TensorFlow's max pooling gradient does.
func poolArg(dst []float32, arg []int32, src []float32, w, c int, win poolWindow, isMax bool) {
	first := (win.y0*w + win.x0) * c
	copy(dst, src[first:first+c])
	if arg != nil {
		for ch := range arg {
			arg[ch] = int32(first + ch)
		}
	}
	for y := win.y0; y < win.y1; y++ {
		for x := win.x0; x < win.x1; x++ {
			i := (y*w + x) * c
			for ch, v := range src[i : i+c] {
				if (isMax && v > dst[ch]) || (!isMax && v < dst[ch]) {
					dst[ch] = v
					if arg != nil {
						arg[ch] = int32(i + ch)
					}
				}
			}
		}
	}
}

// poolAvg writes into dst the mean of src, a [?, w, c] image, over the
// cells of win: padded cells are not counted, as in TensorFlow.
func poolAvg(dst, src []float32, w, c int, win poolWindow) {
	clear(dst)
	for y := win.y0; y < win.y1; y++ {
		for x := win.x0; x < win.x1; x++ {
			i := (y*w + x) * c
			kern.Axpy(1, src[i:i+c], dst)
		}
	}
	inv := 1 / float32((win.y1-win.y0)*(win.x1-win.x0))
	for ch := range dst {
		dst[ch] *= inv
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
	plan.forward(input.Data, out.Data, nil)
	return out, nil
}
