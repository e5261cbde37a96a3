package llama

import "math"

// expf32 is e^x in float32 arithmetic, within about 2 ulp of math.Exp over
// [-87.3, 88] and clamped to that range outside it (x = n·ln2 + r with
// |r| ≤ ln2/2, r's degree-6 Taylor polynomial, times 2^n). The float32
// softmaxes and SiLU use it: math.Exp dominated the cross-entropy. It is
// branch-free so the compiler inlines it.
func expf32(x float32) float32 {
	const (
		log2e   = 1.44269504088896341
		ln2hi   = 0.693145751953125 // ln 2 split so n·ln2hi is exact
		ln2lo   = 1.42860682030941723212e-6
		shifter = 12582912 // 1.5·2^23: adding it rounds to an integer
	)
	x = min(max(x, -87.3), 88)
	t := x*log2e + shifter
	n := t - shifter
	r := x - n*ln2hi - n*ln2lo
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	return p * math.Float32frombits((math.Float32bits(t)-0x4b400000+127)<<23)
}

// expShift sets x[i] = e^(x[i] − shift): eight lanes at a time for
// float32 on amd64, math.Exp for float64.
func expShift[T Float](x []T, shift T) {
	if x32, ok := any(x).([]float32); ok {
		expShiftF32(x32, float32(shift))
		return
	}
	for i, v := range x {
		x[i] = T(math.Exp(float64(v - shift)))
	}
}
