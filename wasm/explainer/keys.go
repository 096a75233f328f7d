package main

import (
	"slices"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/svertka/svertka/core"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// keyHelp lists the keys; the desktop program shows it, and in the page the
// canvas takes the same keys when it has the focus.
const keyHelp = "Space play/pause  <- -> step  Home End  Up Down speed  1 2 3 scene  " +
	"I input  K kernel  Z size  P padding  S stride  D dilation  M mode  N pool size"

// handleKeys applies the keys pressed since the last tick.
func (g *game) handleKeys() {
	if g.plan == nil {
		return
	}
	pressed := func(k ebiten.Key) bool { return inpututil.IsKeyJustPressed(k) }
	repeat := func(k ebiten.Key) bool {
		d := inpututil.KeyPressDuration(k)
		return d == 1 || d > 20 && d%4 == 0
	}
	switch {
	case pressed(ebiten.KeySpace):
		g.setPlaying(!g.playing)
	case repeat(ebiten.KeyArrowRight):
		g.stepBy(1)
	case repeat(ebiten.KeyArrowLeft):
		g.stepBy(-1)
	case pressed(ebiten.KeyHome):
		g.stepBy(-g.step)
	case pressed(ebiten.KeyEnd):
		g.stepBy(g.plan.Len())
	case pressed(ebiten.KeyArrowUp):
		g.setSpeed(g.speed * 2)
	case pressed(ebiten.KeyArrowDown):
		g.setSpeed(g.speed / 2)
	}
	c := g.cfg
	c.Step, c.Play = 0, g.playing
	changed := true
	switch {
	case pressed(ebiten.Key1), pressed(ebiten.Key2), pressed(ebiten.Key3):
		for i, k := range []ebiten.Key{ebiten.Key1, ebiten.Key2, ebiten.Key3} {
			if pressed(k) {
				c.Scene = steps.Scenes[i]
			}
		}
		if c.Scene == steps.ScenePool && c.Padding.Mode == core.PaddingExplicit {
			c.Padding = core.Same
		}
	case pressed(ebiten.KeyI):
		c.Input = next(steps.Samples, c.Input)
	case pressed(ebiten.KeyK):
		c.Kernel = next(steps.Presets, c.Kernel)
		c.Weights, _ = steps.Preset(c.Kernel, c.KernelSize)
	case pressed(ebiten.KeyZ):
		c.KernelSize = c.KernelSize%steps.MaxKernel + 1
		if c.Kernel == "custom" {
			c.Kernel = steps.Presets[0]
		}
		c.Weights, _ = steps.Preset(c.Kernel, c.KernelSize)
	case pressed(ebiten.KeyP):
		pads := []core.Padding{core.Valid, core.Same, core.Explicit(1, 1, 1, 1), core.Explicit(2, 2, 2, 2)}
		if c.Scene == steps.ScenePool {
			pads = pads[:2]
		}
		i := slices.Index(pads, c.Padding)
		c.Padding = pads[(i+1)%len(pads)]
	case pressed(ebiten.KeyS):
		c.Stride = c.Strides()%steps.MaxStride + 1
	case pressed(ebiten.KeyD):
		c.Dilation = c.Dilation%steps.MaxDilation + 1
	case pressed(ebiten.KeyM):
		c.Pool = next([]core.PoolMode{core.MaxPool, core.MinPool, core.AvgPool}, c.Pool)
	case pressed(ebiten.KeyN):
		c.PoolSize = c.PoolSize%steps.MaxPoolSize + 1
	default:
		changed = false
	}
	if changed {
		g.err = g.apply(c)
		g.dirty = true
	}
}

// next is the element after cur in list, wrapping around.
func next[T comparable](list []T, cur T) T {
	return list[(slices.Index(list, cur)+1)%len(list)]
}
