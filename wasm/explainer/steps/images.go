package steps

import (
	"encoding/json"
	"math"

	"github.com/svertka/svertka/core"
)

// FromRGBA turns 8-bit RGBA pixels (as in the browser's ImageData) into a
// [h, w, 3] image with values in [0, 1]. Transparent pixels are composited
// over white, as they look on a page.
func FromRGBA(pix []byte, w, h int) (core.Tensor, error) {
	if w < 1 || h < 1 || w > core.MaxSide || h > core.MaxSide || len(pix) != w*h*4 {
		return core.Tensor{}, newError(ErrImage, "rgba", w, h, len(pix))
	}
	t := core.NewTensor(h, w, 3)
	for i := range w * h {
		a := float32(pix[4*i+3]) / 255
		for c := range 3 {
			t.Data[3*i+c] = float32(pix[4*i+c])/255*a + 1 - a
		}
	}
	return t, nil
}

// FromDrawing turns a playground drawing (Config.Drawing) into a
// [side, side, 1] image with values in [0, 1].
func FromDrawing(pix []uint8) (core.Tensor, error) {
	side, err := drawingSide(len(pix))
	if err != nil {
		return core.Tensor{}, err
	}
	t := core.NewTensor(side, side, 1)
	for i, v := range pix {
		t.Data[i] = float32(v) / 255
	}
	return t, nil
}

// ParseDrawing reads a drawing stored by the playground: a JSON array of
// side² grey levels in [0, 1] (the model input, white ink on black), row by
// row. Values outside [0, 1] are clipped.
func ParseDrawing(doc string) ([]uint8, error) {
	var vals []float64
	if len(doc) > 64*MaxDrawingSide*MaxDrawingSide {
		return nil, newError(ErrImage, "drawing-json", "document too long")
	}
	if err := json.Unmarshal([]byte(doc), &vals); err != nil {
		return nil, newError(ErrImage, "drawing-json", err)
	}
	if _, err := drawingSide(len(vals)); err != nil {
		return nil, err
	}
	pix := make([]uint8, len(vals))
	for i, v := range vals {
		pix[i] = uint8(math.Round(255 * min(max(v, 0), 1)))
	}
	return pix, nil
}

func drawingSide(n int) (int, error) {
	side := int(math.Round(math.Sqrt(float64(n))))
	if n == 0 || side*side != n || side > MaxDrawingSide {
		return 0, newError(ErrImage, "drawing-size", n, MaxDrawingSide)
	}
	return side, nil
}

// Prepare makes an explainer input from any [H, W, C] image (C = 1 or 3):
// the centred square crop, resized to res×res by averaging the area each
// cell covers, with channels grey values (channels 1, Rec. 601 luma) or
// colour (channels 3; a grey image is repeated in R, G and B).
func Prepare(src core.Tensor, res, channels int) core.Tensor {
	h, w, c := src.Shape[0], src.Shape[1], src.Shape[2]
	side := min(h, w)
	top, left := (h-side)/2, (w-side)/2
	rows, cols := areaWeights(side, res), areaWeights(side, res)
	out := core.NewTensor(res, res, channels)
	px := make([]float32, c)
	for oy, ry := range rows {
		for ox, rx := range cols {
			clear(px)
			for _, wy := range ry {
				for _, wx := range rx {
					i := ((top+wy.src)*w + left + wx.src) * c
					for ch := range c {
						px[ch] += wy.w * wx.w * src.Data[i+ch]
					}
				}
			}
			dst := out.Data[(oy*res+ox)*channels : (oy*res+ox+1)*channels]
			switch {
			case c == channels:
				copy(dst, px)
			case channels == 1:
				dst[0] = 0.299*px[0] + 0.587*px[1] + 0.114*px[2]
			default:
				dst[0], dst[1], dst[2] = px[0], px[0], px[0]
			}
		}
	}
	return out
}

type areaWeight struct {
	src int
	w   float32
}

// areaWeights returns, for each of the n output cells along an axis of
// length in, the input cells it covers and the share of each (summing to 1).
func areaWeights(in, n int) [][]areaWeight {
	out := make([][]areaWeight, n)
	scale := float64(in) / float64(n)
	for i := range out {
		lo, hi := float64(i)*scale, float64(i+1)*scale
		for s := int(lo); s < in && float64(s) < hi; s++ {
			cover := math.Min(hi, float64(s+1)) - math.Max(lo, float64(s))
			if cover > 1e-9 {
				out[i] = append(out[i], areaWeight{s, float32(cover / scale)})
			}
		}
	}
	return out
}
