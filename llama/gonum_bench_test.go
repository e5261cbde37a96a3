package llama

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
)

// benchGonum times gonum's blas32.Gemm (its own goroutines) on the shape
// benchGemm uses, C = A·Bᵀ, for comparison in the same run. gonum is a
// test-only dependency.
func benchGonum(b *testing.B, m, n, k int) {
	rng := rand.New(rand.NewPCG(1, 2))
	a := blas32.General{Rows: m, Cols: k, Stride: k, Data: make([]float32, m*k)}
	w := blas32.General{Rows: n, Cols: k, Stride: k, Data: make([]float32, n*k)}
	c := blas32.General{Rows: m, Cols: n, Stride: n, Data: make([]float32, m*n)}
	for i := range a.Data {
		a.Data[i] = float32(rng.NormFloat64())
	}
	for i := range w.Data {
		w.Data[i] = float32(rng.NormFloat64())
	}
	b.SetBytes(int64(4 * (m*k + n*k + m*n)))
	cpu0 := cpuTime().Seconds()
	for b.Loop() {
		blas32.Gemm(blas.NoTrans, blas.Trans, 1, a, w, 1, c)
	}
	reportFLOPs(b, 2*float64(m)*float64(n)*float64(k)*float64(b.N), cpu0)
}

func BenchmarkGonumFFN(b *testing.B)  { benchGonum(b, 2048, 768, 288) }
func BenchmarkGonumHead(b *testing.B) { benchGonum(b, 2048, 32000, 288) }
