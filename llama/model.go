package llama

import "fmt"

// Model is a LLaMA with its parameters and gradients in two flat slices
// laid out as llama2.c's checkpoint (see Tensors), plus the activations of
// the last Forward.
type Model[T Float] struct {
	Config Config
	Params []T
	Grads  []T

	lay      layout
	cos, sin []T
	acts     *activations[T]
}

// NewModel allocates a model of shape c initialised as llama2.c does
// (N(0, 0.02), residual projections scaled by 1/√(2L), norm gains 1) from
// seed.
func NewModel[T Float](c Config, seed uint64) (*Model[T], error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	m := &Model[T]{Config: c, lay: newLayout(c)}
	m.Params = make([]T, m.lay.total)
	m.Grads = make([]T, m.lay.total)
	initParams(m.Params, m.lay, seed)
	cos, sin := ropeTables(m.lay.hd, c.ContextLen, c.RopeTheta)
	m.cos, m.sin = convert[T](cos), convert[T](sin)
	return m, nil
}

func convert[T Float, U Float](x []U) []T {
	y := make([]T, len(x))
	for i, v := range x {
		y[i] = T(v)
	}
	return y
}

// activations holds what the backward pass reads, for b rows of t
// tokens (n = b·t). Per-layer tensors are stacked along a leading layer
// axis.
type activations[T Float] struct {
	b, t                         int
	resid                        []T // (L+1, n, d): input of each layer, then the final residual
	xn1, rstd1, q, k, v, att, ao []T
	h, xn2, rstd2, a, bb, g      []T
	xnf, rstdf, logits           []T
	tokens, targets              []uint32
	dres, dh, dxn, dao, dq       []T
	dk, dv, da, db, dg           []T
}

func (m *Model[T]) ensure(b, t int) *activations[T] {
	if a := m.acts; a != nil && a.b == b && a.t == t {
		return a
	}
	l := m.lay
	L, n, d, f := m.Config.Layers, b*t, l.d, l.hid
	a := &activations[T]{b: b, t: t}
	mk := func(size int) []T { return make([]T, size) }
	a.resid = mk((L + 1) * n * d)
	a.xn1, a.rstd1 = mk(L*n*d), mk(L*n)
	a.q, a.k, a.v = mk(L*n*d), mk(L*n*l.kvd), mk(L*n*l.kvd)
	a.att, a.ao = mk(L*b*m.Config.Heads*t*t), mk(L*n*d)
	a.h, a.xn2, a.rstd2 = mk(L*n*d), mk(L*n*d), mk(L*n)
	a.a, a.bb, a.g = mk(L*n*f), mk(L*n*f), mk(L*n*f)
	a.xnf, a.rstdf, a.logits = mk(n*d), mk(n), mk(n*m.Config.Vocab)
	a.dres, a.dh, a.dxn, a.dao, a.dq = mk(n*d), mk(n*d), mk(n*d), mk(n*d), mk(n*d)
	a.dk, a.dv = mk(n*l.kvd), mk(n*l.kvd)
	a.da, a.db, a.dg = mk(n*f), mk(n*f), mk(n*f)
	m.acts = a
	return a
}

// Forward runs b rows of t tokens (tokens is b·t ids, row-major). With
// targets (same shape) it returns the mean cross-entropy and leaves
// probabilities for Backward; with nil targets it returns 0 and leaves
// the logits, read with Logits.
func (m *Model[T]) Forward(tokens, targets []uint32, b, t int) (float64, error) {
	c := m.Config
	if t > c.ContextLen || b <= 0 || t <= 0 || len(tokens) != b*t || (targets != nil && len(targets) != b*t) {
		return 0, fmt.Errorf("llama: forward of %d tokens and %d targets as %d×%d (context %d)", len(tokens), len(targets), b, t, c.ContextLen)
	}
	for i, tok := range tokens {
		if int(tok) >= c.Vocab || (targets != nil && int(targets[i]) >= c.Vocab) {
			return 0, fmt.Errorf("llama: token at %d outside the vocabulary of %d", i, c.Vocab)
		}
	}
	a := m.ensure(b, t)
	a.tokens, a.targets = tokens, targets
	l, p := m.lay, m.Params
	n, d, f, kvd, hd := b*t, l.d, l.hid, l.kvd, l.hd
	shape := attnShape{b: b, t: t, h: c.Heads, kv: c.NKV(), hd: hd}
	embeddingForward(a.resid[:n*d], tokens, p[l.emb:], d)
	for i := range c.Layers {
		x := a.resid[i*n*d : (i+1)*n*d]
		xn1, rstd1 := a.xn1[i*n*d:(i+1)*n*d], a.rstd1[i*n:(i+1)*n]
		q, k, v := a.q[i*n*d:(i+1)*n*d], a.k[i*n*kvd:(i+1)*n*kvd], a.v[i*n*kvd:(i+1)*n*kvd]
		att, ao, h := a.att[i*b*c.Heads*t*t:(i+1)*b*c.Heads*t*t], a.ao[i*n*d:(i+1)*n*d], a.h[i*n*d:(i+1)*n*d]
		xn2, rstd2 := a.xn2[i*n*d:(i+1)*n*d], a.rstd2[i*n:(i+1)*n]
		fa, fb, g := a.a[i*n*f:(i+1)*n*f], a.bb[i*n*f:(i+1)*n*f], a.g[i*n*f:(i+1)*n*f]
		out := a.resid[(i+1)*n*d : (i+2)*n*d]

		rmsnormForward(xn1, rstd1, x, p[l.attnNorm+i*d:], n, d, c.NormEps)
		linearForward(q, xn1, p[l.wq+i*l.sizeWQ:], n, d, d)
		linearForward(k, xn1, p[l.wk+i*l.sizeWK:], n, d, kvd)
		linearForward(v, xn1, p[l.wv+i*l.sizeWK:], n, d, kvd)
		ropeForward(q, m.cos, m.sin, n, t, c.Heads, hd)
		ropeForward(k, m.cos, m.sin, n, t, c.NKV(), hd)
		attentionForward(ao, att, q, k, v, shape)
		linearForward(h, ao, p[l.wo+i*l.sizeWO:], n, d, d)
		addInto(h, x)
		rmsnormForward(xn2, rstd2, h, p[l.ffnNorm+i*d:], n, d, c.NormEps)
		linearForward(fa, xn2, p[l.w1+i*l.sizeW1:], n, d, f)
		linearForward(fb, xn2, p[l.w3+i*l.sizeW1:], n, d, f)
		swigluForward(g, fa, fb)
		linearForward(out, g, p[l.w2+i*l.sizeW2:], n, f, d)
		addInto(out, h)
	}
	final := a.resid[c.Layers*n*d:]
	rmsnormForward(a.xnf, a.rstdf, final, p[l.norm:], n, d, c.NormEps)
	linearForward(a.logits, a.xnf, p[l.out:], n, d, c.Vocab)
	if targets == nil {
		return 0, nil
	}
	return crossEntropyForward(a.logits, targets, n, c.Vocab), nil
}

func addInto[T Float](dst, src []T) {
	for i := range dst {
		dst[i] += src[i]
	}
}

// Logits returns the logits of the last Forward without targets,
// (b·t) × vocab; the slice is reused by the next Forward.
func (m *Model[T]) Logits() []T {
	if m.acts == nil {
		return nil
	}
	return m.acts.logits
}

// ZeroGrad clears the gradients.
func (m *Model[T]) ZeroGrad() { clear(m.Grads) }

// Backward adds scale × the gradient of the last Forward's mean loss to
// Grads (scale 1/k when k micro-batches are accumulated). It needs a
// Forward with targets just before.
func (m *Model[T]) Backward(scale float64) error {
	a := m.acts
	if a == nil || a.targets == nil {
		return fmt.Errorf("llama: Backward without a Forward with targets")
	}
	c, l, p, gr := m.Config, m.lay, m.Params, m.Grads
	b, t := a.b, a.t
	n, d, f, kvd, hd := b*t, l.d, l.hid, l.kvd, l.hd
	shape := attnShape{b: b, t: t, h: c.Heads, kv: c.NKV(), hd: hd}

	crossEntropyBackward(a.logits, a.targets, n, c.Vocab, scale)
	a.targets = nil
	clear(a.dxn)
	linearBackward(a.dxn, gr[l.out:], a.logits, a.xnf, p[l.out:], n, d, c.Vocab)
	clear(a.dres)
	rmsnormBackward(a.dres, gr[l.norm:], a.dxn, a.resid[c.Layers*n*d:], p[l.norm:], a.rstdf, n, d)
	dres, dh := a.dres, a.dh
	for i := c.Layers - 1; i >= 0; i-- {
		x := a.resid[i*n*d : (i+1)*n*d]
		xn1, rstd1 := a.xn1[i*n*d:(i+1)*n*d], a.rstd1[i*n:(i+1)*n]
		q, k, v := a.q[i*n*d:(i+1)*n*d], a.k[i*n*kvd:(i+1)*n*kvd], a.v[i*n*kvd:(i+1)*n*kvd]
		att, ao, h := a.att[i*b*c.Heads*t*t:(i+1)*b*c.Heads*t*t], a.ao[i*n*d:(i+1)*n*d], a.h[i*n*d:(i+1)*n*d]
		xn2, rstd2 := a.xn2[i*n*d:(i+1)*n*d], a.rstd2[i*n:(i+1)*n]
		fa, fb, g := a.a[i*n*f:(i+1)*n*f], a.bb[i*n*f:(i+1)*n*f], a.g[i*n*f:(i+1)*n*f]

		// out = h + w2(swiglu(w1 xn2, w3 xn2)), xn2 = norm(h)
		copy(dh, dres)
		clear(a.dg)
		linearBackward(a.dg, gr[l.w2+i*l.sizeW2:], dres, g, p[l.w2+i*l.sizeW2:], n, f, d)
		clear(a.da)
		clear(a.db)
		swigluBackward(a.da, a.db, a.dg, fa, fb)
		clear(a.dxn)
		linearBackward(a.dxn, gr[l.w1+i*l.sizeW1:], a.da, xn2, p[l.w1+i*l.sizeW1:], n, d, f)
		linearBackward(a.dxn, gr[l.w3+i*l.sizeW1:], a.db, xn2, p[l.w3+i*l.sizeW1:], n, d, f)
		rmsnormBackward(dh, gr[l.ffnNorm+i*d:], a.dxn, h, p[l.ffnNorm+i*d:], rstd2, n, d)

		// h = x + wo(attention(rope(wq xn1), rope(wk xn1), wv xn1)), xn1 = norm(x)
		copy(dres, dh)
		clear(a.dao)
		linearBackward(a.dao, gr[l.wo+i*l.sizeWO:], dh, ao, p[l.wo+i*l.sizeWO:], n, d, d)
		clear(a.dq)
		clear(a.dk)
		clear(a.dv)
		attentionBackward(a.dq, a.dk, a.dv, a.dao, q, k, v, att, shape)
		ropeBackward(a.dq, m.cos, m.sin, n, t, c.Heads, hd)
		ropeBackward(a.dk, m.cos, m.sin, n, t, c.NKV(), hd)
		clear(a.dxn)
		linearBackward(a.dxn, gr[l.wq+i*l.sizeWQ:], a.dq, xn1, p[l.wq+i*l.sizeWQ:], n, d, d)
		linearBackward(a.dxn, gr[l.wk+i*l.sizeWK:], a.dk, xn1, p[l.wk+i*l.sizeWK:], n, d, kvd)
		linearBackward(a.dxn, gr[l.wv+i*l.sizeWK:], a.dv, xn1, p[l.wv+i*l.sizeWK:], n, d, kvd)
		rmsnormBackward(dres, gr[l.attnNorm+i*d:], a.dxn, x, p[l.attnNorm+i*d:], rstd1, n, d)
	}
	embeddingBackward(gr[l.emb:], dres, a.tokens, d)
	return nil
}
