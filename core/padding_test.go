package core

import (
	"errors"
	"testing"
)

func TestOutputSize(t *testing.T) {
	for _, c := range []struct {
		axis               string
		in, k, s, d        int
		p                  Padding
		out, before, after int
		formula            string
	}{
		// Hand-computed with TF's rules.
		{"width", 32, 5, 1, 1, Same, 32, 2, 2, "floor((32 + 4 − 5)/1) + 1 = 32"},
		{"width", 5, 4, 2, 1, Same, 3, 1, 2, "floor((5 + 3 − 4)/2) + 1 = 3"},  // even kernel, odd pixel after
		{"height", 5, 2, 2, 1, Same, 3, 0, 1, "floor((5 + 1 − 2)/2) + 1 = 3"}, // stride does not divide
		{"height", 6, 1, 3, 1, Same, 2, 0, 0, "floor((6 + 0 − 1)/3) + 1 = 2"}, // stride > kernel: no padding
		{"width", 1, 3, 1, 1, Same, 1, 1, 1, "floor((1 + 2 − 3)/1) + 1 = 1"},  // 1×1 input
		{"width", 3, 7, 1, 1, Same, 3, 3, 3, "floor((3 + 6 − 7)/1) + 1 = 3"},  // kernel larger than input
		{"width", 7, 3, 1, 2, Valid, 3, 0, 0, "floor((7 + 0 − 2·(3 − 1) − 1)/1) + 1 = 3"},
		{"width", 7, 3, 2, 2, Same, 4, 2, 2, "floor((7 + 4 − 2·(3 − 1) − 1)/2) + 1 = 4"},
		{"height", 14, 3, 1, 2, Explicit(1, 1, 0, 0), 12, 1, 1, "floor((14 + 2 − 2·(3 − 1) − 1)/1) + 1 = 12"},
		{"width", 14, 3, 1, 1, Explicit(1, 1, 0, 2), 14, 0, 2, "floor((14 + 2 − 3)/1) + 1 = 14"},
		{"width", 8, 2, 3, 1, Valid, 3, 0, 0, "floor((8 + 0 − 2)/3) + 1 = 3"},
	} {
		a, err := OutputSize(c.axis, c.in, c.k, c.s, c.d, c.p)
		if err != nil {
			t.Errorf("%+v: %v", c, err)
			continue
		}
		if a.Out != c.out || a.PadBefore != c.before || a.PadAfter != c.after || a.Formula != c.formula {
			t.Errorf("%s in=%d k=%d s=%d d=%d %s: got out %d pad %d+%d %q, want %d %d+%d %q",
				c.axis, c.in, c.k, c.s, c.d, c.p, a.Out, a.PadBefore, a.PadAfter, a.Formula, c.out, c.before, c.after, c.formula)
		}
		// Cross-check against the independent reference.
		r := refPadding(c.in, c.k, c.s, c.d, c.p.Mode, a.PadBefore, a.PadAfter)
		if r.out != a.Out || r.before != a.PadBefore {
			t.Errorf("%+v: reference gives out %d before %d", c, r.out, r.before)
		}
	}
}

func TestOutputSizeErrors(t *testing.T) {
	_, err := OutputSize("width", 14, 16, 1, 1, Valid)
	if !errors.Is(err, ErrShape) || err.Error() != "output width floor((14 + 0 − 16)/1) + 1 = −1 ≤ 0" {
		t.Errorf("got %v", err)
	}
	_, err = OutputSize("height", 4, 3, 1, 2, Valid)
	if !errors.Is(err, ErrShape) || err.Error() != "output height floor((4 + 0 − 2·(3 − 1) − 1)/1) + 1 = 0 ≤ 0" {
		t.Errorf("got %v", err)
	}
	for _, c := range []struct {
		in, k, s, d int
		p           Padding
		want        error
	}{
		{0, 3, 1, 1, Valid, ErrConfig},
		{5, 0, 1, 1, Valid, ErrConfig},
		{5, 3, 0, 1, Valid, ErrConfig},
		{5, 3, 1, -1, Valid, ErrConfig},
		{5, 3, 1, 1, Padding{Mode: "full"}, ErrConfig},
		{5, 3, 1, 1, Explicit(-1, 0, 0, 0), ErrConfig},
		{5, 3, 1, 1, Explicit(0, 0, 0, MaxSide+1), ErrLimit},
		{MaxSide + 1, 3, 1, 1, Valid, ErrLimit},
	} {
		if _, err := OutputSize("width", c.in, c.k, c.s, c.d, c.p); !errors.Is(err, c.want) {
			t.Errorf("%+v: got %v, want %v", c, err, c.want)
		}
	}
	if _, err := OutputSize("depth", 5, 3, 1, 1, Valid); !errors.Is(err, ErrConfig) {
		t.Errorf("unknown axis: got %v", err)
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range [][3]int{{7, 2, 3}, {-2, 1, -2}, {-3, 2, -2}, {-4, 2, -2}, {0, 3, 0}} {
		if got := floorDiv(c[0], c[1]); got != c[2] {
			t.Errorf("floorDiv(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}
