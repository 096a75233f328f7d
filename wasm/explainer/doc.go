// Command explainer animates convolution and pooling step by step: padding
// appearing around the input, the window sliding with its stride and
// dilation while each step writes one output cell, an RGB image convolved
// channel by channel (partial maps, their sum, the bias, the activation),
// and max, min and average pooling. Every number it shows comes from
// package core, through the step logic in package steps; this package
// only draws, with ebiten.
//
// On the desktop (Debian/Ubuntu need libx11-dev libxrandr-dev libxcursor-dev
// libxinerama-dev libxi-dev libxxf86vm-dev libgl1-mesa-dev):
//
//	go run ./wasm/explainer
//	go run ./wasm/explainer -scene rgb -stride 2 -lang ru
//	go run ./wasm/explainer -query 'scene=pool&mode=avg&padding=same' -image photo.png
//
// Keys: Space play/pause, ←/→ step, Home/End, ↑/↓ speed, 1/2/3 scene, and
// I, K, Z, P, S, D, M, N to cycle the input, kernel, kernel size, padding,
// stride, dilation, pool mode and pool size; L switches between English
// and Russian (the default follows the locale: LC_ALL, LC_MESSAGES, LANG).
//
// In the browser it is build/site/explainer.wasm, hosted by explainer.html
// in an iframe (explainer-frame.html), because ebiten takes over the
// document it runs in. The page drives it through globalThis.svertkaExplainer
// (host_js.go) and shows the titles, the output-size formula and the
// description of each step in HTML, in English or Russian; the canvas
// writes its numbers the page's way (a decimal comma in Russian).
//
// Text is set with ebiten's text/v2 in the Go fonts, sized in device
// pixels; a grid writes its values in its cells when they are legible
// there, else the close-up of the window shows them.
//
// Files: game.go holds the state and the timeline; keys.go the keyboard;
// view.go and layout.go place the panels; gridcache.go renders once the grids
// that do not change between steps; draw.go draws a frame, palette.go and
// text.go its colours, fonts and numbers; chrome.go the desktop-only text
// (font_js.go and font_notjs.go: its bold face); state.go and snapshot.go
// what the page is told; host.go, host_js.go and host_notjs.go are the two
// platforms.
package main
