package llama

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ccnet-go/ccnet/internal/cputime"
)

// reportFLOPs reports GFLOP/s over wall-clock time and, since the machine
// may be shared, GFLOP per CPU-second used by the process (per-core
// throughput; times the cores for an unloaded figure).
func reportFLOPs(b *testing.B, flops float64, cpu0 float64) {
	b.ReportMetric(flops/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	if cpu := cpuTime().Seconds() - cpu0; cpu > 0 {
		b.ReportMetric(flops/cpu/1e9, "GFLOP/cpu-s")
	}
}

// benchGemm times C += A·Bᵀ for A m×k and B n×k, the forward shape of a
// Linear layer, and reports GFLOP/s (2mnk per call).
func benchGemm(b *testing.B, m, n, k int) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, w := make([]float32, m*k), make([]float32, n*k)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
	}
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	c := make([]float32, m*n)
	b.SetBytes(int64(4 * (m*k + n*k + m*n)))
	cpu0 := cpuTime().Seconds()
	for b.Loop() {
		gemm(false, false, true, m, n, k, a, k, w, k, c, n)
	}
	reportFLOPs(b, 2*float64(m)*float64(n)*float64(k)*float64(b.N), cpu0)
}

// The stories15M shapes at batch 8 × 256: the FFN's w1 and the output head.
func BenchmarkGemmFFN(b *testing.B)  { benchGemm(b, 2048, 768, 288) }
func BenchmarkGemmHead(b *testing.B) { benchGemm(b, 2048, 32000, 288) }

// BenchmarkTrainStepStories15M is one optimizer step (forward, backward,
// clip, AdamW) of the stories15M shape on a batch of 8 × 256, reporting
// tokens/s and GFLOP/s counted as Config.FLOPsPerToken.
func BenchmarkTrainStepStories15M(b *testing.B) {
	c := Presets["stories15M"]
	tr, err := NewTrainer(TrainConfig{Model: c, Batch: 8, SeqLen: 256, Steps: 1 << 30})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	in, tg := make([]uint32, 8*256), make([]uint32, 8*256)
	for i := range in {
		in[i], tg[i] = uint32(rng.IntN(c.Vocab)), uint32(rng.IntN(c.Vocab))
	}
	next := func() ([]uint32, []uint32, error) { return in, tg, nil }
	if _, err := tr.StepOn(next); err != nil { // allocate activations outside the timing
		b.Fatal(err)
	}
	cpu0 := cpuTime().Seconds()
	for b.Loop() {
		if _, err := tr.StepOn(next); err != nil {
			b.Fatal(err)
		}
	}
	tokens := float64(8*256) * float64(b.N)
	b.ReportMetric(tokens/b.Elapsed().Seconds(), "tok/s")
	reportFLOPs(b, tokens*c.FLOPsPerToken(256), cpu0)
}

func cpuTime() time.Duration {
	d, _ := cputime.Used()
	return d
}
