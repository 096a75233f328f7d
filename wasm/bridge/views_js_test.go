//go:build js && wasm

package bridge

import (
	"syscall/js"
	"testing"
)

// TestSetViews checks SetViews, through the WebAssembly module and through
// setViewsGo (the path of browsers without externref), against View: each
// object gets its part's values as a Float32Array of the one buffer, the
// objects after n are left alone, and a second call with other sizes gets
// its own bounds.
func TestSetViews(t *testing.T) {
	if setViewsFunc().IsUndefined() {
		t.Fatal("the setViews WebAssembly module did not instantiate")
	}
	for _, c := range []struct {
		name string
		set  func(p *Float32Packer, objs js.Value, buf js.Value, n int)
	}{
		{"module", func(p *Float32Packer, objs, buf js.Value, n int) { p.SetViews(objs, "data", buf, n) }},
		{"Go", func(p *Float32Packer, objs, buf js.Value, n int) { setViewsGo(objs, "data", buf, p.bounds, n) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p Float32Packer
			for _, parts := range [][][]float32{
				{{1, 2, 3}, {}, {4, 5}, {6}},
				{{7}, {8, 9, 10, 11}, {12, 13}, {14, 15, 16}},
			} {
				buf := p.Buffer(parts)
				objs := jsEval("[{}, {}, {}, {}]")
				c.set(&p, objs, buf, 3)
				for i := range 3 {
					v := objs.Index(i).Get("data")
					if !v.InstanceOf(jsFloat32Array) || !v.Get("buffer").Equal(buf) || v.Length() != len(parts[i]) {
						t.Fatalf("parts %v: objs[%d].data = %s, want a Float32Array(%d) of the buffer", parts, i, Describe(v), len(parts[i]))
					}
					for j, want := range parts[i] {
						if got := v.Index(j).Float(); got != float64(want) {
							t.Errorf("parts %v: objs[%d].data[%d] = %v, want %v", parts, i, j, got, want)
						}
					}
				}
				if !objs.Index(3).Get("data").IsUndefined() {
					t.Errorf("parts %v: objs[3] got data, but n was 3", parts)
				}
				if last := p.View(buf, 3); last.Length() != len(parts[3]) || last.Index(0).Float() != float64(parts[3][0]) {
					t.Errorf("parts %v: View(3) = %s", parts, Describe(last))
				}
			}
		})
	}
}
