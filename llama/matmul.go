package llama

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// The matmul is a packed, cache-blocked GEMM in the BLIS style. C is cut
// into column blocks (and row groups when the columns are few) shared out
// to all cores. For each slice of the inner dimension (equal slices of at
// most kcMax) a task packs its columns of B once into 16-column panels
// and, mcBlock rows at a time, its rows of A into 6-row panels; a 6×16
// micro-kernel (AVX2/FMA assembly for float32 on amd64, plain Go
// otherwise) multiplies one panel pair into C. Each element of C is summed
// by one goroutine in a fixed order, so results do not depend on
// scheduling.
const (
	mr      = 6
	nr      = 16
	mcBlock = 16 * mr
	ncMax   = 32 * nr
	kcMax   = 320 // a 16×kc B panel and a 6×kc A panel stay in a 32 KiB L1
)

// packPool keeps packing buffers (a *[]float32 or *[]float64) between
// calls: the attention runs thousands of small products a step.
var packPool sync.Pool

func getPack[T Float](n int) *[]T {
	if b, ok := packPool.Get().(*[]T); ok && cap(*b) >= n {
		*b = (*b)[:n]
		return b
	}
	b := make([]T, n)
	return &b
}

// gemm computes C += op(A)·op(B) with op(A) m×k and op(B) k×n; op(X) is X
// or Xᵀ as tA / tB say, each stored row-major with leading dimension
// lda / ldb. With add false it computes C = op(A)·op(B) (k ≥ 1).
func gemm[T Float](add, tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	workers := runtime.GOMAXPROCS(0)
	if m*n*k < 1<<15 {
		workers = 1
	}
	gemmOn(workers, add, tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}

// gemmOn is gemm on at most workers goroutines (1: the caller's).
func gemmOn[T Float](workers int, add, tA, tB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if m == 0 || n == 0 || k == 0 {
		return
	}
	// A task is one column block of C (at most ncMax wide, the blocks of
	// equal width) over a group of rows; rows are only split when there
	// are too few column blocks to share out, as a packed block of B is
	// reused by every row of its task and a block of A by every column.
	slices := (k + kcMax - 1) / kcMax
	kcb := (k + slices - 1) / slices
	cols := (n + ncMax - 1) / ncMax
	ncb := roundUp((n+cols-1)/cols, nr)
	cols = (n + ncb - 1) / ncb
	groups := min((2*workers+cols-1)/cols, (m+mr-1)/mr)
	if workers == 1 {
		groups = 1
	}
	rowsPer := roundUp((m+groups-1)/groups, mr)
	groups = (m + rowsPer - 1) / rowsPer
	tasks := cols * groups
	var next atomic.Int64
	work := func() {
		na := roundUp(min(mcBlock, m), mr) * kcb
		buf := getPack[T](na + roundUp(ncb, nr)*kcb)
		defer packPool.Put(buf)
		ap, bp := (*buf)[:na], (*buf)[na:]
		for {
			t := int(next.Add(1)) - 1
			if t >= tasks {
				return
			}
			j0, r0 := (t/groups)*ncb, (t%groups)*rowsPer
			nc, r1 := min(ncb, n-j0), min(r0+rowsPer, m)
			for p0 := 0; p0 < k; p0 += kcb {
				kc := min(kcb, k-p0)
				packB(bp, tB, b, ldb, p0, j0, kc, nc)
				for i0 := r0; i0 < r1; i0 += mcBlock {
					mc := min(mcBlock, r1-i0)
					packA(ap, tA, a, lda, i0, p0, mc, kc)
					tile(ap, bp, c, ldc, i0, j0, mc, nc, kc, add || p0 > 0)
				}
			}
		}
	}
	workers = min(workers, tasks)
	if workers == 1 {
		work()
		return
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(work)
	}
	wg.Wait()
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// packA writes rows [i0, i0+mc) × columns [p0, p0+kc) of op(A) as 6-row
// panels, each column of a panel contiguous, zero-padded to 6 rows.
func packA[T Float](ap []T, tA bool, a []T, lda, i0, p0, mc, kc int) {
	if tA {
		// op(A) = Aᵀ: the block's rows are adjacent values of each stored
		// row, read together one stored row at a time.
		for p := range kc {
			src := a[(p0+p)*lda+i0 : (p0+p)*lda+i0+mc]
			for ip := 0; ip < mc; ip += mr {
				d := (*[mr]T)(ap[ip*kc+p*mr:])
				if ip+mr <= mc {
					*d = *(*[mr]T)(src[ip:])
					continue
				}
				for r := range mr {
					d[r] = 0
					if ip+r < mc {
						d[r] = src[ip+r]
					}
				}
			}
		}
		return
	}
	for ip := 0; ip < mc; ip += mr {
		dst := ap[ip*kc : (ip+mr)*kc]
		rows := min(mr, mc-ip)
		for r := range mr {
			if r >= rows {
				for p := range kc {
					dst[p*mr+r] = 0
				}
				continue
			}
			i := i0 + ip + r
			row := a[i*lda+p0 : i*lda+p0+kc]
			for p, v := range row {
				dst[p*mr+r] = v
			}
		}
	}
}

// packB writes rows [p0, p0+kc) × columns [j0, j0+nc) of op(B) as
// 16-column panels, each row of a panel contiguous, zero-padded.
func packB[T Float](bp []T, tB bool, b []T, ldb, p0, j0, kc, nc int) {
	for jp := 0; jp < nc; jp += nr {
		dst := bp[jp*kc : (jp+nr)*kc]
		cols := min(nr, nc-jp)
		for p := range kc {
			d := dst[p*nr : p*nr+nr]
			if tB {
				for j := range cols {
					d[j] = b[(j0+jp+j)*ldb+p0+p]
				}
			} else if cols == nr {
				*(*[nr]T)(d) = *(*[nr]T)(b[(p0+p)*ldb+j0+jp:])
				continue
			} else {
				copy(d[:cols], b[(p0+p)*ldb+j0+jp:])
			}
			for j := cols; j < nr; j++ {
				d[j] = 0
			}
		}
	}
}

// tile runs the micro-kernel over every panel pair of one packed tile,
// adding to C or, when add is false, overwriting it; partial panels at
// the edges go through a 6×16 scratch block.
func tile[T Float](ap, bp, c []T, ldc, i0, j0, mc, nc, kc int, add bool) {
	var edge [mr * nr]T
	for jp := 0; jp < nc; jp += nr {
		b := bp[jp*kc:]
		cols := min(nr, nc-jp)
		for ip := 0; ip < mc; ip += mr {
			a := ap[ip*kc:]
			rows := min(mr, mc-ip)
			off := (i0+ip)*ldc + j0 + jp
			if rows == mr && cols == nr {
				kernel(kc, a, b, c[off:], ldc, add)
				continue
			}
			kernel(kc, a, b, edge[:], nr, false)
			for r := range rows {
				dst := c[off+r*ldc : off+r*ldc+cols]
				if !add {
					copy(dst, edge[r*nr:r*nr+cols])
					continue
				}
				for j := range dst {
					dst[j] += edge[r*nr+j]
				}
			}
		}
	}
}

// kernel adds the product of a 6×kc and a kc×16 packed panel to the 6×16
// block of c at leading dimension ldc, or stores it there when add is
// false.
func kernel[T Float](kc int, a, b, c []T, ldc int, add bool) {
	if a32, ok := any(a).([]float32); ok {
		kernelF32(kc, a32, any(b).([]float32), any(c).([]float32), ldc, add)
		return
	}
	kernelGo(kc, a, b, c, ldc, add)
}

func kernelGo[T Float](kc int, a, b, c []T, ldc int, add bool) {
	var acc [mr][nr]T
	a, b = a[:kc*mr], b[:kc*nr]
	for p := range kc {
		bv := (*[nr]T)(b[p*nr:])
		av := (*[mr]T)(a[p*mr:])
		for r := range mr {
			x := av[r]
			row := &acc[r]
			for j := range nr {
				row[j] += x * bv[j]
			}
		}
	}
	for r := range mr {
		dst := c[r*ldc : r*ldc+nr]
		if !add {
			copy(dst, acc[r][:])
			continue
		}
		for j := range dst {
			dst[j] += acc[r][j]
		}
	}
}
