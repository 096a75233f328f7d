package steps

import (
	"fmt"
	"strings"
	"testing"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v      float32
		en, ru string
	}{
		{0.544, "0.54", "0,54"},
		{-0.3, "−0.30", "−0,30"},
		{-0.004, "0.00", "0,00"},
		{12.345, "12.35", "12,35"},
	} {
		if got := Number(c.v, "en"); got != c.en {
			t.Errorf("Number(%v, en) = %q, want %q", c.v, got, c.en)
		}
		if got := Number(c.v, "ru"); got != c.ru {
			t.Errorf("Number(%v, ru) = %q, want %q", c.v, got, c.ru)
		}
	}
	for _, c := range []struct {
		v      float32
		dec    int
		en, ru string
	}{
		{0.25, 1, "0.3", "0,3"},
		{-0.04, 1, "0.0", "0,0"},
		{-1.96, 1, "−2.0", "−2,0"},
		{-0.6, 0, "−1", "−1"},
		{0.125, 3, "0.125", "0,125"},
	} {
		if got := Decimals(c.v, c.dec, "en"); got != c.en {
			t.Errorf("Decimals(%v, %d, en) = %q, want %q", c.v, c.dec, got, c.en)
		}
		if got := Decimals(c.v, c.dec, "ru"); got != c.ru {
			t.Errorf("Decimals(%v, %d, ru) = %q, want %q", c.v, c.dec, got, c.ru)
		}
	}
}

// TestDescribe checks that every description carries the numbers of its
// step, as the page's live region must.
func TestDescribe(t *testing.T) {
	for _, q := range settings {
		p := mustPlan(t, q)
		for i := range p.Len() {
			s := p.Step(i)
			for _, lang := range Languages {
				d := p.Describe(i, lang)
				if strings.Contains(d, "%!") || strings.Contains(d, "%[") {
					t.Fatalf("%q step %d %s: bad format: %s", q, i, lang, d)
				}
				var want []string
				switch s.Phase {
				case PhasePad:
					want = []string{dims(p.OutH(), p.OutW()), dims(p.Height.In, p.Width.In)}
				case PhaseCell:
					w := s.Window
					want = []string{cell(s.Row, s.Col), Number(s.Value, lang), span(w.Top, w.Bottom), span(w.Left, w.Right)}
				default:
					want = []string{cell(s.Row, s.Col), Number(s.Value, lang)}
				}
				for _, w := range want {
					if !strings.Contains(d, w) {
						t.Fatalf("%q step %d (%s) %s: %q lacks %q", q, i, s.Phase, lang, d, w)
					}
				}
			}
		}
	}
}

func dims(h, w int) string { return fmt.Sprintf("%d × %d", h, w) }
func cell(r, c int) string { return fmt.Sprintf("(%d, %d)", r, c) }
func span(a, b int) string { return fmt.Sprintf("%d–%d", a, b) }
