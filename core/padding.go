package core

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Padding says how a window op (convolution or pooling) treats the border.
// Mode is "valid" (no padding; the zero value means valid too), "same"
// (TensorFlow's rule, below) or "explicit" (Top, Bottom, Left, Right cells).
//
// "same" follows TensorFlow exactly: along an axis with input size in,
// stride s, kernel k and dilation d the output size is ceil(in/s) and the
// total padding is max((ceil(in/s) − 1)·s + (k − 1)·d + 1 − in, 0), of which
// the smaller half goes before (top/left) and the odd cell after (bottom/right).
type Padding struct {
	Mode                     string
	Top, Bottom, Left, Right int
}

// Padding modes.
const (
	PaddingValid    = "valid"
	PaddingSame     = "same"
	PaddingExplicit = "explicit"
)

var (
	// Valid is no padding.
	Valid = Padding{Mode: PaddingValid}
	// Same is TensorFlow's "same" padding.
	Same = Padding{Mode: PaddingSame}
)

// Explicit returns explicit padding of the given number of cells per side.
func Explicit(top, bottom, left, right int) Padding {
	return Padding{Mode: PaddingExplicit, Top: top, Bottom: bottom, Left: left, Right: right}
}

// String returns "valid", "same" or "[[t, b], [l, r]]".
func (p Padding) String() string {
	if p.Mode == PaddingExplicit {
		return fmt.Sprintf("[[%d, %d], [%d, %d]]", p.Top, p.Bottom, p.Left, p.Right)
	}
	if p.Mode == "" {
		return PaddingValid
	}
	return p.Mode
}

// MarshalJSON writes the Keras form: "valid", "same" or
// [[top, bottom], [left, right]].
func (p Padding) MarshalJSON() ([]byte, error) {
	if p.Mode == PaddingExplicit {
		return json.Marshal([2][2]int{{p.Top, p.Bottom}, {p.Left, p.Right}})
	}
	return json.Marshal(p.String())
}

// UnmarshalJSON reads "valid", "same" or [[top, bottom], [left, right]].
func (p *Padding) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		if s != PaddingValid && s != PaddingSame {
			return errorf(ErrConfig, "padding %q must be \"valid\", \"same\" or [[top, bottom], [left, right]]", truncate(s))
		}
		*p = Padding{Mode: s}
		return nil
	}
	var e [][]int
	if err := json.Unmarshal(b, &e); err != nil || len(e) != 2 || len(e[0]) != 2 || len(e[1]) != 2 {
		return errorf(ErrConfig, "padding must be \"valid\", \"same\" or [[top, bottom], [left, right]], got %s", truncate(string(b)))
	}
	*p = Explicit(e[0][0], e[0][1], e[1][0], e[1][1])
	return nil
}

func (p Padding) check() error {
	switch p.Mode {
	case "", PaddingValid, PaddingSame:
		return nil
	case PaddingExplicit:
		for _, v := range [...]int{p.Top, p.Bottom, p.Left, p.Right} {
			if v < 0 {
				return errorf(ErrConfig, "padding %s must not be negative", p)
			}
			if v > MaxSide {
				return errorf(ErrLimit, "padding %s is above the limit %d", p, MaxSide)
			}
		}
		return nil
	}
	return errorf(ErrConfig, "unknown padding %q (want valid, same or explicit)", p.Mode)
}

// AxisSize explains the output size along one spatial axis.
type AxisSize struct {
	In, Kernel, Stride, Dilation int
	PadBefore, PadAfter          int
	Out                          int
	// Formula is the output-size formula with the numbers filled in,
	// e.g. "floor((14 + 0 − 16)/1) + 1 = −1" or, with dilation,
	// "floor((14 + 2 − 2·(3 − 1) − 1)/1) + 1 = 12".
	Formula string
}

// OutputSize computes the output size of a window op along one axis
// ("height" uses the Top/Bottom padding, "width" Left/Right). It returns
// ErrShape, with the formula in the message, when the output would be empty.
func OutputSize(axis string, in, kernel, stride, dilation int, p Padding) (AxisSize, error) {
	if axis != "height" && axis != "width" {
		return AxisSize{}, errorf(ErrConfig, "unknown axis %q (want height or width)", axis)
	}
	if err := p.check(); err != nil {
		return AxisSize{}, err
	}
	for _, v := range [...]struct {
		name string
		val  int
	}{{"input " + axis, in}, {"kernel " + axis, kernel}, {"stride", stride}, {"dilation", dilation}} {
		if v.val <= 0 {
			return AxisSize{}, errorf(ErrConfig, "%s must be positive, got %d", v.name, v.val)
		}
		if v.val > MaxSide {
			return AxisSize{}, errorf(ErrLimit, "%s %d is above the limit %d", v.name, v.val, MaxSide)
		}
	}
	a := AxisSize{In: in, Kernel: kernel, Stride: stride, Dilation: dilation}
	eff := (kernel-1)*dilation + 1
	switch p.Mode {
	case PaddingSame:
		total := max((ceilDiv(in, stride)-1)*stride+eff-in, 0)
		a.PadBefore, a.PadAfter = total/2, total-total/2
	case PaddingExplicit:
		if axis == "height" {
			a.PadBefore, a.PadAfter = p.Top, p.Bottom
		} else {
			a.PadBefore, a.PadAfter = p.Left, p.Right
		}
	}
	pad := a.PadBefore + a.PadAfter
	a.Out = floorDiv(in+pad-eff, stride) + 1
	kernelTerm := strconv.Itoa(kernel)
	if dilation > 1 {
		kernelTerm = fmt.Sprintf("%d·(%d − 1) − 1", dilation, kernel)
	}
	a.Formula = fmt.Sprintf("floor((%d + %d − %s)/%d) + 1 = %s", in, pad, kernelTerm, stride, signed(a.Out))
	if a.Out <= 0 {
		return a, errorf(ErrShape, "output %s %s ≤ 0", axis, a.Formula)
	}
	return a, nil
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// floorDiv rounds toward negative infinity, as the output-size formula needs
// when the kernel is larger than the padded input.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// signed formats n with a typographic minus sign.
func signed(n int) string {
	if n < 0 {
		return "−" + strconv.Itoa(-n)
	}
	return strconv.Itoa(n)
}
