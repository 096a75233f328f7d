//go:build js

package main

import "github.com/hajimehoshi/ebiten/v2/text/v2"

// boldSource would set the desktop program's titles; in the browser the
// page writes them in HTML, so the canvas needs no bold font (and the
// download is smaller without one).
var boldSource *text.GoTextFaceSource = goRegular
