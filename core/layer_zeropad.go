package core

import "encoding/json"

// ZeroPadding2DConfig is the Keras config of a ZeroPadding2D layer.
type ZeroPadding2DConfig struct {
	Name    string       `json:"name"`
	Padding PaddingCells `json:"padding"`
}

// PaddingCells is ZeroPadding2D's padding, [[top, bottom], [left, right]]
// cells. As in Keras, JSON may also give one number for all four sides or
// [vertical, horizontal].
type PaddingCells [2][2]int

// UnmarshalJSON reads n, [h, w] or [[top, bottom], [left, right]].
func (p *PaddingCells) UnmarshalJSON(b []byte) error {
	if v, err := pair(b); err == nil {
		*p = PaddingCells{{v[0], v[0]}, {v[1], v[1]}}
		return nil
	}
	var e [][]int
	if err := json.Unmarshal(b, &e); err != nil || len(e) != 2 || len(e[0]) != 2 || len(e[1]) != 2 {
		return errorf(ErrConfig, "padding must be n, [vertical, horizontal] or [[top, bottom], [left, right]], got %s", truncate(string(b)))
	}
	*p = PaddingCells{{e[0][0], e[0][1]}, {e[1][0], e[1][1]}}
	return nil
}

func init() {
	registerLayer("ZeroPadding2D", nil,
		func() ZeroPadding2DConfig { return ZeroPadding2DConfig{Padding: PaddingCells{{1, 1}, {1, 1}}} },
		func(c ZeroPadding2DConfig) Layer {
			return &ZeroPadding2D{layerBase: layerBase{name: c.Name}, pad: c.Padding}
		})
}

// ZeroPadding2D adds rows and columns of zeros around each [H, W, C]
// sample.
type ZeroPadding2D struct {
	layerBase
	pad PaddingCells
}

func (l *ZeroPadding2D) Config() any { return ZeroPadding2DConfig{Name: l.name, Padding: l.pad} }

func (l *ZeroPadding2D) build(in []int) error {
	if len(in) != 3 {
		return errorf(ErrShape, "ZeroPadding2D needs a [height, width, channels] input, got %s", formatShape(in))
	}
	for _, v := range [...]int{l.pad[0][0], l.pad[0][1], l.pad[1][0], l.pad[1][1]} {
		if v < 0 || v > MaxSide {
			return errorf(ErrConfig, "padding %v must be between 0 and %d cells on every side", l.pad, MaxSide)
		}
	}
	out := []int{in[0] + l.pad[0][0] + l.pad[0][1], in[1] + l.pad[1][0] + l.pad[1][1], in[2]}
	if err := checkShape("output", out, 3); err != nil {
		return err
	}
	l.in, l.out = append([]int(nil), in...), out
	return nil
}

// rows pairs every input row of sample s with where it lands in the
// output: it copies in into out (padding zero), or, for the backward pass,
// out into in.
func (l *ZeroPadding2D) rows(n int, in, out []float32, backward bool) {
	h, w, c := l.in[0], l.in[1], l.in[2]
	ow := l.out[1]
	inLen, outLen := l.inLen(), l.outLen()
	for s := range n {
		src, dst := in[s*inLen:(s+1)*inLen], out[s*outLen:(s+1)*outLen]
		if !backward {
			clear(dst)
		}
		for y := range h {
			o := ((y+l.pad[0][0])*ow + l.pad[1][0]) * c
			if backward {
				copy(src[y*w*c:(y+1)*w*c], dst[o:o+w*c])
			} else {
				copy(dst[o:o+w*c], src[y*w*c:(y+1)*w*c])
			}
		}
	}
}

func (l *ZeroPadding2D) forward(c *call, in, out []float32) { l.rows(c.n, in, out, false) }

// backward crops the padding off the output gradient.
func (l *ZeroPadding2D) backward(c *call, _, _, dOut, dIn []float32) {
	if dIn != nil {
		l.rows(c.n, dIn, dOut, true)
	}
}
