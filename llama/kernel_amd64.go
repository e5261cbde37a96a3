//go:build amd64 && !purego

package llama

import "golang.org/x/sys/cpu"

// useAsm selects the AVX2/FMA micro-kernel when the CPU has both.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// kernel6x16 is kernelGo for float32 in AVX2/FMA assembly
// (kernel_amd64.s): twelve ymm accumulators, kc ≥ 1.
//
//go:noescape
func kernel6x16(kc int, a, b, c *float32, ldc int, add bool)

func kernelF32(kc int, a, b, c []float32, ldc int, add bool) {
	if !useAsm {
		kernelGo(kc, a, b, c, ldc, add)
		return
	}
	_, _, _ = a[kc*mr-1], b[kc*nr-1], c[5*ldc+nr-1]
	kernel6x16(kc, &a[0], &b[0], &c[0], ldc, add)
}
