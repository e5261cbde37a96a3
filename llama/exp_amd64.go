//go:build amd64 && !purego

package llama

// expShift8 is expShiftF32 on n (a multiple of 8) values in AVX2/FMA
// assembly (exp_amd64.s).
//
//go:noescape
func expShift8(x *float32, n int, shift float32)

// expShiftF32 sets x[i] = e^(x[i] − shift).
func expShiftF32(x []float32, shift float32) {
	n := len(x) &^ 7
	if useAsm && n > 0 {
		expShift8(&x[0], n, shift)
	} else {
		n = 0
	}
	for i := n; i < len(x); i++ {
		x[i] = expf32(x[i] - shift)
	}
}
