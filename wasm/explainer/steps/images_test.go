package steps

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/svertka/svertka/core"
)

func TestPresets3x3(t *testing.T) {
	// The textbook 3×3 kernels each preset generalises.
	want := map[string][]float32{
		"identity":  {0, 0, 0, 0, 1, 0, 0, 0, 0},
		"gaussian":  {1. / 16, 2. / 16, 1. / 16, 2. / 16, 4. / 16, 2. / 16, 1. / 16, 2. / 16, 1. / 16},
		"sobel-x":   {-1, 0, 1, -2, 0, 2, -1, 0, 1},
		"sobel-y":   {-1, -2, -1, 0, 0, 0, 1, 2, 1},
		"laplacian": {1, 1, 1, 1, -8, 1, 1, 1, 1},
		"emboss":    {-2, -1, 0, -1, 1, 1, 0, 1, 2},
		"sharpen":   {-1. / 9, -1. / 9, -1. / 9, -1. / 9, 17. / 9, -1. / 9, -1. / 9, -1. / 9, -1. / 9},
		"box-blur":  {1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9, 1. / 9},
	}
	if len(want) != len(Presets) {
		t.Fatalf("%d presets, %d checked", len(Presets), len(want))
	}
	for name, w := range want {
		got, err := Preset(name, 3)
		if err != nil {
			t.Fatal(err)
		}
		for i := range w {
			if !near(got[i], w[i]) {
				t.Fatalf("%s = %v, want %v", name, got, w)
			}
		}
	}
}

func TestPresetsAllSizes(t *testing.T) {
	sobel5 := []float32{-1, -2, 0, 2, 1, -4, -8, 0, 8, 4, -6, -12, 0, 12, 6, -4, -8, 0, 8, 4, -1, -2, 0, 2, 1}
	got, _ := Preset("sobel-x", 5)
	if !slices.Equal(got, sobel5) {
		t.Fatalf("5×5 Sobel x = %v", got)
	}
	for size := 1; size <= MaxKernel; size++ {
		for _, name := range Presets {
			w, err := Preset(name, size)
			if err != nil || len(w) != size*size {
				t.Fatalf("%s %d: %v %v", name, size, w, err)
			}
			var sum float64
			for _, v := range w {
				sum += float64(v)
			}
			// Blurs and sharpening keep the brightness; derivatives and the
			// Laplacian sum to 0 (a flat image gives 0).
			want := map[string]float64{"identity": 1, "box-blur": 1, "gaussian": 1, "sharpen": 1, "sobel-x": 0, "sobel-y": 0, "laplacian": 0}
			if s, ok := want[name]; ok && math.Abs(sum-s) > 1e-5 {
				t.Errorf("%s %d×%d sums to %v, want %v", name, size, size, sum, s)
			}
		}
	}
	if _, err := Preset("blur", 3); !errors.Is(err, ErrConfig) {
		t.Fatal(err)
	}
	if _, err := Preset("identity", 8); !errors.Is(err, ErrConfig) {
		t.Fatal(err)
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
