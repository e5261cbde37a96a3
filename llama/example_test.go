package llama_test

import (
	"fmt"

	"github.com/ccnet-go/ccnet/llama"
)

// stories15M is llama2.c's 15,191,712 (tied) plus the 32,000 × 288 head;
// 6,738,415,616 is Llama 2 7B's published count.
func ExampleConfig_NumParams() {
	for _, name := range []string{"stories15M", "llama2-7B"} {
		c := llama.Presets[name]
		fmt.Printf("%s: hidden %d, %d parameters\n", name, c.Hidden(), c.NumParams())
	}
	// Output:
	// stories15M: hidden 768, 24407712 parameters
	// llama2-7B: hidden 11008, 6738415616 parameters
}

func ExampleModel_Forward() {
	c := llama.Config{Dim: 16, Layers: 1, Heads: 2, Vocab: 10, MultipleOf: 8, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 8}
	m, err := llama.NewModel[float64](c, 1)
	if err != nil {
		panic(err)
	}
	loss, _ := m.Forward([]uint32{1, 2, 3, 4}, []uint32{2, 3, 4, 5}, 1, 4)
	// A fresh model is close to uniform: loss ≈ ln 10.
	fmt.Printf("%.2f\n", loss)
	// Output: 2.31
}
