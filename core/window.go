package core

import kern "github.com/svertka/svertka/core/kernel"

// window is the geometry of a sliding-window op (convolution or pooling) on
// one [H, W, C] sample.
type window struct {
	inH, inW, inC int
	kh, kw        int
	sh, sw        int
	dh, dw        int
	padT, padL    int
	outH, outW    int
	h, w          AxisSize
}

// newWindow validates the settings and computes the output size.
// Zero strides or dilations mean 1.
func newWindow(in []int, kernel, strides, dilation [2]int, p Padding) (window, error) {
	strides = orOne(strides)
	dilation = orOne(dilation)
	h, err := OutputSize("height", in[0], kernel[0], strides[0], dilation[0], p)
	if err != nil {
		return window{}, err
	}
	w, err := OutputSize("width", in[1], kernel[1], strides[1], dilation[1], p)
	if err != nil {
		return window{}, err
	}
	g := window{
		inH: in[0], inW: in[1], inC: in[2],
		kh: kernel[0], kw: kernel[1],
		sh: strides[0], sw: strides[1],
		dh: dilation[0], dw: dilation[1],
		padT: h.PadBefore, padL: w.PadBefore,
		outH: h.Out, outW: w.Out,
		h: h, w: w,
	}
	return g, nil
}

func orOne(v [2]int) [2]int {
	for i := range v {
		if v[i] == 0 {
			v[i] = 1
		}
	}
	return v
}

// validOut returns the output positions [lo, hi) along an axis of n input
// cells for which the kernel tap at offset off (= tap·dilation − padBefore)
// reads a real cell: 0 ≤ o·stride + off < n. hi ≥ lo.
func validOut(off, stride, n, out int) (lo, hi int) {
	if off < 0 {
		lo = ceilDiv(-off, stride)
	}
	hi = min(out, floorDiv(n-1-off, stride)+1)
	return min(lo, out), max(hi, min(lo, out))
}

// im2colCols writes the receptive fields of output rows [oh0, oh0+rows) of
// src ([inH, inW, inC]) into the column layout [K, np] of a tile, from
// position off on: row k = (ky·kw + kx)·inC + c holds, for every output
// position p of the tile, the input value that tap multiplies (0 for
// padding). Each row is channel c of an input row read at stride sw, so
// with several channels the input rows the tile reads are first
// transposed into band (bandLen floats), one plane per channel, and every
// row becomes a copy (stride 1) or a short-strided gather, not one read
// every inC floats.
func im2colCols(dst []float32, np, off int, src []float32, g *window, oh0, rows int, band []float32) {
	c := g.inC
	planes, plane, y0 := src, g.inH*g.inW, 0 // channel ch of input row iy at planes[ch*plane + (iy-y0)*inW]
	if c > 1 {
		y0 = max(0, oh0*g.sh-g.padT)
		y1 := min(g.inH, (oh0+rows-1)*g.sh-g.padT+(g.kh-1)*g.dh+1)
		if y1 > y0 {
			plane = (y1 - y0) * g.inW
			kern.Transpose(plane, c, src[y0*g.inW*c:], c, band, plane)
			planes = band
		}
	}
	for ky := range g.kh {
		for kx := range g.kw {
			xoff := kx*g.dw - g.padL
			lo, hi := validOut(xoff, g.sw, g.inW, g.outW)
			for ch := range c {
				row := dst[((ky*g.kw+kx)*c+ch)*np+off:][:rows*g.outW]
				if g.sh == 1 && g.sw == 1 && g.outW == g.inW {
					iy0 := oh0 - g.padT + ky*g.dh
					shiftedRows(row, planes[ch*plane:(ch+1)*plane], g.inW, iy0-y0, max(0, -iy0), min(rows, g.inH-iy0), xoff, lo, hi)
					continue
				}
				for oy := range rows {
					out := row[oy*g.outW : (oy+1)*g.outW]
					iy := (oh0+oy)*g.sh - g.padT + ky*g.dh
					if iy < 0 || iy >= g.inH {
						clear(out)
						continue
					}
					clear(out[:lo])
					clear(out[hi:])
					if lo < hi {
						gather(out[lo:hi], planes[ch*plane+(iy-y0)*g.inW+lo*g.sw+xoff:], g.sw)
					}
				}
			}
		}
	}
}

// shiftedRows is im2colCols's row for stride 1 and outputs as wide as the
// input ('same' along the width), where output row oy reads plane row
// py0+oy shifted by xoff: the real rows [a, b) are one stretch of the
// plane, moved with one copy instead of one per row, and the cells before
// lo and from hi on in each row, which that copy filled from the
// neighbouring rows, are then zeroed like the rows outside [a, b).
func shiftedRows(out, plane []float32, w, py0, a, b, xoff, lo, hi int) {
	if a >= b {
		clear(out)
		return
	}
	clear(out[:a*w])
	clear(out[b*w:])
	if lo < hi {
		s := (py0+a)*w + lo + xoff
		copy(out[a*w+lo:(b-1)*w+hi], plane[s:s+(b-1-a)*w+hi-lo])
	}
	for oy := a; oy < b; oy++ {
		r := out[oy*w : (oy+1)*w]
		for x := range lo {
			r[x] = 0
		}
		for x := hi; x < w; x++ {
			r[x] = 0
		}
	}
}

// gather writes dst[i] = src[i*stride]; dst is not empty. A stride of 1
// (one input channel, stride 1: the first convolution of most networks)
// is a plain copy.
func gather(dst, src []float32, stride int) {
	if stride == 1 {
		copy(dst, src)
		return
	}
	src = src[:(len(dst)-1)*stride+1]
	for i := range dst {
		dst[i] = src[i*stride]
	}
}

// im2colRows writes the same values as im2colCols in the row layout
// [np, K]: one contiguous receptive field per output position.
func im2colRows(dst []float32, src []float32, g *window, oh0, rows int) {
	rowFields(dst, src, g, oh0, rows, false)
}

// col2im is the adjoint of im2colRows: it adds every entry of cols
// ([np, K]) back onto the input cell it was copied from (padded cells are
// dropped). dst is [inH, inW, inC].
func col2im(dst []float32, cols []float32, g *window, oh0, rows int) {
	rowFields(cols, dst, g, oh0, rows, true)
}

// rowFields pairs every receptive field in cols ([np, K], output rows
// [oh0, oh0+rows)) with its cells in img ([inH, inW, inC]): it copies img
// into cols (0 for padding), or, when scatter is set, adds cols onto img
// (dropping padding). One walk serves both so that col2im stays the exact
// adjoint of im2colRows. With dilation 1 the kw·inC values of a kernel row
// are adjacent in img and are moved at once.
func rowFields(cols, img []float32, g *window, oh0, rows int, scatter bool) {
	c := g.inC
	k := g.kh * g.kw * c
	span := g.kw * c
	for oy := range rows {
		iy0 := (oh0+oy)*g.sh - g.padT
		for ox := range g.outW {
			field := cols[(oy*g.outW+ox)*k:][:k]
			ix0 := ox*g.sw - g.padL
			for ky := range g.kh {
				iy := iy0 + ky*g.dh
				if iy < 0 || iy >= g.inH {
					if !scatter {
						clear(field[ky*span : (ky+1)*span])
					}
					continue
				}
				seg := field[ky*span : (ky+1)*span]
				line := img[iy*g.inW*c : (iy+1)*g.inW*c]
				if g.dw == 1 && ix0 >= 0 && ix0+g.kw <= g.inW {
					moveField(seg, line[ix0*c:], scatter)
					continue
				}
				for kx := range g.kw {
					switch ix := ix0 + kx*g.dw; {
					case ix >= 0 && ix < g.inW:
						moveField(seg[kx*c:(kx+1)*c], line[ix*c:], scatter)
					case !scatter:
						clear(seg[kx*c : (kx+1)*c])
					}
				}
			}
		}
	}
}

// moveField copies the first len(field) values of img into field, or adds
// field onto them when scatter is set.
func moveField(field, img []float32, scatter bool) {
	if scatter {
		kern.Add(img, field)
	} else {
		copy(field, img)
	}
}
