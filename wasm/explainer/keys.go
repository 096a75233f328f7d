package main

import (
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// keyPress is a key going down, or repeating while held.
type keyPress struct {
	key    ebiten.Key
	repeat bool
}

// repeating are the keys that act again while held: stepping through the
// animation. Held setting keys would race through their choices.
var repeating = []ebiten.Key{ebiten.KeyArrowLeft, ebiten.KeyArrowRight}

// handleKeys applies the keys pressed since the last tick, in order. The
// host collects them (host.keys): polling whether a key is down once a
// tick would miss a key pressed and released between two ticks.
func (g *game) handleKeys() {
	g.pressed = g.host.keys(g.pressed[:0])
	for _, p := range g.pressed {
		if p.repeat && !slices.Contains(repeating, p.key) {
			continue
		}
		g.handleKey(p.key)
	}
}

// handleKey applies one key: the keys are listed in words["keys"] (the
// desktop program shows the list).
func (g *game) handleKey(k ebiten.Key) {
	// The language key is the desktop program's: in the browser the page
	// has its own switch, and the canvas follows it.
	if k == ebiten.KeyL && g.host.drawsChrome() {
		g.setLang(next(steps.Languages, g.lang))
		return
	}
	if g.plan == nil {
		return
	}
	switch k {
	case ebiten.KeySpace:
		g.setPlaying(!g.playing)
		return
	case ebiten.KeyArrowRight:
		g.stepBy(1)
		return
	case ebiten.KeyArrowLeft:
		g.stepBy(-1)
		return
	case ebiten.KeyHome:
		g.stepBy(-g.step)
		return
	case ebiten.KeyEnd:
		g.stepBy(g.plan.Len())
		return
	case ebiten.KeyArrowUp:
		g.setSpeed(g.speed * 2)
		return
	case ebiten.KeyArrowDown:
		g.setSpeed(g.speed / 2)
		return
	}
	c := g.cfg
	c.Step, c.Play = 0, g.playing
	switch k {
	case ebiten.Key1, ebiten.Key2, ebiten.Key3:
		c.Scene = steps.Scenes[slices.Index([]ebiten.Key{ebiten.Key1, ebiten.Key2, ebiten.Key3}, k)]
		if c.Scene == steps.ScenePool && c.Padding.Mode == core.PaddingExplicit {
			c.Padding = core.Same
		}
	case ebiten.KeyI:
		c.Input = next(steps.Samples, c.Input)
	case ebiten.KeyK:
		c.Kernel = next(steps.Presets, c.Kernel)
		c.Weights, _ = steps.Preset(c.Kernel, c.KernelSize)
	case ebiten.KeyZ:
		c.KernelSize = c.KernelSize%steps.MaxKernel + 1
		if c.Kernel == "custom" {
			c.Kernel = steps.Presets[0]
		}
		c.Weights, _ = steps.Preset(c.Kernel, c.KernelSize)
	case ebiten.KeyP:
		pads := []core.Padding{core.Valid, core.Same, core.Explicit(1, 1, 1, 1), core.Explicit(2, 2, 2, 2)}
		if c.Scene == steps.ScenePool {
			pads = pads[:2]
		}
		i := slices.Index(pads, c.Padding)
		c.Padding = pads[(i+1)%len(pads)]
	case ebiten.KeyS:
		c.Stride = c.Strides()%steps.MaxStride + 1
	case ebiten.KeyD:
		c.Dilation = c.Dilation%steps.MaxDilation + 1
	case ebiten.KeyM:
		c.Pool = next([]core.PoolMode{core.MaxPool, core.MinPool, core.AvgPool}, c.Pool)
	case ebiten.KeyN:
		c.PoolSize = c.PoolSize%steps.MaxPoolSize + 1
	default:
		return
	}
	g.err = g.apply(c)
	g.dirty = true
}

// next is the element after cur in list, wrapping around.
func next[T comparable](list []T, cur T) T {
	return list[(slices.Index(list, cur)+1)%len(list)]
}
