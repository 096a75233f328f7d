package main

import (
	"fmt"
	"strings"

	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// words are the desktop program's own texts, per language; the page
// writes the same things in HTML (site/js/explainer.js), in the same
// words.
var words = map[string]map[string]string{
	"en": {
		"conv": "Convolution", "rgb": "RGB channels", "pool": "Pooling",
		"setting.input": "input %s %d × %d", "setting.padding": "padding %s", "setting.stride": "stride %d",
		"setting.kernel": "kernel %s %d × %d", "setting.dilation": "dilation %d", "setting.window": "window %d × %d, %s",
		"formula": "Output height = %s; width = %s",
		"status":  "Step %d of %d (%s).", "playing": "playing", "paused": "paused",
		"keys": "Space play/pause   ← → step   Home End   ↑ ↓ speed   1 2 3 scene   I input   K kernel   " +
			"Z size   P padding   S stride   D dilation   M mode   N window   L язык",
		"max": "max", "min": "min", "avg": "average",
		"input": "input with padding", "kernel": "kernel", "zoom.conv": "window × kernel", "zoom.pool": "window → %s",
		"output.conv": "output", "output.pool": "pooled output",
		"image": "colour image", "chan0": "red", "chan1": "green", "chan2": "blue",
		"kern0": "kernel R", "kern1": "kernel G", "kern2": "kernel B",
		"part0": "partial R", "part1": "partial G", "part2": "partial B",
		"sum": "sum", "bias": "+ bias", "act": "ReLU", "out0": "output channel 1", "out1": "output channel 2",
	},
	"ru": {
		"conv": "Свёртка", "rgb": "Каналы RGB", "pool": "Пулинг",
		"setting.input": "вход %s %d × %d", "setting.padding": "дополнение %s", "setting.stride": "шаг %d",
		"setting.kernel": "ядро %s %d × %d", "setting.dilation": "дилатация %d", "setting.window": "окно %d × %d, %s",
		"formula": "Высота выхода = %s; ширина = %s",
		"status":  "Шаг %d из %d (%s).", "playing": "идёт", "paused": "пауза",
		"keys": "Пробел пуск/пауза   ← → шаг   Home End   ↑ ↓ скорость   1 2 3 сцена   I вход   K ядро   " +
			"Z размер   P дополнение   S шаг   D дилатация   M вид   N окно   L language",
		"max": "max", "min": "min", "avg": "среднее",
		"input": "вход с дополнением", "kernel": "ядро", "zoom.conv": "окно × ядро", "zoom.pool": "окно → %s",
		"output.conv": "выход", "output.pool": "выход пулинга",
		"image": "цветное изображение", "chan0": "красный", "chan1": "зелёный", "chan2": "синий",
		"kern0": "ядро R", "kern1": "ядро G", "kern2": "ядро B",
		"part0": "частичная R", "part1": "частичная G", "part2": "частичная B",
		"sum": "сумма", "bias": "+ смещение", "act": "ReLU", "out0": "выходной канал 1", "out1": "выходной канал 2",
	},
}

// word is the text key in lang, with args filled in.
func word(lang, key string, args ...any) string {
	s, ok := words[lang][key]
	if !ok {
		s = words["en"][key]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Text sizes of the desktop program, in CSS pixels.
const (
	chromeSize = 14
	titleSize  = 13
	keysSize   = 12
)

// chromeFace is the face of the header and status lines at u device
// pixels per CSS pixel.
func chromeFace(u float64) *text.GoTextFace { return face(chromeSize * u) }

// drawChrome draws the desktop program's header (setting, output-size
// formulas and keys), panel titles and status lines (step description).
func (f *frame) drawChrome() {
	g, v, lang := f.g, f.v, f.g.lang
	body, small, titles := chromeFace(v.u), face(keysSize*v.u), boldFace(titleSize*v.u)
	lh := lineHeight(body)
	c := g.cfg
	x, y := 6*v.u, 6*v.u

	setting := []string{word(lang, "setting.input", c.Input, c.Res, c.Res), word(lang, "setting.padding", c.Padding), word(lang, "setting.stride", c.Strides())}
	if c.Scene == steps.ScenePool {
		setting = append(setting, word(lang, "setting.window", c.PoolSize, c.PoolSize, word(lang, string(c.Pool))))
	} else {
		setting = append(setting, word(lang, "setting.kernel", c.Kernel, c.KernelSize, c.KernelSize), word(lang, "setting.dilation", c.Dilation))
	}
	scene := word(lang, string(c.Scene)) + " — "
	bold := boldFace(chromeSize * v.u)
	drawText(f.dst, scene, bold, x, y, colInk, text.AlignStart)
	drawText(f.dst, strings.Join(setting, ", "), body, x+textWidth(scene, bold), y, colInk, text.AlignStart)
	drawText(f.dst, word(lang, "formula", g.plan.Height.Formula, g.plan.Width.Formula), body, x, y+lh, colInkSoft, text.AlignStart)
	drawText(f.dst, word(lang, "keys"), small, x, y+2*lh+(lh-lineHeight(small))/2, colInkSoft, text.AlignStart)

	for _, pn := range v.panels {
		title := word(lang, pn.id)
		switch {
		case pn.id == "zoom" && c.Scene == steps.ScenePool:
			title = word(lang, "zoom.pool", word(lang, string(c.Pool)))
		case pn.id == "zoom" || pn.id == "output":
			title = word(lang, pn.id+"."+map[bool]string{true: "pool", false: "conv"}[c.Scene == steps.ScenePool])
		}
		gr := pn.grid(v.title)
		drawText(f.dst, title, titles, gr.midX(), gr.y-lineHeight(titles)-2*v.u, colInkSoft, text.AlignCenter)
	}

	status := word(lang, "status", g.step+1, g.plan.Len(), word(lang, map[bool]string{true: "playing", false: "paused"}[g.playing])) + " "
	if g.err != nil {
		status += steps.Message(g.err, lang)
	} else {
		status += g.plan.Describe(g.step, lang)
	}
	line := v.status
	for i, l := range wrap(status, body, line.w) {
		if i == 2 {
			break
		}
		drawText(f.dst, l, body, line.x, line.y+float64(i)*lh, colInk, text.AlignStart)
	}
}

// wrap breaks s at spaces into lines at most width wide in f.
func wrap(s string, f *text.GoTextFace, width float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && textWidth(line+" "+w, f) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}
