//go:build js

package main

import (
	"encoding/json"
	"strings"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// page is the host in the browser. The explainer runs in an iframe (ebiten
// takes over the document it runs in); the page around it holds the
// controls, the titles and the live description. The program exposes
// globalThis.svertkaExplainer to the page and reports every change through
// globalThis.svertkaExplainerEmit (set by js/explainer-frame.js), as JSON.
type page struct {
	pending []keyPress // keys pressed since the last tick
}

func (*page) notify(s state) { emit(s) }

func (*page) drawsChrome() bool { return false }

func (p *page) keys(dst []keyPress) []keyPress {
	dst = append(dst, p.pending...)
	p.pending = p.pending[:0]
	return dst
}

// listenKeys queues every keydown in the frame for the next tick. Ebiten
// records only whether a key is down at a tick, so a key pressed and
// released in between (a quick tap while a slow software renderer draws,
// or a test's keyboard) would be lost.
func (p *page) listenKeys(g *game) {
	js.Global().Get("document").Call("addEventListener", "keydown", js.FuncOf(func(_ js.Value, args []js.Value) any {
		e := args[0]
		// Shortcuts are the browser's (Ctrl+D is a bookmark, not dilation).
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return nil
		}
		k, ok := keyOf(e.Get("code").String())
		if !ok {
			return nil
		}
		g.mu.Lock()
		defer g.mu.Unlock()
		p.pending = append(p.pending, keyPress{key: k, repeat: e.Get("repeat").Bool()})
		return nil
	}))
}

// keyOf is the ebiten key of a KeyboardEvent code: the key's place on the
// keyboard, whatever the layout (a Russian layout types "ш" with KeyI).
// Ebiten names keys as the codes do, without the "Key" of letters.
func keyOf(code string) (ebiten.Key, bool) {
	var k ebiten.Key
	err := k.UnmarshalText([]byte(strings.TrimPrefix(code, "Key")))
	return k, err == nil
}

func emit(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // state has no values JSON cannot hold
	}
	if f := js.Global().Get("svertkaExplainerEmit"); f.Type() == js.TypeFunction {
		f.Invoke(string(b))
	}
}

// start registers the page API. The page then calls configure; until then
// the canvas is empty.
func start() (*game, error) {
	p := &page{}
	g := newGame(p)
	p.listenKeys(g)
	api := map[string]any{}
	// Each function runs under the game lock and returns
	// {ok: true} or {ok: false, error: "<message in the page language>"}.
	fn := func(name string, f func(args []js.Value) error) {
		api[name] = js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
			g.mu.Lock()
			defer g.mu.Unlock()
			defer func() {
				if r := recover(); r != nil {
					result = map[string]any{"ok": false, "error": "explainer: internal error"}
					js.Global().Get("console").Call("error", "explainer:", js.ValueOf(toString(r)))
				}
			}()
			if err := f(args); err != nil {
				return map[string]any{"ok": false, "error": steps.Message(err, g.lang)}
			}
			return map[string]any{"ok": true}
		})
	}
	str := func(args []js.Value, i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return args[i].String()
		}
		return ""
	}
	num := func(args []js.Value, i int) float64 {
		if i < len(args) && args[i].Type() == js.TypeNumber {
			return args[i].Float()
		}
		return 0
	}
	fn("configure", func(a []js.Value) error { return g.configure(str(a, 0)) })
	fn("setDrawing", func(a []js.Value) error { return g.setDrawing(str(a, 0)) })
	fn("setImage", func(a []js.Value) error {
		if len(a) < 3 || a[0].Type() != js.TypeObject || a[0].Get("byteLength").Type() != js.TypeNumber {
			return steps.ErrNoUpload
		}
		pix := make([]byte, a[0].Get("byteLength").Int())
		js.CopyBytesToGo(pix, a[0])
		return g.setUpload(pix, int(num(a, 1)), int(num(a, 2)))
	})
	fn("play", func([]js.Value) error { g.setPlaying(true); return nil })
	fn("pause", func([]js.Value) error { g.setPlaying(false); return nil })
	fn("step", func(a []js.Value) error { g.stepBy(int(num(a, 0))); return nil })
	fn("seek", func(a []js.Value) error { g.playing = false; g.goTo(int(num(a, 0))); return nil })
	fn("setSpeed", func(a []js.Value) error { g.setSpeed(num(a, 0)); return nil })
	fn("setLang", func(a []js.Value) error { g.setLang(str(a, 0)); return nil })
	// snapshot returns, as JSON, the input and kernel on screen and the
	// current step, so that the page (and its tests) can check the numbers.
	api["snapshot"] = js.FuncOf(func(js.Value, []js.Value) any {
		g.mu.Lock()
		defer g.mu.Unlock()
		b, _ := json.Marshal(g.snapshot())
		return string(b)
	})
	js.Global().Set("svertkaExplainer", js.ValueOf(api))
	// The page offers the program's kernel presets (core's), not a list of its own.
	emit(map[string]any{"type": "ready", "presets": steps.Presets})
	return g, nil
}

func toString(v any) string {
	if e, ok := v.(error); ok {
		return e.Error()
	}
	if s, ok := v.(string); ok {
		return s
	}
	return "panic"
}
