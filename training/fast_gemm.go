package training

// A small single-precision matrix product for the fast engine: C = op(A)·op(B)
// with a 6×16 register-blocked micro-kernel (AVX2 + FMA assembly on amd64,
// portable Go elsewhere) that reads A in place and B in place or from a
// packed panel.
// Every element of C is one sum over k in increasing order, so the result
// does not depend on how the tiles are scheduled; it can differ in the last
// bits between the assembly (fused multiply-add) and the portable kernel.

// The micro-kernel's tile: gemmMR rows of op(A) by gemmNR columns of op(B).
const (
	gemmMR = 6
	gemmNR = 16
)

// gemm holds the packing buffers of one matrix product at a time.
type gemm struct {
	b     []float32
	aEdge [gemmMR * 1024]float32 // rows of a last, partial row panel (k ≤ 1024)
	aBig  []float32              // the same when k > 1024
	tile  [gemmMR * gemmNR]float32
}

// grow returns s resliced to n elements, reallocated if too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// packB writes the columns j0 to j0+gemmNR (or n) of op(B) (k×n;
// op(B)[p][j] is b[p*ldb+j], or b[j*ldb+p] when trans) as a panel of k rows
// of gemmNR values, columns past n zero.
func (g *gemm) packB(trans bool, k, n, j0 int, b []float32, ldb int) []float32 {
	d := grow(g.b, gemmNR*k)
	g.b = d
	cols := min(gemmNR, n-j0)
	if !trans {
		for p := 0; p < k; p++ {
			o := d[p*gemmNR : p*gemmNR+gemmNR]
			copy(o, b[p*ldb+j0:p*ldb+j0+cols])
			clear(o[cols:])
		}
		return d
	}
	if cols < gemmNR {
		clear(d)
	}
	for j := 0; j < cols; j++ {
		src := b[(j0+j)*ldb : (j0+j)*ldb+k]
		for p, v := range src {
			d[p*gemmNR+j] = v
		}
	}
	return d
}

// mul sets C (m×n, row stride ldc) to op(A)·op(B), where op(A) is m×k,
// op(A)[i][p] = a[i*lda+p] (a[p*lda+i] when transA), and op(B) is k×n,
// op(B)[p][j] = b[p*ldb+j] (b[j*ldb+p] when transB). A is read in place;
// so is B when not transposed, except for a last, partial column panel.
func (g *gemm) mul(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	_ = c[(m-1)*ldc+n-1]
	if k == 0 {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	// Strides of op(A): rs between rows, ks between columns.
	rs, ks := lda, 1
	if transA {
		rs, ks = 1, lda
		_ = a[(k-1)*lda+m-1]
	} else {
		_ = a[(m-1)*lda+k-1]
	}
	full := m / gemmMR * gemmMR
	var edge []float32 // the last, partial row panel, packed with zero rows
	if full < m {
		if gemmMR*k <= len(g.aEdge) {
			edge = g.aEdge[:gemmMR*k]
		} else {
			g.aBig = grow(g.aBig, gemmMR*k)
			edge = g.aBig
		}
		clear(edge)
		for i := full; i < m; i++ {
			for p := 0; p < k; p++ {
				edge[p*gemmMR+i-full] = a[i*rs+p*ks]
			}
		}
	}
	for j0 := 0; j0 < n; j0 += gemmNR {
		cols := min(gemmNR, n-j0)
		var bPanel []float32
		bs := gemmNR // row stride of bPanel
		if transB || cols < gemmNR {
			bPanel = g.packB(transB, k, n, j0, b, ldb)
		} else {
			bPanel, bs = b[j0:], ldb
			_ = b[(k-1)*ldb+j0+gemmNR-1]
		}
		for i0 := 0; i0 < full; i0 += gemmMR {
			if cols == gemmNR {
				gemmKernel(k, a[i0*rs:], rs, ks, bPanel, bs, c[i0*ldc+j0:], ldc)
				continue
			}
			gemmKernel(k, a[i0*rs:], rs, ks, bPanel, bs, g.tile[:], gemmNR)
			for i := 0; i < gemmMR; i++ {
				copy(c[(i0+i)*ldc+j0:(i0+i)*ldc+j0+cols], g.tile[i*gemmNR:i*gemmNR+cols])
			}
		}
		if edge != nil {
			gemmKernel(k, edge, 1, gemmMR, bPanel, bs, g.tile[:], gemmNR)
			for i := 0; i < m-full; i++ {
				copy(c[(full+i)*ldc+j0:(full+i)*ldc+j0+cols], g.tile[i*gemmNR:i*gemmNR+cols])
			}
		}
	}
}

// gemmKernel sets the gemmMR×gemmNR tile c (row stride ldc) to the product
// of gemmMR rows of A (A[i][p] = a[i*rs+p*ks]) and k ≥ 1 rows of gemmNR
// values of B (row stride ldb).
func gemmKernel(k int, a []float32, rs, ks int, b []float32, ldb int, c []float32, ldc int) {
	if useAVX2 {
		_ = a[(gemmMR-1)*rs+(k-1)*ks]
		_ = b[(k-1)*ldb+gemmNR-1]
		_ = c[(gemmMR-1)*ldc+gemmNR-1]
		gemmKernelAVX2(k, &a[0], rs, ks, &b[0], ldb, &c[0], ldc)
		return
	}
	gemmKernelGo(k, a, rs, ks, b, ldb, c, ldc)
}

// gemmKernelGo is the portable micro-kernel.
func gemmKernelGo(k int, a []float32, rs, ks int, b []float32, ldb int, c []float32, ldc int) {
	var acc [gemmMR][gemmNR]float32
	for p := 0; p < k; p++ {
		bp := (*[gemmNR]float32)(b[p*ldb:])
		for i := range acc {
			av := a[i*rs+p*ks]
			r := &acc[i]
			for j, bv := range bp {
				r[j] += float32(av * bv)
			}
		}
	}
	for i := range acc {
		copy(c[i*ldc:i*ldc+gemmNR], acc[i][:])
	}
}
