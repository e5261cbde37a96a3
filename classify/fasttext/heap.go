package fasttext

import "math/bits"

// This file reproduces GNU libstdc++'s std::sort and heap algorithms step
// by step, so that elements comparing equal end up where fastText, built
// with it, puts them: the vocabulary order of words with equal counts
// (Dictionary::threshold) and the order of labels with equal scores
// (Loss::findKBest). comp is the C++ comparator ("a goes before b").

// scored is a (log-probability, label) pair of fastText's Predictions.
type scored struct {
	score float32
	label int32
}

// before is fastText's comparePairs (l.first > r.first): with the heap
// functions it makes a min-heap on the score.
func before(a, b scored) bool { return a.score > b.score }

// siftUp is __push_heap: move v up from hole towards top.
func siftUp[T any](h []T, hole, top int, v T, comp func(a, b T) bool) {
	parent := (hole - 1) / 2
	for hole > top && comp(h[parent], v) {
		h[hole] = h[parent]
		hole = parent
		parent = (hole - 1) / 2
	}
	h[hole] = v
}

// adjustHeap is __adjust_heap: move the hole down to a leaf along the
// preferred children, then sift v up from there.
func adjustHeap[T any](h []T, hole int, v T, comp func(a, b T) bool) {
	n := len(h)
	top, child := hole, hole
	for child < (n-1)/2 {
		child = 2 * (child + 1)
		if comp(h[child], h[child-1]) {
			child--
		}
		h[hole] = h[child]
		hole = child
	}
	if n&1 == 0 && child == (n-2)/2 {
		child = 2 * (child + 1)
		h[hole] = h[child-1]
		hole = child - 1
	}
	siftUp(h, hole, top, v, comp)
}

// pushHeap appends v and restores the heap (std::push_heap).
func pushHeap[T any](h []T, v T, comp func(a, b T) bool) []T {
	h = append(h, v)
	siftUp(h, len(h)-1, 0, v, comp)
	return h
}

// popHeap moves the top to the end and drops it (std::pop_heap, pop_back).
func popHeap[T any](h []T, comp func(a, b T) bool) []T {
	if n := len(h); n > 1 {
		v := h[n-1]
		h[n-1] = h[0]
		adjustHeap(h[:n-1], 0, v, comp)
	}
	return h[:len(h)-1]
}

// sortHeap is std::sort_heap.
func sortHeap[T any](h []T, comp func(a, b T) bool) {
	for n := len(h); n > 1; n-- {
		v := h[n-1]
		h[n-1] = h[0]
		adjustHeap(h[:n-1], 0, v, comp)
	}
}

// makeHeap is std::make_heap.
func makeHeap[T any](h []T, comp func(a, b T) bool) {
	n := len(h)
	if n < 2 {
		return
	}
	for parent := (n - 2) / 2; ; parent-- {
		adjustHeap(h, parent, h[parent], comp)
		if parent == 0 {
			return
		}
	}
}

// sortThreshold is libstdc++'s _S_threshold.
const sortThreshold = 16

// stdSort is std::sort: introsort (median-of-three quicksort, heapsort past
// 2*log2(n) levels) down to runs of 16, then one insertion sort.
func stdSort[T any](s []T, comp func(a, b T) bool) {
	if len(s) < 2 {
		return
	}
	introsortLoop(s, 2*(bits.Len(uint(len(s)))-1), comp)
	if len(s) > sortThreshold {
		insertionSort(s[:sortThreshold], comp)
		for i := sortThreshold; i < len(s); i++ {
			linearInsert(s, i, comp)
		}
	} else {
		insertionSort(s, comp)
	}
}

func introsortLoop[T any](s []T, depth int, comp func(a, b T) bool) {
	for len(s) > sortThreshold {
		if depth == 0 {
			makeHeap(s, comp)
			sortHeap(s, comp)
			return
		}
		depth--
		cut := partitionPivot(s, comp)
		introsortLoop(s[cut:], depth, comp)
		s = s[:cut]
	}
}

// partitionPivot is __unguarded_partition_pivot: the median of s[1],
// s[mid], s[last] moves to s[0] and s[1:] is partitioned around it.
func partitionPivot[T any](s []T, comp func(a, b T) bool) int {
	a, b, c := 1, len(s)/2, len(s)-1
	var m int
	switch {
	case comp(s[a], s[b]):
		switch {
		case comp(s[b], s[c]):
			m = b
		case comp(s[a], s[c]):
			m = c
		default:
			m = a
		}
	case comp(s[a], s[c]):
		m = a
	case comp(s[b], s[c]):
		m = c
	default:
		m = b
	}
	s[0], s[m] = s[m], s[0]
	first, last := 1, len(s)
	for {
		for comp(s[first], s[0]) {
			first++
		}
		last--
		for comp(s[0], s[last]) {
			last--
		}
		if first >= last {
			return first
		}
		s[first], s[last] = s[last], s[first]
		first++
	}
}

// insertionSort is __insertion_sort.
func insertionSort[T any](s []T, comp func(a, b T) bool) {
	for i := 1; i < len(s); i++ {
		if comp(s[i], s[0]) {
			v := s[i]
			copy(s[1:i+1], s[:i])
			s[0] = v
		} else {
			linearInsert(s, i, comp)
		}
	}
}

// linearInsert is __unguarded_linear_insert: s[i] moves left past the
// elements it goes before (s[0] is known not to be one of them).
func linearInsert[T any](s []T, i int, comp func(a, b T) bool) {
	v := s[i]
	j := i - 1
	for comp(v, s[j]) {
		s[i] = s[j]
		i = j
		j--
	}
	s[i] = v
}
