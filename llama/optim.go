package llama

import "math"

// Schedule is LLaMA's learning-rate schedule in llm.c's form
// (llmc/schedulers.h get_learning_rate_cosine): linear warmup to Peak
// over Warmup steps, then cosine decay to FinalFrac × Peak at step Total.
type Schedule struct {
	Peak      float64
	Warmup    int
	Total     int
	FinalFrac float64 // LLaMA: 0.1
}

// LR is the learning rate of step (0-based).
func (s Schedule) LR(step int) float64 {
	if step < s.Warmup {
		return s.Peak * float64(step+1) / float64(s.Warmup)
	}
	if s.Total <= s.Warmup {
		return s.Peak
	}
	r := min(float64(step-s.Warmup)/float64(s.Total-s.Warmup), 1)
	minLR := s.Peak * s.FinalFrac
	return minLR + 0.5*(1+math.Cos(math.Pi*r))*(s.Peak-minLR)
}

// AdamW is PyTorch's torch.optim.AdamW (decoupled weight decay), in
// llm.c's gpt2_update form: m = β1·m + (1−β1)·g, v = β2·v + (1−β2)·g²,
// p −= lr·(m̂/(√v̂ + eps) + wd·p) with bias-corrected m̂, v̂ and t from 1.
// Decay applies where the decay mask is set (matrices only).
type AdamW[T Float] struct {
	Beta1, Beta2, Eps, WeightDecay float64
	M, V                           []T
	decay                          []bool
}

// NewAdamW returns LLaMA's optimizer settings (β 0.9 / 0.95, eps 1e-5,
// weight decay 0.1; Touvron et al. 2023) for a model's parameters.
func NewAdamW[T Float](m *Model[T]) *AdamW[T] {
	return &AdamW[T]{Beta1: 0.9, Beta2: 0.95, Eps: 1e-5, WeightDecay: 0.1,
		M: make([]T, len(m.Params)), V: make([]T, len(m.Params)), decay: m.lay.decayMask()}
}

// Update applies step t (≥ 1) at learning rate lr.
func (o *AdamW[T]) Update(params, grads []T, lr float64, t int) {
	b1, b2 := T(o.Beta1), T(o.Beta2)
	c1 := 1 - math.Pow(o.Beta1, float64(t))
	c2 := 1 - math.Pow(o.Beta2, float64(t))
	parallelFor(len(params), 16, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			g := grads[i]
			m := b1*o.M[i] + (1-b1)*g
			v := b2*o.V[i] + (1-b2)*g*g
			o.M[i], o.V[i] = m, v
			upd := float64(m) / c1 / (math.Sqrt(float64(v)/c2) + o.Eps)
			if o.decay[i] {
				upd += o.WeightDecay * float64(params[i])
			}
			params[i] -= T(lr * upd)
		}
	})
}

// ClipGradNorm scales grads so their global L2 norm is at most maxNorm
// (when maxNorm > 0) and returns the norm before clipping. The sum of
// squares runs in float64, in a fixed order.
func ClipGradNorm[T Float](grads []T, maxNorm float64) float64 {
	var ss float64
	for _, g := range grads {
		ss += float64(g) * float64(g)
	}
	norm := math.Sqrt(ss)
	if maxNorm > 0 && norm > maxNorm {
		s := T(maxNorm / norm)
		for i := range grads {
			grads[i] *= s
		}
	}
	return norm
}
