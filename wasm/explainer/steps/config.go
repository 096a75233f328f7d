package steps

import (
	"encoding/base64"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/svertka/svertka/core"
)

// Scene is what the explainer animates.
type Scene string

// Scenes.
const (
	// SceneConv slides one kernel over one grey channel.
	SceneConv Scene = "conv"
	// SceneRGB convolves a colour image with two filters of three kernels
	// each, one kernel per colour channel.
	SceneRGB Scene = "rgb"
	// ScenePool slides a max, min or average pooling window.
	ScenePool Scene = "pool"
)

// Scenes lists the scenes in the order the page offers them.
var Scenes = []Scene{SceneConv, SceneRGB, ScenePool}

// Inputs that are not built-in samples.
const (
	// InputDrawing is the digit drawn in the playground (Config.Drawing).
	InputDrawing = "drawing"
	// InputUpload is an image the person chose; its pixels stay with the
	// program and never appear in a URL.
	InputUpload = "upload"
)

// Limits of the settings. They keep every grid large enough to see.
const (
	MinRes, MaxRes = 4, 32 // input side in cells
	MaxKernel      = 7     // kernel side
	MaxStride      = 4
	MaxDilation    = 4
	MaxPad         = 4 // explicit padding per side
	MaxPoolSize    = 4
	MaxWeight      = 100 // largest |kernel value|
	MaxDrawingSide = 64
)

const (
	defaultRes        = 16
	defaultKernelSize = 3
	defaultKernel     = "sobel-x"
	defaultPoolSize   = 2
	defaultInput      = "shapes"
	customKernel      = "custom"
	drawingParam      = "drawing"
	maxQueryLen       = 16 << 10
	weightDigits      = 4 // significant digits of a kernel value in a URL
)

// Config is one explainer setting, as it appears in the page URL.
type Config struct {
	Scene Scene
	// Input is a sample name (see Samples), InputDrawing or InputUpload.
	Input string
	// Res is the side of the (square) input in cells after resizing.
	Res int
	// Drawing is the playground drawing: Side×Side grey levels, 0 black
	// background to 255 white ink, row by row. Empty unless Input is InputDrawing.
	Drawing []uint8
	// KernelSize is the side of the square convolution kernel.
	KernelSize int
	// Kernel is a preset name (see Presets) or "custom".
	Kernel string
	// Weights are the KernelSize×KernelSize kernel values, row by row.
	Weights []float32
	Padding core.Padding
	// Stride is the step of the window; 0 means the default: 1 for a
	// convolution and the pool size for pooling (as Keras does).
	Stride   int
	Dilation int
	Pool     core.PoolMode
	PoolSize int
	// Step is the step to show first.
	Step int
	// Play says whether the animation starts playing.
	Play bool
}

// DefaultConfig returns the setting the explainer opens with.
func DefaultConfig() Config {
	c := Config{
		Scene: SceneConv, Input: defaultInput, Res: defaultRes,
		KernelSize: defaultKernelSize, Kernel: defaultKernel,
		Padding: core.Same, Dilation: 1,
		Pool: core.MaxPool, PoolSize: defaultPoolSize,
		Play: true,
	}
	c.Weights, _ = Preset(c.Kernel, c.KernelSize)
	return c
}

// Strides returns the effective stride (Stride with its default filled in).
func (c Config) Strides() int {
	if c.Stride > 0 {
		return c.Stride
	}
	if c.Scene == ScenePool {
		return c.PoolSize
	}
	return 1
}

// ParseQuery reads a setting from a URL query such as
// "scene=conv&kernel=sobel-x&padding=same&stride=2". Missing parameters take
// their defaults; a parameter with a bad value is an error naming it.
//
// Parameters: scene (conv, rgb, pool); input (a sample name, drawing or
// upload); drawing (base64url of Side×Side bytes, with input=drawing); res
// (4–32); ksize (1–7); kernel (a preset name or KernelSize² comma-separated
// values); padding (valid, same, n for n cells on every side, or
// top,bottom,left,right); stride (1–4); dilation (1–4); mode (max, min, avg);
// size (pool size 1–4); step (0, 1, ...); play (0 or 1, default 1 unless step
// is given).
func ParseQuery(query string) (Config, error) {
	c := DefaultConfig()
	if len(query) > maxQueryLen {
		return c, newError(ErrConfig, "query-long", maxQueryLen)
	}
	q, err := url.ParseQuery(strings.TrimPrefix(query, "?"))
	if err != nil {
		return c, newError(ErrConfig, "query", err)
	}
	for name := range q {
		if !slices.Contains(queryParams, name) {
			return c, newError(ErrConfig, "param-unknown", name, strings.Join(queryParams, ", "))
		}
	}
	get := q.Get
	if v := get("scene"); v != "" {
		c.Scene = Scene(v)
		if !slices.Contains(Scenes, c.Scene) {
			return c, newError(ErrConfig, "scene", v)
		}
	}
	ints := []struct {
		name     string
		dst      *int
		min, max int
	}{
		{"res", &c.Res, MinRes, MaxRes},
		{"ksize", &c.KernelSize, 1, MaxKernel},
		{"stride", &c.Stride, 1, MaxStride},
		{"dilation", &c.Dilation, 1, MaxDilation},
		{"size", &c.PoolSize, 1, MaxPoolSize},
		{"step", &c.Step, 0, math.MaxInt32},
	}
	for _, p := range ints {
		v := get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min || n > p.max {
			return c, newError(ErrConfig, "param-range", p.name, p.min, p.max, v)
		}
		*p.dst = n
	}
	if get("step") != "" {
		c.Play = false
	}
	switch v := get("play"); v {
	case "":
	case "0", "1":
		c.Play = v == "1"
	default:
		return c, newError(ErrConfig, "param-range", "play", 0, 1, v)
	}
	if v := get("mode"); v != "" {
		c.Pool = core.PoolMode(v)
		if c.Pool != core.MaxPool && c.Pool != core.MinPool && c.Pool != core.AvgPool {
			return c, newError(ErrConfig, "mode", v)
		}
	}
	if v := get("padding"); v != "" {
		if c.Padding, err = parsePadding(v); err != nil {
			return c, err
		}
	}
	if c.Scene == ScenePool && c.Padding.Mode == core.PaddingExplicit {
		return c, newError(ErrConfig, "pool-padding", c.Padding)
	}
	if err := c.parseKernel(get("kernel"), get("ksize") != ""); err != nil {
		return c, err
	}
	if err := c.parseInput(get("input"), get(drawingParam)); err != nil {
		return c, err
	}
	return c, nil
}

var queryParams = []string{"scene", "input", drawingParam, "res", "ksize", "kernel", "padding",
	"stride", "dilation", "mode", "size", "step", "play"}

func parsePadding(v string) (core.Padding, error) {
	switch v {
	case core.PaddingValid:
		return core.Valid, nil
	case core.PaddingSame:
		return core.Same, nil
	}
	parts := strings.Split(v, ",")
	if len(parts) != 1 && len(parts) != 4 {
		return core.Padding{}, newError(ErrConfig, "padding", v, MaxPad)
	}
	var n [4]int
	for i := range n {
		s := parts[min(i, len(parts)-1)]
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 0 || k > MaxPad {
			return core.Padding{}, newError(ErrConfig, "padding", v, MaxPad)
		}
		n[i] = k
	}
	return core.Explicit(n[0], n[1], n[2], n[3]), nil
}

// parseKernel fills Kernel and Weights from the kernel parameter. A list of
// values fixes the kernel size when ksize is not given.
func (c *Config) parseKernel(v string, sizeGiven bool) error {
	if v == "" {
		v = defaultKernel
	}
	if !strings.Contains(v, ",") && !isNumber(v) {
		w, err := Preset(v, c.KernelSize)
		if err != nil {
			return err
		}
		c.Kernel, c.Weights = v, w
		return nil
	}
	parts := strings.Split(v, ",")
	side := int(math.Round(math.Sqrt(float64(len(parts)))))
	if sizeGiven && len(parts) != c.KernelSize*c.KernelSize ||
		!sizeGiven && (side*side != len(parts) || side > MaxKernel) {
		return newError(ErrConfig, "kernel-count", c.KernelSize*c.KernelSize, c.KernelSize, len(parts))
	}
	w := make([]float32, len(parts))
	for i, s := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 32)
		if err != nil || math.IsNaN(f) || math.Abs(f) > MaxWeight {
			return newError(ErrConfig, "kernel-value", s, MaxWeight)
		}
		w[i] = float32(f)
	}
	c.KernelSize, c.Kernel, c.Weights = side, customKernel, w
	return nil
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

func (c *Config) parseInput(v, drawing string) error {
	if v != "" {
		c.Input = v
	}
	switch {
	case c.Input == InputUpload:
		return nil
	case c.Input == InputDrawing:
		if drawing == "" {
			return nil // the host supplies the drawing (sessionStorage)
		}
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(drawing, "="))
		if err != nil {
			return newError(ErrImage, "drawing-param", err)
		}
		if _, err := drawingSide(len(b)); err != nil {
			return err
		}
		c.Drawing = b
		return nil
	case !slices.Contains(Samples, c.Input):
		return newError(ErrConfig, "input", c.Input, strings.Join(Samples, ", "))
	}
	return nil
}

// Query returns the setting as a URL query, the inverse of ParseQuery.
// Parameters at their default value are left out, so links stay short.
func (c Config) Query() string {
	d := DefaultConfig()
	q := url.Values{}
	set := func(name, v, def string) {
		if v != def {
			q.Set(name, v)
		}
	}
	set("scene", string(c.Scene), string(d.Scene))
	set("input", c.Input, d.Input)
	if c.Input == InputDrawing && len(c.Drawing) > 0 {
		q.Set(drawingParam, base64.RawURLEncoding.EncodeToString(c.Drawing))
	}
	set("res", strconv.Itoa(c.Res), strconv.Itoa(d.Res))
	set("ksize", strconv.Itoa(c.KernelSize), strconv.Itoa(d.KernelSize))
	if c.Kernel == customKernel {
		vals := make([]string, len(c.Weights))
		for i, w := range c.Weights {
			vals[i] = strconv.FormatFloat(float64(w), 'g', weightDigits, 32)
		}
		q.Set("kernel", strings.Join(vals, ","))
	} else {
		set("kernel", c.Kernel, d.Kernel)
	}
	set("padding", paddingParam(c.Padding), paddingParam(d.Padding))
	if c.Stride > 0 {
		q.Set("stride", strconv.Itoa(c.Stride))
	}
	set("dilation", strconv.Itoa(c.Dilation), strconv.Itoa(d.Dilation))
	set("mode", string(c.Pool), string(d.Pool))
	set("size", strconv.Itoa(c.PoolSize), strconv.Itoa(d.PoolSize))
	if c.Step > 0 {
		q.Set("step", strconv.Itoa(c.Step))
	}
	if c.Play != (c.Step == 0) {
		q.Set("play", map[bool]string{false: "0", true: "1"}[c.Play])
	}
	return q.Encode()
}

func paddingParam(p core.Padding) string {
	if p.Mode != core.PaddingExplicit {
		return p.String()
	}
	if p.Top == p.Bottom && p.Top == p.Left && p.Top == p.Right {
		return strconv.Itoa(p.Top)
	}
	return strconv.Itoa(p.Top) + "," + strconv.Itoa(p.Bottom) + "," + strconv.Itoa(p.Left) + "," + strconv.Itoa(p.Right)
}
