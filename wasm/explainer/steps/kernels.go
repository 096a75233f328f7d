package steps

import "strings"

// Presets lists the kernel presets in the order the page offers them. Each
// is defined for every kernel size, generalising the familiar 3×3 kernel.
var Presets = []string{"identity", "box-blur", "gaussian", "sharpen", "sobel-x", "sobel-y", "laplacian", "emboss"}

// Preset returns the size×size kernel of a preset, row by row:
//
//	identity   1 at the centre (the upper-left one of the central cells for even sizes)
//	box-blur   1/size² everywhere
//	gaussian   binomial coefficients, outer product, normalised to sum 1
//	sharpen    2·identity − box-blur (3×3: 17/9 at the centre, −1/9 around)
//	sobel-x    binomial smoothing down the rows × binomial difference across
//	           the columns (3×3: [1 2 1]ᵀ·[−1 0 1])
//	sobel-y    its transpose
//	laplacian  1 everywhere and 1 − size² at the centre (3×3: the 8-neighbour Laplacian)
//	emboss     (row − centre) + (column − centre), 1 at the centre (3×3: [−2 −1 0; −1 1 1; 0 1 2])
func Preset(name string, size int) ([]float32, error) {
	if size < 1 || size > MaxKernel {
		return nil, newError(ErrConfig, "param-range", "ksize", 1, MaxKernel, size)
	}
	n := size * size
	w := make([]float32, n)
	c := (size - 1) / 2
	box := 1 / float32(n)
	switch name {
	case "identity":
		w[c*size+c] = 1
	case "box-blur":
		for i := range w {
			w[i] = box
		}
	case "gaussian":
		b := binomial(size - 1)
		var sum float32
		for i := range size {
			for j := range size {
				w[i*size+j] = b[i] * b[j]
				sum += w[i*size+j]
			}
		}
		for i := range w {
			w[i] /= sum
		}
	case "sharpen":
		for i := range w {
			w[i] = -box
		}
		w[c*size+c] += 2
	case "sobel-x", "sobel-y":
		smooth, diff := binomial(size-1), binomialDiff(size)
		for i := range size {
			for j := range size {
				if name == "sobel-x" {
					w[i*size+j] = smooth[i] * diff[j]
				} else {
					w[i*size+j] = diff[i] * smooth[j]
				}
			}
		}
	case "laplacian":
		for i := range w {
			w[i] = 1
		}
		w[c*size+c] = 1 - float32(n)
	case "emboss":
		for i := range size {
			for j := range size {
				w[i*size+j] = float32(i - c + j - c)
			}
		}
		w[c*size+c] = 1
	default:
		return nil, newError(ErrConfig, "kernel", name, strings.Join(Presets, ", "))
	}
	return w, nil
}

// binomial returns row n of Pascal's triangle.
func binomial(n int) []float32 {
	b := make([]float32, n+1)
	b[0] = 1
	for k := 1; k <= n; k++ {
		b[k] = b[k-1] * float32(n-k+1) / float32(k)
	}
	return b
}

// binomialDiff returns the size-tap derivative filter that generalises
// Sobel's [−1 0 1]: the difference of the shifted binomials of order size−2,
// d[j] = C(size−2, j−1) − C(size−2, j). For size 1 it is [0].
func binomialDiff(size int) []float32 {
	d := make([]float32, size)
	if size < 2 {
		return d
	}
	b := binomial(size - 2)
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
