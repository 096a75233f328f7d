package kernel

import "sync"

// scratch holds buffers for the transposed copies Gemm makes, and offsets
// gemmStrips's offsets into B, so that repeated calls allocate nothing;
// sync.Pools because callers run Gemm on several goroutines at once.
var (
	scratch = sync.Pool{New: func() any { return new([]float32) }}
	offsets = sync.Pool{New: func() any { return new([]int) }}
)

// getScratch returns a buffer of n floats with any contents.
func getScratch(n int) *[]float32 { return get[float32](&scratch, n) }

func putScratch(p *[]float32) { scratch.Put(p) }

// getOffsets returns a buffer of n ints with any contents.
func getOffsets(n int) *[]int { return get[int](&offsets, n) }

func putOffsets(p *[]int) { offsets.Put(p) }

func get[T any](pool *sync.Pool, n int) *[]T {
	p := pool.Get().(*[]T)
	if cap(*p) < n {
		*p = make([]T, n)
	}
	*p = (*p)[:n]
	return p
}
