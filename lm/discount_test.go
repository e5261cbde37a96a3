package lm

import (
	"errors"
	"testing"
)

func TestEstDiscount(t *testing.T) {
	fb := OrderDiscount{D: [4]float32{0, 0.5, 1, 1.5}, Fallback: true}
	cases := []struct {
		name     string
		n        [5]uint64
		fallback *OrderDiscount
		want     [4]float32
		err      error
	}{
		// Y = 4/(4+2*2) = 0.5; D1 = 1 - 2*0.5*2/4 = 0.5; D2 = 2 - 3*0.5*1/2 = 1.25;
		// D3 = 3 - 4*0.5*1/1 = 1.
		{"closed-form", [5]uint64{0, 4, 2, 1, 1}, nil, [4]float32{0, 0.5, 1.25, 1}, nil},
		// n4 = 0 is fine: D3+ = 3.
		{"no-n4", [5]uint64{0, 4, 2, 1, 0}, nil, [4]float32{0, 0.5, 1.25, 3}, nil},
		// Y = 1/(1+2*3) = 1/7; D1 = 1 - 2*(1/7)*3 = 1/7; D2 = 2 - 3*(1/7)*5/3 = 9/7, as float32.
		{"sevenths", [5]uint64{0, 1, 3, 5, 2}, nil, [4]float32{0, float32(1.0) - float32(float32(2*float32(1)/7)*3), 0, 0}, nil},
		{"n3-zero", [5]uint64{0, 4, 2, 0, 1}, nil, [4]float32{}, ErrBadDiscount},
		{"n1-zero-fallback", [5]uint64{0, 0, 2, 1, 1}, &fb, fb.D, nil},
		// D2 = 2 - 3*Y*n3/n2 < 0 when n3 is large.
		{"out-of-range", [5]uint64{0, 10, 1, 50, 1}, nil, [4]float32{}, ErrBadDiscount},
		{"out-of-range-fallback", [5]uint64{0, 10, 1, 50, 1}, &fb, fb.D, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := estDiscount(tc.n, 3, tc.fallback)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				return
			}
			if tc.name == "sevenths" {
				y := float32(1) / float32(7)
				if d.D[1] != float32(1)-float32(float32(2)*y)*3/1 {
					t.Errorf("D1 = %v", d.D[1])
				}
				if d.D[2] != float32(2)-float32(float32(3)*y)*5/3 {
					t.Errorf("D2 = %v", d.D[2])
				}
				return
			}
			if d.D != tc.want || d.Fallback != (tc.fallback != nil) {
				t.Errorf("got %+v, want %v", d, tc.want)
			}
		})
	}
}

func TestEstFallback(t *testing.T) {
	cases := []struct {
		in   []float64
		want [4]float32
		ok   bool
	}{
		{[]float64{0.5, 1, 1.5}, [4]float32{0, 0.5, 1, 1.5}, true},
		{[]float64{0.7}, [4]float32{0, 0.7, 0.7, 0.7}, true},
		{[]float64{0.2, 1.8}, [4]float32{0, 0.2, 1.8, 1.8}, true},
		{[]float64{1.5}, [4]float32{}, false}, // D1 > 1
		{[]float64{0.5, 1, -1}, [4]float32{}, false},
		{[]float64{0.5, 1, 1.5, 2}, [4]float32{}, false},
	}
	for _, tc := range cases {
		d, err := estFallback(tc.in)
		if (err == nil) != tc.ok || (tc.ok && d.D != tc.want) {
			t.Errorf("estFallback(%v) = %v, %v", tc.in, d.D, err)
		}
	}
}
