//go:build cgo

package lm

// #cgo LDFLAGS: -lm
// #include <math.h>
// #include <stddef.h>
// static void est_log10f(float *v, size_t n) {
//   for (size_t i = 0; i < n; i++) v[i] = log10f(v[i]);
// }
import "C"

import "unsafe"

// estLog10InPlace replaces every value of v with its log10 from the C
// library's log10f, the function lmplz calls: libm implementations are not
// correctly rounded, so this is what makes the printed digits equal to
// lmplz's on the same system. Without cgo, estLog10f emulates glibc.
func estLog10InPlace(v []float32) {
	if len(v) == 0 {
		return
	}
	C.est_log10f((*C.float)(unsafe.Pointer(&v[0])), C.size_t(len(v)))
}

// estLog10IsLibm tells that estLog10InPlace is the C library's log10f, so
// output is byte-identical to lmplz's built against the same library.
const estLog10IsLibm = true
