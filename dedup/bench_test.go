package dedup

import (
	"crypto/sha1"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var (
	benchEnglish = strings.Fields("the of and to in is for on that with this you it are as be at by from " +
		"your all more home about contact privacy policy terms site news click here read posted " +
		"January 2019 comments share Facebook Twitter email search menu login register cart " +
		"product price free shipping customer reviews information service business online new")
	benchLatin = strings.Fields("été café à où déjà français Straße Größe über für Müller señor año " +
		"mañana información página naïve coöperate São Paulo città perché così Ελλάδα ΟΔΟΣ")
	benchCJK      = strings.Fields("東京 日本語 中文 網站 首頁 聯絡我們 隱私政策 版權所有 ニュース 検索 登录 注册 购物车")
	benchCyrillic = strings.Fields("Москва новости главная страница контакты поиск войти регистрация")
)

// benchLines generates n deterministic web-like lines, about 60 bytes on
// average: mostly ASCII, some with accents, CJK or Cyrillic, with digits,
// capitals and punctuation, a few empty ones.
func benchLines(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	lines := make([]string, n)
	var b strings.Builder
	for i := range lines {
		b.Reset()
		words := benchEnglish
		switch k := rng.IntN(100); {
		case k < 8:
			words = benchLatin
		case k < 14:
			words = benchCJK
		case k < 18:
			words = benchCyrillic
		case k < 20:
			lines[i] = ""
			continue
		}
		target := 10 + rng.IntN(100)
		for b.Len() < target {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			w := words[rng.IntN(len(words))]
			if rng.IntN(8) == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
			switch rng.IntN(20) {
			case 0:
				b.WriteString(", 2023")
			case 1:
				b.WriteByte('.')
			case 2:
				b.WriteString(" –")
			}
		}
		lines[i] = b.String()
	}
	return lines
}

func benchDoc(lines []string) (string, int) {
	raw := strings.Join(lines, "\n")
	return raw, len(lines)
}

// BenchmarkLineHashes is the dedup hot path: split, normalize, SHA-1.
func BenchmarkLineHashes(b *testing.B) {
	raw, n := benchDoc(benchLines(4096))
	dst := make([]uint64, 0, n)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		dst = LineHashes(raw, dst)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(float64(len(raw))/float64(n), "bytes/line")
}

// BenchmarkLineHashesBaseline is the floor: the same split and SHA-1 of
// the raw lines, without normalization. LineHashes / baseline is the cost
// of normalize_for_dedup.
func BenchmarkLineHashesBaseline(b *testing.B) {
	raw, n := benchDoc(benchLines(4096))
	dst := make([]uint64, 0, n)
	buf := make([]byte, 0, 1024)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		dst = dst[:0]
		s := raw
		for {
			i := strings.IndexByte(s, '\n')
			line := s
			if i >= 0 {
				line = s[:i]
			}
			buf = append(buf[:0], line...)
			sum := sha1.Sum(buf)
			dst = append(dst, binary.LittleEndian.Uint64(sum[:8]))
			if i < 0 {
				break
			}
			s = s[i+1:]
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkNormalize is AppendNormalized alone, to split normalization
// from SHA-1.
func BenchmarkNormalize(b *testing.B) {
	lines := benchLines(4096)
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	buf := make([]byte, 0, 1024)
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, l := range lines {
			buf = AppendNormalized(buf[:0], l)
		}
	}
	b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

func writeBenchDupSet(b *testing.B, n, partitions int) (*DupSet, []uint64) {
	rng := rand.New(rand.NewPCG(3, 4))
	vals := make([]uint64, n)
	for i := range vals {
		vals[i] = rng.Uint64()
	}
	slices.Sort(vals)
	vals = slices.Compact(vals)
	dir := b.TempDir()
	paths := make([]string, partitions)
	start := 0
	for p := range partitions {
		end := start
		for end < len(vals) && Partition(vals[end], partitions) == p {
			end++
		}
		paths[p] = filepath.Join(dir, "dup"+string(rune('a'+p%26))+strings.Repeat("x", p/26))
		if err := WriteDupSet(paths[p], vals[start:end]); err != nil {
			b.Fatal(err)
		}
		start = end
	}
	s, err := OpenDupSet(paths, partitions)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s, vals
}

// BenchmarkDupSetContains: 16 M duplicate hashes over 16 partitions (128
// MiB of files), half the queries present.
func BenchmarkDupSetContains(b *testing.B) {
	s, vals := writeBenchDupSet(b, 16<<20, 16)
	rng := rand.New(rand.NewPCG(5, 6))
	queries := make([]uint64, 1<<16)
	for i := range queries {
		if i%2 == 0 {
			queries[i] = vals[rng.IntN(len(vals))]
		} else {
			queries[i] = rng.Uint64()
		}
	}
	b.ResetTimer()
	found := 0
	i := 0
	for b.Loop() {
		if s.Contains(queries[i&(len(queries)-1)]) {
			found++
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	if found == 0 {
		b.Fatal("nothing found")
	}
}

// BenchmarkMergeDuplicates merges 16 runs of 256 Ki hashes (4 Mi values,
// a quarter of them repeated in a second run), from files.
func BenchmarkMergeDuplicates(b *testing.B) {
	const runs, per = 16, 256 << 10
	rng := rand.New(rand.NewPCG(7, 8))
	dir := b.TempDir()
	paths := make([]string, runs)
	var shared []uint64
	for r := range runs {
		vals := make([]uint64, per)
		for i := range vals {
			if i%4 == 0 && len(shared) > 0 {
				vals[i] = shared[rng.IntN(len(shared))]
			} else {
				vals[i] = rng.Uint64()
			}
		}
		shared = append(shared, vals[:per/8]...)
		slices.Sort(vals)
		paths[r] = filepath.Join(dir, "run"+string(rune('a'+r)))
		if err := WriteHashRunFile(paths[r], vals); err != nil {
			b.Fatal(err)
		}
	}
	var size int64
	for _, p := range paths {
		st, _ := os.Stat(p)
		size += st.Size()
	}
	b.SetBytes(runs * per * 8)
	for b.Loop() {
		readers := make([]*HashRunReader, runs)
		for i, p := range paths {
			r, err := OpenHashRunFile(p)
			if err != nil {
				b.Fatal(err)
			}
			readers[i] = r
		}
		_, _, dups, err := MergeDuplicates(readers, func(uint64) error { return nil })
		if err != nil || dups == 0 {
			b.Fatal(err, dups)
		}
		for _, r := range readers {
			r.Close()
		}
	}
	b.ReportMetric(float64(runs*per)*float64(b.N)/b.Elapsed().Seconds(), "hashes/s")
	b.ReportMetric(float64(size)/float64(runs*per), "file-bytes/hash")
}
