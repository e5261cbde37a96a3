package lm

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ccnet-go/ccnet/internal/cputime"
)

// The benchmark model: a synthetic 5-gram backoff model over a Zipf
// vocabulary, every n-gram of a random Zipf "corpus" with random log10
// probabilities, and backoffs on the n-grams that are contexts. It is
// valid (every n-gram's context and suffix exist) and its ARPA text is
// over 100 MB. Made once and cached under os.TempDir().
const (
	qryBenchVocab     = 60000
	qryBenchSentences = 60000
	qryBenchVersion   = "v1"
)

// qryBenchSentence draws one sentence of 5..34 Zipf-distributed words.
func qryBenchSentence(rng *rand.Rand, zipf *rand.Zipf) []string {
	n := 5 + rng.IntN(30)
	ws := make([]string, n)
	for i := range ws {
		ws[i] = "w" + strconv.FormatUint(zipf.Uint64(), 36)
	}
	return ws
}

func qryBenchZipf(seed uint64) (*rand.Rand, *rand.Zipf) {
	rng := rand.New(rand.NewPCG(seed, 7))
	return rng, rand.NewZipf(rng, 1.1, 2, qryBenchVocab-1)
}

// qryBenchARPA writes the benchmark ARPA if it is not cached and returns
// its path.
func qryBenchARPA(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "ccnet-lm-bench")
	p := filepath.Join(dir, "synthetic5-"+qryBenchVersion+".arpa")
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	const order = 5
	grams := make([]map[string]bool, order)
	for i := range grams {
		grams[i] = map[string]bool{}
	}
	rng, zipf := qryBenchZipf(1)
	for range qryBenchSentences {
		ws := append(append([]string{"<s>"}, qryBenchSentence(rng, zipf)...), "</s>")
		for i := range ws {
			for n := 1; n <= order && i+n <= len(ws); n++ {
				grams[n-1][strings.Join(ws[i:i+n], " ")] = true
			}
		}
	}
	grams[0]["<unk>"] = true
	tmp := p + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "\\data\\\n")
	for n := range order {
		fmt.Fprintf(w, "ngram %d=%d\n", n+1, len(grams[n]))
	}
	for n := range order {
		fmt.Fprintf(w, "\n\\%d-grams:\n", n+1)
		for _, g := range slices.Sorted(maps.Keys(grams[n])) {
			prob := -0.1 - 5*rng.Float64()
			if g == "<s>" {
				prob = -99
			}
			w.WriteString(strconv.FormatFloat(prob, 'f', 6, 32))
			w.WriteByte('\t')
			w.WriteString(g)
			if n < order-1 && g != "</s>" {
				w.WriteByte('\t')
				w.WriteString(strconv.FormatFloat(-1.5*rng.Float64(), 'f', 6, 32))
			}
			w.WriteByte('\n')
		}
	}
	w.WriteString("\n\\end\\\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		b.Fatal(err)
	}
	return p
}

var qryBenchOnce struct {
	sync.Mutex
	bin string
}

// qryBenchBinary converts the benchmark ARPA to this package's format,
// cached beside it.
func qryBenchBinary(b *testing.B) string {
	qryBenchOnce.Lock()
	defer qryBenchOnce.Unlock()
	arpa := qryBenchARPA(b)
	p := strings.TrimSuffix(arpa, ".arpa") + ".ccnetlm"
	if _, err := os.Stat(p); err != nil {
		if err := WriteBinaryFile(p+".tmp", arpa); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(p+".tmp", p); err != nil {
			b.Fatal(err)
		}
	}
	return p
}

// qryBenchQueries draws sentences from the model's distribution with
// another seed: most n-grams seen, the longer ones often not.
func qryBenchQueries(n int) []string {
	rng, zipf := qryBenchZipf(2)
	qs := make([]string, n)
	for i := range qs {
		qs[i] = strings.Join(qryBenchSentence(rng, zipf), " ")
	}
	return qs
}

// BenchmarkScore scores sentences on the mmapped 5-gram model: words/s
// (each word is a vocabulary lookup and up to 4 n-gram lookups).
func BenchmarkScore(b *testing.B) {
	m, err := Open(qryBenchBinary(b))
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	qs := qryBenchQueries(4096)
	words := 0
	for _, q := range qs {
		words += len(strings.Fields(q)) + 1
	}
	b.ResetTimer()
	cpu := cpuUsed()
	for i := 0; b.Loop(); i++ {
		m.ScoreSentence(qs[i%len(qs)])
	}
	n := float64(words) / float64(len(qs)) * float64(b.N)
	qryReportRate(b, n, cpuUsed()-cpu, "words")
}

// BenchmarkLookup is raw n-gram lookups in the hash tables of the mmapped
// 5-gram model, half of them n-grams of the model, half absent, spread
// over orders 2..5: lookups/s.
func BenchmarkLookup(b *testing.B) {
	m, err := Open(qryBenchBinary(b))
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	type probe struct {
		t   *qryTable
		key uint64
	}
	var probes []probe
	rng := rand.New(rand.NewPCG(3, 4))
	for _, q := range qryBenchQueries(20000) {
		ws := strings.Fields(q)
		for i := 1; i < len(ws); i++ {
			n := 2 + rng.IntN(m.order-1)
			if i+1 < n {
				continue
			}
			key := uint64(m.Index(ws[i]))
			for j := 1; j < n; j++ {
				key = qryCombine(key, m.Index(ws[i-j]))
			}
			t := &m.longest
			if n < m.order {
				t = &m.middle[n-2]
			}
			probes = append(probes, probe{t, key})
		}
	}
	found := 0
	for _, p := range probes {
		if _, ok := p.t.find(p.key); ok {
			found++
		}
	}
	b.Logf("%d probes, %.0f%% present", len(probes), 100*float64(found)/float64(len(probes)))
	b.ResetTimer()
	cpu := cpuUsed()
	for i := 0; b.Loop(); i++ {
		p := probes[i%len(probes)]
		p.t.find(p.key)
	}
	qryReportRate(b, float64(b.N), cpuUsed()-cpu, "lookups")
}

// BenchmarkOpenBinary is Open of the mmapped model plus its first query:
// only the header is read, so the time does not grow with the model.
func BenchmarkOpenBinary(b *testing.B) {
	p := qryBenchBinary(b)
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/(1<<20), "model-MB")
	for b.Loop() {
		m, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		m.ScoreSentence("w1 w2 w3 w4 w5")
		m.Close()
	}
}

// BenchmarkReadARPA parses the synthetic 5-gram ARPA: MB/s of ARPA text.
func BenchmarkReadARPA(b *testing.B) {
	p := qryBenchARPA(b)
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		start := time.Now()
		m, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/load")
		m.Close()
	}
}

// qryReportRate reports n items per wall second and, where measured, per
// CPU second (the figure to read on a machine shared with other work).
func qryReportRate(b *testing.B, n float64, cpu time.Duration, unit string) {
	b.ReportMetric(n/b.Elapsed().Seconds(), unit+"/s")
	if cpu > 0 {
		b.ReportMetric(n/cpu.Seconds(), unit+"/cpu-s")
	}
}

// BenchmarkOpenSparse1GB opens a 1 GiB model and answers a first query:
// testdata/small.arpa written in this package's format with its highest
// order table spread over 2^30 bytes of buckets (a sparse file, so the
// benchmark costs no disk). Open reads the header only, so the time is
// that of a small model.
func BenchmarkOpenSparse1GB(b *testing.B) {
	m, err := Open(filepath.Join("testdata", "small.arpa"))
	if err != nil {
		b.Fatal(err)
	}
	want := m.ScoreSentence("a b c")
	const buckets = 1 << 30 / 12
	big := qryTable{buckets: buckets, entry: 12, layout: layoutOwn}
	type entry struct {
		at  uint64
		val []byte
	}
	var entries []entry
	taken := map[uint64]bool{}
	for off := 0; off < len(m.longest.data); off += 12 {
		e := m.longest.data[off : off+12]
		key := binary.LittleEndian.Uint64(e)
		if key == 0 {
			continue
		}
		i := big.ideal(key)
		for taken[i] {
			i = (i + 1) % buckets
		}
		taken[i] = true
		entries = append(entries, entry{i, e})
	}
	m.longest = qryTable{buckets: buckets, entry: 12, layout: layoutOwn}
	var hdr bytes.Buffer
	// WriteBinary with the big table's bucket count but no bytes writes
	// the header and the sections before it; the file size is patched.
	if err := WriteBinary(&hdr, m); err != nil {
		b.Fatal(err)
	}
	data := hdr.Bytes()
	longestAt := uint64(len(data)) - uint64(len(m.words))
	wordsAt := qryAlign8(longestAt + buckets*12)
	size := wordsAt + uint64(len(m.words))
	binary.LittleEndian.PutUint64(data[48:], size)
	p := filepath.Join(b.TempDir(), "sparse.ccnetlm")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := f.Write(data[:longestAt]); err != nil {
		b.Fatal(err)
	}
	for _, e := range entries {
		if _, err := f.WriteAt(e.val, int64(longestAt+e.at*12)); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := f.WriteAt(m.words, int64(wordsAt)); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		m, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if got := m.ScoreSentence("a b c"); got != want {
			b.Fatalf("score %v, want %v", got, want)
		}
		m.Close()
	}
	b.ReportMetric(float64(size)/(1<<30), "model-GiB")
}

func cpuUsed() time.Duration {
	d, _ := cputime.Used()
	return d
}
