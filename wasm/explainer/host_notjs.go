//go:build !js

package main

import (
	"flag"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/svertka/svertka/wasm/explainer/steps"
)

// desktop is the host of the desktop program: the canvas draws everything
// itself, and errors go to standard error.
type desktop struct {
	last string
	buf  []ebiten.Key
}

func (d *desktop) notify(s state) {
	if s.Error != "" && s.Error != d.last {
		fmt.Fprintln(os.Stderr, "explainer:", s.Error)
		d.last = s.Error
	}
}

func (d *desktop) drawsChrome() bool { return true }

// keys polls ebiten, which polls the window system once a tick: a window
// gets ticks at the display's rate, faster than any key is tapped.
func (d *desktop) keys(dst []keyPress) []keyPress {
	d.buf = inpututil.AppendJustPressedKeys(d.buf[:0])
	for _, k := range d.buf {
		dst = append(dst, keyPress{key: k})
	}
	// A held key repeats after a third of a second, 15 times a second.
	d.buf = inpututil.AppendPressedKeys(d.buf[:0])
	for _, k := range d.buf {
		if t := inpututil.KeyPressDuration(k); t > 20 && t%4 == 0 {
			dst = append(dst, keyPress{key: k, repeat: true})
		}
	}
	return dst
}

// envLang is the language of the desktop session: Russian when the locale
// says so (LC_ALL, LC_MESSAGES, LANG, in POSIX order), else English.
func envLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(l, "ru") {
				return "ru"
			}
			return "en"
		}
	}
	return "en"
}

// start reads the flags (the same settings as the page's URL parameters)
// and opens the window.
func start() (*game, error) {
	names := []string{"scene", "input", "res", "ksize", "kernel", "padding", "stride", "dilation", "mode", "size", "step", "play"}
	vals := map[string]*string{}
	for _, n := range names {
		vals[n] = flag.String(n, "", "setting "+n+" (as the page's URL parameter; see package steps)")
	}
	image := flag.String("image", "", "a PNG or JPEG file to use as the input")
	lang := flag.String("lang", envLang(), "language of the texts: "+strings.Join(steps.Languages, " or ")+" (the L key switches)")
	query := flag.String("query", "", "all settings as one URL query, e.g. 'scene=rgb&stride=2'")
	flag.Parse()
	q, err := url.ParseQuery(*query)
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		if *vals[n] != "" {
			q.Set(n, *vals[n])
		}
	}
	g := newGame(&desktop{})
	if !slices.Contains(steps.Languages, *lang) {
		return nil, fmt.Errorf("unknown language %q (want %s)", *lang, strings.Join(steps.Languages, " or "))
	}
	g.setLang(*lang)
	if *image != "" {
		pix, w, h, err := readImage(*image)
		if err != nil {
			return nil, err
		}
		if g.upload, err = steps.FromRGBA(pix, w, h); err != nil {
			return nil, err
		}
		q.Set("input", steps.InputUpload)
	}
	if err := g.configure(q.Encode()); err != nil {
		return nil, fmt.Errorf("settings %q: %w", strings.TrimSpace(q.Encode()), err)
	}
	ebiten.SetWindowSize(1280, 760)
	return g, nil
}

// readImage decodes an image file into RGBA pixels.
func readImage(path string) ([]byte, int, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	b := img.Bounds()
	rgba := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(rgba, rgba.Bounds(), img, b.Min, draw.Src)
	return rgba.Pix, b.Dx(), b.Dy(), nil
}
