package lm

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
)

// estWriteARPA writes the model as lmplz's PrintARPA does
// (lm/common/print.cc): the \data\ header with every order's count, then
// each order's n-grams in suffix order (unigrams in word-id order), every
// order but the highest with a backoff column (0 included), numbers as
// log10 in float32 printed with estFormatFloat. It turns the model's
// probabilities and backoffs into their log10 in place.
func estWriteARPA(w io.Writer, m *estModel, words []string) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("\\data\\\n")
	for k := 1; k <= m.order; k++ {
		fmt.Fprintf(bw, "ngram %d=%d\n", k, m.orders[k].len())
	}
	bw.WriteString("\n")
	var num []byte
	for k := 1; k <= m.order; k++ {
		o := m.orders[k]
		estLog10InPlace(o.prob)
		estLog10InPlace(o.backoff)
		fmt.Fprintf(bw, "\\%d-grams:\n", k)
		for i := 0; i < o.len(); i++ {
			p := o.prob[i]
			if !(p < 0) { // std::min(0.0f, p): 0 unless p < 0, so NaN prints 0
				p = 0
			}
			num = estFormatFloat(num[:0], p)
			bw.Write(num)
			for j, id := range o.gram(i) {
				if j == 0 {
					bw.WriteByte('\t')
				} else {
					bw.WriteByte(' ')
				}
				bw.WriteString(words[id])
			}
			if o.backoff != nil {
				bw.WriteByte('\t')
				num = estFormatFloat(num[:0], o.backoff[i])
				bw.Write(num)
			}
			bw.WriteByte('\n')
		}
		bw.WriteString("\n")
	}
	bw.WriteString("\\end\\\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("lm: writing ARPA: %w", err)
	}
	return nil
}

// estFormatFloat appends f as KenLM prints floats (util/float_to_string.cc:
// double-conversion's ToShortestSingle with decimal notation for decimal
// exponents in [-6, 21) and "1e-7" style otherwise): the shortest digits
// that read back as the same float32.
func estFormatFloat(dst []byte, f float32) []byte {
	switch {
	case math.IsNaN(float64(f)):
		return append(dst, "NaN"...)
	case math.IsInf(float64(f), 1):
		return append(dst, "inf"...)
	case math.IsInf(float64(f), -1):
		return append(dst, "-inf"...)
	case f == 0:
		if math.Signbit(float64(f)) {
			return append(dst, "-0"...)
		}
		return append(dst, '0')
	}
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], float64(f), 'e', -1, 32)
	if e[0] == '-' {
		dst = append(dst, '-')
		e = e[1:]
	}
	// e is d[.ddd]e±XX
	mark := 0
	for e[mark] != 'e' {
		mark++
	}
	exp, _ := strconv.Atoi(string(e[mark+1:]))
	digits := make([]byte, 0, 12)
	for _, c := range e[:mark] {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	if exp < -6 || exp >= 21 {
		dst = append(dst, digits[0])
		if len(digits) > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		return strconv.AppendInt(dst, int64(exp), 10)
	}
	point := exp + 1 // digits before the decimal point
	switch {
	case point <= 0:
		dst = append(dst, '0', '.')
		for i := 0; i < -point; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	case point >= len(digits):
		dst = append(dst, digits...)
		for i := len(digits); i < point; i++ {
			dst = append(dst, '0')
		}
		return dst
	default:
		dst = append(dst, digits[:point]...)
		dst = append(dst, '.')
		return append(dst, digits[point:]...)
	}
}

// Constants of estLog10f: log10(x) = k*log10(2) + ln(m)/ln(10) for
// x = 2^k * m, with log10(2) split into a head whose low 7 bits are zero
// (so k*head is exact for any float32 exponent) and the rest.
var (
	estInvLn10   = float32(1 / math.Ln10)
	estLog10TwoH = math.Float32frombits(math.Float32bits(float32(math.Log10(2))) &^ 0x7f)
	estLog10TwoL = float32(math.Log10(2) - float64(estLog10TwoH))
)

// estLog10f is log10 in float32 evaluated the way C's log10f is on the
// glibc lmplz is usually built with (fdlibm's scheme: the mantissa scaled
// to [1, 2) or [0.5, 1), ln of it, then k*log10(2) added in two parts, each
// step rounded to float32). A correctly rounded float32(math.Log10(x))
// differs from glibc's log10f on about 1.3% of inputs; this differs on
// about 0.02%, where glibc's logf itself is not correctly rounded.
// x must be positive and finite.
func estLog10f(x float32) float32 {
	if !(x > 0) || math.IsInf(float64(x), 1) {
		return float32(math.Log10(float64(x)))
	}
	bits := math.Float32bits(x)
	k := int32(0)
	if bits < 0x00800000 { // subnormal: scale into the normal range
		k = -25
		x *= 1 << 25
		bits = math.Float32bits(x)
	}
	k += int32(bits>>23) - 127
	neg := int32(0)
	if k < 0 {
		neg = 1
	}
	m := math.Float32frombits(bits&0x007fffff | uint32(0x7f-neg)<<23)
	y := float32(k + neg)
	lnm := float32(math.Log(float64(m)))
	z := float32(y*estLog10TwoL) + float32(estInvLn10*lnm)
	return z + float32(y*estLog10TwoH)
}
