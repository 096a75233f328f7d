//go:build js && wasm

package bridge

import (
	"runtime"
	"sync/atomic"
)

// syscall/js releases a JavaScript value that Go has seen only when a Go
// garbage collection finds the js.Value unreachable and its finalizer runs.
// A call that hands a 100 KB Float32Array to JavaScript allocates only a few
// hundred bytes of Go memory, so Go may collect only every few thousand
// calls, and until then every array stays pinned in JavaScript's memory
// (hundreds of megabytes while a page predicts on every frame). The bridge
// therefore counts the bytes it hands out and collects after each
// collectEvery bytes, when the pinned arrays are garbage anyway.
const collectEvery = 16 << 20

var handedOut atomic.Int64

// handOut records n bytes of a new JavaScript array created by Go.
func handOut(n int) {
	handedOut.Add(int64(n))
}

// collectIfDue runs a garbage collection when enough bytes were handed out
// since the last one, so the finalizers release their JavaScript values.
// It runs after a call, outside the hot path of any single conversion.
func collectIfDue() {
	if handedOut.Load() < collectEvery {
		return
	}
	handedOut.Store(0)
	runtime.GC()
}
