package llama

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Float is the element type of a model: float32 for training, float64
// for the gradient tests.
type Float interface{ ~float32 | ~float64 }

// layout places every tensor in one flat slice, grouped by kind across
// layers in llama2.c's checkpoint order (token embedding, attention norms,
// wq, wk, wv, wo, ffn norms, w1, w2, w3, final norm, output head), so the
// llama2.c export writes the slice almost as is. Matrices are PyTorch
// Linear weights: (out, in), row-major.
type layout struct {
	c                                      Config
	d, hd, kvd, hid                        int
	emb, attnNorm, wq, wk, wv, wo          int
	ffnNorm, w1, w2, w3, norm, out, total  int
	sizeWQ, sizeWK, sizeWO, sizeW1, sizeW2 int
}

func newLayout(c Config) layout {
	l := layout{c: c, d: c.Dim, hd: c.HeadDim(), hid: c.Hidden()}
	l.kvd = c.NKV() * l.hd
	l.sizeWQ, l.sizeWK, l.sizeWO = l.d*l.d, l.kvd*l.d, l.d*l.d
	l.sizeW1, l.sizeW2 = l.hid*l.d, l.d*l.hid
	n, L := 0, c.Layers
	next := func(size int) int { off := n; n += size; return off }
	l.emb = next(c.Vocab * l.d)
	l.attnNorm = next(L * l.d)
	l.wq = next(L * l.sizeWQ)
	l.wk = next(L * l.sizeWK)
	l.wv = next(L * l.sizeWK)
	l.wo = next(L * l.sizeWO)
	l.ffnNorm = next(L * l.d)
	l.w1 = next(L * l.sizeW1)
	l.w2 = next(L * l.sizeW2)
	l.w3 = next(L * l.sizeW1)
	l.norm = next(l.d)
	l.out = next(c.Vocab * l.d)
	l.total = n
	return l
}

// tensor is one named parameter: its place in the flat slice and its
// PyTorch shape.
type tensor struct {
	name  string
	off   int
	shape []int
}

// tensors lists every parameter under Meta's names
// (layers.{i}.attention.wq.weight, ...).
func (l layout) tensors() []tensor {
	d, L := l.d, l.c.Layers
	ts := []tensor{{"tok_embeddings.weight", l.emb, []int{l.c.Vocab, d}}}
	per := []struct {
		name      string
		off, size int
		shape     []int
	}{
		{"attention_norm.weight", l.attnNorm, d, []int{d}},
		{"attention.wq.weight", l.wq, l.sizeWQ, []int{d, d}},
		{"attention.wk.weight", l.wk, l.sizeWK, []int{l.kvd, d}},
		{"attention.wv.weight", l.wv, l.sizeWK, []int{l.kvd, d}},
		{"attention.wo.weight", l.wo, l.sizeWO, []int{d, d}},
		{"ffn_norm.weight", l.ffnNorm, d, []int{d}},
		{"feed_forward.w1.weight", l.w1, l.sizeW1, []int{l.hid, d}},
		{"feed_forward.w2.weight", l.w2, l.sizeW2, []int{d, l.hid}},
		{"feed_forward.w3.weight", l.w3, l.sizeW1, []int{l.hid, d}},
	}
	for i := range L {
		for _, p := range per {
			ts = append(ts, tensor{"layers." + strconv.Itoa(i) + "." + p.name, p.off + i*p.size, p.shape})
		}
	}
	return append(ts,
		tensor{"norm.weight", l.norm, []int{d}},
		tensor{"output.weight", l.out, []int{l.c.Vocab, d}})
}

func (t tensor) size() int {
	n := 1
	for _, s := range t.shape {
		n *= s
	}
	return n
}

// decayMask marks the parameters AdamW decays: every matrix (embedding and
// head included, as llama2.c's configure_optimizers does for all ≥2-D
// tensors), never the RMSNorm gains.
func (l layout) decayMask() []bool {
	m := make([]bool, l.total)
	for _, t := range l.tensors() {
		if len(t.shape) == 2 {
			for i := range t.size() {
				m[t.off+i] = true
			}
		}
	}
	return m
}

// initParams fills p as llama2.c model.py does: norm gains 1, every matrix
// N(0, 0.02), w3 and wo N(0, 0.02/√(2L)); the draws come from seed.
func initParams[T Float](p []T, l layout, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 0x6c6c616d61))
	scaled := 0.02 / math.Sqrt(float64(2*l.c.Layers))
	for _, t := range l.tensors() {
		x := p[t.off : t.off+t.size()]
		switch {
		case len(t.shape) == 1:
			for i := range x {
				x[i] = 1
			}
		case strings.HasSuffix(t.name, "w3.weight") || strings.HasSuffix(t.name, "wo.weight"):
			for i := range x {
				x[i] = T(rng.NormFloat64() * scaled)
			}
		default:
			for i := range x {
				x[i] = T(rng.NormFloat64() * 0.02)
			}
		}
	}
}
