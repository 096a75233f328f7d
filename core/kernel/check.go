package kernel

import "fmt"

// Wrong sizes are a bug in the caller, so they panic, as in gonum's BLAS,
// with a message that names the numbers instead of an index out of range.

// checkMatrix checks that s holds a rows×cols matrix (cols×rows when
// trans) with row stride ld.
func checkMatrix(fn, name string, trans bool, rows, cols int, s []float32, ld int) {
	if rows < 0 || cols < 0 {
		panic(fmt.Sprintf("kernel: %s: %s is %d×%d", fn, name, rows, cols))
	}
	if trans {
		rows, cols = cols, rows
	}
	if ld < max(cols, 1) {
		panic(fmt.Sprintf("kernel: %s: %s has rows of %d but a stride of %d", fn, name, cols, ld))
	}
	if rows > 0 && cols > 0 && len(s) < (rows-1)*ld+cols {
		panic(fmt.Sprintf("kernel: %s: %s (%d×%d, stride %d) needs %d floats, got %d", fn, name, rows, cols, ld, (rows-1)*ld+cols, len(s)))
	}
}

// checkLen checks that dst is at least as long as src.
func checkLen(fn string, dst, src []float32) {
	if len(dst) < len(src) {
		panic(fmt.Sprintf("kernel: %s: destination of %d floats is shorter than the source of %d", fn, len(dst), len(src)))
	}
}

// checkArg checks that arg has an index for every element of src.
func checkArg(fn string, arg []int32, src []float32) {
	if len(arg) < len(src) {
		panic(fmt.Sprintf("kernel: %s: %d indices for a source of %d floats", fn, len(arg), len(src)))
	}
}
