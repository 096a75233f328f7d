//go:build js && wasm

package api

import (
	"slices"
	"syscall/js"
	"testing"

	"github.com/svertka/svertka/core"
)

func TestKernelPresets(t *testing.T) {
	nn := newAPI(t)
	v := mustCall(t, nn, "nn.kernelPresets()")
	if !v.InstanceOf(js.Global().Get("Array")) {
		t.Fatalf("kernelPresets() is not an Array")
	}
	var names []string
	for i := range v.Length() {
		names = append(names, v.Index(i).String())
	}
	if !slices.Equal(names, core.KernelPresets()) {
		t.Fatalf("kernelPresets() = %v, core has %v", names, core.KernelPresets())
	}
	// Every preset at several sizes is exactly core's kernel.
	for _, name := range names {
		for _, size := range [][2]int{{1, 1}, {3, 3}, {2, 5}, {7, 4}, {9, 9}} {
			got := mustCall(t, nn, "nn.kernelPreset(a, b, c)", name, size[0], size[1])
			if !got.InstanceOf(js.Global().Get("Float32Array")) {
				t.Fatalf("kernelPreset(%q, %d, %d) is not a Float32Array", name, size[0], size[1])
			}
			want, _ := core.KernelPreset(name, size[0], size[1])
			if f := floats(t, got); !slices.Equal(f, want) {
				t.Errorf("kernelPreset(%q, %d, %d) = %v, core gives %v", name, size[0], size[1], f, want)
			}
		}
	}
	// The textbook Sobel, spelt out.
	if f := floats(t, mustCall(t, nn, "nn.kernelPreset('sobel-x', 3, 3)")); !slices.Equal(f, []float32{-1, 0, 1, -2, 0, 2, -1, 0, 1}) {
		t.Errorf("sobel-x 3×3 = %v", f)
	}
}

func TestKernelPresetBadInput(t *testing.T) {
	nn := newAPI(t)
	for _, c := range []struct {
		code string
		want []string
	}{
		{"nn.kernelPreset('blur', 3, 3)", []string{`kernelPreset: unknown kernel preset "blur" (presets: identity, box-blur, gaussian, sharpen, sobel-x, sobel-y, laplacian, emboss)`}},
		{"nn.kernelPreset(3, 3, 3)", []string{"kernelPreset: name must be a string, got 3"}},
		{"nn.kernelPreset('identity', 3)", []string{"kernelPreset: kw must be an integer, got undefined"}},
		{"nn.kernelPreset('identity', 2.5, 3)", []string{"kernelPreset: kh must be an integer, got 2.5"}},
		{"nn.kernelPreset('identity', 0, 3)", []string{"kernelPreset: kernel size must be at least 1×1, got 0×3"}},
		{"nn.kernelPreset('identity', 3, 5000)", []string{"kernelPreset: kernel size 3×5000 is above the limit 4096"}},
	} {
		wantReject(t, nn, c.code, c.want...)
	}
	// Nothing is broken for the next call.
	if f := floats(t, mustCall(t, nn, "nn.kernelPreset('identity', 1, 3)")); !slices.Equal(f, []float32{0, 1, 0}) {
		t.Errorf("identity 1×3 = %v", f)
	}
}

// Every network preset is core's, and createModel builds it as it is: the
// same layer names, classes, output shapes and weight counts.
func TestNetworkPresets(t *testing.T) {
	nn := newAPI(t)
	v := mustCall(t, nn, "nn.networkPresets()")
	presets := core.NetworkPresets()
	if v.Length() != len(presets) {
		t.Fatalf("networkPresets() has %d presets, core %d", v.Length(), len(presets))
	}
	for i, p := range presets {
		got := v.Index(i)
		if name := got.Get("name").String(); name != p.Name {
			t.Errorf("preset %d is %q, core's %q", i, name, p.Name)
		}
		s := mustCall(t, nn, "nn.createModel(a)", got.Get("spec"))
		m, err := core.NewModel(p.Spec)
		if err != nil {
			t.Fatal(err)
		}
		if n := s.Get("totalParams").Int(); n != m.TotalParams() {
			t.Errorf("%s: createModel has %d weights, core %d", p.Name, n, m.TotalParams())
		}
		rows := m.SummaryRows()
		layers := s.Get("layers")
		if layers.Length() != len(rows) {
			t.Fatalf("%s: %d layers, core %d", p.Name, layers.Length(), len(rows))
		}
		for j, r := range rows {
			l := layers.Index(j)
			if l.Get("name").String() != r.Name || l.Get("type").String() != r.Class || !slices.Equal(ints(t, l.Get("outputShape")), r.OutputShape) {
				t.Errorf("%s layer %d: %s %s %v, core %s %s %v", p.Name, j, l.Get("name"), l.Get("type"), ints(t, l.Get("outputShape")), r.Name, r.Class, r.OutputShape)
			}
		}
		mustCall(t, nn, "nn.disposeModel(a)", s.Get("handle"))
	}
	// The specs are copies: changing one changes nothing for the next call.
	mustCall(t, nn, "nn.networkPresets().then((p) => { p[0].spec.layers.length = 0; })")
	if n := mustCall(t, nn, "nn.networkPresets()").Index(0).Get("spec").Get("layers").Length(); n != len(presets[0].Spec.Layers) {
		t.Errorf("the seed preset has %d layers after a change to a copy", n)
	}
}
