package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/svertka/svertka/core"
)

func main() {
	out := flag.String("out", filepath.Join("build", "bench", "model.json"), "the model file to write")
	seed := flag.Uint64("seed", 1, "seed of the kernels")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "model: unexpected arguments %q\n", flag.Args())
		os.Exit(2)
	}
	if err := write(*out, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "model:", err)
		os.Exit(1)
	}
}

// write builds the model and writes its file, through a temporary file so
// that a benchmark never reads half of one.
func write(out string, seed uint64) error {
	doc, err := benchModel(seed)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp := out + ".tmp"
	if err := os.WriteFile(tmp, doc, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// benchModel returns the model file of the benchmark model.
func benchModel(seed uint64) ([]byte, error) {
	relu := core.ConvParams{Padding: core.Same, Activation: core.ReLU}
	pool := core.PoolParams{Mode: core.MaxPool, Size: [2]int{2, 2}}
	m, err := core.NewSequential([]int{28, 28, 1},
		core.NewConv2D("conv1", 10, [2]int{3, 3}, relu, true),
		core.NewPool2D("pool1", pool),
		core.NewConv2D("conv2", 30, [2]int{3, 3}, relu, true),
		core.NewPool2D("pool2", pool),
		core.NewFlatten("flatten"),
		core.NewDense("dense", 10, core.Linear),
		core.NewSoftmax("softmax"),
	)
	if err != nil {
		return nil, err
	}
	m.Init(seed)
	for i, l := range m.Layers() {
		if w, ok := l.(core.Weighted); ok {
			// Bias is the layer's live bias. Values within ±0.1 keep most
			// ReLUs in play.
			for j := range w.Bias() {
				w.Bias()[j] = float32(0.1 * math.Sin(float64(7*i+j+1)))
			}
		}
	}
	return core.EncodeModel(m)
}
