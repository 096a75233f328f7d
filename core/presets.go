package core

import (
	"slices"
	"strings"
)

// kernelPresets are the names KernelPreset knows, in the order a page
// offers them.
var kernelPresets = []string{"identity", "box-blur", "gaussian", "sharpen", "sobel-x", "sobel-y", "laplacian", "emboss"}

// KernelPresets returns the names of the kernel presets, in the order a
// page offers them. The slice is new; the caller may keep it.
func KernelPresets() []string {
	return slices.Clone(kernelPresets)
}

// KernelPreset returns the kh×kw kernel of a named preset, row by row. At
// 3×3 each preset is the textbook kernel; every other size, square or not,
// generalises it so that the kernel keeps its meaning — blurs, sharpen and
// emboss sum to 1 (a flat image passes unchanged), the derivatives and the
// Laplacian sum to 0 (a flat image gives 0):
//
//	identity   1 at the centre tap, 0 elsewhere
//	box-blur   1/(kh·kw) everywhere
//	gaussian   binomial rows × binomial columns, normalised to sum 1
//	           (3×3: [1 2 1; 2 4 2; 1 2 1]/16)
//	sobel-x    binomial smoothing down the rows × a binomial difference
//	           across the columns (3×3: [1 2 1]ᵀ·[−1 0 1]; 5×5: [1 4 6 4 1]ᵀ·[−1 −2 0 2 1])
//	sobel-y    the same with rows and columns swapped
//	laplacian  1 on the rest of the centre row and centre column, minus
//	           their count at the centre (3×3: [0 1 0; 1 −4 1; 0 1 0])
//	sharpen    identity − laplacian (3×3: [0 −1 0; −1 5 −1; 0 −1 0])
//	emboss     identity + (row − middle) + (column − middle), the middle
//	           measured from the kernel's geometric centre
//	           (3×3: [−2 −1 0; −1 1 1; 0 1 2])
//
// The centre tap is row (kh−1)/2, column (kw−1)/2, rounded down: with an
// even size and 'same' padding, TensorFlow puts the odd padding cell after,
// so this is the tap that lies over the output cell's own pixel.
//
// An unknown name or a size outside 1…MaxSide is an ErrConfig or ErrLimit
// error naming what was wrong.
func KernelPreset(name string, kh, kw int) ([]float32, error) {
	if kh < 1 || kw < 1 {
		return nil, errorf(ErrConfig, "kernel size must be at least 1×1, got %d×%d", kh, kw)
	}
	if kh > MaxSide || kw > MaxSide {
		return nil, errorf(ErrLimit, "kernel size %d×%d is above the limit %d", kh, kw, MaxSide)
	}
	if !slices.Contains(kernelPresets, name) {
		return nil, errorf(ErrConfig, "unknown kernel preset %q (presets: %s)", name, strings.Join(kernelPresets, ", "))
	}
	w := make([]float32, kh*kw)
	cy, cx := (kh-1)/2, (kw-1)/2
	centre := cy*kw + cx
	switch name {
	case "identity":
		w[centre] = 1
	case "box-blur":
		for i := range w {
			w[i] = 1 / float32(kh*kw)
		}
	case "gaussian":
		outerProduct(w, binomialRow(kh), binomialRow(kw))
		var sum float32
		for _, v := range w {
			sum += v
		}
		for i := range w {
			w[i] /= sum
		}
	case "sobel-x":
		outerProduct(w, binomialRow(kh), binomialDiff(kw))
	case "sobel-y":
		outerProduct(w, binomialDiff(kh), binomialRow(kw))
	case "laplacian", "sharpen":
		// sharpen is identity − laplacian: the same cross, negated, with 1
		// added at the centre. Cells off the cross stay +0, never −0.
		sign := float32(1)
		if name == "sharpen" {
			sign = -1
		}
		for x := range kw {
			w[cy*kw+x] = sign
		}
		for y := range kh {
			w[y*kw+cx] = sign
		}
		w[centre] = sign * float32(2-kh-kw)
		if name == "sharpen" {
			w[centre]++
		}
	case "emboss":
		my, mx := float32(kh-1)/2, float32(kw-1)/2
		for y := range kh {
			for x := range kw {
				w[y*kw+x] = float32(y) - my + float32(x) - mx
			}
		}
		w[centre]++
	}
	return w, nil
}

// outerProduct writes the outer product of col and row into w, row by row.
func outerProduct(w, col, row []float32) {
	for y, a := range col {
		for x, b := range row {
			w[y*len(row)+x] = a * b
		}
	}
}

// binomialRow returns the n binomial coefficients C(n−1, k): [1], [1 1],
// [1 2 1], [1 3 3 1], ...
func binomialRow(n int) []float32 {
	b := make([]float32, n)
	b[0] = 1
	for k := 1; k < n; k++ {
		b[k] = b[k-1] * float32(n-k) / float32(k)
	}
	return b
}

// binomialDiff is the n-tap derivative that generalises Sobel's [−1 0 1]:
// the difference of the (n−1)-tap binomial shifted by one,
// d[j] = C(n−2, j−1) − C(n−2, j); [0] for n = 1, [−1 1] for n = 2,
// [−1 −2 0 2 1] for n = 5.
func binomialDiff(n int) []float32 {
	d := make([]float32, n)
	if n < 2 {
		return d
	}
	b := binomialRow(n - 1)
	at := func(j int) float32 {
		if j < 0 || j >= len(b) {
			return 0
		}
		return b[j]
	}
	for j := range d {
		d[j] = at(j-1) - at(j)
	}
	return d
}
