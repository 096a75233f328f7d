package core_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/svertka/svertka/core"
)

// presetRow is one row of Keras's model.summary(): the class, the output
// shape without the batch axis and the parameter count.
type presetRow struct {
	class  string
	shape  []int
	params int
}

// The presets' summaries, worked out by hand with Keras's formulas
// (Conv2D: kh·kw·C·filters + filters; Dense: in·units + units; 'valid'
// size: in − k + 1; 'same' size: ceil(in/s); pool: floor(in/2)), the
// figures Keras's model.summary() prints for these layers (LeNet-5's
// 61,706 is the total every Keras LeNet-5 tutorial shows).
var presetSummaries = map[string]struct {
	rows  []presetRow
	total int
}{
	"seed": {[]presetRow{
		{"Conv2D", []int{32, 32, 10}, 5*5*1*10 + 10}, // 260
		{"MaxPool2D", []int{16, 16, 10}, 0},
		{"Conv2D", []int{16, 16, 30}, 5*5*10*30 + 30}, // 7,530
		{"MaxPool2D", []int{8, 8, 30}, 0},
		{"Flatten", []int{1920}, 0},
		{"Dropout", []int{1920}, 0},
		{"Dense", []int{10}, 1920*10 + 10}, // 19,210
		{"Softmax", []int{10}, 0},
	}, 27000},
	"lenet5": {[]presetRow{
		{"Conv2D", []int{28, 28, 6}, 156},
		{"AvgPool2D", []int{14, 14, 6}, 0},
		{"Conv2D", []int{10, 10, 16}, 2416},
		{"AvgPool2D", []int{5, 5, 16}, 0},
		{"Conv2D", []int{1, 1, 120}, 48120},
		{"Flatten", []int{120}, 0},
		{"Dense", []int{84}, 10164},
		{"Dense", []int{10}, 850},
		{"Softmax", []int{10}, 0},
	}, 61706},
	"vgg": {[]presetRow{
		{"Conv2D", []int{32, 32, 16}, 160},
		{"Conv2D", []int{32, 32, 16}, 2320},
		{"MaxPool2D", []int{16, 16, 16}, 0},
		{"Conv2D", []int{16, 16, 32}, 4640},
		{"Conv2D", []int{16, 16, 32}, 9248},
		{"MaxPool2D", []int{8, 8, 32}, 0},
		{"Conv2D", []int{8, 8, 64}, 18496},
		{"Conv2D", []int{8, 8, 64}, 36928},
		{"MaxPool2D", []int{4, 4, 64}, 0},
		{"Flatten", []int{1024}, 0},
		{"Dense", []int{128}, 131200},
		{"Dropout", []int{128}, 0},
		{"Dense", []int{10}, 1290},
		{"Softmax", []int{10}, 0},
	}, 204282},
	"gap": {[]presetRow{
		{"Conv2D", []int{32, 32, 10}, 260},
		{"MaxPool2D", []int{16, 16, 10}, 0},
		{"Conv2D", []int{16, 16, 30}, 7530},
		{"MaxPool2D", []int{8, 8, 30}, 0},
		{"GlobalAveragePooling2D", []int{30}, 0},
		{"Dense", []int{10}, 310},
		{"Softmax", []int{10}, 0},
	}, 8100},
}

func TestNetworkPresetsMatchKeras(t *testing.T) {
	presets := core.NetworkPresets()
	var names []string
	for _, p := range presets {
		names = append(names, p.Name)
	}
	if want := []string{"seed", "lenet5", "vgg", "gap"}; !slices.Equal(names, want) {
		t.Fatalf("presets %v, want %v", names, want)
	}
	for _, p := range presets {
		want := presetSummaries[p.Name]
		// The spec, as a page sends it back, builds the same network.
		m, err := core.NewModel(p.Spec)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if !slices.Equal(p.Spec.InputShape, []int{32, 32, 1}) {
			t.Errorf("%s: input shape %v", p.Name, p.Spec.InputShape)
		}
		rows := m.SummaryRows()
		if len(rows) != len(want.rows) {
			t.Fatalf("%s: %d layers, want %d", p.Name, len(rows), len(want.rows))
		}
		for i, r := range rows {
			w := want.rows[i]
			if r.Class != w.class || !slices.Equal(r.OutputShape, w.shape) || r.Params != w.params {
				t.Errorf("%s layer %d (%s): %s %v %d params, want %s %v %d", p.Name, i, r.Name, r.Class, r.OutputShape, r.Params, w.class, w.shape, w.params)
			}
		}
		if m.TotalParams() != want.total {
			t.Errorf("%s: %d params, want %d", p.Name, m.TotalParams(), want.total)
		}
	}
}

// The seed preset is the shipped network's architecture: the same names,
// so a trained seed network's weights fit it, and the gap preset shares
// its convolutions.
func TestNetworkPresetsShareTheSeedNames(t *testing.T) {
	seed, err := core.NewSeedNet()
	if err != nil {
		t.Fatal(err)
	}
	presets := core.NetworkPresets()
	if got, want := fmt.Sprint(presets[0].Spec), fmt.Sprint(seed.Spec()); got != want {
		t.Errorf("seed preset %s, NewSeedNet %s", got, want)
	}
	gap, err := core.NewModel(presets[3].Spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"conv1", "conv2"} {
		a, _ := seed.Layer(name)
		b, _ := gap.Layer(name)
		if a == nil || b == nil || !slices.Equal(a.(core.Weighted).Kernel().Shape, b.(core.Weighted).Kernel().Shape) {
			t.Errorf("%s: the gap preset's kernel does not have the seed network's shape", name)
		}
	}
}

// Every call gives new specs: changing one does not change the presets.
func TestNetworkPresetsAreCopies(t *testing.T) {
	a := core.NetworkPresets()
	a[0].Spec.Layers[0].Config = []byte(`{}`)
	a[0].Spec.InputShape[0] = 5
	b := core.NetworkPresets()
	if string(b[0].Spec.Layers[0].Config) == `{}` || b[0].Spec.InputShape[0] != 32 {
		t.Error("changing a preset's spec changed the next call's")
	}
}

func ExampleNetworkPresets() {
	for _, p := range core.NetworkPresets() {
		m, _ := core.NewModel(p.Spec)
		fmt.Printf("%-6s %2d layers %7d weights\n", p.Name, len(p.Spec.Layers), m.TotalParams())
	}
	// Output:
	// seed    8 layers   27000 weights
	// lenet5  9 layers   61706 weights
	// vgg    14 layers  204282 weights
	// gap     7 layers    8100 weights
}
