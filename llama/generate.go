package llama

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// GenerateConfig controls sampling.
type GenerateConfig struct {
	MaxTokens   int     // new tokens to sample
	Temperature float64 // 0 = greedy (argmax)
	TopP        float64 // nucleus sampling mass; 0 or 1 = off
	Seed        uint64
	StopAtEOS   int // stop after sampling this id; < 0 = never
}

// Generate continues prompt with up to cfg.MaxTokens sampled tokens and
// returns the new ones. It recomputes the whole (last ContextLen tokens
// of the) sequence per token, with no key/value cache: a reference, not
// a server.
func Generate(m *Model[float32], prompt []uint32, cfg GenerateConfig) ([]uint32, error) {
	if len(prompt) == 0 {
		return nil, errors.New("llama: empty prompt")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x67656e))
	seq := append([]uint32(nil), prompt...)
	var out []uint32
	v := m.Config.Vocab
	for range cfg.MaxTokens {
		ctx := seq[max(0, len(seq)-m.Config.ContextLen):]
		if _, err := m.Forward(ctx, nil, 1, len(ctx)); err != nil {
			return out, err
		}
		logits := m.Logits()[(len(ctx)-1)*v : len(ctx)*v]
		next := sample(logits, cfg, rng)
		out, seq = append(out, next), append(seq, next)
		if cfg.StopAtEOS >= 0 && int(next) == cfg.StopAtEOS {
			break
		}
	}
	return out, nil
}

func sample(logits []float32, cfg GenerateConfig, rng *rand.Rand) uint32 {
	best := 0
	for i, x := range logits {
		if x > logits[best] {
			best = i
		}
	}
	if cfg.Temperature <= 0 {
		return uint32(best)
	}
	probs := make([]float64, len(logits))
	var sum float64
	for i, x := range logits {
		probs[i] = math.Exp((float64(x) - float64(logits[best])) / cfg.Temperature)
		sum += probs[i]
	}
	idx := make([]int, len(probs))
	for i := range idx {
		idx[i] = i
	}
	limit := sum
	if cfg.TopP > 0 && cfg.TopP < 1 {
		sort.SliceStable(idx, func(a, b int) bool { return probs[idx[a]] > probs[idx[b]] })
		var acc float64
		for k, i := range idx {
			acc += probs[i]
			if acc >= cfg.TopP*sum {
				idx, limit = idx[:k+1], acc
				break
			}
		}
	}
	r := rng.Float64() * limit
	for _, i := range idx {
		if r -= probs[i]; r < 0 {
			return uint32(i)
		}
	}
	return uint32(idx[len(idx)-1])
}

// Tokenizer is what GenerateText needs of a SentencePiece model
// (tokenizer.Model has these methods).
type Tokenizer interface {
	Encode(text string) []int
	Decode(ids []int) string
	BosID() int
	EosID() int
}

// GenerateText encodes prompt after BOS (LLaMA's framing), samples, and
// decodes the new tokens; sampling stops at EOS.
func GenerateText(m *Model[float32], tok Tokenizer, prompt string, cfg GenerateConfig) (string, error) {
	ids := tok.Encode(prompt)
	in := make([]uint32, 0, len(ids)+1)
	if b := tok.BosID(); b >= 0 {
		in = append(in, uint32(b))
	}
	for _, id := range ids {
		if id < 0 || id >= m.Config.Vocab {
			return "", fmt.Errorf("llama: prompt token %d outside the model's vocabulary of %d", id, m.Config.Vocab)
		}
		in = append(in, uint32(id))
	}
	cfg.StopAtEOS = tok.EosID()
	out, err := Generate(m, in, cfg)
	dec := make([]int, 0, len(out))
	for _, id := range out {
		if int(id) != tok.EosID() {
			dec = append(dec, int(id))
		}
	}
	return tok.Decode(dec), err
}

// LoadModel reads the model of a checkpoint written by Train, without its
// optimizer state or data.
func LoadModel(path string) (*Model[float32], error) {
	t, err := loadCheckpoint(path, "", false)
	if err != nil {
		return nil, err
	}
	return t.Model, nil
}
