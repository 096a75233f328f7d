package core

// PadImages returns the images of x — samples of shape [h, w, c] back to
// back — each centred on a zero canvas of height × width (the odd row or
// column after, as with "same" padding), in new memory: MNIST's 28×28
// digits become the seed network's 32×32 input, as Preprocess pads a
// drawing. The canvas must be at least as large as the images.
func PadImages[T uint8 | float32](x []T, shape []int, height, width int) ([]T, error) {
	if err := checkShape("image shape", shape, 3); err != nil {
		return nil, err
	}
	h, w, c := shape[0], shape[1], shape[2]
	if err := checkShape("padded image shape", []int{height, width, c}, 3); err != nil {
		return nil, err
	}
	if height < h || width < w {
		return nil, errorf(ErrShape, "cannot pad %d×%d images to %d×%d: the canvas must be at least as large", h, w, height, width)
	}
	size := h * w * c
	if len(x)%size != 0 {
		return nil, errorf(ErrInput, "%d values are not a whole number of %s images", len(x), formatShape(shape))
	}
	n := len(x) / size
	top, left := (height-h)/2, (width-w)/2
	out := make([]T, n*height*width*c)
	for i := range n {
		src, dst := x[i*size:(i+1)*size], out[i*height*width*c:(i+1)*height*width*c]
		for y := range h {
			copy(dst[((top+y)*width+left)*c:], src[y*w*c:(y+1)*w*c])
		}
	}
	return out, nil
}
