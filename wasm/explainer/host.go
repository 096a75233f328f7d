package main

// host is the platform around the explainer: the web page (js/wasm) or a
// desktop window.
type host interface {
	// notify tells the host what is on screen after a change.
	notify(s state)
	// drawsChrome says whether the canvas must show the setting, titles
	// and descriptions itself (desktop) or the page does (web).
	drawsChrome() bool
	// keys appends to dst the keys pressed since the last call, in order,
	// with the repeats of held keys.
	keys(dst []keyPress) []keyPress
}
