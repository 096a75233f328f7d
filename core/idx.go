package core

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrIDX matches the errors for IDX data that cannot be read: bad magic
// number, unsupported element type, wrong dimensions, truncated or trailing
// data, or a corrupt gzip stream. Like the other sentinels, the error text
// itself is the plain explanation (e.g. "idx: truncated: ...").
var ErrIDX = errors.New("core: invalid IDX data")

// IDX limits. MNIST's largest file holds 60000×28×28 = 47 million bytes; the
// limits leave ample room while stopping a corrupt header from asking for
// gigabytes.
const (
	IDXMaxDims     = 4
	IDXMaxElements = 1 << 28
)

// IDX element type codes (third byte of the magic number). Only unsigned
// bytes are supported: that is what MNIST and its relatives use.
const idxUint8 = 0x08

// IDX is a decoded IDX file: an n-dimensional array of unsigned bytes,
// row-major, last dimension fastest.
type IDX struct {
	Dims []int
	Data []byte
}

// IDXImages is an IDX file of greyscale images: N images of Rows×Cols bytes,
// 0 = background, 255 = full ink (MNIST convention).
type IDXImages struct {
	N, Rows, Cols int
	Pixels        []byte // N*Rows*Cols
}

// Image returns the i-th image's pixels (Rows*Cols bytes, shared with p.Pixels).
func (p *IDXImages) Image(i int) []byte {
	n := p.Rows * p.Cols
	return p.Pixels[i*n : (i+1)*n : (i+1)*n]
}

// ReadIDX reads an IDX file of unsigned bytes from r. Gzip-compressed input
// is detected from its magic bytes and decompressed transparently. The data
// must end exactly where the header says; the gzip checksum is verified.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, errorf(ErrIDX, "idx: gzip header: %v", err)
		}
		defer zr.Close()
		return readIDX(zr)
	}
	return readIDX(br)
}

func readIDX(r io.Reader) (*IDX, error) {
	var magic [4]byte
	if n, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, idxReadError(fmt.Sprintf("magic number: got %d of 4 bytes", n), err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, errorf(ErrIDX, "idx: bad magic number % x (want 00 00 <type> <dims>)", magic)
	}
	if magic[2] != idxUint8 {
		return nil, errorf(ErrIDX, "idx: element type 0x%02x not supported (only 0x08, unsigned byte)", magic[2])
	}
	ndims := int(magic[3])
	if ndims < 1 || ndims > IDXMaxDims {
		return nil, errorf(ErrIDX, "idx: %d dimensions (want 1 to %d)", ndims, IDXMaxDims)
	}
	sizes := make([]byte, 4*ndims)
	if n, err := io.ReadFull(r, sizes); err != nil {
		return nil, idxReadError(fmt.Sprintf("dimension sizes: got %d of %d bytes", n, len(sizes)), err)
	}
	dims := make([]int, ndims)
	total := 1
	for i := range dims {
		d := binary.BigEndian.Uint32(sizes[4*i:])
		if d > IDXMaxElements {
			return nil, errorf(ErrIDX, "idx: dimension %d is %d (limit %d)", i, d, IDXMaxElements)
		}
		dims[i] = int(d)
		total *= dims[i]
		if total > IDXMaxElements {
			return nil, errorf(ErrIDX, "idx: dimensions %v exceed %d elements", dims[:i+1], IDXMaxElements)
		}
	}
	// Read at most one byte more than declared: a lying header cannot make
	// us allocate more than the input really holds, and the extra byte
	// detects trailing data (and, for gzip, reaching EOF verifies the CRC).
	data, err := io.ReadAll(io.LimitReader(r, int64(total)+1))
	if err != nil {
		return nil, idxReadError(fmt.Sprintf("data of %v", dims), err)
	}
	switch {
	case len(data) < total:
		return nil, errorf(ErrIDX, "idx: truncated: header declares %v = %d bytes of data, got %d", dims, total, len(data))
	case len(data) > total:
		return nil, errorf(ErrIDX, "idx: trailing data after the %d bytes the header %v declares", total, dims)
	}
	return &IDX{Dims: dims, Data: data}, nil
}

// idxReadError explains a read failure; a short read is reported as
// truncation.
func idxReadError(what string, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errorf(ErrIDX, "idx: truncated: %s", what)
	}
	return errorf(ErrIDX, "idx: %s: %v", what, err)
}

// ReadIDXImages reads an IDX file of images (3 dimensions: count, rows,
// columns), gzip or raw.
func ReadIDXImages(r io.Reader) (*IDXImages, error) {
	x, err := ReadIDX(r)
	if err != nil {
		return nil, err
	}
	if len(x.Dims) != 3 || x.Dims[1] == 0 || x.Dims[2] == 0 {
		return nil, errorf(ErrIDX, "idx: images need dimensions [count, rows, cols] with rows, cols > 0, got %v", x.Dims)
	}
	return &IDXImages{N: x.Dims[0], Rows: x.Dims[1], Cols: x.Dims[2], Pixels: x.Data}, nil
}

// ReadIDXLabels reads an IDX file of labels (1 dimension), gzip or raw. Every
// label must be below classes.
func ReadIDXLabels(r io.Reader, classes int) ([]uint8, error) {
	x, err := ReadIDX(r)
	if err != nil {
		return nil, err
	}
	if len(x.Dims) != 1 {
		return nil, errorf(ErrIDX, "idx: labels need 1 dimension, got %v", x.Dims)
	}
	for i, l := range x.Data {
		if int(l) >= classes {
			return nil, errorf(ErrIDX, "idx: label %d is %d, want 0 to %d", i, l, classes-1)
		}
	}
	return x.Data, nil
}
