package core

import "math/rand/v2"

// DigitAugmentation distorts digit samples for Fit with an Augmenter. A
// sample is [H, W, 1] with H, W ≥ 28: the 28×28 field at its centre (all of
// it for MNIST itself, the inside of the 2-cell border of the playground's
// 32×32 input) is distorted; the border is kept.
type DigitAugmentation struct {
	Params AugmentParams
	// Clean is the fraction of samples left as they are.
	Clean float64
	// Style, when set, changes the 28×28 digit before it is distorted —
	// writing habits the data lacks, for example — drawing from r.
	Style func(img []float32, label int, r *rand.Rand)
}

// New returns the augmentation of one goroutine, for FitConfig.Augment.
// Sample seed decides, from a PCG stream: whether the sample stays clean,
// then Style's draws; the Augmenter draws from splitmix(seed).
func (d DigitAugmentation) New(shape []int) (AugmentFunc, error) {
	const f = PreprocessField
	if len(shape) != 3 || shape[2] != 1 || shape[0] < f || shape[1] < f {
		return nil, errorf(ErrShape, "digit augmentation needs samples of [height, width, 1] with sides of at least %d, got %s", f, formatShape(shape))
	}
	h, w := shape[0], shape[1]
	top, left := (h-f)/2, (w-f)/2
	aug := NewAugmenter(d.Params)
	field, out := make([]float32, f*f), make([]float32, f*f)
	return func(dst, src []float32, label int, seed uint64) error {
		copy(dst, src)
		r := rand.New(rand.NewPCG(seed, 0x7374796c)) // "styl"
		if r.Float64() < d.Clean {
			return nil
		}
		for y := range f {
			copy(field[y*f:(y+1)*f], src[(top+y)*w+left:])
		}
		if d.Style != nil {
			d.Style(field, label, r)
		}
		if err := aug.Augment(out, field, splitmix(seed)); err != nil {
			return err
		}
		for y := range f {
			copy(dst[(top+y)*w+left:(top+y)*w+left+f], out[y*f:(y+1)*f])
		}
		return nil
	}, nil
}
