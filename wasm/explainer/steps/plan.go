package steps

import (
	"errors"

	"github.com/svertka/svertka/core"
)

// Plan is one explainer setting worked out: the input, the output size
// along each axis and every output value, all from core. Its steps (Step)
// add the geometry: where the window is, which cells are padding and which
// output cell is written.
type Plan struct {
	Config Config
	// Input is the image the window slides over: [Res, Res, 1] for the conv
	// and pool scenes, [Res, Res, 3] for the rgb scene.
	Input core.Tensor
	// Height and Width are core's output size and padding per axis.
	Height, Width core.AxisSize
	// Filters are the convolution's output channels taken apart by
	// core.Conv2DSteps: one for the conv scene, two for the rgb scene.
	Filters []Filter
	// Pooled is core.Pool2D's output ([OH, OW, 1]) in the pool scene.
	Pooled core.Tensor
}

// Filter is one output channel of the convolution.
type Filter struct {
	*core.ConvSteps
	Activation core.Activation
	// Focus is the output cell (row-major index) the sum, bias and
	// activation steps use as their example: the strongest response.
	Focus int
}

// Phase is the kind of a step.
type Phase string

// Phases.
const (
	// PhasePad shows the input with its padding (rgb: split into channels).
	PhasePad Phase = "pad"
	// PhaseCell moves the window and writes one output cell.
	PhaseCell Phase = "cell"
	// PhaseSum adds up the per-channel partial maps (rgb).
	PhaseSum Phase = "sum"
	// PhaseBias adds the filter's bias (rgb).
	PhaseBias Phase = "bias"
	// PhaseActivation applies the activation: one output channel is done (rgb).
	PhaseActivation Phase = "activation"
)

// rgbFilters describes the two filters of the rgb scene. The first applies
// the chosen kernel to the brightness (each channel's kernel is the chosen
// one scaled by that channel's Rec. 601 luma weight), so it agrees with the
// conv scene; the second responds to warm colours (red minus half of green
// and blue, averaged over the window). Both have a small negative bias and
// ReLU, so that every one of the five steps changes something.
var rgbFilters = [2]struct {
	channel   [3]float32 // weight per colour channel
	useKernel bool       // channel weight × chosen kernel, else × box blur
	bias      float32
}{
	{channel: [3]float32{0.299, 0.587, 0.114}, useKernel: true, bias: -0.1},
	{channel: [3]float32{1, -0.5, -0.5}, bias: -0.1},
}

// NewPlan works out cfg on the image src ([H, W, C], C = 1 or 3, values in
// [0, 1]); src is cropped and resized to cfg.Res. Impossible settings give
// ErrShape with the output-size formula.
func NewPlan(cfg Config, src core.Tensor) (*Plan, error) {
	if len(src.Shape) != 3 || (src.Shape[2] != 1 && src.Shape[2] != 3) || len(src.Data) != src.Shape[0]*src.Shape[1]*src.Shape[2] {
		return nil, newError(ErrImage, "shape", src.Shape)
	}
	if cfg.Res < MinRes || cfg.Res > MaxRes {
		return nil, newError(ErrConfig, "param-range", "res", MinRes, MaxRes, cfg.Res)
	}
	channels := 1
	if cfg.Scene == SceneRGB {
		channels = 3
	}
	p := &Plan{Config: cfg, Input: Prepare(src, cfg.Res, channels)}
	k := p.WindowSize()
	var err error
	if p.Height, err = core.OutputSize("height", cfg.Res, k, cfg.Strides(), p.dilation(), cfg.Padding); err != nil {
		return nil, shapeError("height", p.Height, err)
	}
	if p.Width, err = core.OutputSize("width", cfg.Res, k, cfg.Strides(), p.dilation(), cfg.Padding); err != nil {
		return nil, shapeError("width", p.Width, err)
	}
	switch cfg.Scene {
	case ScenePool:
		p.Pooled, err = core.Pool2D(p.Input, core.PoolParams{
			Mode: cfg.Pool, Size: [2]int{k, k}, Strides: [2]int{cfg.Strides(), cfg.Strides()}, Padding: cfg.Padding,
		})
	case SceneConv, SceneRGB:
		err = p.convolve()
	default:
		return nil, newError(ErrConfig, "scene", cfg.Scene)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// shapeError explains an impossible output size with core's formula.
func shapeError(axis string, a core.AxisSize, err error) error {
	if errors.Is(err, core.ErrShape) {
		return newError(ErrShape, "shape-"+axis, a.Formula)
	}
	return newError(ErrConfig, "core", err)
}

func (p *Plan) convolve() error {
	cfg := p.Config
	k := cfg.KernelSize
	if len(cfg.Weights) != k*k {
		return newError(ErrConfig, "kernel-count", k*k, k, len(cfg.Weights))
	}
	in := p.Input.Shape[2]
	var kernel core.Tensor
	var bias []float32
	act := core.Activation("linear")
	if cfg.Scene == SceneConv {
		kernel = core.Tensor{Data: append([]float32(nil), cfg.Weights...), Shape: []int{k, k, 1, 1}}
	} else {
		act = "relu"
		box, _ := Preset("box-blur", k)
		kernel = core.NewTensor(k, k, in, len(rgbFilters))
		for f, rf := range rgbFilters {
			base := box
			if rf.useKernel {
				base = cfg.Weights
			}
			for i, w := range base {
				for c := range in {
					kernel.Data[(i*in+c)*len(rgbFilters)+f] = rf.channel[c] * w
				}
			}
			bias = append(bias, rf.bias)
		}
	}
	params := core.ConvParams{
		Strides: [2]int{cfg.Strides(), cfg.Strides()}, Dilation: [2]int{cfg.Dilation, cfg.Dilation},
		Padding: cfg.Padding, Activation: act,
	}
	for f := range kernel.Shape[3] {
		s, err := core.Conv2DSteps(p.Input, kernel, bias, params, f)
		if err != nil {
			return newError(ErrConfig, "core", err)
		}
		p.Filters = append(p.Filters, Filter{ConvSteps: s, Activation: act, Focus: core.Argmax(s.Activated.Data)})
	}
	return nil
}

// WindowSize is the side of the sliding window: the kernel size, or the
// pool size in the pool scene.
func (p *Plan) WindowSize() int {
	if p.Config.Scene == ScenePool {
		return p.Config.PoolSize
	}
	return p.Config.KernelSize
}

// dilation is the window's dilation; pooling windows are never dilated.
func (p *Plan) dilation() int {
	if p.Config.Scene == ScenePool {
		return 1
	}
	return p.Config.Dilation
}

// OutH and OutW are the output size.
func (p *Plan) OutH() int { return p.Height.Out }

// OutW is the output width.
func (p *Plan) OutW() int { return p.Width.Out }

// PaddedH is the height of the padded input.
func (p *Plan) PaddedH() int { return p.Height.In + p.Height.PadBefore + p.Height.PadAfter }

// PaddedW is the width of the padded input.
func (p *Plan) PaddedW() int { return p.Width.In + p.Width.PadBefore + p.Width.PadAfter }

// Padded returns the value of channel c at padded coordinates (row, col)
// and whether that cell is a fake border cell (its value is then 0).
func (p *Plan) Padded(row, col, c int) (float32, bool) {
	r, k := row-p.Height.PadBefore, col-p.Width.PadBefore
	if r < 0 || r >= p.Height.In || k < 0 || k >= p.Width.In {
		return 0, true
	}
	ch := p.Input.Shape[2]
	return p.Input.Data[(r*p.Width.In+k)*ch+c], false
}

// Output returns the map the scene produces for filter f: the activated
// map of a convolution filter or the pooled map, [OH, OW].
func (p *Plan) Output(f int) []float32 {
	if p.Config.Scene == ScenePool {
		return p.Pooled.Data
	}
	return p.Filters[f].Activated.Data
}

// cells is the number of output cells per output channel.
func (p *Plan) cells() int { return p.OutH() * p.OutW() }

// filterSteps is the number of steps each filter of the rgb scene takes:
// its cells and then the sum, bias and activation steps.
func (p *Plan) filterSteps() int { return p.cells() + 3 }

// Len is the number of steps.
func (p *Plan) Len() int {
	if p.Config.Scene == SceneRGB {
		return 1 + len(p.Filters)*p.filterSteps()
	}
	return 1 + p.cells()
}
