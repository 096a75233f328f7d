package core

// Windowed is a layer each of whose output cells reads a window of its
// input's height and width — Conv2D, the poolings and ZeroPadding2D (a 1×1
// window over the padded input) — which is what a receptive field is made
// of. Window gives the arithmetic of both axes (OutputSize's, the one
// formula), for a layer built into a model or by NewLayer.
type Windowed interface {
	Layer
	Window() (height, width AxisSize)
}

func (c *Conv2DLayer) Window() (height, width AxisSize) { return c.plan.g.h, c.plan.g.w }

func (l *Pool2DLayer) Window() (height, width AxisSize) { return l.plan.g.h, l.plan.g.w }

// Window is the 1×1 window, stride 1, of the padded input: the output size
// in + before + after.
func (l *ZeroPadding2D) Window() (height, width AxisSize) {
	p := Explicit(l.pad[0][0], l.pad[0][1], l.pad[1][0], l.pad[1][1])
	// build has checked the sizes, so OutputSize cannot fail.
	height, _ = OutputSize("height", l.in[0], 1, 1, 1, p)
	width, _ = OutputSize("width", l.in[1], 1, 1, 1, p)
	return height, width
}

// NewLayer returns the layer spec describes, built for samples of
// inputShape (no batch axis) outside any model, with no weight data: for
// its output shape, its parameter count and, for a Windowed layer, its
// window. Errors are those a model with the layer would give: ErrConfig
// for the spec, ErrShape (with the numbers) for an impossible shape. A
// flat input may be longer than MaxSide, as a Flatten layer's output in a
// model may.
func NewLayer(spec LayerSpec, inputShape []int) (Layer, error) {
	if flat := len(inputShape) == 1 && inputShape[0] > 0 && inputShape[0] <= MaxElements; !flat {
		if err := checkShape("input shape", inputShape, len(inputShape)); err != nil {
			return nil, err
		}
	}
	c, cfg, err := decodeSpec(ErrConfig, "layer spec", spec, false)
	if err != nil {
		return nil, err
	}
	l := c.build(cfg)
	if err := l.build(inputShape); err != nil {
		return nil, err
	}
	return l, nil
}

// windowSetting is a window setting of a layer config: its Keras field and
// its [height, width] value.
type windowSetting struct {
	field string
	v     [2]int
}

// positiveSettings names the first setting that is not positive.
func positiveSettings(settings ...windowSetting) error {
	for _, s := range settings {
		if s.v[0] <= 0 || s.v[1] <= 0 {
			return errorf(ErrConfig, "%s must be positive integers [height, width], got [%d, %d]", s.field, s.v[0], s.v[1])
		}
	}
	return nil
}
