package training

// A small single-precision matrix product for the fast engine: C = op(A)·op(B)
// with a register-blocked micro-kernel that reads A in place and B in place
// or from a packed panel: 8×32 in AVX-512 assembly where the CPU has it,
// else 6×16 in AVX2 + FMA assembly on amd64, or portable Go.
// Every element of C is one sum over k in increasing order, so the result
// does not depend on how the tiles are scheduled. Both assembly kernels
// compute it as the same chain of fused multiply-adds from zero, so they
// give the same bits; the portable kernel (no fusion) can differ in the
// last bits.

// The micro-kernels' tiles: rows of op(A) by columns of op(B).
const (
	gemmMR    = 6 // AVX2 and portable
	gemmNR    = 16
	gemm512MR = 8 // AVX-512
	gemm512NR = 32
	gemmMaxMR = gemm512MR
	gemmMaxNR = gemm512NR
)

// gemm holds the packing buffers of one matrix product at a time.
type gemm struct {
	b     []float32
	aEdge [gemmMaxMR * 1024]float32 // rows of a last, partial row panel (k ≤ 1024)
	aBig  []float32                 // the same when k > 1024
	tile  [gemmMaxMR * gemmMaxNR]float32
}

// wideKernel reports whether a product with n columns runs on the AVX-512
// kernel: only where the CPU has it, and for more than gemmNR columns,
// since its 32 columns would be half padding for 16.
func wideKernel(n int) bool { return useAVX512 && useAVX2 && n > gemmNR }

// tileShape is the tile of the micro-kernel gemmKernel runs when wide or
// not.
func tileShape(wide bool) (mr, nr int) {
	if wide {
		return gemm512MR, gemm512NR
	}
	return gemmMR, gemmNR
}

// grow returns s resliced to n elements, reallocated if too short.
func grow(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}

// packB writes the columns j0 to j0+nr (or n) of op(B) (k×n;
// op(B)[p][j] is b[p*ldb+j], or b[j*ldb+p] when trans) as a panel of k rows
// of nr values, columns past n zero.
func (g *gemm) packB(trans bool, k, n, j0, nr int, b []float32, ldb int) []float32 {
	d := grow(g.b, nr*k)
	g.b = d
	cols := min(nr, n-j0)
	if !trans {
		for p := 0; p < k; p++ {
			o := d[p*nr : p*nr+nr]
			copy(o, b[p*ldb+j0:p*ldb+j0+cols])
			clear(o[cols:])
		}
		return d
	}
	if cols < nr {
		clear(d)
	}
	for j := 0; j < cols; j++ {
		src := b[(j0+j)*ldb : (j0+j)*ldb+k]
		for p, v := range src {
			d[p*nr+j] = v
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
	wide := wideKernel(n)
	mr, nr := tileShape(wide)
	full := m / mr * mr
	var edge []float32 // the last, partial row panel, packed with zero rows
	if full < m {
		if mr*k <= len(g.aEdge) {
			edge = g.aEdge[:mr*k]
		} else {
			g.aBig = grow(g.aBig, mr*k)
			edge = g.aBig
		}
		clear(edge)
		for i := full; i < m; i++ {
			for p := 0; p < k; p++ {
				edge[p*mr+i-full] = a[i*rs+p*ks]
			}
		}
	}
	tile := g.tile[:mr*nr]
	for j0 := 0; j0 < n; j0 += nr {
		cols := min(nr, n-j0)
		var bPanel []float32
		bs := nr // row stride of bPanel
		if transB || cols < nr {
			bPanel = g.packB(transB, k, n, j0, nr, b, ldb)
		} else {
			bPanel, bs = b[j0:], ldb
			_ = b[(k-1)*ldb+j0+nr-1]
		}
		for i0 := 0; i0 < full; i0 += mr {
			if cols == nr {
				gemmKernel(wide, k, a[i0*rs:], rs, ks, bPanel, bs, c[i0*ldc+j0:], ldc)
				continue
			}
			gemmKernel(wide, k, a[i0*rs:], rs, ks, bPanel, bs, tile, nr)
			for i := 0; i < mr; i++ {
				copy(c[(i0+i)*ldc+j0:(i0+i)*ldc+j0+cols], tile[i*nr:i*nr+cols])
			}
		}
		if edge != nil {
			gemmKernel(wide, k, edge, 1, mr, bPanel, bs, tile, nr)
			for i := 0; i < m-full; i++ {
				copy(c[(full+i)*ldc+j0:(full+i)*ldc+j0+cols], tile[i*nr:i*nr+cols])
			}
		}
	}
}

// gemmKernel sets the mr×nr tile c (row stride ldc, see tileShape(wide))
// to the product of mr rows of A (A[i][p] = a[i*rs+p*ks]) and k ≥ 1 rows of
// nr values of B (row stride ldb).
func gemmKernel(wide bool, k int, a []float32, rs, ks int, b []float32, ldb int, c []float32, ldc int) {
	if wide {
		_ = a[(gemm512MR-1)*rs+(k-1)*ks]
		_ = b[(k-1)*ldb+gemm512NR-1]
		_ = c[(gemm512MR-1)*ldc+gemm512NR-1]
		gemmKernelAVX512(k, &a[0], rs, ks, &b[0], ldb, &c[0], ldc)
		return
	}
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
