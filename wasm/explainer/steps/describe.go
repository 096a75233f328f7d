package steps

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Number formats v with two decimals the way lang writes numbers: a
// typographic minus, and a decimal comma in Russian. Values that round to
// zero print without a sign.
func Number(v float32, lang string) string { return Decimals(v, 2, lang) }

// Decimals is Number with dec decimals (0 or more): the canvas writes one
// decimal where two do not fit into a cell.
func Decimals(v float32, dec int, lang string) string {
	p := math.Pow10(dec)
	r := math.Round(float64(v)*p) / p
	if r == 0 {
		r = 0 // drops the sign of −0
	}
	s := strconv.FormatFloat(math.Abs(r), 'f', dec, 64)
	if lang == "ru" {
		s = strings.Replace(s, ".", ",", 1)
	}
	if r < 0 {
		return "−" + s
	}
	return s
}

// term formats a summand: negative numbers in brackets, as in 0.12 + (−0.30).
func term(v float32, lang string) string {
	s := Number(v, lang)
	if strings.HasPrefix(s, "−") {
		return "(" + s + ")"
	}
	return s
}

// Describe says in words what step i shows, in lang ("en" or "ru"), for the
// page's live region and the desktop window's status line.
func (p *Plan) Describe(i int, lang string) string {
	s := p.Step(i)
	t := func(key string, args ...any) string { return fmt.Sprintf(text(lang, key), args...) }
	num := func(v float32) string { return Number(v, lang) }
	cfg := p.Config
	k, st := p.WindowSize(), cfg.Strides()
	w := s.Window
	where := t("window", w.Top, w.Bottom, w.Left, w.Right)
	switch s.Phase {
	case PhasePad:
		h, wd := p.Height, p.Width
		pad := t("pad-valid", h.In, wd.In)
		if h.PadBefore+h.PadAfter+wd.PadBefore+wd.PadAfter > 0 {
			pad = t("pad-some", h.In, wd.In, cfg.Padding.Mode, h.PadBefore, h.PadAfter, wd.PadBefore, wd.PadAfter, p.PaddedH(), p.PaddedW())
		}
		switch cfg.Scene {
		case ScenePool:
			return pad + t("pad-pool", k, text(lang, string(cfg.Pool)), st, p.OutH(), p.OutW())
		case SceneRGB:
			return pad + t("pad-rgb", k, st, cfg.Dilation, p.OutH(), p.OutW())
		}
		return pad + t("pad-conv", k, st, cfg.Dilation, p.OutH(), p.OutW())
	case PhaseSum:
		x := s.Terms
		return t("sum", s.Filter+1, s.Row, s.Col, num(x[0].Value), term(x[1].Value, lang), term(x[2].Value, lang), num(s.Value))
	case PhaseBias:
		f := p.Filters[s.Filter]
		return t("bias", s.Filter+1, num(f.Bias), s.Row, s.Col, num(f.Sum.Data[s.Cell]), term(f.Bias, lang), num(s.Value))
	case PhaseActivation:
		f := p.Filters[s.Filter]
		return t("activation", s.Filter+1, s.Filter+1, len(p.Filters), p.OutH(), p.OutW(), s.Row, s.Col, num(f.PlusBias.Data[s.Cell]), num(s.Value))
	}
	dil := ""
	if p.dilation() > 1 {
		dil = t("dilated", p.dilation())
	}
	real, n := w.Real(), len(w.Taps)
	switch cfg.Scene {
	case ScenePool:
		d := t("cell-"+string(cfg.Pool), s.Row, s.Col, num(s.Value), real, where)
		if real < n {
			d += t("pool-ignored", n-real)
		}
		return d
	case SceneRGB:
		x := s.Terms
		return t("cell-rgb", s.Filter+1, s.Row, s.Col, num(x[0].Value), num(x[1].Value), num(x[2].Value), k, k, where, dil, num(s.Value))
	}
	d := t("cell-conv", s.Row, s.Col, num(s.Value), n, where, dil)
	if real < n {
		d += t("cell-padded", n-real, n)
	}
	return d
}
