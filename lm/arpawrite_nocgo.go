//go:build !cgo

package lm

// estLog10InPlace replaces every value of v with estLog10f of it (the cgo
// build calls the C library's log10f instead).
func estLog10InPlace(v []float32) {
	for i, x := range v {
		v[i] = estLog10f(x)
	}
}

// estLog10IsLibm tells that estLog10InPlace only emulates the C library's
// log10f: a printed value can differ from lmplz's in its last digit.
const estLog10IsLibm = false
