package llama

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Config is a model shape: Meta's ModelArgs (meta-llama/llama
// llama/model.py) plus the context length used for training.
type Config struct {
	Dim              int     `json:"dim"`
	Layers           int     `json:"n_layers"`
	Heads            int     `json:"n_heads"`
	KVHeads          int     `json:"n_kv_heads"` // 0 means Heads (no GQA)
	Vocab            int     `json:"vocab_size"`
	MultipleOf       int     `json:"multiple_of"`
	FFNDimMultiplier float64 `json:"ffn_dim_multiplier,omitempty"` // 0 means none
	NormEps          float64 `json:"norm_eps"`
	RopeTheta        float64 `json:"rope_theta"`
	ContextLen       int     `json:"max_seq_len"`
}

// Presets are the llama2.c TinyStories shapes (karpathy/llama2.c README,
// train.py: multiple_of 32, norm eps 1e-5) with a LLaMA-2 32,000 vocabulary
// except stories260K (its own 512-token tokenizer, 4 kv heads), and
// Llama-2 7B for parameter counting.
var Presets = map[string]Config{
	"stories260K": {Dim: 64, Layers: 5, Heads: 8, KVHeads: 4, Vocab: 512, MultipleOf: 4, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 512},
	"stories15M":  {Dim: 288, Layers: 6, Heads: 6, KVHeads: 6, Vocab: 32000, MultipleOf: 32, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 256},
	"stories42M":  {Dim: 512, Layers: 8, Heads: 8, KVHeads: 8, Vocab: 32000, MultipleOf: 32, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 1024},
	"llama2-7B":   {Dim: 4096, Layers: 32, Heads: 32, KVHeads: 32, Vocab: 32000, MultipleOf: 256, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 4096},
}

// Preset returns the named preset; the lookup ignores case.
func Preset(name string) (Config, error) {
	for k, c := range Presets {
		if strings.EqualFold(k, name) {
			return c, nil
		}
	}
	names := make([]string, 0, len(Presets))
	for k := range Presets {
		names = append(names, k)
	}
	sort.Strings(names)
	return Config{}, fmt.Errorf("llama: unknown preset %q (have %v)", name, names)
}

// NKV is the number of key/value heads.
func (c Config) NKV() int {
	if c.KVHeads == 0 {
		return c.Heads
	}
	return c.KVHeads
}

// HeadDim is dim / n_heads.
func (c Config) HeadDim() int { return c.Dim / c.Heads }

// Hidden is the SwiGLU hidden size, Meta's FeedForward rule: int(2·4d/3),
// times ffn_dim_multiplier if set, rounded up to a multiple of multiple_of.
func (c Config) Hidden() int {
	h := 2 * 4 * c.Dim / 3
	if c.FFNDimMultiplier != 0 {
		h = int(c.FFNDimMultiplier * float64(h))
	}
	m := max(c.MultipleOf, 1)
	return m * ((h + m - 1) / m)
}

// Validate reports a shape the model cannot be built from.
func (c Config) Validate() error {
	switch {
	case c.Dim <= 0 || c.Layers <= 0 || c.Heads <= 0 || c.Vocab <= 0 || c.ContextLen <= 0:
		return errors.New("llama: dim, n_layers, n_heads, vocab_size and max_seq_len must be positive")
	case c.Dim%c.Heads != 0:
		return fmt.Errorf("llama: dim %d not a multiple of n_heads %d", c.Dim, c.Heads)
	case c.HeadDim()%2 != 0:
		return fmt.Errorf("llama: head dim %d is odd; RoPE rotates pairs", c.HeadDim())
	case c.NKV() <= 0 || c.Heads%c.NKV() != 0:
		return fmt.Errorf("llama: n_heads %d not a multiple of n_kv_heads %d", c.Heads, c.NKV())
	case c.ContextLen > 1<<20:
		return fmt.Errorf("llama: max_seq_len %d above 2^20 (RoPE tables are precomputed)", c.ContextLen)
	case c.NormEps <= 0 || c.RopeTheta <= 0:
		return errors.New("llama: norm_eps and rope_theta must be positive")
	}
	return nil
}

// NumParams is the parameter count with an untied output head:
// V·d (embedding) + L·(2·d² + 2·d·kv·hd + 3·d·hidden + 2·d) + d + V·d.
func (c Config) NumParams() int64 { return int64(newLayout(c).total) }

// FLOPsPerToken is the training cost per token at sequence length t
// (llama-and-shards.md §5.4): 6 × the matmul parameters (every weight but
// the embedding table and the norm gains) for forward plus backward, plus
// attention 12·L·t·d (QKᵀ and PV, forward and backward, over a full t×t
// score matrix as llm.c and PaLM count it).
func (c Config) FLOPsPerToken(t int) float64 {
	lay := newLayout(c)
	matmul := lay.total - c.Vocab*c.Dim - c.Layers*2*c.Dim - c.Dim
	return 6*float64(matmul) + 12*float64(c.Layers)*float64(t)*float64(c.Dim)
}

// ropeTables returns cos and sin of pos·θ_i, θ_i = theta^(-2i/hd), for
// positions [0, n) and i in [0, hd/2): Meta's precompute_freqs_cis.
func ropeTables(hd, n int, theta float64) (cos, sin []float64) {
	half := hd / 2
	cos = make([]float64, n*half)
	sin = make([]float64, n*half)
	for p := range n {
		for i := range half {
			f := 1 / math.Pow(theta, float64(2*i)/float64(hd))
			cos[p*half+i], sin[p*half+i] = math.Cos(float64(p)*f), math.Sin(float64(p)*f)
		}
	}
	return cos, sin
}
