//go:build goexperiment.simd && wasm

package kernel

import (
	"simd/archsimd"
	"unsafe"
)

// The blocking of the SIMD product. Splitting k into passes changes
// nothing in the order of summation: C keeps the running sums in between.
const (
	depth     = 256 // products one pass adds: a B panel of 8·depth floats stays in L1
	blockRows = 64  // rows of A packed at a time: 4·blockRows·depth floats stay in L2
)

// gemm runs gemmTiled, except for fewer than 4 rows, which would leave
// most of a tile empty, and for a sparse A (see sparse); gemmStrips, which
// does those, adds the same products in the same order.
func gemm(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 4 || sparse(tA, m, k, a, lda) {
		gemmStrips(tA, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	gemmTiled(tA, m, n, k, a, lda, b, ldb, c, ldc)
}

// gemmTiled runs a 4×8 register tile over C: four rows of op(A) broadcast
// against two vectors of a row of B, eight accumulators. For each pass
// over depth products, blockRows rows of op(A) are packed as [row/4][l][4],
// so that NN and TN share the tile; B is read in place, one 8-column panel
// at a time, against every packed row, and its last n mod 8 columns are
// packed into a zero-padded [l][8] panel whose extra columns are computed
// and thrown away.
func gemmTiled(tA bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	rows, pass := min((m+3)&^3, blockRows), min(k, depth)
	buf := getScratch((rows + 8) * pass)
	defer putScratch(buf)
	ap, bp := (*buf)[:rows*pass], (*buf)[rows*pass:]
	var spare [4][8]float32 // a tile of C on its edge, padded to 4×8
	n8 := n &^ 7
	for l0 := 0; l0 < k; l0 += depth {
		kk := min(depth, k-l0)
		if n8 < n {
			packTail(bp[:8*kk], b[l0*ldb:], ldb, n8, n)
		}
		for i0 := 0; i0 < m; i0 += blockRows {
			mb := min(blockRows, m-i0)
			packA(ap, tA, a, lda, i0, mb, l0, kk)
			for j := 0; j < n; j += 8 {
				cols := min(8, n-j)
				panel, ld := b[l0*ldb+j:], ldb
				if cols < 8 {
					panel, ld = bp, 8
				}
				for r0 := 0; r0 < mb; r0 += 4 {
					rows := min(4, mb-r0)
					pa := ap[r0*kk : (r0+4)*kk]
					ct := c[(i0+r0)*ldc+j:]
					if cols == 8 && rows == 4 {
						// C's four rows straight, without the edge's
						// array of row pointers, whose setup per tile
						// was 4% of predict-all.
						tile(pa, panel, ld, (*[8]float32)(ct), (*[8]float32)(ct[ldc:]), (*[8]float32)(ct[2*ldc:]), (*[8]float32)(ct[3*ldc:]))
						continue
					}
					if cols == 8 {
						// Rows past the edge go to spare, whose packed A is zeros.
						t := [4]*[8]float32{&spare[0], &spare[1], &spare[2], &spare[3]}
						for r := range rows {
							t[r] = (*[8]float32)(ct[r*ldc:])
						}
						tile(pa, panel, ld, t[0], t[1], t[2], t[3])
						continue
					}
					for r := range rows {
						copy(spare[r][:cols], ct[r*ldc:r*ldc+cols])
					}
					tile(pa, panel, ld, &spare[0], &spare[1], &spare[2], &spare[3])
					for r := range rows {
						copy(ct[r*ldc:r*ldc+cols], spare[r][:cols])
					}
				}
			}
		}
	}
}

// sparse reports whether more than two thirds of op(A) are zeros. Then
// gemmStrips, which skips them, beats the tile, which multiplies every
// element: a layer's gradient after ReLU and max pooling is about three
// quarters zeros. Both add the same products in the same order, so the
// choice changes only the speed, and a sample of about 1024 elements
// decides it: counting all of A cost as much as a tenth of the product.
// The step is odd so that it does not keep hitting the same cells of a
// pooling window.
func sparse(tA bool, m, k int, a []float32, lda int) bool {
	cols := k
	if tA {
		cols = m
	}
	// The e-th element, e = 0, step, 2·step, ..., is at (row, col) =
	// (e / cols, e mod cols), moved on by step's quotient and remainder:
	// a division per sample cost training 3%.
	step := max(1, m*k/1024) | 1
	dRow, dCol := step/cols, step%cols
	zeros, seen := 0, 0
	for row, col := 0, 0; row < m*k/cols; {
		if a[row*lda+col] == 0 {
			zeros++
		}
		seen++
		row, col = row+dRow, col+dCol
		if col >= cols {
			row, col = row+1, col-cols
		}
	}
	return 3*zeros > 2*seen
}

// packA copies rows i0..i0+mb of op(A), columns l0..l0+kk, into ap as
// [row/4][l][4], with zeros for the rows past mb in the last group of 4.
// With A transposed, a full group's four values of each l are adjacent in
// A and move as one vector: a convolution's forward packs its kernel this
// way on every call, and four strided scalar reads per l cost predict 4%.
func packA(ap []float32, tA bool, a []float32, lda, i0, mb, l0, kk int) {
	for r0 := 0; r0 < mb; r0 += 4 {
		p := ap[r0*kk : (r0+4)*kk]
		if tA && r0+4 <= mb {
			for l := range kk {
				off := (l0+l)*lda + i0 + r0
				archsimd.LoadFloat32x4Array((*[4]float32)(a[off : off+4])).StoreArray((*[4]float32)(p[4*l : 4*l+4]))
			}
			continue
		}
		clear(p)
		for r := r0; r < min(r0+4, mb); r++ {
			if tA {
				for l := range kk {
					p[4*l+r-r0] = a[(l0+l)*lda+i0+r]
				}
			} else {
				for l, v := range a[(i0+r)*lda+l0 : (i0+r)*lda+l0+kk] {
					p[4*l+r-r0] = v
				}
			}
		}
	}
}

// packTail copies columns n8..n of the rows of B into bp as [l][8], with
// zeros past column n.
func packTail(bp []float32, b []float32, ldb, n8, n int) {
	clear(bp)
	for l := range len(bp) / 8 {
		copy(bp[8*l:8*l+n-n8], b[l*ldb+n8:l*ldb+n])
	}
}

// tile computes the 4×8 tile c += ap·b, ap packed as [l][4], b's rows
// ldb apart. One bounds check up front covers every row of b the tile
// reads; the loop then walks both operands by pointer, with no slicing
// (and so no bounds check) per step, which on wasm would cost as much as
// the arithmetic. Two steps of l per iteration halve the loop's overhead,
// which in Go's wasm is a jump through the function's dispatch table.
func tile(ap, b []float32, ldb int, c0, c1, c2, c3 *[8]float32) {
	steps := len(ap) / 4
	if steps == 0 {
		return
	}
	_ = b[(steps-1)*ldb+7]
	pa, pb := unsafe.Pointer(unsafe.SliceData(ap)), unsafe.Pointer(unsafe.SliceData(b))
	row := uintptr(ldb) * 4
	s00, s01 := load8(c0)
	s10, s11 := load8(c1)
	s20, s21 := load8(c2)
	s30, s31 := load8(c3)
	l := 0
	for ; l+2 <= steps; l += 2 {
		a := (*[8]float32)(unsafe.Add(pa, l*16))
		b0 := (*[8]float32)(unsafe.Add(pb, uintptr(l)*row))
		b1 := (*[8]float32)(unsafe.Add(pb, uintptr(l+1)*row))
		s00, s01, s10, s11, s20, s21, s30, s31 = rank1((*[4]float32)(a[0:4]), b0, s00, s01, s10, s11, s20, s21, s30, s31)
		s00, s01, s10, s11, s20, s21, s30, s31 = rank1((*[4]float32)(a[4:8]), b1, s00, s01, s10, s11, s20, s21, s30, s31)
	}
	if l < steps {
		a := (*[4]float32)(unsafe.Add(pa, l*16))
		b0 := (*[8]float32)(unsafe.Add(pb, uintptr(l)*row))
		s00, s01, s10, s11, s20, s21, s30, s31 = rank1(a, b0, s00, s01, s10, s11, s20, s21, s30, s31)
	}
	store8(c0, s00, s01)
	store8(c1, s10, s11)
	store8(c2, s20, s21)
	store8(c3, s30, s31)
}

// rank1 adds the products of one step of l to the tile's accumulators,
// sRh holding row R's columns 4h..4h+3: one Mul and one Add each, as the
// reference rounds them. The accumulators travel as arguments because
// the compiler keeps separate variables in registers, never an array or
// a struct of more than four fields. Each row's multiplier is broadcast
// just before its row is updated, so that with the eight accumulators and
// the two vectors of b only one more register is live: Go's wasm has 16,
// and four broadcasts at once spilled to memory on every step.
func rank1(a *[4]float32, b *[8]float32, s00, s01, s10, s11, s20, s21, s30, s31 archsimd.Float32x4) (_, _, _, _, _, _, _, _ archsimd.Float32x4) {
	b0, b1 := load8(b)
	r := archsimd.BroadcastFloat32x4(a[0])
	s00, s01 = s00.Add(r.Mul(b0)), s01.Add(r.Mul(b1))
	r = archsimd.BroadcastFloat32x4(a[1])
	s10, s11 = s10.Add(r.Mul(b0)), s11.Add(r.Mul(b1))
	r = archsimd.BroadcastFloat32x4(a[2])
	s20, s21 = s20.Add(r.Mul(b0)), s21.Add(r.Mul(b1))
	r = archsimd.BroadcastFloat32x4(a[3])
	s30, s31 = s30.Add(r.Mul(b0)), s31.Add(r.Mul(b1))
	return s00, s01, s10, s11, s20, s21, s30, s31
}

func load8(p *[8]float32) (archsimd.Float32x4, archsimd.Float32x4) {
	return archsimd.LoadFloat32x4Array((*[4]float32)(p[0:4])), archsimd.LoadFloat32x4Array((*[4]float32)(p[4:8]))
}

func store8(p *[8]float32, lo, hi archsimd.Float32x4) {
	lo.StoreArray((*[4]float32)(p[0:4]))
	hi.StoreArray((*[4]float32)(p[4:8]))
}
