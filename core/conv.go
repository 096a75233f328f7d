package core

import (
	"unsafe"

	kern "github.com/svertka/svertka/core/kernel"
)

// ConvParams are the settings of a 2-D convolution. Zero Strides or Dilation
// mean 1; an empty Activation means linear.
type ConvParams struct {
	Strides    [2]int
	Dilation   [2]int
	Padding    Padding
	Activation Activation
}

// Limits on one convolution beyond the tensor limits: the im2col buffer of a
// single output row (see newConvPlan) and the number of multiply-adds.
const (
	maxWork    = 1 << 32 // about half a second natively, a few seconds in a browser
	colsBudget = 1 << 16 // floats of im2col buffer per tile, sized to stay in cache
)

// convPlan is a validated convolution: geometry, filter count and tile size.
type convPlan struct {
	g         window
	filters   int
	k         int // kh*kw*inC: one im2col row
	rowBudget int // output rows per im2col tile, counted over the batch
}

func newConvPlan(in []int, kernel [2]int, filters int, p ConvParams) (convPlan, error) {
	if p.Strides[0] < 0 || p.Strides[1] < 0 || p.Dilation[0] < 0 || p.Dilation[1] < 0 {
		return convPlan{}, errorf(ErrConfig, "strides %v and dilation %v must be positive", p.Strides, p.Dilation)
	}
	if err := p.Activation.check(); err != nil {
		return convPlan{}, err
	}
	if filters <= 0 || filters > MaxSide {
		return convPlan{}, errorf(ErrConfig, "filters must be between 1 and %d, got %d", MaxSide, filters)
	}
	g, err := newWindow(in, kernel, p.Strides, p.Dilation, p.Padding)
	if err != nil {
		return convPlan{}, err
	}
	k := g.kh * g.kw * g.inC
	outP := g.outH * g.outW
	switch {
	case k*filters > MaxElements:
		return convPlan{}, errorf(ErrLimit, "kernel %s has more than %d elements", formatShape([]int{g.kh, g.kw, g.inC, filters}), MaxElements)
	case outP*filters > MaxElements:
		return convPlan{}, errorf(ErrLimit, "output %s has more than %d elements", formatShape([]int{g.outH, g.outW, filters}), MaxElements)
	case g.outW*k > MaxElements:
		return convPlan{}, errorf(ErrLimit, "one output row needs %d·%d input values, more than %d", g.outW, k, MaxElements)
	case float64(outP)*float64(k)*float64(filters) > maxWork:
		return convPlan{}, errorf(ErrLimit, "convolution needs %d·%d·%d multiply-adds, more than %d", outP, k, filters, int64(maxWork))
	}
	return convPlan{g: g, filters: filters, k: k, rowBudget: max(1, colsBudget/(g.outW*k))}, nil
}

func (c *convPlan) outShape() []int { return []int{c.g.outH, c.g.outW, c.filters} }

// tileRows is the number of output rows one tile holds for a batch of n
// samples: as many as fit the budget, across sample boundaries.
func (c *convPlan) tileRows(n int) int { return min(c.rowBudget, n*c.g.outH) }

// scratchLen is the length of each of the two scratch buffers forward and
// backward need for up to n samples: a tile of im2col columns (or of the
// product), and after it, in the first, im2colCols's band, in the second
// the kernel gradient as [K, F].
func (c *convPlan) scratchLen(n int) int { return c.colsLen(n) + max(c.bandLen(n), c.k*c.filters) }

// colsLen is the length of a tile of im2col columns or of the product.
func (c *convPlan) colsLen(n int) int { return max(c.k, c.filters) * c.tileRows(n) * c.g.outW }

// bandLen is the length of the input rows one im2colCols call reads,
// transposed (none with one input channel).
func (c *convPlan) bandLen(n int) int {
	if c.g.inC == 1 {
		return 0
	}
	rows := min(c.tileRows(n), c.g.outH)
	return min(c.g.inH, (rows-1)*c.g.sh+(c.g.kh-1)*c.g.dh+1) * c.g.inW * c.g.inC
}

// convTile is a tile of output rows of a batch: rows [r0, r0+rows) of its
// n·outH rows, np = rows·outW positions.
type convTile struct{ r0, rows, np int }

func (c *convPlan) tile(n, r0 int) convTile {
	rows := min(c.tileRows(n), n*c.g.outH-r0)
	return convTile{r0: r0, rows: rows, np: rows * c.g.outW}
}

// segment splits a tile by sample, for im2col and col2im, which work on one
// sample: batch row r is row oh of sample s, which holds the rows up to
// r+rows of the tile.
func (c *convPlan) segment(t convTile, r int) (s, oh, rows int) {
	s, oh = r/c.g.outH, r%c.g.outH
	return s, oh, min(c.g.outH-oh, t.r0+t.rows-r)
}

// forward computes out ([n, outH, outW, F]) = act(conv(in, kernel) + bias)
// for n samples ([n, inH, inW, C]) one tile of output rows at a time:
// im2col into the [K, P] column layout, then
// outᵀ[F, P] = kernelᵀ[F, K]·cols[K, P], whose inner loops run along the
// P positions of the tile, across samples, transposed into out with the
// bias (and a ReLU) in one pass. kernel is HWIO viewed as [K, F]; bias may
// be nil.
func (c *convPlan) forward(in, kernel, bias, out []float32, n int, act Activation, cols, tmp []float32) {
	f, inLen := c.filters, c.g.inH*c.g.inW*c.g.inC
	for r0 := 0; r0 < n*c.g.outH; {
		t := c.tile(n, r0)
		for r := t.r0; r < t.r0+t.rows; {
			s, oh, rows := c.segment(t, r)
			im2colCols(cols, t.np, (r-t.r0)*c.g.outW, in[s*inLen:(s+1)*inLen], &c.g, oh, rows, cols[c.colsLen(n):])
			r += rows
		}
		tp := tmp[:f*t.np]
		clear(tp)
		kern.Gemm(true, false, f, t.np, c.k, kernel, f, cols, t.np, tp, t.np)
		transposeAddBias(out[r0*c.g.outW*f:(r0*c.g.outW+t.np)*f], tp, bias, t.np, f, act == ReLU)
		r0 += t.rows
	}
	if act != ReLU {
		activate(act, out[:n*c.g.outH*c.g.outW*f], f)
	}
}

// transposeAddBias writes dst[p*f + j] = src[j*np + p] + bias[j] (bias may
// be nil), and with relu max(that, 0) as kernel.Relu does, in the same pass.
// The writes go f floats apart; dst's length is checked once, up front,
// instead of at each of the np·f writes, and each turn of the loop moves
// eight values: in Go's wasm every turn of a loop is a jump through the
// function's dispatch table, which cost more than the values it moved.
func transposeAddBias(dst, src, bias []float32, np, f int, relu bool) {
	if np == 0 {
		return
	}
	_ = dst[(np-1)*f+f-1]
	for j := range f {
		var b float32
		if bias != nil {
			b = bias[j]
		}
		col := unsafe.Pointer(&dst[j])
		row := src[j*np : (j+1)*np]
		p := 0
		for ; p+8 <= np; p += 8 {
			r := (*[8]float32)(row[p:])
			v0, v1, v2, v3 := biasRelu(r[0], b, relu), biasRelu(r[1], b, relu), biasRelu(r[2], b, relu), biasRelu(r[3], b, relu)
			v4, v5, v6, v7 := biasRelu(r[4], b, relu), biasRelu(r[5], b, relu), biasRelu(r[6], b, relu), biasRelu(r[7], b, relu)
			q := unsafe.Add(col, 4*p*f)
			*(*float32)(q) = v0
			*(*float32)(unsafe.Add(q, 4*f)) = v1
			*(*float32)(unsafe.Add(q, 8*f)) = v2
			*(*float32)(unsafe.Add(q, 12*f)) = v3
			*(*float32)(unsafe.Add(q, 16*f)) = v4
			*(*float32)(unsafe.Add(q, 20*f)) = v5
			*(*float32)(unsafe.Add(q, 24*f)) = v6
			*(*float32)(unsafe.Add(q, 28*f)) = v7
		}
		for ; p < np; p++ {
			*(*float32)(unsafe.Add(col, 4*p*f)) = biasRelu(row[p], b, relu)
		}
	}
}

// biasRelu is v + b, and with relu 0 where that is below 0 (kernel.Relu's rule).
func biasRelu(v, b float32, relu bool) float32 {
	v += b
	if relu && v < 0 {
		return 0
	}
	return v
}

// backward accumulates the gradients of n samples. dOut ([n·P, F]) must
// already include the activation's derivative. dWt is the kernel gradient
// in the transposed [F, K] layout and wT the kernel as [F, K]; dBias and
// dIn may be nil; dIn must be zero on entry.
//
// The kernel gradient is dWᵀ[F, K] += dOutᵀ[F, P]·cols[P, K] on
// im2colRows's fields, a product along K that skips the zeros of dOut.
// With one input channel (a first layer) a field is a few floats per
// position, which im2colRows moves at a high cost per call on wasm, so
// there the product is dW[K, F] += cols[K, P]·dOut[P, F] on im2colCols's
// rows, long runs of the input, summed in tmp's tail from and back to dWt:
// each element adds the same products in the same order either way. The
// input gradient, dcols[P, K] = dOut[P, F]·wT[F, K], also runs along K
// and skips the zeros of dOut, and is scattered back onto the input.
func (c *convPlan) backward(in, wT, dOut, dWt, dBias, dIn []float32, n int, cols, tmp []float32) {
	f, inLen := c.filters, c.g.inH*c.g.inW*c.g.inC
	dOut = dOut[:n*c.g.outH*c.g.outW*f]
	byRows := c.g.inC == 1
	dW := tmp[c.colsLen(n):][:c.k*f]
	if byRows {
		transpose(dW, dWt, f, c.k)
	}
	for r0 := 0; r0 < n*c.g.outH; {
		t := c.tile(n, r0)
		d := dOut[r0*c.g.outW*f : (r0*c.g.outW+t.np)*f]
		if dBias != nil {
			// dBias[1, F] += 1[1, P]·d[P, F], ones in cols before im2col
			// fills it: one product sweeps F in registers, where an axpy
			// per position was a call for each of a batch's thousands of
			// rows of 10 or 30. The ones' products are exact, so each
			// element adds the same values in the same order as those
			// axpys did.
			ones := cols[:t.np]
			for i := range ones {
				ones[i] = 1
			}
			kern.Gemm(false, false, 1, f, t.np, ones, t.np, d, f, dBias, f)
		}
		for r := t.r0; r < t.r0+t.rows; {
			s, oh, rows := c.segment(t, r)
			if byRows {
				im2colCols(cols, t.np, (r-t.r0)*c.g.outW, in[s*inLen:(s+1)*inLen], &c.g, oh, rows, cols[c.colsLen(n):])
			} else {
				im2colRows(cols[(r-t.r0)*c.g.outW*c.k:], in[s*inLen:(s+1)*inLen], &c.g, oh, rows)
			}
			r += rows
		}
		if byRows {
			kern.Gemm(false, false, c.k, f, t.np, cols, t.np, d, f, dW, f)
		} else {
			kern.Gemm(true, false, f, c.k, t.np, d, f, cols, c.k, dWt, c.k)
		}
		if dIn != nil {
			dc := tmp[:t.np*c.k]
			clear(dc)
			kern.Gemm(false, false, t.np, c.k, f, d, f, wT, c.k, dc, c.k)
			for r := t.r0; r < t.r0+t.rows; {
				s, oh, rows := c.segment(t, r)
				col2im(dIn[s*inLen:(s+1)*inLen], dc[(r-t.r0)*c.g.outW*c.k:], &c.g, oh, rows)
				r += rows
			}
		}
		r0 += t.rows
	}
	if byRows {
		transpose(dWt, dW, c.k, f)
	}
}

// transpose writes dst[j*rows + i] = src[i*cols + j] for a rows×cols src.
func transpose(dst, src []float32, rows, cols int) {
	for i := range rows {
		for j, v := range src[i*cols : (i+1)*cols] {
			dst[j*rows+i] = v
		}
	}
}

// Conv2D convolves one [H, W, C] input with an HWIO kernel [KH, KW, C, F],
// adds bias (nil or length F) and applies the activation, returning
// [OH, OW, F]. Each output channel is the sum over input channels of that
// channel convolved (cross-correlated, as in TensorFlow) with its own kernel.
func Conv2D(input, kernel Tensor, bias []float32, p ConvParams) (Tensor, error) {
	return Conv2DTo(nil, input, kernel, bias, p)
}

// Conv2DTo is Conv2D writing its result into dst's storage when that is
// large enough: a caller serving many calls reuses one buffer, so that a
// large result does not leave its memory to be cut up by small ones.
func Conv2DTo(dst []float32, input, kernel Tensor, bias []float32, p ConvParams) (Tensor, error) {
	plan, err := checkConvArgs(input, kernel, bias, p)
	if err != nil {
		return Tensor{}, err
	}
	out := tensorIn(dst, plan.outShape())
	n := plan.scratchLen(1)
	buf := make([]float32, 2*n)
	plan.forward(input.Data, kernel.Data, bias, out.Data, 1, p.Activation.orLinear(), buf[:n], buf[n:])
	return out, nil
}

func checkConvArgs(input, kernel Tensor, bias []float32, p ConvParams) (convPlan, error) {
	if err := checkTensor("input", input, 3); err != nil {
		return convPlan{}, err
	}
	if err := checkTensor("kernel", kernel, 4); err != nil {
		return convPlan{}, err
	}
	if kernel.Shape[2] != input.Shape[2] {
		return convPlan{}, errorf(ErrShape, "kernel %s has %d input channels but the input %s has %d",
			formatShape(kernel.Shape), kernel.Shape[2], formatShape(input.Shape), input.Shape[2])
	}
	if bias != nil {
		if len(bias) != kernel.Shape[3] {
			return convPlan{}, errorf(ErrShape, "bias has %d values but the kernel has %d filters", len(bias), kernel.Shape[3])
		}
		if err := checkFinite("bias", bias); err != nil {
			return convPlan{}, err
		}
	}
	return newConvPlan(input.Shape, [2]int{kernel.Shape[0], kernel.Shape[1]}, kernel.Shape[3], p)
}
