package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/svertka/svertka/core"
)

// classNames are the classes in output order; model.json carries them as
// userDefinedMetadata.classNames, which the page shows as the answers.
var classNames = []string{"circle", "square", "triangle"}

const side = 32

func main() {
	out := flag.String("out", "site/models/shapes", "the folder to write model.json and its weight file to")
	seed := flag.Uint64("seed", 1, "the seed of the pictures, the weights and the training order")
	epochs := flag.Int("epochs", 20, "training epochs")
	flag.Parse()
	if err := run(*out, *seed, *epochs); err != nil {
		fmt.Fprintln(os.Stderr, "shapes:", err)
		os.Exit(1)
	}
}

func run(out string, seed uint64, epochs int) error {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	train, err := pictures(rng, 12000)
	if err != nil {
		return err
	}
	test, err := pictures(rng, 1500)
	if err != nil {
		return err
	}
	m, err := newModel()
	if err != nil {
		return err
	}
	m.Init(seed)
	cfg := core.FitConfig{
		Epochs: epochs, BatchSize: 32, Optimizer: core.NewAdam(0.002), Seed: seed, Validation: test,
		OnEpoch: func(e core.EpochLog) error {
			fmt.Printf("epoch %d: loss %.4f, accuracy %.4f; unseen pictures: accuracy %.4f\n",
				e.Epoch+1, e.Loss, e.Accuracy, e.Validation.Accuracy)
			return nil
		},
	}
	if _, err := core.Fit(context.Background(), m, train, cfg); err != nil {
		return err
	}
	modelJSON, shard, err := core.EncodeTFJS(m)
	if err != nil {
		return err
	}
	if modelJSON, err = withClassNames(modelJSON); err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "model.json"), modelJSON, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, core.TFJSShardName), shard, 0o644)
}

// newModel is three blocks of a 3×3 'same' convolution (8, 16, 32
// filters, relu) and a 2×2 max pool, then one Dense layer and softmax:
// 7,571 weights.
func newModel() (*core.Model, error) {
	conv := core.ConvParams{Padding: core.Same, Activation: core.ReLU}
	pool := core.PoolParams{Mode: core.MaxPool, Size: [2]int{2, 2}}
	return core.NewSequential([]int{side, side, 3},
		core.NewConv2D("conv1", 8, [2]int{3, 3}, conv, true),
		core.NewPool2D("pool1", pool),
		core.NewConv2D("conv2", 16, [2]int{3, 3}, conv, true),
		core.NewPool2D("pool2", pool),
		core.NewConv2D("conv3", 32, [2]int{3, 3}, conv, true),
		core.NewPool2D("pool3", pool),
		core.NewFlatten("flatten"),
		core.NewDense("dense", len(classNames), core.Linear),
		core.NewSoftmax("softmax"),
	)
}

// withClassNames adds userDefinedMetadata.classNames to model.json: TF.js
// keeps the field as it is, and Svertka's importer ignores it.
func withClassNames(modelJSON []byte) ([]byte, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(modelJSON, &doc); err != nil {
		return nil, err
	}
	meta, err := json.Marshal(map[string][]string{"classNames": classNames})
	if err != nil {
		return nil, err
	}
	doc["userDefinedMetadata"] = meta
	return json.Marshal(doc)
}

// pictures draws n labelled pictures, the classes in turn.
func pictures(rng *rand.Rand, n int) (*core.Dataset, error) {
	const size = side * side * 3
	x := make([]float32, n*size)
	labels := make([]int, n)
	for i := range n {
		labels[i] = i % len(classNames)
		draw(x[i*size:(i+1)*size], labels[i], rng)
	}
	return core.NewDataset([]int{side, side, 3}, x, labels)
}

// draw paints one picture of class shape into dst (H×W×3, values in 0..1).
func draw(dst []float32, shape int, rng *rand.Rand) {
	top, bottom := colour(rng), colour(rng)
	ink := colour(rng)
	for distance(ink, top) < 0.5 || distance(ink, bottom) < 0.5 {
		ink = colour(rng)
	}
	r := 5 + rng.Float64()*8 // the shape's radius in pixels
	cx := r + rng.Float64()*(side-2*r)
	cy := r + rng.Float64()*(side-2*r)
	turn := rng.Float64() * 2 * math.Pi
	inside := func(x, y float64) bool {
		dx, dy := x-cx, y-cy
		u := dx*math.Cos(turn) + dy*math.Sin(turn)
		v := -dx*math.Sin(turn) + dy*math.Cos(turn)
		switch shape {
		case 0:
			return dx*dx+dy*dy <= r*r
		case 1:
			s := r * 0.85 // a square about as large as the circle
			return math.Abs(u) <= s && math.Abs(v) <= s
		default:
			// An equilateral triangle around the centre: inside all three
			// edges' half-planes, each at distance r/2 from the centre.
			for k := range 3 {
				a := 2 * math.Pi * float64(k) / 3
				if u*math.Cos(a)+v*math.Sin(a) > r*0.5 {
					return false
				}
			}
			return true
		}
	}
	const ss = 4 // samples per axis per pixel
	for y := range side {
		t := float32(y) / (side - 1)
		for x := range side {
			hits := 0
			for sy := range ss {
				for sx := range ss {
					if inside(float64(x)+(float64(sx)+0.5)/ss, float64(y)+(float64(sy)+0.5)/ss) {
						hits++
					}
				}
			}
			a := float32(hits) / (ss * ss)
			for c := range 3 {
				bg := top[c]*(1-t) + bottom[c]*t
				v := bg*(1-a) + ink[c]*a + float32(rng.NormFloat64()*0.02)
				dst[(y*side+x)*3+c] = min(max(v, 0), 1)
			}
		}
	}
}

func colour(rng *rand.Rand) [3]float32 {
	return [3]float32{rng.Float32(), rng.Float32(), rng.Float32()}
}

func distance(a, b [3]float32) float64 {
	var s float64
	for c := range 3 {
		d := float64(a[c] - b[c])
		s += d * d
	}
	return math.Sqrt(s)
}
