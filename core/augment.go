package core

import (
	kern "github.com/svertka/svertka/core/kernel"
	"math"
	"math/rand/v2"
)

// AugmentParams sets the range of each random distortion Augmenter applies
// to a 28×28 MNIST-style image. Every sample draws each distortion
// independently and uniformly from its range; zero turns a distortion off.
// Lengths are in pixels of the 28×28 field.
type AugmentParams struct {
	// Rotation: angle in [−Rotation, +Rotation] degrees.
	Rotation float64
	// Shear: slant x += shear·(−y) (y down), shear in [−Shear, +Shear]; 0.3
	// leans the top of a digit 6 pixels over its 20-pixel height.
	Shear float64
	// Aspect: width × e^(a/2), height × e^(−a/2) with a in [−Aspect, +Aspect].
	Aspect float64
	// Thickness: every stroke gets thicker by t pixels (thinner for t < 0),
	// t in [Thickness[0], Thickness[1]], by grey-scale dilation (erosion).
	Thickness [2]float64
	// Elastic: elastic distortion (after Simard et al., 2003): a smooth
	// random displacement field whose control points move by up to a pixels,
	// a in [0, Elastic], spaced ElasticSpacing pixels apart (at least 1).
	Elastic, ElasticSpacing float64
	// Scale: the normalised digit's long side is 20·e^s pixels instead of
	// 20, s in [−Scale, +Scale].
	Scale float64
	// Shift: its centre of mass lands up to Shift pixels from the field's
	// centre on each axis.
	Shift float64
}

// Augmenter distorts MNIST digits so they resemble drawings made on the
// playground's canvas, then puts them through the same normalisation as
// Preprocess (bounding box → 20×20 → centre of mass at the centre), so that
// what the network trains on is what it sees in the browser.
//
// It works on the digit enlarged augmentZoom times and sharpened, so stroke
// thickness changes in half-pixel steps and the final shrink anti-aliases
// the edges like a canvas drawing's. An Augmenter reuses its buffers: use one per
// goroutine.
type Augmenter struct {
	params AugmentParams
	work   []float32    // the distorted digit, augmentSide²
	tmp    []float32    // morphology result, augmentSide²
	rows   []float32    // scratch, augmentSide²: row maxima; elastic control rows
	du, dv []float32    // elastic displacement, augmentSide² each
	pre    Preprocessor // the MNIST recipe's buffers
}

const (
	augmentZoom   = 2
	augmentMargin = 4 // field pixels around the 28×28 image (whose digit has 4 more): room to rotate and thicken
	augmentSide   = (PreprocessField + 2*augmentMargin) * augmentZoom
)

// NewAugmenter returns an Augmenter drawing from the ranges in p.
func NewAugmenter(p AugmentParams) *Augmenter {
	n := augmentSide * augmentSide
	return &Augmenter{
		params: p,
		work:   make([]float32, n),
		tmp:    make([]float32, n),
		rows:   make([]float32, n),
		du:     make([]float32, n),
		dv:     make([]float32, n),
	}
}

// Augment writes a distorted copy of the 28×28 image src (values in [0, 1],
// digit 1 on background 0) to dst (28×28). The distortion is a function of
// seed alone: the same seed gives the same image. If the distortion leaves
// nothing recognisable (strokes thinned away), dst is a copy of src.
func (a *Augmenter) Augment(dst, src []float32, seed uint64) error {
	const n = PreprocessField * PreprocessField
	if len(src) != n || len(dst) != n {
		return errorf(ErrInput, "augment: images must have %d values (28×28), got src %d, dst %d", n, len(src), len(dst))
	}
	if err := checkFinite("augment: src", src); err != nil {
		return err
	}
	p := &a.params
	rng := rand.New(rand.NewPCG(seed, 0x61756731)) // "aug1"
	sym := func(r float64) float64 { return (2*rng.Float64() - 1) * r }

	angle := sym(p.Rotation) * math.Pi / 180
	shear, aspect := sym(p.Shear), sym(p.Aspect)
	thick := p.Thickness[0] + rng.Float64()*(p.Thickness[1]-p.Thickness[0])
	elastic := rng.Float64() * p.Elastic
	fit := PreprocessFit * math.Exp(sym(p.Scale))
	center := [2]float64{preprocessCenter + sym(p.Shift), preprocessCenter + sym(p.Shift)}

	// M = rotation · shear · aspect maps the source digit (about its
	// centre) to the work canvas; sampling needs its inverse.
	sx, sy := math.Exp(aspect/2), math.Exp(-aspect/2)
	cos, sin := math.Cos(angle), math.Sin(angle)
	m := [4]float64{ // row-major 2×2: rotation · [[1, −shear], [0, 1]] · diag(sx, sy)
		cos * sx, (-cos*shear - sin) * sy,
		sin * sx, (-sin*shear + cos) * sy,
	}
	det := m[0]*m[3] - m[1]*m[2]
	inv := [4]float64{m[3] / det, -m[1] / det, -m[2] / det, m[0] / det}

	a.elasticField(rng, elastic)
	a.warp(src, inv)
	a.thicken(thick * augmentZoom / 2) // a dilation step widens a stroke by 2 work pixels

	out := a.pre.normalize(a.work, augmentSide, augmentSide, fit, center)
	if out.Empty {
		copy(dst, src)
		return nil
	}
	copy(dst, out.Image28)
	return nil
}

// warp samples src (bilinear, zero outside) through the elastic field and
// the inverse affine map inv into the work canvas.
func (a *Augmenter) warp(src []float32, inv [4]float64) {
	const (
		field = PreprocessField
		half  = augmentSide / 2.0
		zoom  = augmentZoom
	)
	for v := range augmentSide {
		for u := range augmentSide {
			i := v*augmentSide + u
			// Work pixel centre, displaced, relative to the canvas centre,
			// in field pixels.
			qx := (float64(u) + 0.5 + float64(a.du[i]) - half) / zoom
			qy := (float64(v) + 0.5 + float64(a.dv[i]) - half) / zoom
			// Source continuous coordinates → index coordinates.
			x := inv[0]*qx + inv[1]*qy + field/2 - 0.5
			y := inv[2]*qx + inv[3]*qy + field/2 - 0.5
			a.work[i] = sharpen(bilinear(src, field, field, x, y))
		}
	}
}

// sharpen maps the blurry enlarged grey levels back to crisp strokes with
// a narrow soft edge, like a brush stroke on a canvas (and like the
// high-resolution scans MNIST was made from). The ramp is centred on half
// ink, where a stroke's width is measured, so widths are kept.
func sharpen(v float32) float32 {
	const lo, hi = 0.35, 0.65
	return min(max((v-lo)/(hi-lo), 0), 1)
}

// bilinear interpolates img (w×h) at index coordinates (x, y), zero outside.
func bilinear(img []float32, w, h int, x, y float64) float32 {
	x0, y0 := math.Floor(x), math.Floor(y)
	ix, iy := int(x0), int(y0)
	if ix < -1 || iy < -1 || ix >= w || iy >= h {
		return 0
	}
	fx, fy := float32(x-x0), float32(y-y0)
	var p00, p01, p10, p11 float32 // p<row><col>
	if ix >= 0 && iy >= 0 && ix+1 < w && iy+1 < h {
		i := iy*w + ix
		p00, p01, p10, p11 = img[i], img[i+1], img[i+w], img[i+w+1]
	} else {
		at := func(x, y int) float32 {
			if x < 0 || y < 0 || x >= w || y >= h {
				return 0
			}
			return img[y*w+x]
		}
		p00, p01, p10, p11 = at(ix, iy), at(ix+1, iy), at(ix, iy+1), at(ix+1, iy+1)
	}
	top := p00 + (p01-p00)*fx
	bottom := p10 + (p11-p10)*fx
	return top + (bottom-top)*fy
}

// elasticField fills du, dv (work pixels) with a smooth random displacement:
// random control points every ElasticSpacing field pixels, interpolated by
// a cubic B-spline (smooth like the Gaussian-filtered noise of Simard et al.,
// at a fraction of the cost). amp is the control points' largest move.
func (a *Augmenter) elasticField(rng *rand.Rand, amp float64) {
	if amp == 0 || a.params.ElasticSpacing <= 0 {
		clear(a.du)
		clear(a.dv)
		return
	}
	spacing := max(a.params.ElasticSpacing, 1) * augmentZoom // keeps cells ≤ augmentSide
	cells := int(math.Ceil(augmentSide/spacing)) + 3
	ctrl := make([]float32, 2*cells*cells)
	for i := range ctrl {
		ctrl[i] = float32((2*rng.Float64() - 1) * amp * augmentZoom)
	}
	rows := a.rows[:cells*augmentSide]
	for c, field := range [][]float32{a.du, a.dv} {
		grid := ctrl[c*cells*cells : (c+1)*cells*cells]
		for r := range cells {
			for u := range augmentSide {
				k, w := bsplineWeights((float64(u) + 0.5) / spacing)
				g := grid[r*cells+k:]
				rows[r*augmentSide+u] = w[0]*g[0] + w[1]*g[1] + w[2]*g[2] + w[3]*g[3]
			}
		}
		for v := range augmentSide {
			k, w := bsplineWeights((float64(v) + 0.5) / spacing)
			out := field[v*augmentSide : (v+1)*augmentSide]
			clear(out)
			for j := range 4 {
				kern.Axpy(w[j], rows[(k+j)*augmentSide:(k+j+1)*augmentSide], out)
			}
		}
	}
}

// bsplineWeights returns the first of the four control points that
// influence position t (in control spacings) and their uniform cubic
// B-spline weights.
func bsplineWeights(t float64) (int, [4]float32) {
	k := int(t)
	f := float32(t - float64(k))
	g := 1 - f
	return k, [4]float32{
		g * g * g / 6,
		(3*f*f*f - 6*f*f + 4) / 6,
		(-3*f*f*f + 3*f*f + 3*f + 1) / 6,
		f * f * f / 6,
	}
}

// thicken dilates (steps > 0) or erodes (steps < 0) the work canvas by |steps|
// 3×3 steps, alternating a cross and a square so the strokes stay round
// (an octagon approximates a disc); a fractional step blends with the next.
// Erosion is the dilation of the background.
func (a *Augmenter) thicken(steps float64) {
	if steps == 0 {
		return
	}
	erode := steps < 0
	if erode {
		invert(a.work)
	}
	steps = math.Abs(steps)
	for i := 0; float64(i) < steps; i++ {
		frac := float32(min(steps-float64(i), 1))
		dilate3x3(a.tmp, a.work, a.rows, augmentSide, augmentSide, i%2 == 1)
		for j, v := range a.tmp {
			a.work[j] += frac * (v - a.work[j])
		}
	}
	if erode {
		invert(a.work)
	}
}

func invert(img []float32) {
	for i, v := range img {
		img[i] = 1 - v
	}
}

// dilate3x3 writes the grey-scale dilation (maximum) of src (w×h, zero
// outside) with a 3×3 square, or cross, structuring element. hmax (w×h
// scratch) receives the horizontal 3-maxima: the square is their vertical
// 3-maximum, the cross the larger of the horizontal and vertical 3-maxima.
func dilate3x3(dst, src, hmax []float32, w, h int, square bool) {
	for y := range h {
		max3(hmax[y*w:(y+1)*w], src[y*w:(y+1)*w])
	}
	rows := hmax // the square: vertical maximum of the horizontal maxima
	if !square {
		rows = src // the cross: vertical maximum of the column...
	}
	for y := range h {
		out := dst[y*w : (y+1)*w]
		copy(out, rows[y*w:(y+1)*w])
		if y > 0 {
			maxInto(out, rows[(y-1)*w:y*w])
		}
		if y+1 < h {
			maxInto(out, rows[(y+1)*w:(y+2)*w])
		}
		if !square {
			maxInto(out, hmax[y*w:(y+1)*w]) // ...and of the row
		}
	}
}

// max3 writes the maximum of each element of in and its two neighbours
// (zero outside).
func max3(out, in []float32) {
	n := len(in)
	for x := range n {
		v := in[x]
		if x > 0 {
			v = max(v, in[x-1])
		}
		if x+1 < n {
			v = max(v, in[x+1])
		}
		out[x] = v
	}
}

// maxInto sets out to the element-wise maximum of out and in.
func maxInto(out, in []float32) {
	in = in[:len(out)]
	for i, v := range in {
		out[i] = max(out[i], v)
	}
}
