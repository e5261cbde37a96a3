package dedup

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/ccnet-go/ccnet/internal/mmapfile"
)

// writePartitioned writes the distinct sorted vals as one duplicate-set
// file per partition; partitions without values get no file, or an empty
// one, or an empty path, in turn.
func writePartitioned(t testing.TB, dir string, vals []uint64, partitions int) []string {
	paths := make([]string, partitions)
	start := 0
	for p := range partitions {
		end := start
		for end < len(vals) && Partition(vals[end], partitions) == p {
			end++
		}
		path := filepath.Join(dir, "p"+strconv.Itoa(p)+".dup")
		switch {
		case end > start || p%3 == 0:
			if err := WriteDupSet(path, vals[start:end]); err != nil {
				t.Fatal(err)
			}
			paths[p] = path
		case p%3 == 1:
			paths[p] = path // missing file
		default:
			paths[p] = ""
		}
		start = end
	}
	return paths
}

func TestDupSetRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, partitions := range []int{1, 7, 64} {
		for _, n := range []int{0, 1, 5, 100, 20000} {
			vals := randomSorted(rng, n, false)
			if n >= 5 {
				vals = append(vals, 0, 1, math.MaxUint64-1, math.MaxUint64)
				// A dense run: consecutive values, where interpolation is exact.
				base := rng.Uint64() >> 1
				for i := range uint64(50) {
					vals = append(vals, base+i)
				}
			}
			slices.Sort(vals)
			vals = slices.Compact(vals)
			dir := t.TempDir()
			paths := writePartitioned(t, dir, vals, partitions)
			s, err := OpenDupSet(paths, partitions)
			if err != nil {
				t.Fatal(err)
			}
			if s.Len() != int64(len(vals)) {
				t.Errorf("%d partitions, %d values: Len = %d", partitions, len(vals), s.Len())
			}
			if err := s.Verify(); err != nil {
				t.Error(err)
			}
			in := map[uint64]bool{}
			for _, v := range vals {
				in[v] = true
				if !s.Contains(v) {
					t.Fatalf("%d partitions: %#x missing", partitions, v)
				}
			}
			// Absent values: random ones, neighbours of present ones, extremes.
			var probes []uint64
			for range 20000 {
				probes = append(probes, rng.Uint64())
			}
			for _, v := range vals {
				probes = append(probes, v-1, v+1)
			}
			probes = append(probes, 0, 1, 2, math.MaxUint64, math.MaxUint64-1, math.MaxUint64-2, 1<<63)
			for _, v := range probes {
				if s.Contains(v) != in[v] {
					t.Fatalf("%d partitions, %d values: Contains(%#x) = %v", partitions, len(vals), v, !in[v])
				}
			}
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		}
	}
}

func TestDupSetSkewed(t *testing.T) {
	// Clustered values: interpolation guesses badly and the bisection
	// fallback has to keep the search bounded and correct.
	var vals []uint64
	for i := range uint64(3000) {
		vals = append(vals, i*i*i)
	}
	for i := range uint64(3000) {
		vals = append(vals, math.MaxUint64-i)
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	path := filepath.Join(t.TempDir(), "skewed")
	if err := WriteDupSet(path, vals); err != nil {
		t.Fatal(err)
	}
	s, err := OpenDupSet([]string{path}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, v := range vals {
		if !s.Contains(v) || (v > 0 && !slices.Contains(vals, v-1) && s.Contains(v-1)) {
			t.Fatalf("wrong answer near %d", v)
		}
	}
}

func TestDupSetWriter(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.dup")
	w, err := NewDupSetWriter(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []uint64{0, 5, math.MaxUint64} {
		if err := w.Add(h); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("file visible at its path before Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte("CCNDUP01")
	want = binary.LittleEndian.AppendUint64(want, 3)
	for _, h := range []uint64{0, 5, math.MaxUint64} {
		want = binary.LittleEndian.AppendUint64(want, h)
	}
	if string(data) != string(want) {
		t.Errorf("file = %x, want %x", data, want)
	}

	// Not increasing: Add fails, Close reports it and leaves no file.
	path2 := filepath.Join(dir, "b.dup")
	w, err = NewDupSetWriter(path2)
	if err != nil {
		t.Fatal(err)
	}
	w.Add(7)
	if err := w.Add(7); err == nil {
		t.Error("Add of a repeated value accepted")
	}
	if err := w.Close(); err == nil {
		t.Error("Close after a failed Add returned nil")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left: %v", entries)
	}
	// Abort leaves nothing.
	w, _ = NewDupSetWriter(path2)
	w.Add(1)
	w.Abort()
	if _, err := os.Stat(path2); !errors.Is(err, os.ErrNotExist) {
		t.Error("file after Abort")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left after Abort: %v", entries)
	}
}

func TestOpenDupSetErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hdr := func(magic string, n uint64, vals ...uint64) []byte {
		b := binary.LittleEndian.AppendUint64([]byte(magic), n)
		for _, v := range vals {
			b = binary.LittleEndian.AppendUint64(b, v)
		}
		return b
	}
	good := write("good", hdr("CCNDUP01", 1, 5))
	tests := []struct {
		name  string
		paths []string
		parts int
	}{
		{"short file", []string{write("short", []byte("CCNDUP"))}, 1},
		{"bad magic", []string{write("magic", hdr("CCNRUN01", 1, 5))}, 1},
		{"count too large", []string{write("count", hdr("CCNDUP01", 2, 5))}, 1},
		{"count too small", []string{write("count2", hdr("CCNDUP01", 1, 5, 6))}, 1},
		{"huge count", []string{write("count3", hdr("CCNDUP01", math.MaxUint64, 5))}, 1},
		{"wrong partition", []string{"", good}, 2},
		{"paths and partitions disagree", []string{good}, 2},
		{"zero partitions", nil, 0},
		{"too many partitions", make([]string, MaxPartitions+1), MaxPartitions + 1},
		{"a directory", []string{dir}, 1},
	}
	for _, tt := range tests {
		if s, err := OpenDupSet(tt.paths, tt.parts); err == nil {
			s.Close()
			t.Errorf("%s: no error", tt.name)
		}
	}
	s, err := OpenDupSet([]string{good}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Contains(5) || s.Contains(4) || s.Len() != 1 || s.Partitions() != 1 {
		t.Error("good file misread")
	}
	s.Close()
	defer func() {
		if recover() == nil {
			t.Error("Contains after Close did not panic")
		}
	}()
	s.Contains(5)
}

func TestDupSetMapped(t *testing.T) {
	t.Logf("duplicate-set files are mmapped: %v", mmapfile.Mapped)
}
