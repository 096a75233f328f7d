//go:build !js

package main

import "golang.org/x/image/font/gofont/gobold"

// boldSource sets the desktop program's titles, which the page writes in
// HTML instead.
var boldSource = mustFaceSource(gobold.TTF)
