package steps

import (
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/svertka/svertka/core"
)

func TestParseQueryDefaults(t *testing.T) {
	c, err := ParseQuery("")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Preset("sobel-x", 3)
	if c.Scene != SceneConv || c.Input != "shapes" || c.Res != 16 || c.KernelSize != 3 || c.Kernel != "sobel-x" ||
		!slices.Equal(c.Weights, want) || c.Padding != core.Same || c.Strides() != 1 || c.Dilation != 1 ||
		c.Pool != core.MaxPool || c.PoolSize != 2 || c.Step != 0 || !c.Play {
		t.Fatalf("defaults %+v", c)
	}
	if q := c.Query(); q != "" {
		t.Fatalf("default query %q, want empty", q)
	}
}

func TestParseQuery(t *testing.T) {
	c, err := ParseQuery("?scene=pool&mode=avg&size=3&padding=valid&res=20&input=sunset&step=7")
	if err != nil {
		t.Fatal(err)
	}
	if c.Scene != ScenePool || c.Pool != core.AvgPool || c.PoolSize != 3 || c.Strides() != 3 || c.Padding != core.Valid ||
		c.Res != 20 || c.Input != "sunset" || c.Step != 7 || c.Play {
		t.Fatalf("got %+v", c)
	}
	c, err = ParseQuery("padding=1,2,3,4&kernel=1,2,3,4&stride=2&dilation=3")
	if err != nil {
		t.Fatal(err)
	}
	if c.Padding != core.Explicit(1, 2, 3, 4) || c.KernelSize != 2 || c.Kernel != "custom" ||
		!slices.Equal(c.Weights, []float32{1, 2, 3, 4}) || c.Strides() != 2 || c.Dilation != 3 {
		t.Fatalf("got %+v", c)
	}
	c, err = ParseQuery("padding=2&ksize=5&kernel=laplacian")
	if err != nil {
		t.Fatal(err)
	}
	if c.Padding != core.Explicit(2, 2, 2, 2) || len(c.Weights) != 25 || c.Weights[12] != -8 || c.Weights[0] != 0 {
		t.Fatalf("got %+v", c)
	}
}

func TestQueryRoundTrip(t *testing.T) {
	drawing := base64.RawURLEncoding.EncodeToString([]byte{0, 64, 128, 255})
	for _, q := range append(settings,
		"input=drawing&drawing="+drawing+"&ksize=2&kernel=0.5,-0.25,1e-3,-100",
		"input=upload&step=3&play=1",
		"step=0",
		"scene=pool&stride=1&padding=valid",
	) {
		c, err := ParseQuery(q)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		again, err := ParseQuery(c.Query())
		if err != nil {
			t.Fatalf("%q → %q: %v", q, c.Query(), err)
		}
		if again.Query() != c.Query() || !slices.Equal(again.Weights, c.Weights) || !slices.Equal(again.Drawing, c.Drawing) ||
			again.Padding != c.Padding || again.Play != c.Play || again.Step != c.Step || again.Strides() != c.Strides() {
			t.Fatalf("%q → %q → %q", q, c.Query(), again.Query())
		}
	}
}

func TestParseQueryErrors(t *testing.T) {
	for _, c := range []struct {
		query string
		kind  error
		in    string
	}{
		{"scene=dense", ErrConfig, `unknown scene "dense"`},
		{"strides=2", ErrConfig, `unknown setting "strides"`},
		{"stride=0", ErrConfig, "stride must be a whole number from 1 to 4, got 0"},
		{"stride=9", ErrConfig, "stride must be a whole number from 1 to 4"},
		{"ksize=8", ErrConfig, "ksize must be a whole number from 1 to 7"},
		{"res=2.5", ErrConfig, "res must be"},
		{"dilation=-1", ErrConfig, "dilation must be"},
		{"step=-1", ErrConfig, "step must be"},
		{"play=yes", ErrConfig, "play must be"},
		{"mode=median", ErrConfig, `unknown pooling mode "median"`},
		{"padding=full", ErrConfig, `padding "full" must be`},
		{"padding=1,2", ErrConfig, "padding"},
		{"padding=5", ErrConfig, "each 0–4"},
		{"scene=pool&padding=1", ErrConfig, "pooling takes valid or same padding"},
		{"kernel=sobel-z", ErrConfig, `unknown kernel "sobel-z"`},
		{"kernel=1,2,3", ErrConfig, "kernel needs"},
		{"ksize=3&kernel=1,2,3,4", ErrConfig, "a 3 × 3 kernel needs 9 values, got 4"},
		{"kernel=1,2,NaN,4", ErrConfig, `kernel value "NaN"`},
		{"kernel=1,2,1e9,4", ErrConfig, "from −100 to 100"},
		{"input=cat", ErrConfig, `unknown input "cat"`},
		{"input=drawing&drawing=***", ErrImage, "cannot read the drawing"},
		{"input=drawing&drawing=AAAA", ErrImage, "got 3 values"},
		{"a=%zz", ErrConfig, "cannot read the settings"},
		{strings.Repeat("x", 20000), ErrConfig, "too long"},
	} {
		_, err := ParseQuery(c.query)
		if !errors.Is(err, c.kind) || !strings.Contains(err.Error(), c.in) {
			t.Errorf("ParseQuery(%.40q) = %v, want %v containing %q", c.query, err, c.kind, c.in)
		}
		if ru := Message(err, "ru"); ru == err.Error() {
			t.Errorf("%.40q: no Russian message: %q", c.query, ru)
		}
	}
}

func TestParseDrawing(t *testing.T) {
	pix, err := ParseDrawing("[0, 0.5, 1, 2, -1, 0.25, 0, 0, 1]")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pix, []uint8{0, 128, 255, 255, 0, 64, 0, 0, 255}) {
		t.Fatalf("got %v", pix)
	}
	img, err := FromDrawing(pix)
	if err != nil || !slices.Equal(img.Shape, []int{3, 3, 1}) || img.Data[2] != 1 {
		t.Fatalf("FromDrawing: %v %v", img, err)
	}
	for _, bad := range []string{"", "{}", "[1,2]", `["a"]`, "[" + strings.Repeat("0,", 65*65-1) + "0]"} {
		if _, err := ParseDrawing(bad); !errors.Is(err, ErrImage) {
			t.Errorf("ParseDrawing(%.20q) = %v, want ErrImage", bad, err)
		}
	}
}
