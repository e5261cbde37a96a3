// Command dump writes what conformance/llama/check_torch.py compares with
// PyTorch: a small GQA model exported for Hugging Face (hf/) and for
// llama2.c (model.bin, Meta's tensor layout), a fixed batch, ccnet's
// float32 logits on it, and one training step's loss, gradients and
// AdamW update in float32 and float64.
//
//	go run ./conformance/llama/dump OUTDIR
package main

import (
	"encoding/binary"
	"encoding/json"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/ccnet-go/ccnet/llama"
)

// The step's optimizer settings, also read by the script.
type step struct {
	Config llama.Config `json:"config"`
	Batch  int          `json:"batch"`
	SeqLen int          `json:"seq_len"`
	LR     float64      `json:"lr"`
	Clip   float64      `json:"clip"`
	Loss32 float64      `json:"loss32"`
	Loss64 float64      `json:"loss64"`
	Norm64 float64      `json:"grad_norm64"`
}

func main() {
	log.SetFlags(0)
	if len(os.Args) != 2 {
		log.Fatal("usage: dump OUTDIR")
	}
	out := os.Args[1]
	must(os.MkdirAll(out, 0o755))
	c := llama.Config{Dim: 64, Layers: 2, Heads: 8, KVHeads: 4, Vocab: 300, MultipleOf: 32, FFNDimMultiplier: 1.3,
		NormEps: 1e-5, RopeTheta: 10000, ContextLen: 32}
	s := step{Config: c, Batch: 2, SeqLen: 32, LR: 1e-3, Clip: 1.0}
	m32, err := llama.NewModel[float32](c, 7)
	must(err)
	// Norm gains away from 1 and larger weights, so every tensor matters.
	rng := rand.New(rand.NewPCG(8, 9))
	for i := range m32.Params {
		m32.Params[i] += float32(rng.NormFloat64() * 0.05)
	}
	n := s.Batch * s.SeqLen
	tokens, targets := make([]uint32, n), make([]uint32, n)
	for i := range tokens {
		tokens[i], targets[i] = uint32(rng.IntN(c.Vocab)), uint32(rng.IntN(c.Vocab))
	}
	must(llama.ExportHF(filepath.Join(out, "hf"), m32))
	f, err := os.Create(filepath.Join(out, "model.bin"))
	must(err)
	must(llama.ExportLlama2C(f, m32))
	must(f.Close())
	writeBin(filepath.Join(out, "tokens.bin"), tokens)
	writeBin(filepath.Join(out, "targets.bin"), targets)

	_, err = m32.Forward(tokens, nil, s.Batch, s.SeqLen)
	must(err)
	writeBin(filepath.Join(out, "logits32.bin"), m32.Logits())

	m64, err := llama.NewModel[float64](c, 7)
	must(err)
	for i, p := range m32.Params {
		m64.Params[i] = float64(p)
	}
	s.Loss32, err = m32.Forward(tokens, targets, s.Batch, s.SeqLen)
	must(err)
	m32.ZeroGrad()
	must(m32.Backward(1))
	writeBin(filepath.Join(out, "grads32.bin"), m32.Grads)
	s.Loss64, err = m64.Forward(tokens, targets, s.Batch, s.SeqLen)
	must(err)
	m64.ZeroGrad()
	must(m64.Backward(1))
	writeBin(filepath.Join(out, "grads64.bin"), m64.Grads)
	s.Norm64 = llama.ClipGradNorm(m64.Grads, s.Clip)
	opt := llama.NewAdamW(m64)
	opt.Update(m64.Params, m64.Grads, s.LR, 1)
	writeBin(filepath.Join(out, "params64_after.bin"), m64.Params)

	js, err := json.MarshalIndent(s, "", "  ")
	must(err)
	must(os.WriteFile(filepath.Join(out, "step.json"), js, 0o644))
}

func writeBin(path string, data any) {
	f, err := os.Create(path)
	must(err)
	must(binary.Write(f, binary.LittleEndian, data))
	must(f.Close())
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
