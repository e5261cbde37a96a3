//go:build !amd64 || purego

package llama

func kernelF32(kc int, a, b, c []float32, ldc int, add bool) { kernelGo(kc, a, b, c, ldc, add) }
