//go:build !amd64 || purego

package llama

// expShiftF32 sets x[i] = e^(x[i] − shift).
func expShiftF32(x []float32, shift float32) {
	for i, v := range x {
		x[i] = expf32(v - shift)
	}
}
