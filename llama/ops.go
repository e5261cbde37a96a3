package llama

import (
	"math"
	"runtime"
	"sync"
)

// Each op is a forward / backward pair over flat row-major buffers, as in
// llm.c's train_gpt2.c. Backward functions add into their gradient
// outputs (dx, dw, ...), so callers zero them first or let several
// contributions accumulate.

// parallelFor runs fn over [0, n) cut into one contiguous chunk per core;
// cost is the rough work of one item, and small loops stay on the calling
// goroutine.
func parallelFor(n, cost int, fn func(lo, hi int)) {
	w := min(runtime.GOMAXPROCS(0), n)
	if w <= 1 || n*cost < 1<<15 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range w {
		lo, hi := i*n/w, (i+1)*n/w
		wg.Go(func() { fn(lo, hi) })
	}
	wg.Wait()
}

// embeddingForward copies row tokens[i] of emb (V×d) to row i of out.
func embeddingForward[T Float](out []T, tokens []uint32, emb []T, d int) {
	for i, t := range tokens {
		copy(out[i*d:(i+1)*d], emb[int(t)*d:])
	}
}

// embeddingBackward scatter-adds the rows of dout into demb.
func embeddingBackward[T Float](demb, dout []T, tokens []uint32, d int) {
	for i, t := range tokens {
		dst, src := demb[int(t)*d:int(t+1)*d], dout[i*d:(i+1)*d]
		for j := range dst {
			dst[j] += src[j]
		}
	}
}

// rmsnormForward is Meta's RMSNorm over n rows of d: r = (mean(x²)+eps)^-½,
// out = x·r·g; rstd keeps r per row for the backward pass. The mean is
// summed in float64.
func rmsnormForward[T Float](out, rstd, x, g []T, n, d int, eps float64) {
	parallelFor(n, d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := x[i*d : (i+1)*d]
			var ss float64
			for _, v := range row {
				ss += float64(v) * float64(v)
			}
			r := T(1 / math.Sqrt(ss/float64(d)+eps))
			rstd[i] = r
			o := out[i*d : (i+1)*d]
			for j, v := range row {
				o[j] = v * r * g[j]
			}
		}
	})
}

// rmsnormBackward: with n = x·r, dg += dout·n and
// dx += r·(dn − n·mean(dn·n)) where dn = dout·g.
func rmsnormBackward[T Float](dx, dg, dout, x, g, rstd []T, n, d int) {
	parallelFor(n, d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			xr, dr, r := x[i*d:(i+1)*d], dout[i*d:(i+1)*d], rstd[i]
			var dot float64
			for j := range xr {
				dot += float64(dr[j]*g[j]) * float64(xr[j]*r)
			}
			m := T(dot / float64(d))
			dxr := dx[i*d : (i+1)*d]
			for j := range xr {
				nj := xr[j] * r
				dxr[j] += r * (dr[j]*g[j] - nj*m)
			}
		}
	})
	for i := range n {
		xr, dr, r := x[i*d:(i+1)*d], dout[i*d:(i+1)*d], rstd[i]
		for j := range xr {
			dg[j] += dr[j] * xr[j] * r
		}
	}
}

// linearForward is out = x·Wᵀ for x n×in and W out×in (a bias-free
// PyTorch Linear).
func linearForward[T Float](out, x, w []T, n, in, outDim int) {
	gemm(false, false, true, n, outDim, in, x, in, w, in, out, outDim)
}

// linearBackward: dx += dout·W, dw += doutᵀ·x.
func linearBackward[T Float](dx, dw, dout, x, w []T, n, in, outDim int) {
	if dx != nil {
		gemm(true, false, false, n, in, outDim, dout, outDim, w, in, dx, in)
	}
	gemm(true, true, false, outDim, in, n, dout, outDim, x, in, dw, in)
}

// ropeForward rotates, in place, every adjacent pair (x[2i], x[2i+1]) of
// each head by pos·θ_i (Meta's interleaved apply_rotary_emb); x is
// (b·t, heads, hd) and a row's position is its index modulo t.
func ropeForward[T Float](x, cos, sin []T, n, t, heads, hd int) {
	rope(x, cos, sin, n, t, heads, hd, 1)
}

// ropeBackward rotates the gradient back by −pos·θ_i.
func ropeBackward[T Float](dx, cos, sin []T, n, t, heads, hd int) {
	rope(dx, cos, sin, n, t, heads, hd, -1)
}

func rope[T Float](x, cos, sin []T, n, t, heads, hd int, sign T) {
	half := hd / 2
	for r := range n {
		c, s := cos[(r%t)*half:], sin[(r%t)*half:]
		for h := range heads {
			v := x[(r*heads+h)*hd : (r*heads+h+1)*hd]
			for i := range half {
				x0, x1 := v[2*i], v[2*i+1]
				si := sign * s[i]
				v[2*i] = x0*c[i] - x1*si
				v[2*i+1] = x0*si + x1*c[i]
			}
		}
	}
}

// attnShape is the geometry of causal grouped-query attention: b rows of
// t positions, h query heads of size hd sharing kv heads in groups of
// h/kv (query head i reads kv head i/(h/kv), Meta's repeat_kv).
type attnShape struct{ b, t, h, kv, hd int }

// attentionForward: for each row, head and position i,
// p = softmax(q_i·k_j/√hd over j ≤ i), out_i = Σ_j p_j v_j; att keeps p,
// (b, h, t, t), for the backward pass. q and out are (b·t, h·hd); k and v
// are (b·t, kv·hd). Each head's QKᵀ and PV run through the matmul kernel
// over the full t×t square; the masked half of P is zero.
func attentionForward[T Float](out, att, q, k, v []T, s attnShape) {
	scale := 1 / math.Sqrt(float64(s.hd))
	qd, kvd, rep := s.h*s.hd, s.kv*s.hd, s.h/s.kv
	parallelFor(s.b*s.h, s.t*s.t*s.hd, func(lo, hi int) {
		for bh := lo; bh < hi; bh++ {
			b, h := bh/s.h, bh%s.h
			qo, ko := b*s.t*qd+h*s.hd, b*s.t*kvd+(h/rep)*s.hd
			p := att[bh*s.t*s.t : (bh+1)*s.t*s.t]
			gemmOn(1, false, false, true, s.t, s.t, s.hd, q[qo:], qd, k[ko:], kvd, p, s.t)
			for i := range s.t {
				row := p[i*s.t : (i+1)*s.t]
				maxv := row[0] * T(scale)
				for j := 0; j <= i; j++ {
					row[j] *= T(scale)
					maxv = max(maxv, row[j])
				}
				expShift(row[:i+1], maxv)
				var sum float64
				for _, e := range row[:i+1] {
					sum += float64(e)
				}
				inv := T(1 / sum)
				for j := 0; j <= i; j++ {
					row[j] *= inv
				}
				clear(row[i+1:])
			}
			gemmOn(1, false, false, false, s.t, s.hd, s.t, p, s.t, v[ko:], kvd, out[qo:], qd)
		}
	})
}

// attentionBackward: dP = dO·Vᵀ, dV += Pᵀ·dO, dS = P⊙(dP − rowsum(P⊙dP))/√hd,
// dQ += dS·K, dK += dSᵀ·Q. Work is split by kv head so the query heads of
// a group add into their shared dK and dV from one goroutine.
func attentionBackward[T Float](dq, dk, dv, dout, q, k, v, att []T, s attnShape) {
	scale := 1 / math.Sqrt(float64(s.hd))
	qd, kvd, rep := s.h*s.hd, s.kv*s.hd, s.h/s.kv
	parallelFor(s.b*s.kv, s.t*s.t*s.hd*rep, func(lo, hi int) {
		ds := make([]T, s.t*s.t)
		for bk := lo; bk < hi; bk++ {
			b, kh := bk/s.kv, bk%s.kv
			ko := b*s.t*kvd + kh*s.hd
			for h := kh * rep; h < (kh+1)*rep; h++ {
				qo := b*s.t*qd + h*s.hd
				p := att[(b*s.h+h)*s.t*s.t : (b*s.h+h+1)*s.t*s.t]
				gemmOn(1, false, false, true, s.t, s.t, s.hd, dout[qo:], qd, v[ko:], kvd, ds, s.t)
				gemmOn(1, true, true, false, s.t, s.hd, s.t, p, s.t, dout[qo:], qd, dv[ko:], kvd)
				for i := range s.t {
					pr, dr := p[i*s.t:(i+1)*s.t], ds[i*s.t:(i+1)*s.t]
					var sum float64
					for j := 0; j <= i; j++ {
						sum += float64(pr[j]) * float64(dr[j])
					}
					for j := 0; j <= i; j++ {
						dr[j] = T(float64(pr[j]) * (float64(dr[j]) - sum) * scale)
					}
					clear(dr[i+1:])
				}
				gemmOn(1, true, false, false, s.t, s.hd, s.t, ds, s.t, k[ko:], kvd, dq[qo:], qd)
				gemmOn(1, true, true, false, s.t, s.hd, s.t, ds, s.t, q[qo:], qd, dk[ko:], kvd)
			}
		}
	})
}

// swigluForward is out = silu(a)⊙b, the gate of w2(silu(w1 x) * w3 x).
func swigluForward[T Float](out, a, b []T) {
	parallelFor(len(out), 16, func(lo, hi int) {
		var sg [256]T
		for c := lo; c < hi; c += len(sg) {
			n := min(len(sg), hi-c)
			sigmoids(sg[:n], a[c:c+n])
			for k, s := range sg[:n] {
				out[c+k] = a[c+k] * s * b[c+k]
			}
		}
	})
}

// swigluBackward: db += dout·silu(a), da += dout·b·σ(a)·(1 + a(1−σ(a))).
func swigluBackward[T Float](da, db, dout, a, b []T) {
	parallelFor(len(dout), 16, func(lo, hi int) {
		var sg [256]T
		for c := lo; c < hi; c += len(sg) {
			n := min(len(sg), hi-c)
			sigmoids(sg[:n], a[c:c+n])
			for k, s := range sg[:n] {
				i := c + k
				db[i] += dout[i] * a[i] * s
				da[i] += dout[i] * b[i] * s * (1 + a[i]*(1-s))
			}
		}
	})
}

// sigmoids sets s[i] = σ(a[i]) = 1/(1 + e^(−a[i])).
func sigmoids[T Float](s, a []T) {
	for i, x := range a {
		s[i] = -x
	}
	expShift(s, 0)
	for i, e := range s {
		s[i] = 1 / (1 + e)
	}
}

// crossEntropyForward turns each row of logits (n×v) into probabilities
// in place and returns the mean of −log p[target]; the sum of the
// exponentials and the log are taken in float64.
func crossEntropyForward[T Float](logits []T, targets []uint32, n, v int) float64 {
	losses := make([]float64, n)
	parallelFor(n, v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := logits[i*v : (i+1)*v]
			maxv := float64(row[0])
			for _, x := range row {
				maxv = max(maxv, float64(x))
			}
			target := float64(row[targets[i]])
			expShift(row, T(maxv))
			var sum float64
			for _, e := range row {
				sum += float64(e)
			}
			losses[i] = math.Log(sum) - (target - maxv)
			inv := T(1 / sum)
			for j := range row {
				row[j] *= inv
			}
		}
	})
	var total float64
	for _, l := range losses {
		total += l
	}
	return total / float64(n)
}

// crossEntropyBackward overwrites the probabilities with
// dlogits = (p − onehot(target))·scale/n, the gradient of scale × the
// mean loss.
func crossEntropyBackward[T Float](probs []T, targets []uint32, n, v int, scale float64) {
	s := T(scale / float64(n))
	parallelFor(n, v, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			row := probs[i*v : (i+1)*v]
			row[targets[i]] -= 1
			for j := range row {
				row[j] *= s
			}
		}
	})
}
