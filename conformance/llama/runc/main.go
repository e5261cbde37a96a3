// Command runc writes a random 32,000-token LLaMA (dim 64, 2 layers, 8
// heads, 4 kv heads) in llama2.c's format to OUTDIR/model.bin and prints,
// comma-separated, the tokens ccnet's Generate samples greedily after BOS
// (stopping at BOS like run.c), for check_runc.sh to compare with run.c.
//
//	go run ./conformance/llama/runc OUTDIR STEPS
package main

import (
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ccnet-go/ccnet/llama"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) != 3 {
		log.Fatal("usage: runc OUTDIR STEPS")
	}
	steps, err := strconv.Atoi(os.Args[2])
	if err != nil || steps < 1 {
		log.Fatalf("steps %q: want an integer ≥ 1", os.Args[2])
	}
	c := llama.Config{Dim: 64, Layers: 2, Heads: 8, KVHeads: 4, Vocab: 32000, MultipleOf: 32,
		NormEps: 1e-5, RopeTheta: 10000, ContextLen: 128}
	m, err := llama.NewModel[float32](c, 11)
	if err != nil {
		log.Fatal(err)
	}
	// Larger weights than the init, so the greedy path wanders.
	rng := rand.New(rand.NewPCG(12, 13))
	for i := range m.Params {
		m.Params[i] += float32(rng.NormFloat64() * 0.1)
	}
	if err := os.MkdirAll(os.Args[1], 0o755); err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(filepath.Join(os.Args[1], "model.bin"))
	if err != nil {
		log.Fatal(err)
	}
	if err := llama.ExportLlama2C(f, m); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	// run.c runs positions 0..steps-1 from BOS, printing the token each one
	// predicts, and stops on predicting BOS.
	out, err := llama.Generate(m, []uint32{1}, llama.GenerateConfig{MaxTokens: steps, StopAtEOS: 1})
	if err != nil {
		log.Fatal(err)
	}
	ids := make([]string, 0, len(out))
	for _, id := range out {
		if id != 1 {
			ids = append(ids, strconv.Itoa(int(id)))
		}
	}
	fmt.Println(strings.Join(ids, ","))
}
