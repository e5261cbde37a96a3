package lm

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestEstFormatFloat(t *testing.T) {
	cases := []struct {
		in   float32
		want string
	}{
		{0, "0"},
		{float32(math.Copysign(0, -1)), "-0"},
		{-0.30103, "-0.30103"},
		{-0.42596874, "-0.42596874"},
		{-1, "-1"},
		{-12.5, "-12.5"},
		{1e-6, "0.000001"},
		{-1.5e-6, "-0.0000015"},
		{1e-7, "1e-7"},
		{-2.5e-9, "-2.5e-9"},
		{123456789, "123456790"},
		{1e21, "1e21"},
		{float32(math.Inf(-1)), "-inf"},
	}
	for _, tc := range cases {
		if got := string(estFormatFloat(nil, tc.in)); got != tc.want {
			t.Errorf("estFormatFloat(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Whatever the value, the text reads back as the same float32.
	r := rand.New(rand.NewPCG(1, 2))
	for range 10000 {
		f := math.Float32frombits(r.Uint32())
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			continue
		}
		s := estFormatFloat(nil, f)
		back, err := strconv.ParseFloat(string(s), 32)
		if err != nil || float32(back) != f {
			t.Fatalf("%v printed %q reads back as %v (%v)", f, s, back, err)
		}
	}
}

func TestEstLog10f(t *testing.T) {
	// Exact where log10 is an integer or the mantissa is 1.
	for _, c := range []struct{ in, want float32 }{{1, 0}, {10, 1}, {0.5, -0.30103}, {0.25, -0.60206}, {1e-3, -3}} {
		if got := estLog10f(c.in); got != c.want {
			t.Errorf("estLog10f(%v) = %v, want %v", c.in, got, c.want)
		}
	}
	// Within two float32 ulps of the true value elsewhere (glibc's log10f is
	// too), subnormals included.
	r := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		x := math.Float32frombits(1 + r.Uint32N(0x3f800000))
		got := estLog10f(x)
		want := math.Log10(float64(x))
		ulp := math.Abs(float64(math.Nextafter32(got, 0) - got))
		if math.Abs(float64(got)-want) > 2*ulp {
			t.Fatalf("estLog10f(%v) = %v, true value %v", x, got, want)
		}
	}
}

func TestEstLog10InPlace(t *testing.T) {
	v := []float32{1, 0.5, 0.001, 0.7342}
	estLog10InPlace(v)
	for i, x := range []float32{1, 0.5, 0.001, 0.7342} {
		if math.Abs(float64(v[i])-math.Log10(float64(x))) > 1e-7 {
			t.Errorf("log10(%v) = %v", x, v[i])
		}
	}
	estLog10InPlace(nil)
}
