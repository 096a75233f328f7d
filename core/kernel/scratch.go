package kernel

import "sync"

// scratch holds buffers for the transposed copies Gemm makes, so that
// repeated calls allocate nothing; a sync.Pool because callers run Gemm
// on several goroutines at once.
var scratch = sync.Pool{New: func() any { return new([]float32) }}

// getScratch returns a buffer of n floats with any contents.
func getScratch(n int) *[]float32 {
	p := scratch.Get().(*[]float32)
	if cap(*p) < n {
		*p = make([]float32, n)
	}
	*p = (*p)[:n]
	return p
}

func putScratch(p *[]float32) { scratch.Put(p) }

// offsets holds gemmStrips's offsets into B, likewise.
var offsets = sync.Pool{New: func() any { return new([]int) }}

// getOffsets returns a buffer of n ints with any contents.
func getOffsets(n int) *[]int {
	p := offsets.Get().(*[]int)
	if cap(*p) < n {
		*p = make([]int, n)
	}
	*p = (*p)[:n]
	return p
}

func putOffsets(p *[]int) { offsets.Put(p) }
