package llama

import (
	"math"
	"testing"
)

func TestExpf32(t *testing.T) {
	for x := float32(-87.3); x <= 88; x += 0.0137 {
		want := math.Exp(float64(x))
		if got := float64(expf32(x)); math.Abs(got-want) > 3e-7*want {
			t.Fatalf("expf32(%g) = %g, want %g (rel %.2g)", x, got, want, math.Abs(got-want)/want)
		}
	}
	if expf32(-100) != expf32(-87.3) || expf32(-100) > 1e-37 || expf32(100) != expf32(88) || expf32(0) != 1 {
		t.Fatalf("expf32 limits: %g %g %g", expf32(-100), expf32(100), expf32(0))
	}
}

func TestExpShift(t *testing.T) {
	x := make([]float32, 1000+5)
	for i := range x {
		x[i] = float32(i)*0.19 - 95
	}
	want := make([]float64, len(x))
	for i, v := range x {
		want[i] = math.Exp(float64(min(max(v-3, -87.3), 88)))
	}
	expShift(x, 3)
	for i := range x {
		if math.Abs(float64(x[i])-want[i]) > 3e-7*want[i] {
			t.Fatalf("x[%d] = %g, want %g", i, x[i], want[i])
		}
	}
}
