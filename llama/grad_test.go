package llama

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The gradient tests compare every analytic gradient with central finite
// differences in float64. The error of a tensor is
// ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖), which must be ≤ 1e-6.
const gradTol = 1e-6

func randSlice(rng *rand.Rand, n int, scale float64) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() * scale
	}
	return x
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// checkGrad perturbs every element of x, evaluates loss, and compares the
// central differences with grad.
func checkGrad(t *testing.T, name string, x, grad []float64, loss func() float64) {
	t.Helper()
	const h = 1e-5
	var diff, na, nn float64
	for i := range x {
		old := x[i]
		x[i] = old + h
		up := loss()
		x[i] = old - h
		down := loss()
		x[i] = old
		num := (up - down) / (2 * h)
		diff += (grad[i] - num) * (grad[i] - num)
		na += grad[i] * grad[i]
		nn += num * num
	}
	if na == 0 && nn == 0 {
		t.Fatalf("%s: gradient is zero everywhere; the test checks nothing", name)
	}
	rel := math.Sqrt(diff) / math.Max(math.Sqrt(na), math.Sqrt(nn))
	if rel > gradTol {
		t.Errorf("%s: relative error %.3g > %g", name, rel, gradTol)
	}
}

func TestGradRMSNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	n, d := 3, 8
	x, g, w := randSlice(rng, n*d, 1), randSlice(rng, d, 1), randSlice(rng, n*d, 1)
	out, rstd := make([]float64, n*d), make([]float64, n)
	loss := func() float64 { rmsnormForward(out, rstd, x, g, n, d, 1e-5); return dot(out, w) }
	loss()
	dx, dg := make([]float64, n*d), make([]float64, d)
	rmsnormBackward(dx, dg, w, x, g, rstd, n, d)
	checkGrad(t, "dx", x, dx, loss)
	checkGrad(t, "dg", g, dg, loss)
}

func TestGradLinear(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	// Sizes straddle the 6×16 micro-tile and the 96/256 blocks.
	for _, sz := range [][3]int{{1, 1, 1}, {7, 19, 5}, {13, 33, 17}, {20, 9, 260}} {
		n, in, out := sz[0], sz[1], sz[2]
		x, w, dw := randSlice(rng, n*in, 1), randSlice(rng, out*in, 1), randSlice(rng, n*out, 1)
		y := make([]float64, n*out)
		loss := func() float64 { linearForward(y, x, w, n, in, out); return dot(y, dw) }
		gx, gw := make([]float64, n*in), make([]float64, out*in)
		linearBackward(gx, gw, dw, x, w, n, in, out)
		checkGrad(t, "dx", x, gx, loss)
		checkGrad(t, "dw", w, gw, loss)
	}
}

func TestGemmMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][3]int{{6, 16, 1}, {97, 260, 300}, {5, 3, 513}} {
		m, n, k := sz[0], sz[1], sz[2]
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			a, b := randSlice(rng, m*k, 1), randSlice(rng, k*n, 1)
			lda, ldb := k, n
			if tr[0] {
				lda = m
			}
			if tr[1] {
				ldb = k
			}
			c := randSlice(rng, m*n, 1)
			c0 := append([]float64(nil), c...)
			want := append([]float64(nil), c...)
			for i := range m {
				for j := range n {
					for p := range k {
						av, bv := 0.0, 0.0
						if tr[0] {
							av = a[p*lda+i]
						} else {
							av = a[i*lda+p]
						}
						if tr[1] {
							bv = b[j*ldb+p]
						} else {
							bv = b[p*ldb+j]
						}
						want[i*n+j] += av * bv
					}
				}
			}
			gemm(true, tr[0], tr[1], m, n, k, a, lda, b, ldb, c, n)
			c32 := make([]float32, m*n)
			for i := range c32 {
				c32[i] = float32(i) // overwritten
			}
			gemm(false, tr[0], tr[1], m, n, k, convert[float32](a), lda, convert[float32](b), ldb, c32, n)
			for i := range want {
				if math.Abs(c[i]-want[i]) > 1e-9 {
					t.Fatalf("%v %v float64: c[%d] = %g, want %g", sz, tr, i, c[i], want[i])
				}
				if prod := want[i] - c0[i]; math.Abs(float64(c32[i])-prod) > 1e-5*float64(k) {
					t.Fatalf("%v %v float32: c[%d] = %g, want %g", sz, tr, i, c32[i], prod)
				}
			}
		}
	}
}

func TestGradRoPE(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	b, tt, heads, hd := 2, 5, 3, 4
	n := b * tt
	cos64, sin64 := ropeTables(hd, tt, 10000)
	x, w := randSlice(rng, n*heads*hd, 1), randSlice(rng, n*heads*hd, 1)
	y := make([]float64, len(x))
	loss := func() float64 { copy(y, x); ropeForward(y, cos64, sin64, n, tt, heads, hd); return dot(y, w) }
	dx := append([]float64(nil), w...)
	ropeBackward(dx, cos64, sin64, n, tt, heads, hd)
	checkGrad(t, "dx", x, dx, loss)
}

func TestGradAttention(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, s := range []attnShape{{b: 2, t: 5, h: 4, kv: 4, hd: 3}, {b: 2, t: 5, h: 4, kv: 2, hd: 3}, {b: 1, t: 6, h: 6, kv: 1, hd: 2}} {
		n := s.b * s.t
		q, k, v := randSlice(rng, n*s.h*s.hd, 1), randSlice(rng, n*s.kv*s.hd, 1), randSlice(rng, n*s.kv*s.hd, 1)
		w := randSlice(rng, n*s.h*s.hd, 1)
		out, att := make([]float64, len(q)), make([]float64, s.b*s.h*s.t*s.t)
		loss := func() float64 { attentionForward(out, att, q, k, v, s); return dot(out, w) }
		loss()
		dq, dk, dv := make([]float64, len(q)), make([]float64, len(k)), make([]float64, len(v))
		attentionBackward(dq, dk, dv, w, q, k, v, att, s)
		checkGrad(t, "dq", q, dq, loss)
		checkGrad(t, "dk", k, dk, loss)
		checkGrad(t, "dv", v, dv, loss)
	}
}

func TestAttentionIsCausal(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	s := attnShape{b: 1, t: 4, h: 2, kv: 1, hd: 2}
	q, k, v := randSlice(rng, 4*4, 1), randSlice(rng, 4*2, 1), randSlice(rng, 4*2, 1)
	out, att := make([]float64, 16), make([]float64, 2*16)
	attentionForward(out, att, q, k, v, s)
	before := append([]float64(nil), out[:8]...)
	k[3*2], v[3*2+1] = 100, -100 // the last position's key and value
	attentionForward(out, att, q, k, v, s)
	for i, x := range before {
		if out[i] != x {
			t.Fatalf("output %d of an earlier position changed with a later key: %g -> %g", i, x, out[i])
		}
	}
}

func TestGradSwiGLU(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	a, b, w := randSlice(rng, 20, 2), randSlice(rng, 20, 1), randSlice(rng, 20, 1)
	out := make([]float64, 20)
	loss := func() float64 { swigluForward(out, a, b); return dot(out, w) }
	da, db := make([]float64, 20), make([]float64, 20)
	swigluBackward(da, db, w, a, b)
	checkGrad(t, "da", a, da, loss)
	checkGrad(t, "db", b, db, loss)
}

func TestGradCrossEntropy(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	n, v := 4, 7
	logits := randSlice(rng, n*v, 2)
	targets := []uint32{0, 6, 3, 3}
	buf := make([]float64, n*v)
	loss := func() float64 { copy(buf, logits); return 0.7 * crossEntropyForward(buf, targets, n, v) }
	loss()
	crossEntropyBackward(buf, targets, n, v, 0.7)
	checkGrad(t, "dlogits", logits, append([]float64(nil), buf...), loss)
}

func TestGradEmbedding(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	d := 3
	emb, tokens := randSlice(rng, 5*d, 1), []uint32{4, 1, 4, 0}
	w, out := randSlice(rng, len(tokens)*d, 1), make([]float64, len(tokens)*d)
	loss := func() float64 { embeddingForward(out, tokens, emb, d); return dot(out, w) }
	demb := make([]float64, len(emb))
	embeddingBackward(demb, w, tokens, d)
	checkGrad(t, "demb", emb, demb, loss)
}

// tinyConfig is a model small enough to check every parameter by finite
// differences, with grouped-query attention (4 heads, 2 kv heads) and a
// hidden size rounded up by multiple_of.
func tinyConfig() Config {
	return Config{Dim: 16, Layers: 2, Heads: 4, KVHeads: 2, Vocab: 11, MultipleOf: 8, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 8}
}

func TestGradModel(t *testing.T) {
	for _, c := range []Config{tinyConfig(), func() Config { c := tinyConfig(); c.KVHeads = 0; c.FFNDimMultiplier = 1.3; return c }()} {
		m, err := NewModel[float64](c, 1)
		if err != nil {
			t.Fatal(err)
		}
		// Larger weights than the 0.02 init so every path carries signal.
		rng := rand.New(rand.NewPCG(19, 20))
		for i := range m.Params {
			m.Params[i] += rng.NormFloat64() * 0.3
		}
		b, tt := 2, 5
		tokens, targets := make([]uint32, b*tt), make([]uint32, b*tt)
		for i := range tokens {
			tokens[i], targets[i] = uint32(rng.IntN(c.Vocab)), uint32(rng.IntN(c.Vocab))
		}
		loss := func() float64 {
			l, err := m.Forward(tokens, targets, b, tt)
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		loss()
		m.ZeroGrad()
		if err := m.Backward(1); err != nil {
			t.Fatal(err)
		}
		grads := append([]float64(nil), m.Grads...)
		for _, ts := range m.lay.tensors() {
			checkGrad(t, ts.name, m.Params[ts.off:ts.off+ts.size()], grads[ts.off:ts.off+ts.size()], loss)
		}
	}
}
