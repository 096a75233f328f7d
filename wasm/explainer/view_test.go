//go:build js

// The tests run in the browser (make test runs ./wasm/... under wasmbrowsertest):
// natively, ebiten needs an X display as soon as it is imported.

package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// fakeHost records what the game reports, and hands it keys.
type fakeHost struct {
	states  []state
	chrome  bool
	pending []keyPress
}

func (h *fakeHost) notify(s state)    { h.states = append(h.states, s) }
func (h *fakeHost) drawsChrome() bool { return h.chrome }

func (h *fakeHost) keys(dst []keyPress) []keyPress {
	dst = append(dst, h.pending...)
	h.pending = nil
	return dst
}

// screens are the sizes the explainer runs at, in device pixels, as the
// page's CSS gives them (explainer.css: 16:9 on wide screens; on phones 2:3,
// 1:2 for the rgb scene), at device scale u.
var screens = []struct {
	w, h, u float64
	chrome  bool
	scenes  string
}{
	{1200, 675, 1, false, "conv rgb pool"},
	{2400, 1350, 2, false, "conv rgb pool"},
	{300, 450, 1, false, "conv pool"},
	{600, 900, 2, false, "conv pool"},
	{300, 600, 1, false, "rgb"},
	{750, 1500, 2.5, false, "rgb"},
	{1280, 760, 1, true, "conv rgb pool"}, // desktop window
}

// TestViews checks every scene's layout on every screen: grids inside the
// screen, titles and result lines inside it too, and nothing overlapping.
func TestViews(t *testing.T) {
	queries := []string{"", "scene=rgb", "scene=pool", "res=32&ksize=7&padding=4", "scene=rgb&res=32&stride=4", "scene=pool&res=4&size=4"}
	for _, q := range queries {
		cfg, err := steps.ParseQuery(q)
		if err != nil {
			t.Fatal(err)
		}
		img, _ := steps.Sample(cfg.Input, cfg.Res)
		plan, err := steps.NewPlan(cfg, img)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range screens {
			if !strings.Contains(sc.scenes, string(cfg.Scene)) {
				continue
			}
			name := fmt.Sprintf("%q on %gx%g@%g", q, sc.w, sc.h, sc.u)
			v := newView(plan, sc.w, sc.h, sc.u, sc.chrome)
			var boxes []rect
			for _, p := range v.panels {
				g := p.grid(v.title)
				if p.cell < 2*sc.u {
					t.Errorf("%s: panel %s has cells of %g px", name, p.id, p.cell)
				}
				// The title sits above the grid, the result line below.
				box := rect{g.x, g.y - v.title, g.w, g.h + v.title + p.foot}
				if box.x < 0 || box.y < 0 || box.x+box.w > sc.w || box.y+box.h > sc.h {
					t.Errorf("%s: panel %s %+v leaves the screen", name, p.id, box)
				}
				for i, o := range boxes {
					if overlap(box, o) {
						t.Errorf("%s: panel %s %+v overlaps %s %+v", name, p.id, box, v.panels[i].id, o)
					}
				}
				boxes = append(boxes, box)
			}
			if want := map[steps.Scene]int{steps.SceneConv: 4, steps.SceneRGB: 15, steps.ScenePool: 3}[cfg.Scene]; len(v.panels) != want {
				t.Errorf("%s: %d panels, want %d", name, len(v.panels), want)
			}
		}
	}
}

func overlap(a, b rect) bool {
	const eps = 0.5
	return a.x+eps < b.x+b.w && b.x+eps < a.x+a.w && a.y+eps < b.y+b.h && b.y+eps < a.y+a.h
}

func TestGameState(t *testing.T) {
	h := &fakeHost{}
	g := newGame(h)
	if err := g.configure("stride=2&padding=same&step=3"); err != nil {
		t.Fatal(err)
	}
	g.screenW, g.screenH, g.u = 1200, 675, 1
	g.layout()
	s := g.state()
	if s.Step != 3 || s.Total != 65 || s.Playing || s.Out != [2]int{8, 8} || s.Padded != [2]int{17, 17} {
		t.Fatalf("state %+v", s)
	}
	if !strings.HasPrefix(s.Description, "Output cell (0, 2) = ") || s.Formula[0] != "floor((16 + 1 − 3)/2) + 1 = 8" {
		t.Fatalf("description %q, formula %q", s.Description, s.Formula)
	}
	// The link holds the setting, not the step.
	if s.Query != "stride=2" {
		t.Fatalf("query %q", s.Query)
	}
	for _, p := range s.Panels {
		gr := g.view.panel(p.ID).grid(g.view.title)
		if p.X != gr.x || p.W != gr.w {
			t.Fatalf("panel %s at %v, grid at %v", p.ID, p, gr)
		}
	}
	b, err := json.Marshal(s)
	if err != nil || !strings.Contains(string(b), `"config":{"scene":"conv"`) {
		t.Fatalf("%s %v", b, err)
	}

	// A bad setting keeps the plan and says why, in the page's language.
	g.setLang("ru")
	if err := g.configure("ksize=7&dilation=4&padding=valid"); err == nil {
		t.Fatal("want an error")
	}
	s = g.state()
	if s.Total != 65 || !strings.HasPrefix(s.Error, "высота выхода floor((16 + 0 − 4·(7 − 1) − 1)/1) + 1 = −8 ≤ 0") {
		t.Fatalf("after a bad setting: total %d, error %q", s.Total, s.Error)
	}

	// Stepping stops playing and stays in range; playing at the end starts over.
	g.setPlaying(true)
	g.stepBy(100)
	if g.playing || g.step != 64 {
		t.Fatalf("step %d, playing %v", g.step, g.playing)
	}
	g.setPlaying(true)
	if g.step != 0 || !g.playing {
		t.Fatalf("play at the end: step %d", g.step)
	}
	g.setSpeed(1000)
	if g.speed != speeds[len(speeds)-1] {
		t.Fatalf("speed %v", g.speed)
	}
}

func TestInputs(t *testing.T) {
	g := newGame(&fakeHost{})
	if err := g.configure("input=drawing"); err == nil || !strings.Contains(err.Error(), "no drawing") {
		t.Fatalf("drawing before one is set: %v", err)
	}
	doc := "[" + strings.TrimSuffix(strings.Repeat("0.5,", 63), ",") + ",1]"
	if err := g.setDrawing(doc); err != nil {
		t.Fatal(err)
	}
	if err := g.configure("input=drawing&res=8"); err != nil {
		t.Fatal(err)
	}
	snap := g.snapshot()
	if len(snap.Input.Data) != 64 || snap.Input.Data[63] != 1 || math.Abs(float64(snap.Input.Data[0])-128.0/255) > 1e-6 {
		t.Fatalf("drawing input %v", snap.Input.Data)
	}
	// The link carries the drawing.
	if q := g.state().Query; !strings.Contains(q, "drawing=") {
		t.Fatalf("query %q", q)
	}
	pix := make([]byte, 2*2*4)
	for i := range pix {
		pix[i] = 255
	}
	if err := g.setUpload(pix, 2, 2); err != nil {
		t.Fatal(err)
	}
	if g.cfg.Input != steps.InputUpload || g.snapshot().Input.Data[0] != 1 {
		t.Fatalf("upload: input %q, %v", g.cfg.Input, g.snapshot().Input.Data[:1])
	}
	if err := g.setUpload(pix, 3, 3); err == nil {
		t.Fatal("want an error for a wrong size")
	}
}

func TestKeys(t *testing.T) {
	h := &fakeHost{}
	g := newGame(h)
	if err := g.configure("stride=2&step=3"); err != nil {
		t.Fatal(err)
	}
	// Every key pressed since the last tick counts, in order.
	h.pending = []keyPress{{key: ebiten.KeyArrowRight}, {key: ebiten.KeyArrowRight}, {key: ebiten.KeyArrowLeft}}
	g.handleKeys()
	if g.step != 4 {
		t.Fatalf("after → → ←: step %d, want 4", g.step)
	}
	// Held keys repeat stepping, not settings.
	h.pending = []keyPress{{key: ebiten.KeyArrowRight, repeat: true}, {key: ebiten.KeyS, repeat: true}}
	g.handleKeys()
	if g.step != 5 || g.cfg.Strides() != 2 {
		t.Fatalf("after held → and S: step %d, stride %d; want 5, 2", g.step, g.cfg.Strides())
	}
	h.pending = []keyPress{{key: ebiten.KeyS}, {key: ebiten.Key3}}
	g.handleKeys()
	if g.cfg.Strides() != 3 || g.cfg.Scene != steps.ScenePool || g.step != 0 {
		t.Fatalf("after S 3: stride %d, scene %s, step %d", g.cfg.Strides(), g.cfg.Scene, g.step)
	}
	// L switches the language of the desktop program only: in the
	// browser the page has its own switch.
	h.pending = []keyPress{{key: ebiten.KeyL}}
	g.handleKeys()
	if g.lang != "en" {
		t.Fatalf("L in the page: language %s", g.lang)
	}
	h.chrome = true
	h.pending = []keyPress{{key: ebiten.KeyL}}
	g.handleKeys()
	if g.lang != "ru" {
		t.Fatalf("L on the desktop: language %s", g.lang)
	}
}

func TestKeyOf(t *testing.T) {
	for code, want := range map[string]ebiten.Key{
		"KeyI": ebiten.KeyI, "KeyL": ebiten.KeyL, "Digit1": ebiten.Key1, "Space": ebiten.KeySpace,
		"ArrowRight": ebiten.KeyArrowRight, "Home": ebiten.KeyHome, "End": ebiten.KeyEnd,
	} {
		if k, ok := keyOf(code); !ok || k != want {
			t.Errorf("keyOf(%q) = %v, %v; want %v", code, k, ok, want)
		}
	}
	if k, ok := keyOf("Unidentified"); ok {
		t.Errorf("keyOf(Unidentified) = %v", k)
	}
}

// TestFitNumbers checks the numbers written in cells: legible (at least
// 9 device pixels and minNumber CSS pixels), clear of the focus frame
// inside a highlighted cell, never lost by a larger cell, and alike in
// grids side by side.
func TestFitNumbers(t *testing.T) {
	grids := [][]float32{{0, 1}, {-0.5, 0.25}, {-4, 3.99}, {-12.5, 0}, {0, 100}}
	for _, u := range []float64{1, 1.5, 2, 3} {
		shown := make([]bool, len(grids))
		for cell := 6.0; cell <= 80*u; cell++ {
			all := fitNumbers(cell, u, maxNumber, "en", grids...)
			for i, vals := range grids {
				n := fitNumbers(cell, u, maxNumber, "en", vals)[0]
				if n == nil {
					if shown[i] {
						t.Fatalf("u %g, %v: numbers in cells of %g px but not %g px", u, vals, cell-1, cell)
					}
					if all[i] != nil {
						t.Fatalf("u %g, cell %g, %v: numbers only next to other grids", u, cell, vals)
					}
					continue
				}
				shown[i] = true
				for _, v := range vals {
					w := textWidth(n.format(v), n.face)
					if n.face.Size < 9 || n.face.Size < minNumber*u || w > cell-2*focusReach(u) || n.face.Metrics().CapHeight > cell/2 {
						t.Fatalf("u %g, cell %g: %q at %g px is %g wide", u, cell, n.format(v), n.face.Size, w)
					}
				}
				if all[i] != nil && (all[i].face.Size > n.face.Size || all[i].dec > n.dec) {
					t.Fatalf("u %g, cell %g, %v: %+v next to other grids, %+v alone", u, cell, vals, all[i], n)
				}
			}
			for _, n := range all {
				if n != nil && n.face.Size != all[0].face.Size {
					t.Fatalf("u %g, cell %g: faces of %g and %g px side by side", u, cell, all[0].face.Size, n.face.Size)
				}
			}
		}
		for i, ok := range shown {
			if !ok {
				t.Errorf("u %g, %v: numbers in no cell up to %g px", u, grids[i], 80*u)
			}
		}
	}
	// Russian writes a decimal comma; two decimals when they fit, else one.
	if n := fitNumbers(60, 1, maxNumber, "ru", []float32{-1, 1})[0]; n == nil || n.format(-0.5) != "−0,50" {
		t.Errorf("ru in 60 px cells: %+v", n)
	}
	if n := fitNumbers(22, 1, maxNumber, "en", []float32{0, 1})[0]; n == nil || n.format(0.25) != "0.3" {
		t.Errorf("22 px cells: %+v", n)
	}
}
