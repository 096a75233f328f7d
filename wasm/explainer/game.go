package main

import (
	"math"
	"slices"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// speeds are the animation speeds offered, in steps per second.
var speeds = []float64{0.5, 1, 2, 4, 8, 16, 32}

const defaultSpeed = 2

// maxTick caps the time one Update may advance, so that returning to a
// hidden tab does not fast-forward the animation.
const maxTick = 0.5

// game is the explainer: a plan, the step on screen and the animation
// state. The page (or the keyboard) changes it through the methods below,
// which lock mu: on js/wasm they are called from JavaScript callbacks,
// outside ebiten's Update and Draw.
type game struct {
	mu   sync.Mutex
	host host
	lang string

	cfg     steps.Config
	plan    *steps.Plan
	drawing core.Tensor // the playground drawing, if any
	upload  core.Tensor // the chosen image, if any
	err     error       // the last setting that could not be used

	step, from int     // the step shown and the one the window moves from
	moved      float64 // seconds since the step changed
	playing    bool
	speed      float64
	wait       float64   // seconds until the next step while playing
	tick       time.Time // when Update last ran

	// Derived from the plan and the screen; rebuilt when either changes.
	screenW, screenH, u float64
	view                *view
	cache               *gridCache
	anchors             []steps.Anchor
	anchorsFor          int
	showAnchors         bool

	dirty   bool       // the page has not been told about the last change
	stale   bool       // the screen does not show the last change yet
	pressed []keyPress // handleKeys' buffer
}

func newGame(h host) *game {
	return &game{host: h, lang: "en", speed: defaultSpeed, anchorsFor: -1}
}

// configure switches to the setting in query; on error the current setting
// stays and the error is reported.
func (g *game) configure(query string) error {
	cfg, err := steps.ParseQuery(query)
	if err == nil {
		err = g.apply(cfg)
	}
	g.err = err
	g.dirty = true
	return err
}

// apply builds the plan for cfg and starts at cfg.Step.
func (g *game) apply(cfg steps.Config) error {
	if cfg.Input == steps.InputDrawing && len(cfg.Drawing) > 0 {
		d, err := steps.FromDrawing(cfg.Drawing)
		if err != nil {
			return err
		}
		g.drawing = d
	}
	src, err := g.source(cfg)
	if err != nil {
		return err
	}
	plan, err := steps.NewPlan(cfg, src)
	if err != nil {
		return err
	}
	if cfg.Input == steps.InputDrawing {
		cfg.Drawing = drawingBytes(g.drawing)
	}
	g.cfg, g.plan = cfg, plan
	g.resetView()
	g.anchorsFor = -1
	g.showAnchors = slices.ContainsFunc(plan.Anchors(plan.Len()-1), func(a steps.Anchor) bool {
		return a == steps.AnchorSkipped || a == steps.AnchorJustSkipped
	})
	g.playing = cfg.Play
	g.goTo(cfg.Step)
	g.from = g.step
	return nil
}

// source is the image cfg names.
func (g *game) source(cfg steps.Config) (core.Tensor, error) {
	switch cfg.Input {
	case steps.InputDrawing:
		if g.drawing.Data == nil {
			return core.Tensor{}, steps.ErrNoDrawing
		}
		return g.drawing, nil
	case steps.InputUpload:
		if g.upload.Data == nil {
			return core.Tensor{}, steps.ErrNoUpload
		}
		return g.upload, nil
	}
	return steps.Sample(cfg.Input, cfg.Res)
}

// drawingBytes turns a [n, n, 1] drawing back into Config.Drawing bytes,
// so that the page URL can carry it.
func drawingBytes(t core.Tensor) []uint8 {
	b := make([]uint8, len(t.Data))
	for i, v := range t.Data {
		b[i] = uint8(math.Round(float64(v) * 255))
	}
	return b
}

// setDrawing stores the playground drawing (JSON, see steps.ParseDrawing).
func (g *game) setDrawing(doc string) error {
	pix, err := steps.ParseDrawing(doc)
	if err != nil {
		return err
	}
	g.drawing, _ = steps.FromDrawing(pix)
	return nil
}

// setUpload stores a chosen image (RGBA pixels) and shows it.
func (g *game) setUpload(pix []byte, w, h int) error {
	img, err := steps.FromRGBA(pix, w, h)
	if err != nil {
		return err
	}
	g.upload = img
	cfg := g.cfg
	cfg.Input, cfg.Step = steps.InputUpload, 0
	err = g.apply(cfg)
	g.err, g.dirty = err, true
	return err
}

// goTo shows step i (clamped), animating the window from the current step.
func (g *game) goTo(i int) {
	if g.plan == nil {
		return
	}
	i = min(max(i, 0), g.plan.Len()-1)
	g.from, g.step, g.moved = g.step, i, 0
	g.wait = 1 / g.speed
	g.dirty = true
}

func (g *game) stepBy(d int) {
	g.playing = false
	g.goTo(g.step + d)
}

func (g *game) setPlaying(on bool) {
	if on && g.plan != nil && g.step == g.plan.Len()-1 {
		g.goTo(0) // play again from the start
	}
	g.playing, g.dirty = on, true
}

func (g *game) setSpeed(s float64) {
	g.speed = min(max(s, speeds[0]), speeds[len(speeds)-1])
	g.wait = min(g.wait, 1/g.speed)
	g.dirty = true
}

// setLang switches the language of the page's texts and of the numbers
// on the canvas (a decimal comma in Russian).
func (g *game) setLang(lang string) {
	if slices.Contains(steps.Languages, lang) && lang != g.lang {
		g.lang, g.dirty, g.stale = lang, true, true
		g.resetCache()
	}
}

// tweenTime is how long the window takes to slide to its next place.
func (g *game) tweenTime() float64 { return math.Min(0.3, 0.6/g.speed) }

// tween is the window's progress (0…1) from step from to step.
func (g *game) tween() float64 {
	if g.from == g.step || abs(g.from-g.step) > 1 {
		return 1
	}
	t := math.Min(1, g.moved/g.tweenTime())
	return t * t * (3 - 2*t) // ease in and out
}

func abs(n int) int { return max(n, -n) }

// Update advances the animation by one tick.
func (g *game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.handleKeys()
	// Wall-clock time, so that the speed holds however often the browser
	// lets ebiten run (a slow software renderer, a background tab).
	now := time.Now()
	dt := 0.0
	if !g.tick.IsZero() {
		dt = min(now.Sub(g.tick).Seconds(), maxTick)
	}
	g.tick = now
	g.moved += dt
	if g.playing && g.plan != nil {
		g.wait -= dt
		if g.wait <= 0 {
			if g.step == g.plan.Len()-1 {
				g.playing, g.dirty = false, true
			} else {
				g.goTo(g.step + 1)
			}
		}
	}
	if g.dirty {
		g.dirty, g.stale = false, true
		g.host.notify(g.state())
	}
	return nil
}

// Layout implements ebiten.Game; ebiten calls LayoutF instead.
func (g *game) Layout(w, h int) (int, int) {
	sw, sh := g.LayoutF(float64(w), float64(h))
	return int(sw), int(sh)
}

// LayoutF works in device pixels, so that cells and numbers stay sharp on
// high-density screens; u converts CSS pixels to them.
func (g *game) LayoutF(w, h float64) (float64, float64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	u := ebiten.Monitor().DeviceScaleFactor()
	sw, sh := math.Ceil(w*u), math.Ceil(h*u)
	if sw != g.screenW || sh != g.screenH || u != g.u {
		g.screenW, g.screenH, g.u = sw, sh, u
		g.resetView()
		g.dirty, g.stale = true, true
	}
	return sw, sh
}

// layout returns the view, building it and its grid images when needed.
func (g *game) layout() *view {
	if g.view == nil && g.plan != nil && g.screenW > 0 {
		g.view = newView(g.plan, g.screenW, g.screenH, g.u, g.host.drawsChrome())
		g.dirty = true // the page needs the new title positions
	}
	if g.cache == nil && g.view != nil {
		g.cache = newGridCache(g.plan, g.view, g.lang)
	}
	return g.view
}

// resetView drops the layout and the grid images, for a new plan or
// screen size.
func (g *game) resetView() {
	g.view = nil
	g.resetCache()
}

// resetCache drops the grid images, for new numbers.
func (g *game) resetCache() {
	if g.cache != nil {
		g.cache.dispose()
		g.cache = nil
	}
}

// stepAnchors returns the window corners at the current step.
func (g *game) stepAnchors() []steps.Anchor {
	if g.anchorsFor != g.step {
		g.anchors, g.anchorsFor = g.plan.Anchors(g.step), g.step
	}
	return g.anchors
}
