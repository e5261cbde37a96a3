package lm

import (
	"errors"
	"fmt"
)

// OrderDiscount holds the modified Kneser-Ney discounts of one order:
// D[1], D[2] and D[3] (for adjusted counts 1, 2 and 3 or more). D[0] is
// always 0. They are float32 as in lmplz (lm/builder/discount.hh).
type OrderDiscount struct {
	D        [4]float32
	Fallback bool // the closed form failed and the fallback was used
}

// DefaultDiscountFallback is lmplz's --discount_fallback given without
// values.
var DefaultDiscountFallback = []float64{0.5, 1, 1.5}

// ErrBadDiscount reports an order whose closed-form discounts cannot be
// computed or are out of range while no fallback is set (lmplz stops with
// BadDiscountException there).
var ErrBadDiscount = errors.New("lm: Kneser-Ney discounts out of range (small or artificial data; set DiscountFallback)")

// get returns the discount for an adjusted count.
func (d OrderDiscount) get(count uint32) float32 {
	if count > 3 {
		count = 3
	}
	return d.D[count]
}

// apply is count - D(count) in float32, lmplz's Discount::Apply.
func (d OrderDiscount) apply(count uint32) float32 {
	return float32(count) - d.get(count)
}

// estFallback turns the user's fallback values into discounts the way
// lmplz's ParseDiscountFallback does: up to three values, the last one
// repeated for the missing ones, each in [0, j].
func estFallback(values []float64) (OrderDiscount, error) {
	var d OrderDiscount
	if len(values) > 3 {
		return d, fmt.Errorf("lm: at most three fallback discounts (1, 2 and 3+), got %d", len(values))
	}
	for j := 1; j <= 3; j++ {
		v := float32(values[min(j, len(values))-1])
		if !(v >= 0 && v <= float32(j)) {
			return d, fmt.Errorf("lm: fallback discount for count %d is %v, not in [0, %d]", j, v, j)
		}
		d.D[j] = v
	}
	d.Fallback = true
	return d, nil
}

// estDiscount computes one order's discounts from its counts-of-counts
// n[1..4] of adjusted counts (Chen and Goodman eq. 26), in float32 with
// lmplz's operation order (lm/builder/adjust_counts.cc). It fails, or uses
// fallback when non-nil, if n1, n2 or n3 is zero or a discount leaves [0, j].
func estDiscount(n [5]uint64, order int, fallback *OrderDiscount) (OrderDiscount, error) {
	var d OrderDiscount
	bad := ""
	for j := 1; j <= 3 && bad == ""; j++ {
		if n[j] == 0 {
			bad = fmt.Sprintf("no %d-grams with adjusted count %d", order, j)
		}
	}
	if bad == "" {
		// The denominator is computed in double (the C++ mixes in 2.0)
		// and rounded to float before the float division.
		y := float32(n[1]) / float32(float64(n[1])+2.0*float64(n[2]))
		for j := 1; j <= 3; j++ {
			num := float32(float32(j+1)*y) * float32(n[j+1])
			d.D[j] = float32(j) - num/float32(n[j])
			if d.D[j] < 0 || d.D[j] > float32(j) {
				bad = fmt.Sprintf("%d-gram discount D%d = %v out of range", order, j, d.D[j])
				break
			}
		}
	}
	if bad == "" {
		return d, nil
	}
	if fallback == nil {
		return OrderDiscount{}, fmt.Errorf("%w: %s", ErrBadDiscount, bad)
	}
	return *fallback, nil
}
