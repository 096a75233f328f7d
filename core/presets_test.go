package core_test

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/svertka/svertka/core"
)

// The textbook 3×3 kernels, written out by hand.
var textbook3x3 = map[string][]float32{
	"identity":  {0, 0, 0, 0, 1, 0, 0, 0, 0},
	"box-blur":  {1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9},
	"gaussian":  {1. / 16, 2. / 16, 1. / 16, 2. / 16, 4. / 16, 2. / 16, 1. / 16, 2. / 16, 1. / 16},
	"sharpen":   {0, -1, 0, -1, 5, -1, 0, -1, 0},
	"sobel-x":   {-1, 0, 1, -2, 0, 2, -1, 0, 1},
	"sobel-y":   {-1, -2, -1, 0, 0, 0, 1, 2, 1},
	"laplacian": {0, 1, 0, 1, -4, 1, 0, 1, 0},
	"emboss":    {-2, -1, 0, -1, 1, 1, 0, 1, 2},
}

func TestKernelPreset3x3IsTheTextbookKernel(t *testing.T) {
	names := core.KernelPresets()
	if len(names) != len(textbook3x3) {
		t.Fatalf("%d presets %v, %d checked", len(names), names, len(textbook3x3))
	}
	for _, name := range names {
		got, err := core.KernelPreset(name, 3, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !sameKernel(got, textbook3x3[name]) {
			t.Errorf("%s 3×3 = %v, want %v", name, got, textbook3x3[name])
		}
	}
}

func TestKernelPresetOtherSizes(t *testing.T) {
	for _, c := range []struct {
		name   string
		kh, kw int
		want   []float32
	}{
		{"sobel-x", 5, 5, []float32{
			-1, -2, 0, 2, 1,
			-4, -8, 0, 8, 4,
			-6, -12, 0, 12, 6,
			-4, -8, 0, 8, 4,
			-1, -2, 0, 2, 1}},
		{"sobel-y", 2, 3, []float32{-1, -2, -1, 1, 2, 1}},
		{"sobel-x", 1, 4, []float32{-1, -1, 1, 1}},
		{"laplacian", 5, 5, []float32{
			0, 0, 1, 0, 0,
			0, 0, 1, 0, 0,
			1, 1, -8, 1, 1,
			0, 0, 1, 0, 0,
			0, 0, 1, 0, 0}},
		{"laplacian", 1, 3, []float32{1, -2, 1}},
		{"laplacian", 1, 1, []float32{0}},
		{"sharpen", 3, 5, []float32{
			0, 0, -1, 0, 0,
			-1, -1, 7, -1, -1,
			0, 0, -1, 0, 0}},
		// Even sizes: the centre tap is the upper left of the middle four.
		{"identity", 4, 2, []float32{0, 0, 1, 0, 0, 0, 0, 0}},
		{"emboss", 2, 2, []float32{0, 0, 0, 1}},
		{"emboss", 2, 3, []float32{-1.5, 0.5, 0.5, -0.5, 0.5, 1.5}},
		{"gaussian", 3, 5, []float32{
			1. / 64, 4. / 64, 6. / 64, 4. / 64, 1. / 64,
			2. / 64, 8. / 64, 12. / 64, 8. / 64, 2. / 64,
			1. / 64, 4. / 64, 6. / 64, 4. / 64, 1. / 64}},
		{"box-blur", 1, 2, []float32{0.5, 0.5}},
	} {
		got, err := core.KernelPreset(c.name, c.kh, c.kw)
		if err != nil {
			t.Fatal(err)
		}
		if !sameKernel(got, c.want) {
			t.Errorf("%s %d×%d = %v, want %v", c.name, c.kh, c.kw, got, c.want)
		}
	}
}

func TestKernelPresetKeepsItsMeaningAtEverySize(t *testing.T) {
	// Blurs, sharpen and emboss keep a flat image as it is; derivatives
	// and the Laplacian turn it into 0.
	sums := map[string]float64{"identity": 1, "box-blur": 1, "gaussian": 1, "sharpen": 1, "emboss": 1,
		"sobel-x": 0, "sobel-y": 0, "laplacian": 0}
	for _, name := range core.KernelPresets() {
		for kh := 1; kh <= 9; kh++ {
			for kw := 1; kw <= 9; kw++ {
				w, err := core.KernelPreset(name, kh, kw)
				if err != nil || len(w) != kh*kw {
					t.Fatalf("%s %d×%d: %d values, %v", name, kh, kw, len(w), err)
				}
				var sum float64
				for i, v := range w {
					sum += float64(v)
					// A −0 would print as "-0" and differ from 0 in JavaScript's Object.is.
					if v == 0 && math.Signbit(float64(v)) {
						t.Fatalf("%s %d×%d has −0 at %d: %v", name, kh, kw, i, w)
					}
				}
				if math.Abs(sum-sums[name]) > 1e-5 {
					t.Errorf("%s %d×%d sums to %v, want %v", name, kh, kw, sum, sums[name])
				}
			}
		}
	}
	// sobel-y is sobel-x with rows and columns swapped.
	x, _ := core.KernelPreset("sobel-x", 4, 6)
	y, _ := core.KernelPreset("sobel-y", 6, 4)
	for r := range 4 {
		for c := range 6 {
			if x[r*6+c] != y[c*4+r] {
				t.Fatalf("sobel-y 6×4 is not sobel-x 4×6 transposed: %v, %v", x, y)
			}
		}
	}
}

func TestKernelPresetRefusesBadInput(t *testing.T) {
	for _, c := range []struct {
		name   string
		kh, kw int
		kind   error
		msg    string
	}{
		{"blur", 3, 3, core.ErrConfig, `unknown kernel preset "blur" (presets: identity, box-blur, gaussian, sharpen, sobel-x, sobel-y, laplacian, emboss)`},
		{"sobelx", 3, 3, core.ErrConfig, `unknown kernel preset "sobelx"`},
		{"identity", 0, 3, core.ErrConfig, "kernel size must be at least 1×1, got 0×3"},
		{"identity", 3, -1, core.ErrConfig, "got 3×-1"},
		{"identity", core.MaxSide + 1, 1, core.ErrLimit, "kernel size 4097×1 is above the limit 4096"},
	} {
		w, err := core.KernelPreset(c.name, c.kh, c.kw)
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.msg) || w != nil {
			t.Errorf("KernelPreset(%q, %d, %d) = %v, %v; want %v with %q", c.name, c.kh, c.kw, w, err, c.kind, c.msg)
		}
	}
}

func TestKernelPresetsIsACopy(t *testing.T) {
	names := core.KernelPresets()
	names[0] = "changed"
	if again := core.KernelPresets(); again[0] != "identity" || slices.Contains(again, "changed") {
		t.Fatalf("KernelPresets shares its slice: %v", again)
	}
}

func sameKernel(a, b []float32) bool {
	return slices.EqualFunc(a, b, func(x, y float32) bool { return math.Abs(float64(x-y)) < 1e-6 })
}

func ExampleKernelPreset() {
	for _, name := range []string{"sobel-x", "laplacian"} {
		w, _ := core.KernelPreset(name, 3, 3)
		fmt.Println(name, w)
	}
	w, _ := core.KernelPreset("sobel-x", 3, 5)
	fmt.Println("sobel-x 3×5", w)
	// Output:
	// sobel-x [-1 0 1 -2 0 2 -1 0 1]
	// laplacian [0 1 0 1 -4 1 0 1 0]
	// sobel-x 3×5 [-1 -2 0 2 1 -2 -4 0 4 2 -1 -2 0 2 1]
}
