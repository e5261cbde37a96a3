package filters

import "math/bits"

// N-grams are compared by a polynomial hash modulo the Mersenne prime
// 2^61-1 of the n-gram's text (its words joined by one space, or by
// nothing for datatrove's duplicate n-grams), computed from prefix hashes
// in O(1) per n-gram. Two different n-grams of one document collide with
// probability under length/2^61 per pair (about 1e-15 for web pages), the
// price of not building a string per n-gram.

const (
	mersenne61 = 1<<61 - 1
	hashBase   = 1_000_003
	powTable   = 4096
)

func mulmod(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	r := (hi<<3 | lo>>61) + lo&mersenne61
	if r >= mersenne61 {
		r -= mersenne61
	}
	return r
}

func addmod(a, b uint64) uint64 {
	r := a + b
	if r >= mersenne61 {
		r -= mersenne61
	}
	return r
}

func submod(a, b uint64) uint64 {
	if a >= b {
		return a - b
	}
	return a + mersenne61 - b
}

// basePow[k] is hashBase^k mod 2^61-1.
var basePow = func() []uint64 {
	p := make([]uint64, powTable)
	p[0] = 1
	for i := 1; i < powTable; i++ {
		p[i] = mulmod(p[i-1], hashBase)
	}
	return p
}()

func powBase(k int) uint64 {
	if k < powTable {
		return basePow[k]
	}
	r, b := uint64(1), uint64(hashBase)
	for e := uint64(k); e > 0; e >>= 1 {
		if e&1 == 1 {
			r = mulmod(r, b)
		}
		b = mulmod(b, b)
	}
	return r
}

// ngramHasher hashes the n-grams of one word list.
type ngramHasher struct {
	start, end []uint64 // hash of the joined text up to the start / end of word k
	off        []int    // start offset of word k in the joined text
	lens       []int    // byte length of word k
}

// build prepares words joined by sep (" " or "").
func (h *ngramHasher) build(words []string, sep string) {
	n := len(words)
	h.start, h.end = grow(h.start, n), grow(h.end, n)
	h.off, h.lens = growInt(h.off, n), growInt(h.lens, n)
	var acc uint64
	pos := 0
	for k, w := range words {
		if k > 0 && sep != "" {
			acc = addmod(mulmod(acc, hashBase), uint64(sep[0])+1)
			pos++
		}
		h.start[k], h.off[k], h.lens[k] = acc, pos, len(w)
		for i := 0; i < len(w); i++ {
			acc = addmod(mulmod(acc, hashBase), uint64(w[i])+1)
		}
		pos += len(w)
		h.end[k] = acc
	}
}

// hash returns the hash of words[i:i+n] joined.
func (h *ngramHasher) hash(i, n int) uint64 {
	j := i + n - 1
	length := h.off[j] + h.lens[j] - h.off[i]
	return submod(h.end[j], mulmod(h.start[i], powBase(length)))
}

func grow(s []uint64, n int) []uint64 {
	if cap(s) < n {
		return make([]uint64, n)
	}
	return s[:n]
}

func growInt(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	return s[:n]
}

// ngramTable is an open-addressing table from n-gram hash to its count
// and first position, reused between documents.
type ngramTable struct {
	slots []ngramSlot
	mask  uint64
}

type ngramSlot struct {
	key   uint64 // hash+1; 0 is empty
	count int32
	first int32
}

func (t *ngramTable) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(t.slots) < size {
		t.slots = make([]ngramSlot, size)
	} else {
		t.slots = t.slots[:size]
		clear(t.slots)
	}
	t.mask = uint64(size - 1)
}

// slot returns the slot of h, inserting it (count 0, first pos) if new.
func (t *ngramTable) slot(h uint64, pos int) *ngramSlot {
	k := h + 1
	i := (k * 0x9e3779b97f4a7c15 >> 20) & t.mask
	for {
		s := &t.slots[i]
		switch s.key {
		case k:
			return s
		case 0:
			s.key, s.first = k, int32(pos)
			return s
		}
		i = (i + 1) & t.mask
	}
}
