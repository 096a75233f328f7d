//go:build js && wasm

package bridge

import (
	"fmt"
	"syscall/js"
)

// Lent is a Float32Array a caller lends a method for its results (an into
// option), so that a page calling it on every frame allocates nothing on
// either side: the method copies its numbers into the caller's memory
// instead of into a new ArrayBuffer — whose allocation, zeroing and first
// touch of fresh memory cost as much as the copy itself — and hands back
// views of it.
//
// A Lent keeps a Uint8Array of the lent bytes, and whatever the method
// built on them (Result, its result object), for as long as the caller keeps
// lending the same memory: the views and objects of a result are made once,
// not per call. Because the caller lends the memory, the next call that
// lends it overwrites what the last one wrote; without into, results stay
// the caller's alone.
type Lent struct {
	buffer    js.Value // the lent ArrayBuffer; the zero Value (undefined) before the first Lend
	offset, n int      // the lent array's byte offset in buffer and its length in values
	bytes     js.Value // Uint8Array of the lent bytes
	// Result is what the method built on the lent memory. Lend sets it to
	// undefined when the memory differs from the last call's.
	Result js.Value
}

// Lend makes the Float32Array v, which must hold exactly n values, the
// memory the next Write fills, and reports whether it is the same memory
// as the last call's (then Result is still what was built on it). name is
// what v is called in errors.
func (l *Lent) Lend(name string, v js.Value, n int) (same bool, err error) {
	got, err := Float32Length(name, v)
	if err != nil {
		return false, err
	}
	if got != n {
		return false, fmt.Errorf("%s must be a Float32Array of %d values, got %s", name, n, Describe(v))
	}
	// The getters themselves, not Get("buffer"): no name crosses the
	// boundary; and glue compares the buffer without bringing it into Go.
	off := intrinsics.apply(intrinsics.typedArrayByteOffset, v).Int()
	if off == l.offset && n == l.n && !l.buffer.IsUndefined() {
		if g := glue(); g.ok && g.sameBuffer.Invoke(v, l.buffer).Int() != 0 {
			return true, nil
		}
	}
	buf := intrinsics.apply(intrinsics.typedArrayBuffer, v)
	if buf.Equal(l.buffer) && off == l.offset && n == l.n {
		return true, nil
	}
	*l = Lent{buffer: buf, offset: off, n: n, bytes: jsUint8Array.New(buf, off, 4*n)}
	return false, nil
}

// Forget drops the lent memory and the Result built on it, so that Go no
// longer keeps either alive: after the layers a Result describes changed,
// for one.
func (l *Lent) Forget() { *l = Lent{} }

// Array returns a new Float32Array of all the lent values.
func (l *Lent) Array() js.Value { return jsFloat32Array.New(l.buffer, l.offset, l.n) }

// Copy copies data, which must be exactly the lent array's length, into it.
func (l *Lent) Copy(data []float32) { l.write(float32Bytes(data)) }

func (l *Lent) write(b []byte) {
	if len(b) != 4*l.n {
		panic(fmt.Sprintf("bridge: %d values copied into a lent Float32Array of %d", len(b)/4, l.n))
	}
	js.CopyBytesToJS(l.bytes, b)
}

// PackInto copies the parts, back to back, into the lent array, which must
// hold exactly their values; LentView and SetLentViews then make views of
// its parts. Nothing is allocated in JavaScript: the numbers go where the
// caller said.
func (p *Float32Packer) PackInto(l *Lent, parts [][]float32) {
	l.write(p.stage(parts))
}

// LentView is View of part i of the last PackInto.
func (p *Float32Packer) LentView(l *Lent, i int) js.Value { return p.viewAt(l.buffer, l.offset, i) }

// SetLentViews is SetViews of the parts of the last PackInto.
func (p *Float32Packer) SetLentViews(l *Lent, objs js.Value, key string, n int) {
	p.setViewsAt(objs, key, l.buffer, l.offset, n)
}
