package steps

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/svertka/svertka/core"
)

func TestPresetsAreCores(t *testing.T) {
	// core.KernelPreset defines the kernels (and tests them against the
	// textbook); the explainer must show exactly those.
	if !slices.Equal(Presets, core.KernelPresets()) {
		t.Fatalf("Presets = %v, core has %v", Presets, core.KernelPresets())
	}
	for size := 1; size <= MaxKernel; size++ {
		for _, name := range Presets {
			got, err := Preset(name, size)
			want, _ := core.KernelPreset(name, size, size)
			if err != nil || !slices.Equal(got, want) {
				t.Fatalf("%s %d×%d = %v, %v; core gives %v", name, size, size, got, err, want)
			}
		}
	}
	sobel, _ := Preset("sobel-x", 3)
	if !slices.Equal(sobel, []float32{-1, 0, 1, -2, 0, 2, -1, 0, 1}) {
		t.Fatalf("sobel-x 3×3 = %v", sobel)
	}
	for _, c := range []struct {
		name string
		size int
		msg  string
	}{
		{"blur", 3, `unknown kernel "blur" (presets: identity, box-blur,`},
		{"identity", 8, "ksize must be a whole number from 1 to 7, got 8"},
		{"identity", 0, "ksize must be a whole number from 1 to 7, got 0"},
	} {
		if _, err := Preset(c.name, c.size); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("Preset(%q, %d): %v, want ErrConfig with %q", c.name, c.size, err, c.msg)
		}
	}
}

func TestSamples(t *testing.T) {
	for _, name := range Samples {
		for _, res := range []int{MinRes, 16, MaxRes} {
			img, err := Sample(name, res)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(img.Shape, []int{res, res, 3}) {
				t.Fatalf("%s shape %v", name, img.Shape)
			}
			lo, hi := float32(1), float32(0)
			for _, v := range img.Data {
				lo, hi = min(lo, v), max(hi, v)
			}
			if lo < 0 || hi > 1 || hi-lo < 0.5 {
				t.Fatalf("%s at %d: values in [%v, %v]", name, res, lo, hi)
			}
		}
	}
	img, _ := Sample("shapes", 20)
	at := func(x, y int) []float32 { return img.Data[(y*20+x)*3 : (y*20+x)*3+3] }
	// Red square at the upper left, green disc upper right, blue triangle
	// at the bottom, white around.
	for _, c := range []struct {
		x, y int
		ch   int
	}{{5, 5, 0}, {14, 6, 1}, {10, 16, 2}} {
		px := at(c.x, c.y)
		for ch, v := range px {
			if ch == c.ch && v < 0.7 || ch != c.ch && v > 0.3 {
				t.Fatalf("shapes (%d, %d) = %v, want channel %d dominant", c.x, c.y, px, c.ch)
			}
		}
	}
	if px := at(0, 19); px[0] != 1 || px[1] != 1 || px[2] != 1 {
		t.Fatalf("corner %v, want white", px)
	}
	if _, err := Sample("cat", 16); !errors.Is(err, ErrConfig) {
		t.Fatal(err)
	}
	if _, err := Sample("shapes", 64); !errors.Is(err, ErrConfig) {
		t.Fatal(err)
	}
}

func TestPrepare(t *testing.T) {
	// 3 rows × 4 columns, one channel: the centred square is columns 0–2
	// ((4−3)/2 = 0), resized to 2×2 over 1.5-cell areas.
	src := core.Tensor{Shape: []int{3, 4, 1}, Data: []float32{
		0, 1, 2, 9,
		3, 4, 5, 9,
		6, 7, 8, 9,
	}}
	got := Prepare(src, 2, 1)
	// Top-left cell covers rows/cols [0, 1.5): weights 1 and 0.5 per axis → /1.5 each.
	tl := (0*1*1 + 1*1*0.5 + 3*0.5*1 + 4*0.5*0.5) / 2.25
	if !near(got.Data[0], float32(tl)) || !slices.Equal(got.Shape, []int{2, 2, 1}) {
		t.Fatalf("got %v, top-left want %v", got, tl)
	}
	// Identity size keeps the values; grey → colour repeats them.
	same := Prepare(src, 3, 3)
	if same.Data[3*4] != 4 || same.Data[3*4+1] != 4 || same.Data[3*4+2] != 4 {
		t.Fatalf("colour centre %v", same.Data[12:15])
	}
	// Colour → grey uses Rec. 601 luma.
	rgb := core.Tensor{Shape: []int{1, 1, 3}, Data: []float32{1, 0.5, 0}}
	if g := Prepare(rgb, 1, 1).Data[0]; !near(g, 0.299+0.5*0.587) {
		t.Fatalf("luma %v", g)
	}
	// Upscaling a 2×2 to 4×4 repeats each cell.
	up := Prepare(core.Tensor{Shape: []int{2, 2, 1}, Data: []float32{1, 2, 3, 4}}, 4, 1)
	if !slices.Equal(up.Data, []float32{1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}) {
		t.Fatalf("upscaled %v", up.Data)
	}
}

func TestFromRGBA(t *testing.T) {
	img, err := FromRGBA([]byte{255, 0, 0, 255, 0, 0, 0, 0}, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Opaque red stays red; fully transparent is white, as on the page.
	if !slices.Equal(img.Data, []float32{1, 0, 0, 1, 1, 1}) {
		t.Fatalf("got %v", img.Data)
	}
	if _, err := FromRGBA(make([]byte, 7), 2, 1); !errors.Is(err, ErrImage) {
		t.Fatal(err)
	}
	if _, err := FromRGBA(nil, 0, 0); !errors.Is(err, ErrImage) {
		t.Fatal(err)
	}
}

func TestNewPlanErrors(t *testing.T) {
	cfg := DefaultConfig()
	if _, err := NewPlan(cfg, core.Tensor{Shape: []int{4, 4, 2}, Data: make([]float32, 32)}); !errors.Is(err, ErrImage) {
		t.Fatal(err)
	}
	cfg.Weights = cfg.Weights[:4]
	img, _ := Sample("shapes", 16)
	if _, err := NewPlan(cfg, img); !errors.Is(err, ErrConfig) {
		t.Fatal(err)
	}
}
