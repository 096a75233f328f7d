//go:build goexperiment.simd && wasm

package kernel

import (
	"simd/archsimd"
	"unsafe"
)

// gemmStrips is the product for a sparse op(A) or fewer than 4 rows: for
// each row of C, the nonzero multipliers of that row of op(A) are gathered
// once (value and offset of their row of B), and then the row of C is
// swept in strips of 16, then 4 columns, each strip held in registers
// while every multiplier adds its products, and its last n mod 4 columns
// one at a time. Against axpy loops (one call, one load and one store of
// C per multiplier) this loads and stores C once per row, and it needs no
// call per multiplier, which matters most for short rows: conv1's kernel
// gradient has rows of 9 or 25. Each element adds its products in the
// order l = 0, 1, ..., k−1, one Mul and one Add each, skipping zero
// multipliers as the generic build's axpy loops do.
func gemmStrips(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	vp, op := getScratch(k), getOffsets(k)
	defer putScratch(vp)
	defer putOffsets(op)
	vals, offs := *vp, *op
	for i := range m {
		var nz int
		if tA {
			nz = gather(vals, offs, a[i:], lda, k, ldb)
		} else {
			nz = gather(vals, offs, a[i*lda:], 1, k, ldb)
		}
		if nz > 0 {
			stripRow(vals[:nz], offs[:nz], b, c[i*ldc:i*ldc+n])
		}
	}
}

// gather writes the nonzero elements of a[0], a[step], ..., a[(k−1)·step]
// into vals and l·ldb, the offset of their row of B, into offs, and
// returns their count. Each element is written and the count moves on
// only when it is nonzero, without a branch: zeros and nonzeros come in
// no pattern a branch predictor could follow.
func gather(vals []float32, offs []int, a []float32, step, k, ldb int) int {
	_ = a[(k-1)*step]
	vals, offs = vals[:k], offs[:k]
	pa := unsafe.Pointer(unsafe.SliceData(a))
	pv, po := unsafe.Pointer(unsafe.SliceData(vals)), unsafe.Pointer(unsafe.SliceData(offs))
	nz := 0
	for l := range k {
		v := *(*float32)(unsafe.Add(pa, 4*l*step))
		*(*float32)(unsafe.Add(pv, 4*nz)) = v
		*(*int)(unsafe.Add(po, nz*int(unsafe.Sizeof(nz)))) = l * ldb
		one := 0
		if v != 0 {
			one = 1
		}
		nz += one
	}
	return nz
}

// stripRow adds Σ_t vals[t]·b[offs[t] : offs[t]+len(ci)] to ci. offs
// ascend, so one bounds check of the last covers every row of b read;
// the strips then walk b by pointer. Columns past the last full strip of
// 16 (n ≥ 16) are one more strip of 16, the row's last, on a copy of which
// only those columns are kept: a row of 30 (conv2's input gradient, part
// by part) is two strips instead of one of 16 and four of 4, each of which
// reloads every multiplier. Below 16 the same holds for strips of 4:
// conv1's kernel gradient has rows of 10, whose 2 scalar columns cost as
// much as the 8 others.
func stripRow(vals []float32, offs []int, b, ci []float32) {
	n := len(ci)
	_ = b[offs[len(offs)-1]+n-1]
	pb := unsafe.Pointer(unsafe.SliceData(b))
	j := 0
	for ; j+16 <= n; j += 16 {
		strip16(vals, offs, unsafe.Add(pb, 4*j), (*[16]float32)(ci[j:j+16]))
	}
	if j < n && n >= 16 {
		last := *(*[16]float32)(ci[n-16 : n])
		strip16(vals, offs, unsafe.Add(pb, 4*(n-16)), &last)
		copy(ci[j:n], last[16-(n-j):])
		return
	}
	for ; j+4 <= n; j += 4 {
		strip4(vals, offs, unsafe.Add(pb, 4*j), (*[4]float32)(ci[j:j+4]))
	}
	if j < n && n >= 4 {
		last := *(*[4]float32)(ci[n-4 : n])
		strip4(vals, offs, unsafe.Add(pb, 4*(n-4)), &last)
		copy(ci[j:n], last[4-(n-j):])
		return
	}
	for ; j < n; j++ {
		s := ci[j]
		for t, v := range vals {
			s += float32(v * *(*float32)(unsafe.Add(pb, 4*(offs[t]+j))))
		}
		ci[j] = s
	}
}

// strip16 adds Σ_t vals[t]·b[offs[t]:][:16] to c, b pointing at the
// strip's first column in B's first row. Two multipliers per iteration
// halve the loop's overhead (see tile).
func strip16(vals []float32, offs []int, b unsafe.Pointer, c *[16]float32) {
	offs = offs[:len(vals)]
	s0, s1 := load8((*[8]float32)(c[0:8]))
	s2, s3 := load8((*[8]float32)(c[8:16]))
	t := 0
	for ; t+2 <= len(vals); t += 2 {
		s0, s1, s2, s3 = step16(vals[t], unsafe.Add(b, 4*offs[t]), s0, s1, s2, s3)
		s0, s1, s2, s3 = step16(vals[t+1], unsafe.Add(b, 4*offs[t+1]), s0, s1, s2, s3)
	}
	if t < len(vals) {
		s0, s1, s2, s3 = step16(vals[t], unsafe.Add(b, 4*offs[t]), s0, s1, s2, s3)
	}
	store8((*[8]float32)(c[0:8]), s0, s1)
	store8((*[8]float32)(c[8:16]), s2, s3)
}

// step16 adds v times the 16 floats at p to the strip's accumulators.
func step16(v float32, p unsafe.Pointer, s0, s1, s2, s3 archsimd.Float32x4) (_, _, _, _ archsimd.Float32x4) {
	r := archsimd.BroadcastFloat32x4(v)
	b := (*[16]float32)(p)
	b0, b1 := load8((*[8]float32)(b[0:8]))
	s0, s1 = s0.Add(r.Mul(b0)), s1.Add(r.Mul(b1))
	b2, b3 := load8((*[8]float32)(b[8:16]))
	return s0, s1, s2.Add(r.Mul(b2)), s3.Add(r.Mul(b3))
}

// strip4 is strip16 for 4 columns.
func strip4(vals []float32, offs []int, b unsafe.Pointer, c *[4]float32) {
	offs = offs[:len(vals)]
	s := archsimd.LoadFloat32x4Array(c)
	t := 0
	for ; t+2 <= len(vals); t += 2 {
		p0, p1 := (*[4]float32)(unsafe.Add(b, 4*offs[t])), (*[4]float32)(unsafe.Add(b, 4*offs[t+1]))
		s = s.Add(archsimd.BroadcastFloat32x4(vals[t]).Mul(archsimd.LoadFloat32x4Array(p0)))
		s = s.Add(archsimd.BroadcastFloat32x4(vals[t+1]).Mul(archsimd.LoadFloat32x4Array(p1)))
	}
	if t < len(vals) {
		p := (*[4]float32)(unsafe.Add(b, 4*offs[t]))
		s = s.Add(archsimd.BroadcastFloat32x4(vals[t]).Mul(archsimd.LoadFloat32x4Array(p)))
	}
	s.StoreArray(c)
}
