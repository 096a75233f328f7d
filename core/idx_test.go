package core

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// idxBytes builds an IDX file by hand: magic 00 00 08 <ndims>, big-endian
// sizes, then the data.
func idxBytes(dims []uint32, data []byte) []byte {
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	return append(b, data...)
}

func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadIDXImagesRawAndGzip(t *testing.T) {
	// Two 2×3 images.
	pixels := []byte{0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255}
	raw := idxBytes([]uint32{2, 2, 3}, pixels)
	for name, in := range map[string][]byte{"raw": raw, "gzip": gzipBytes(t, raw)} {
		t.Run(name, func(t *testing.T) {
			imgs, err := ReadIDXImages(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if imgs.N != 2 || imgs.Rows != 2 || imgs.Cols != 3 {
				t.Fatalf("got %d images of %d×%d, want 2 of 2×3", imgs.N, imgs.Rows, imgs.Cols)
			}
			if !bytes.Equal(imgs.Image(0), pixels[:6]) || !bytes.Equal(imgs.Image(1), pixels[6:]) {
				t.Fatalf("images %v %v, want %v %v", imgs.Image(0), imgs.Image(1), pixels[:6], pixels[6:])
			}
		})
	}
}

func TestReadIDXLabels(t *testing.T) {
	raw := idxBytes([]uint32{4}, []byte{7, 2, 1, 0})
	for name, in := range map[string][]byte{"raw": raw, "gzip": gzipBytes(t, raw)} {
		t.Run(name, func(t *testing.T) {
			labels, err := ReadIDXLabels(bytes.NewReader(in), 10)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(labels, []byte{7, 2, 1, 0}) {
				t.Fatalf("labels %v, want [7 2 1 0]", labels)
			}
		})
	}
}

func TestReadIDXEmptyCount(t *testing.T) {
	imgs, err := ReadIDXImages(bytes.NewReader(idxBytes([]uint32{0, 28, 28}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if imgs.N != 0 || len(imgs.Pixels) != 0 {
		t.Fatalf("got %d images, %d bytes; want none", imgs.N, len(imgs.Pixels))
	}
}

func TestReadIDXErrors(t *testing.T) {
	good := idxBytes([]uint32{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	gz := gzipBytes(t, good)
	corruptGz := bytes.Clone(gz)
	corruptGz[len(corruptGz)-6] ^= 0xff // inside the CRC-32 trailer
	tests := []struct {
		name      string
		in        []byte
		wantMsg   string
		truncated bool
	}{
		{"empty input", nil, "magic number: got 0 of 4 bytes", true},
		{"short magic", []byte{0, 0, 8}, "magic number: got 3 of 4 bytes", true},
		{"bad magic", []byte{1, 2, 8, 3, 0, 0, 0, 0}, "bad magic number 01 02 08 03", false},
		{"float elements", []byte{0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0}, "element type 0x0d not supported", false},
		{"zero dims", []byte{0, 0, 8, 0}, "0 dimensions", false},
		{"too many dims", []byte{0, 0, 8, 9}, "9 dimensions", false},
		{"truncated sizes", good[:9], "dimension sizes: got 5 of 12 bytes", true},
		{"truncated data", good[:len(good)-3], "header declares [2 2 2] = 8 bytes of data, got 5", true},
		{"truncated gzip", gz[:len(gz)/2], "", true},
		{"corrupt gzip crc", corruptGz, "checksum", false},
		{"trailing data", append(bytes.Clone(good), 9), "trailing data after the 8 bytes", false},
		{"huge dimension", idxBytes([]uint32{1 << 30, 1, 1}, nil), "dimension 0 is 1073741824", false},
		{"huge product", idxBytes([]uint32{1 << 15, 1 << 15, 1 << 15}, nil), "exceed 268435456 elements", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadIDX(bytes.NewReader(tc.in))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrIDX) {
				t.Errorf("error %q does not wrap ErrIDX", err)
			}
			if !strings.HasPrefix(err.Error(), "idx: ") {
				t.Errorf("error %q does not start with \"idx: \"", err)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tc.wantMsg)
			}
			if got := strings.Contains(err.Error(), "truncated"); got != tc.truncated {
				t.Errorf("error %q: reported as truncated %v, want %v", err, got, tc.truncated)
			}
		})
	}
}

func TestReadIDXShapeErrors(t *testing.T) {
	labels := idxBytes([]uint32{3}, []byte{1, 2, 3})
	if _, err := ReadIDXImages(bytes.NewReader(labels)); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "[count, rows, cols]") {
		t.Errorf("labels read as images: error %v", err)
	}
	images := idxBytes([]uint32{1, 1, 2}, []byte{1, 2})
	if _, err := ReadIDXLabels(bytes.NewReader(images), 10); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "1 dimension") {
		t.Errorf("images read as labels: error %v", err)
	}
	bad := idxBytes([]uint32{3}, []byte{1, 10, 3})
	if _, err := ReadIDXLabels(bytes.NewReader(bad), 10); !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "label 1 is 10") {
		t.Errorf("label out of range: error %v", err)
	}
}

// A lying header must not make the reader allocate what it declares.
func TestReadIDXLyingHeaderAllocatesLittle(t *testing.T) {
	in := idxBytes([]uint32{1 << 14, 1 << 14}, []byte{1, 2, 3}) // declares 256 MiB
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := ReadIDX(bytes.NewReader(in))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrIDX) || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("error %v, want truncation", err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("allocated %d bytes for a %d-byte input", n, len(in))
	}
}

func ExampleReadIDXImages() {
	// An IDX file with one 2×2 image: magic 00 00 08 03, sizes 1, 2, 2, pixels.
	file := []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 128, 0}
	imgs, err := ReadIDXImages(bytes.NewReader(file))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(imgs.N, imgs.Rows, imgs.Cols, imgs.Image(0))

	_, err = ReadIDXImages(bytes.NewReader(file[:18]))
	fmt.Println(err)
	// Output:
	// 1 2 2 [0 255 128 0]
	// idx: truncated: header declares [1 2 2] = 4 bytes of data, got 2
}
