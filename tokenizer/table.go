package tokenizer

import "math/bits"

// u64Table is a read-mostly hash table from uint64 keys to int32 values,
// open addressing with linear probing and a multiplicative hash: lookups
// on the encoding hot paths (BPE pair merges, unigram trie edges) cost a
// few nanoseconds, several times less than a Go map's.
type u64Table struct {
	keys  []uint64 // key+1; 0 marks an empty slot
	vals  []int32
	shift uint
	n     int
}

func newU64Table(n int) *u64Table {
	size := 1 << bits.Len(uint(2*n+8))
	return &u64Table{keys: make([]uint64, size), vals: make([]int32, size), shift: uint(64 - bits.TrailingZeros(uint(size)))}
}

func (t *u64Table) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> t.shift) }

// get returns the value of k.
func (t *u64Table) get(k uint64) (int32, bool) {
	mask := len(t.keys) - 1
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k + 1:
			return t.vals[i], true
		case 0:
			return 0, false
		}
	}
}

// put sets the value of k, growing the table to stay at most half full.
func (t *u64Table) put(k uint64, v int32) {
	if 2*(t.n+1) > len(t.keys) {
		old := *t
		*t = *newU64Table(2 * len(old.keys))
		for i, ok := range old.keys {
			if ok != 0 {
				t.put(ok-1, old.vals[i])
			}
		}
	}
	mask := len(t.keys) - 1
	for i := t.slot(k); ; i = (i + 1) & mask {
		switch t.keys[i] {
		case k + 1:
			t.vals[i] = v
			return
		case 0:
			t.keys[i], t.vals[i] = k+1, v
			t.n++
			return
		}
	}
}
