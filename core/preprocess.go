package core

import (
	"encoding/binary"
	"math"

	kern "github.com/svertka/svertka/core/kernel"
)

// The MNIST recipe (LeCun et al.): the digit's bounding box is scaled to fit
// a 20×20 box keeping its aspect ratio, anti-aliased, then placed in a 28×28
// field so that its centre of mass sits at the centre. The seed network takes
// that field padded by 2 on every side.
const (
	PreprocessFit   = 20 // long side of the scaled bounding box, pixels
	PreprocessField = 28 // side of the MNIST image
	PreprocessInput = 32 // side of the model input (the field padded by 2)
)

// preprocessCenter is where the centre of mass lands in the 28×28 field, in
// continuous pixel coordinates (pixel i covers [i, i+1)). Measured on the
// 60,000 MNIST training images: their centre of mass is at pixel index
// 14.00 ± 0.29 on both axes, i.e. 14.5 in continuous coordinates (MNIST
// shifted by whole pixels so the centre of mass landed on pixel 14).
const preprocessCenter = 14.5

// Thresholds of the "nothing drawn" decision.
const (
	// preprocessInkMin is the ink a pixel needs to count towards the
	// bounding box: it ignores the faintest anti-aliasing fringe.
	preprocessInkMin = 0.1
	// preprocessMinExtent: the ink's bounding box must be at least this
	// fraction of the canvas's shorter side on its long side. A click with a
	// brush of 1/14 of the canvas leaves a dot of about 0.07; the smallest
	// digit a person draws on purpose is far larger.
	preprocessMinExtent = 0.12
)

// Rect is a rectangle of canvas pixels; X1 and Y1 are exclusive.
type Rect struct {
	X0, Y0, X1, Y1 int
}

// Dx returns the rectangle's width.
func (r Rect) Dx() int { return r.X1 - r.X0 }

// Dy returns the rectangle's height.
func (r Rect) Dy() int { return r.Y1 - r.Y0 }

// Preprocessed is a drawing turned into the model's input, with the
// intermediate steps of the MNIST recipe for display.
//
// Coordinates in the 28×28 field are continuous pixel coordinates: (0, 0) is
// the top-left corner of the field, (28, 28) its bottom-right corner, and the
// pixel at index (i, j) covers [i, i+1) × [j, j+1).
type Preprocessed struct {
	// Empty reports that nothing was drawn: a blank canvas or a single dot.
	// No prediction must be made. Image28 and Input are then all zero.
	Empty bool
	// BBox is the ink's bounding box on the canvas (zero if there is no ink).
	BBox Rect
	// CanvasCenterOfMass is the ink's centre of mass (x, y) on the canvas,
	// in continuous canvas pixel coordinates.
	CanvasCenterOfMass [2]float64
	// CenterOfMass is the centre of mass (x, y) of the scaled digit in the
	// 28×28 field before the shift, when its bounding box is centred in the
	// field.
	CenterOfMass [2]float64
	// Shift is the translation (x, y) in field pixels that moves the centre
	// of mass to the centre of the field, where it sits in Image28.
	Shift [2]float64
	// Image28 is the 28×28 MNIST-style image, row-major: digit 1 on
	// background 0, the brightest pixel scaled to 1 (MNIST digits saturate).
	Image28 []float32
	// Input is Image28 padded by 2 zero pixels on each side: the 32×32×1
	// model input.
	Input []float32
}

// Preprocess turns a canvas drawing into the model's input. rgba holds
// width×height non-premultiplied RGBA pixels (as in the browser's ImageData).
// Ink per pixel is (a/255)·(1 − luminance/255): dark strokes on a transparent
// or white canvas. The drawing is normalised with the MNIST recipe — see
// PreprocessInk. The result is the caller's; a Preprocessor does the same
// without allocating.
func Preprocess(rgba []byte, width, height int) (*Preprocessed, error) {
	return new(Preprocessor).Preprocess(rgba, width, height)
}

// Preprocessor runs Preprocess on drawing after drawing, reusing its
// buffers, so that after the first call of a canvas size it allocates
// nothing: the playground preprocesses the canvas on every pen move. The
// zero value is ready to use; it is not safe for concurrent use.
type Preprocessor struct {
	ink    []float32 // the canvas's ink
	tmp    []float32 // the ink's bounding box resampled horizontally
	ax, ay areaAxis
	out    Preprocessed
}

// Preprocess is the package's Preprocess; the result and its slices are
// the Preprocessor's and valid until its next call.
func (pp *Preprocessor) Preprocess(rgba []byte, width, height int) (*Preprocessed, error) {
	if err := checkShape("preprocess: canvas", []int{height, width}, 2); err != nil {
		return nil, err
	}
	if want := 4 * width * height; len(rgba) != want {
		return nil, errorf(ErrInput, "preprocess: %d bytes of RGBA do not match a %d×%d canvas (%d bytes)", len(rgba), width, height, want)
	}
	pp.ink = grow(pp.ink, width*height)
	inkFromRGBA(pp.ink, rgba)
	return pp.normalize(pp.ink, width, height, PreprocessFit, [2]float64{preprocessCenter, preprocessCenter}), nil
}

// inkFromRGBA writes each pixel's ink, (a/255)·(1 − luminance/255), with the
// Rec. 601 luminance the browser uses for greyscale. Each pixel is read as
// one little-endian word, and one whose four bytes are 0, most of a
// transparent canvas, has ink +0 without the arithmetic.
func inkFromRGBA(ink []float32, rgba []byte) {
	rgba = rgba[:4*len(ink)]
	for i := range ink {
		px := binary.LittleEndian.Uint32(rgba[4*i:])
		if px == 0 {
			ink[i] = 0
			continue
		}
		lum := 0.299*float32(px&0xff) + 0.587*float32(px>>8&0xff) + 0.114*float32(px>>16&0xff)
		ink[i] = float32(px>>24) / 255 * (1 - lum/255)
	}
}

// PreprocessInk applies the MNIST recipe to an ink image (width×height
// values, 0 = background, 1 = full ink; values are clamped to [0, 1]):
// bounding box of the ink → scaled to fit 20×20 keeping the aspect ratio,
// anti-aliased by area averaging → placed so the centre of mass is at the
// centre of a 28×28 field → padded to 32×32. The scaling and the placement
// are a single area-averaging resample, so the shift is exact to a fraction
// of a pixel and adds no blur of its own.
func PreprocessInk(ink []float32, width, height int) (*Preprocessed, error) {
	if err := checkShape("preprocess: ink image", []int{height, width}, 2); err != nil {
		return nil, err
	}
	if len(ink) != width*height {
		return nil, errorf(ErrInput, "preprocess: %d ink values do not match a %d×%d image (%d values)", len(ink), width, height, width*height)
	}
	if err := checkFinite("preprocess: ink image", ink); err != nil {
		return nil, err
	}
	clamped := make([]float32, len(ink))
	for i, v := range ink {
		clamped[i] = min(max(v, 0), 1)
	}
	return new(Preprocessor).normalize(clamped, width, height, PreprocessFit, [2]float64{preprocessCenter, preprocessCenter}), nil
}

// normalize is the recipe with the fitted size and the target of the
// centre of mass as parameters: the playground uses MNIST's, and
// augmentation jitters them. ink must hold values in [0, 1]. The result is
// pp.out.
func (pp *Preprocessor) normalize(ink []float32, width, height int, fit float64, center [2]float64) *Preprocessed {
	const field = PreprocessField
	p := &pp.out
	*p = Preprocessed{
		Image28: grow(p.Image28, field*field),
		Input:   grow(p.Input, PreprocessInput*PreprocessInput),
	}
	clear(p.Image28)
	clear(p.Input)
	box, ok := inkBounds(ink, width, height)
	if !ok {
		p.Empty = true
		return p
	}
	p.BBox = box
	if float64(max(box.Dx(), box.Dy())) < preprocessMinExtent*float64(min(width, height)) {
		p.Empty = true
		return p
	}

	// Centre of mass of the ink inside the box, continuous coordinates.
	var mass, mx, my float64
	for y := box.Y0; y < box.Y1; y++ {
		var rowMass, rowX float64
		for x, v := range ink[y*width+box.X0 : y*width+box.X1] {
			rowMass += float64(v)
			rowX += float64(v) * float64(x)
		}
		mass += rowMass
		mx += rowX + rowMass*(float64(box.X0)+0.5)
		my += rowMass * (float64(y) + 0.5)
	}
	cx, cy := mx/mass, my/mass
	p.CanvasCenterOfMass = [2]float64{cx, cy}

	// Canvas → field: t = x·scale + offset, chosen so the box's long side
	// becomes fit pixels and the centre of mass lands on center.
	scale := fit / float64(max(box.Dx(), box.Dy()))
	offX, offY := center[0]-cx*scale, center[1]-cy*scale
	p.CenterOfMass = [2]float64{
		(cx-float64(box.X0))*scale + (field-float64(box.Dx())*scale)/2,
		(cy-float64(box.Y0))*scale + (field-float64(box.Dy())*scale)/2,
	}
	p.Shift = [2]float64{center[0] - p.CenterOfMass[0], center[1] - p.CenterOfMass[1]}

	pp.ax.init(field, scale, offX, box.X0, box.X1)
	pp.ay.init(field, scale, offY, box.Y0, box.Y1)
	pp.tmp = grow(pp.tmp, box.Dy()*field)
	resampleArea(p.Image28, pp.tmp, ink, width, box, &pp.ax, &pp.ay)

	var peak float32
	for _, v := range p.Image28 {
		peak = max(peak, v)
	}
	if peak > 0 {
		for i := range p.Image28 {
			p.Image28[i] = min(p.Image28[i]/peak, 1)
		}
	}
	const pad = (PreprocessInput - field) / 2
	for y := range field {
		copy(p.Input[(y+pad)*PreprocessInput+pad:], p.Image28[y*field:(y+1)*field])
	}
	return p
}

// inkBounds returns the bounding box of the pixels with at least
// preprocessInkMin ink, and false if there are none.
func inkBounds(ink []float32, width, height int) (Rect, bool) {
	r := Rect{X0: width, Y0: height}
	for y := range height {
		row := ink[y*width : (y+1)*width]
		first := -1
		for x, v := range row {
			if v >= preprocessInkMin {
				first = x
				break
			}
		}
		if first < 0 {
			continue
		}
		last := first
		for x := width - 1; x > first; x-- {
			if row[x] >= preprocessInkMin {
				last = x
				break
			}
		}
		r.X0, r.X1 = min(r.X0, first), max(r.X1, last+1)
		r.Y0, r.Y1 = min(r.Y0, y), y+1
	}
	return r, r.X1 > r.X0
}

// areaAxis holds, for one axis, the source pixels and weights that make each
// target pixel the average of the source over the target pixel's preimage
// (a box filter: exact anti-aliasing when shrinking, blocky but
// mass-preserving when enlarging).
type areaAxis struct {
	first, count []int     // per target pixel: first source pixel, how many
	weights      []float32 // concatenated weights, in target order
	start        []int     // per target pixel: offset into weights
}

// init computes the weights for n target pixels under t = x·scale + offset,
// reading only source pixels in [lo, hi). It reuses a's slices.
func (a *areaAxis) init(n int, scale, offset float64, lo, hi int) {
	a.first, a.count, a.start = grow(a.first, n), grow(a.count, n), grow(a.start, n)
	clear(a.first)
	clear(a.count)
	a.weights = a.weights[:0]
	for j := range n {
		xa := max((float64(j)-offset)/scale, float64(lo))
		xb := min((float64(j+1)-offset)/scale, float64(hi))
		a.start[j] = len(a.weights)
		if xb <= xa {
			continue
		}
		i0, i1 := int(math.Floor(xa)), int(math.Ceil(xb))
		a.first[j], a.count[j] = i0, i1-i0
		for i := i0; i < i1; i++ {
			overlap := min(xb, float64(i+1)) - max(xa, float64(i))
			a.weights = append(a.weights, float32(overlap*scale))
		}
	}
}

// resampleArea resamples the box of the width-wide source image into dst
// (len(ay.first) rows of len(ax.first) pixels): rows first, into tmp
// (box.Dy() rows of len(ax.first)), then columns.
func resampleArea(dst, tmp, src []float32, width int, box Rect, ax, ay *areaAxis) {
	nx, ny := len(ax.first), len(ay.first)
	for y := box.Y0; y < box.Y1; y++ {
		row := src[y*width : (y+1)*width]
		out := tmp[(y-box.Y0)*nx : (y-box.Y0+1)*nx]
		for j := range nx {
			out[j] = kern.Dot(ax.weights[ax.start[j]:ax.start[j]+ax.count[j]], row[ax.first[j]:])
		}
	}
	for k := range ny {
		out := dst[k*nx : (k+1)*nx]
		clear(out)
		w := ay.weights[ay.start[k] : ay.start[k]+ay.count[k]]
		for m, wm := range w {
			row := (ay.first[k] + m - box.Y0) * nx
			kern.Axpy(wm, tmp[row:row+nx], out)
		}
	}
}
