package dedup

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkZZRandomLoad(b *testing.B) {
	s, _ := writeBenchDupSet(b, 16<<20, 16)
	p := &s.parts[3]
	rng := rand.New(rand.NewPCG(1, 1))
	idx := make([]int, 1<<16)
	for i := range idx {
		idx[i] = rng.IntN(p.n)
	}
	var sum uint64
	i := 0
	for b.Loop() {
		sum += p.at(idx[i&(1<<16-1)])
		i++
	}
	_ = sum
}

func BenchmarkZZBinarySearch(b *testing.B) {
	s, vals := writeBenchDupSet(b, 16<<20, 16)
	rng := rand.New(rand.NewPCG(1, 1))
	q := make([]uint64, 1<<16)
	for i := range q {
		q[i] = vals[rng.IntN(len(vals))]
	}
	i := 0
	for b.Loop() {
		h := q[i&(1<<16-1)]
		p := &s.parts[Partition(h, s.n)]
		lo, hi := 0, p.n
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if p.at(m) < h {
				lo = m + 1
			} else {
				hi = m
			}
		}
		i++
	}
}


func BenchmarkZZDependentLoad(b *testing.B) {
	s, _ := writeBenchDupSet(b, 16<<20, 16)
	p := &s.parts[3]
	x := uint64(12345)
	for b.Loop() {
		x = p.at(int(x % uint64(p.n)))
	}
	_ = x
}
