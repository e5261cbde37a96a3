package dedup

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func readAll(t testing.TB, r *HashRunReader) ([]uint64, error) {
	var out []uint64
	for {
		v, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

func randomSorted(rng *rand.Rand, n int, repeats bool) []uint64 {
	vals := make([]uint64, n)
	for i := range vals {
		if repeats && i > 0 && rng.IntN(4) == 0 {
			vals[i] = vals[rng.IntN(i)]
		} else {
			vals[i] = rng.Uint64()
		}
	}
	slices.Sort(vals)
	return vals
}

func TestHashRunRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	tests := []struct {
		name string
		vals []uint64
	}{
		{"empty", nil},
		{"one zero", []uint64{0}},
		{"extremes", []uint64{0, 0, 1, math.MaxUint64 - 1, math.MaxUint64, math.MaxUint64}},
		{"max only", []uint64{math.MaxUint64}},
		{"random 1000 with repeats", randomSorted(rng, 1000, true)},
		{"random 300k", randomSorted(rng, 300_000, false)},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := WriteHashRun(&buf, tt.vals); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		r, err := NewHashRunReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if r.Len() != int64(len(tt.vals)) {
			t.Errorf("%s: Len = %d, want %d", tt.name, r.Len(), len(tt.vals))
		}
		got, err := readAll(t, r)
		if err != nil || !slices.Equal(got, tt.vals) {
			t.Errorf("%s: read back %d values, err %v; want %d values", tt.name, len(got), err, len(tt.vals))
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("%s: Next after the end = %v, want io.EOF", tt.name, err)
		}
		if err := r.Close(); err != nil {
			t.Error(err)
		}
		if len(tt.vals) > 1000 {
			t.Logf("%s: %.2f bytes per hash", tt.name, float64(buf.Len())/float64(len(tt.vals)))
		}
	}
}

func TestHashRunUnsorted(t *testing.T) {
	if err := WriteHashRun(io.Discard, []uint64{2, 1}); err == nil {
		t.Error("WriteHashRun accepted unsorted values")
	}
}

func TestHashRunCorrupt(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	vals := randomSorted(rng, 5000, true)
	var buf bytes.Buffer
	if err := WriteHashRun(&buf, vals); err != nil {
		t.Fatal(err)
	}
	full := buf.Bytes()
	// Every truncation is an error, never a clean io.EOF.
	for _, n := range []int{0, 3, 8, 9, 12, len(full) / 3, len(full) / 2, len(full) - 5, len(full) - 1} {
		r, err := NewHashRunReader(bytes.NewReader(full[:n]))
		if err != nil {
			if !errors.Is(err, ErrCorruptRun) {
				t.Errorf("truncated at %d: NewHashRunReader error %v does not wrap ErrCorruptRun", n, err)
			}
			continue
		}
		got, err := readAll(t, r)
		if err == nil {
			t.Errorf("truncated at %d of %d: read %d values and a clean EOF", n, len(full), len(got))
		} else if !errors.Is(err, ErrCorruptRun) {
			t.Errorf("truncated at %d: error %v does not wrap ErrCorruptRun", n, err)
		}
		r.Close()
	}
	// Trailing garbage and a flipped byte.
	bad := append(slices.Clone(full), 1, 2, 3)
	if r, err := NewHashRunReader(bytes.NewReader(bad)); err == nil {
		if _, err := readAll(t, r); err == nil {
			t.Error("trailing data: no error")
		}
	}
	bad = slices.Clone(full)
	bad[len(bad)/2] ^= 0x40
	if r, err := NewHashRunReader(bytes.NewReader(bad)); err == nil {
		if _, err := readAll(t, r); err == nil {
			t.Error("flipped byte: no error")
		}
	}
	if _, err := NewHashRunReader(bytes.NewReader([]byte("CCNDUP01xxxxxxxx"))); !errors.Is(err, ErrCorruptRun) {
		t.Errorf("bad magic: %v", err)
	}
}

func TestHashRunFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "run")
	vals := []uint64{1, 2, 3}
	if err := WriteHashRunFile(path, vals); err != nil {
		t.Fatal(err)
	}
	r, err := OpenHashRunFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := readAll(t, r)
	if err != nil || !slices.Equal(got, vals) {
		t.Errorf("got %v, %v", got, err)
	}
	if err := r.Close(); err != nil {
		t.Error(err)
	}
	if _, err := OpenHashRunFile(filepath.Join(t.TempDir(), "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestMergeDuplicatesRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for iter := 0; iter < 40; iter++ {
		nruns := rng.IntN(12)
		pool := randomSorted(rng, 1+rng.IntN(3000), false)
		if iter%5 == 0 {
			pool = append(pool, 0, math.MaxUint64)
		}
		counts := map[uint64]int64{}
		var runs []*HashRunReader
		var total int64
		for r := 0; r < nruns; r++ {
			n := rng.IntN(2000)
			if r == 0 {
				n = 0 // an empty run
			}
			vals := make([]uint64, n)
			for i := range vals {
				vals[i] = pool[rng.IntN(len(pool))]
				counts[vals[i]]++
			}
			total += int64(n)
			slices.Sort(vals)
			var buf bytes.Buffer
			if err := WriteHashRun(&buf, vals); err != nil {
				t.Fatal(err)
			}
			rr, err := NewHashRunReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, rr)
		}
		var want []uint64
		for h, c := range counts {
			if c >= 2 {
				want = append(want, h)
			}
		}
		slices.Sort(want)
		var got []uint64
		occ, distinct, dups, err := MergeDuplicates(runs, func(h uint64) error {
			got = append(got, h)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if occ != total || distinct != int64(len(counts)) || dups != int64(len(want)) || !slices.Equal(got, want) {
			t.Fatalf("iteration %d: occ %d distinct %d dups %d (got %d values); want %d %d %d",
				iter, occ, distinct, dups, len(got), total, len(counts), len(want))
		}
	}
}

func TestMergeDuplicatesErrors(t *testing.T) {
	mk := func(vals []uint64) *HashRunReader {
		var buf bytes.Buffer
		if err := WriteHashRun(&buf, vals); err != nil {
			t.Fatal(err)
		}
		r, err := NewHashRunReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	stop := errors.New("stop")
	_, _, _, err := MergeDuplicates([]*HashRunReader{mk([]uint64{1, 2}), mk([]uint64{2, 3})},
		func(uint64) error { return stop })
	if err != stop {
		t.Errorf("dup error: got %v", err)
	}
	// A truncated run surfaces as an error.
	var buf bytes.Buffer
	if err := WriteHashRun(&buf, randomSorted(rand.New(rand.NewPCG(6, 6)), 300_000, false)); err != nil {
		t.Fatal(err)
	}
	r, err := NewHashRunReader(bytes.NewReader(buf.Bytes()[:buf.Len()/2]))
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = MergeDuplicates([]*HashRunReader{mk([]uint64{1}), r}, func(uint64) error { return nil })
	if !errors.Is(err, ErrCorruptRun) {
		t.Errorf("truncated run: got %v", err)
	}
	// No runs at all.
	if occ, d, dup, err := MergeDuplicates(nil, nil); occ != 0 || d != 0 || dup != 0 || err != nil {
		t.Errorf("no runs: %d %d %d %v", occ, d, dup, err)
	}
}

func TestPartition(t *testing.T) {
	for _, n := range []int{1, 2, 7, 64, 1000, 4096} {
		if p := Partition(0, n); p != 0 {
			t.Errorf("Partition(0, %d) = %d", n, p)
		}
		if p := Partition(math.MaxUint64, n); p != n-1 {
			t.Errorf("Partition(max, %d) = %d", n, p)
		}
		// Monotone, and every partition is hit about equally.
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		vals := randomSorted(rng, 200*n, false)
		hits := make([]int, n)
		prev := 0
		for _, v := range vals {
			p := Partition(v, n)
			if p < prev || p >= n {
				t.Fatalf("n=%d: partition %d after %d", n, p, prev)
			}
			prev = p
			hits[p]++
		}
		for p, h := range hits {
			if h < 100 || h > 300 {
				t.Errorf("n=%d: partition %d has %d of %d values", n, p, h, len(vals))
			}
		}
	}
}

func TestPartitionBoundaries(t *testing.T) {
	// Partition p starts at ceil(p * 2^64 / n).
	for _, n := range []int{3, 7, 4096} {
		for p := 1; p < n; p++ {
			// Binary search for the first value of partition p.
			lo, hi := uint64(0), uint64(math.MaxUint64)
			for lo < hi {
				mid := lo + (hi-lo)/2
				if Partition(mid, n) >= p {
					hi = mid
				} else {
					lo = mid + 1
				}
			}
			if Partition(lo, n) != p || Partition(lo-1, n) != p-1 {
				t.Fatalf("n=%d p=%d: boundary %d", n, p, lo)
			}
		}
	}
}
