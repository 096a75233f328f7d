//go:build js && wasm

package bridge

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
)

// syscall/js releases a JavaScript value that Go has seen only when a Go
// garbage collection finds the js.Value unreachable and its finalizer runs.
// A call that hands a 100 KB Float32Array to JavaScript allocates only a few
// hundred bytes of Go memory, so Go may collect only every few thousand
// calls, and until then every array stays pinned in JavaScript's memory
// (hundreds of megabytes while a page predicts on every frame). The other
// way, a call that copies a large argument into Go leaves it as garbage
// after the call, and until a collection frees it, the next large call
// finds the memory it needs taken and grows the wasm memory, which never
// shrinks. The bridge therefore counts the bytes that cross, both ways, and
// collects after each collectEvery bytes, when those copies are garbage.
const collectEvery = 16 << 20

var crossed atomic.Int64

// cross records n bytes copied between JavaScript and Go.
func cross(n int) {
	crossed.Add(int64(n))
}

// copiedInto records n bytes copied from JavaScript into Go storage that is
// fresh (allocated for this copy) or reused (the caller's buffer, kept from
// call to call). Only a fresh copy counts toward a collection: a reused
// buffer leaves no garbage behind, and counting it would force a collection
// every few dozen calls of a page that hands the engine its canvas on every
// pen move (313 KB each), a pause of several milliseconds in a stroke.
func copiedInto(fresh bool, n int) {
	if fresh {
		cross(n)
	}
}

// collectIfDue runs a garbage collection when enough bytes crossed since
// the last one, so that the copies are freed and the finalizers release
// their JavaScript values. It runs after a call, outside the hot path of
// any single conversion.
func collectIfDue() {
	useWhatIsThere()
	if crossed.Load() < collectEvery {
		return
	}
	crossed.Store(0)
	runtime.GC()
}

// useWhatIsThere sets Go's memory limit to the wasm memory's size. The
// wasm memory never shrinks, so once a large call has grown it, Go may use
// all of it: the collector then runs before the heap would outgrow it,
// instead of letting garbage grow the heap to twice what is live (GOGC),
// which with a large live heap would grow the wasm memory again for no
// need. The limit is soft: data that is live still gets the room it needs.
func useWhatIsThere() {
	if m := int64(MemoryBytes()); m > memoryLimit {
		memoryLimit = m
		debug.SetMemoryLimit(m)
	}
}

var memoryLimit int64
