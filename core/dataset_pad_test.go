package core

import (
	"slices"
	"testing"
)

func TestPadImages(t *testing.T) {
	// Two 2×1 images of 2 channels on a 5×2 canvas: 1 row above, 2 below,
	// no column on the left, 1 on the right.
	x := []uint8{1, 2, 3, 4, 5, 6, 7, 8}
	got, err := PadImages(x, []int{2, 1, 2}, 5, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint8{
		0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 5, 6, 0, 0, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// The seed network's input: 28×28 into 32×32, 2 cells on every side.
	digit := make([]float32, 28*28)
	for i := range digit {
		digit[i] = 1
	}
	in, err := PadImages(digit, []int{28, 28, 1}, 32, 32)
	if err != nil || len(in) != 32*32 || in[2*32+1] != 0 || in[2*32+2] != 1 || in[29*32+29] != 1 || in[30*32+29] != 0 {
		t.Errorf("28×28 → 32×32: %v, border or inside wrong", err)
	}
	for _, c := range []struct {
		x     []uint8
		shape []int
		h, w  int
		want  string
	}{
		{x, []int{2, 1, 2}, 1, 2, "cannot pad 2×1 images to 1×2: the canvas must be at least as large"},
		{x[:7], []int{2, 1, 2}, 4, 4, "7 values are not a whole number of (2, 1, 2) images"},
		{x, []int{8}, 4, 4, "image shape: shape (8,) must have 3 dimensions"},
		{x, []int{2, 1, 2}, 5000, 4, "padded image shape: dimension 5000 in shape (5000, 4, 2) is above the limit 4096"},
	} {
		if _, err := PadImages(c.x, c.shape, c.h, c.w); err == nil || err.Error() != c.want {
			t.Errorf("PadImages(%d values, %v, %d, %d): %v, want %q", len(c.x), c.shape, c.h, c.w, err, c.want)
		}
	}
}

func BenchmarkPadImagesMNIST(b *testing.B) {
	x := make([]uint8, 1000*28*28)
	b.SetBytes(int64(len(x)))
	for b.Loop() {
		if _, err := PadImages(x, []int{28, 28, 1}, 32, 32); err != nil {
			b.Fatal(err)
		}
	}
}
