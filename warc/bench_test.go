package warc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

// A synthetic WET-like corpus: Common Crawl style conversion records with
// Zipf-distributed words, so that it compresses roughly like real text.
var corpus struct {
	once      sync.Once
	plain     []byte
	perRecord []byte // one gzip member per record (the .warc.gz layout)
	whole     []byte // one gzip member for the whole file
	records   int
}

const corpusSize = 32 << 20

func makeCorpus() {
	rng := rand.New(rand.NewPCG(1, 2))
	// Vocabulary of pseudo-words with lengths 1..12 over a small alphabet.
	vocab := make([]string, 20000)
	letters := "etaoinshrdlcumwfgypbvkjxqz"
	for i := range vocab {
		n := 1 + rng.IntN(4) + rng.IntN(9)
		var b strings.Builder
		for j := 0; j < n; j++ {
			// skewed letter choice
			b.WriteByte(letters[rng.IntN(1+rng.IntN(len(letters)))])
		}
		vocab[i] = b.String()
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 2, uint64(len(vocab)-1))
	langs := []string{"eng", "deu", "fra", "spa", "rus", "zho", "ita", "por"}

	var out bytes.Buffer
	var chunks [][]byte
	var body bytes.Buffer
	info := "Software-Info: ccnet-go synthetic\r\nExtracted-Date: Mon, 01 Jan 2024 00:00:00 GMT\r\nisPartOf: CC-MAIN-2024-01\r\n"
	rec := func(hdr string, b []byte) {
		start := out.Len()
		out.WriteString(hdr)
		fmt.Fprintf(&out, "Content-Length: %d\r\n\r\n", len(b))
		out.Write(b)
		out.WriteString("\r\n\r\n")
		chunks = append(chunks, out.Bytes()[start:])
	}
	rec("WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Filename: synthetic.warc.wet.gz\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: application/warc-fields\r\n", []byte(info))
	for i := 1; out.Len() < corpusSize; i++ {
		body.Reset()
		size := 200 + rng.IntN(4000) + rng.IntN(4000)*rng.IntN(3)
		for body.Len() < size {
			words := 3 + rng.IntN(25)
			for w := 0; w < words; w++ {
				if w > 0 {
					body.WriteByte(' ')
				}
				body.WriteString(vocab[zipf.Uint64()])
			}
			body.WriteString(".\n")
		}
		hdr := fmt.Sprintf("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://site%d.example.com/path/%d/page-%d.html\r\n"+
			"WARC-Date: 2024-01-%02dT%02d:%02d:%02dZ\r\nWARC-Record-ID: <urn:uuid:%08x-%04x-4%03x-8%03x-%012x>\r\n"+
			"WARC-Refers-To: <urn:uuid:%08x-%04x-4%03x-8%03x-%012x>\r\nWARC-Block-Digest: sha1:%032X\r\n"+
			"WARC-Identified-Content-Language: %s\r\nContent-Type: text/plain\r\n",
			rng.IntN(100000), rng.IntN(1000), i, 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60),
			rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()&(1<<48-1),
			rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()&(1<<48-1),
			rng.Uint64(), langs[rng.IntN(len(langs))])
		rec(hdr, body.Bytes())
	}
	corpus.plain = out.Bytes()
	corpus.records = len(chunks)
	corpus.perRecord = gzipMembers(chunks, gzip.DefaultCompression)
	corpus.whole = gzipWhole(corpus.plain)
}

func getCorpus(tb testing.TB) {
	tb.Helper()
	corpus.once.Do(makeCorpus)
}

// drain reads every record and body of data and returns the record count.
func drain(tb testing.TB, data []byte) int {
	rd, err := NewReader(bytes.NewReader(data), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			return n
		}
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, rec.Body); err != nil {
			tb.Fatal(err)
		}
		n++
	}
}

// cpuMeter reports throughput per CPU-second of this process
// ("MB/cpu-s") next to the wall-clock MB/s: on a shared machine the wall
// clock includes time stolen by other processes, CPU time does not.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

func startCPU(b *testing.B) cpuMeter {
	b.ResetTimer()
	t, ok := cpuTime()
	return cpuMeter{t, ok}
}

func (m cpuMeter) stop(b *testing.B, bytesPerOp int64) {
	b.StopTimer()
	t, ok := cpuTime()
	if m.ok && ok && t > m.start {
		b.ReportMetric(float64(bytesPerOp)*float64(b.N)/(t-m.start).Seconds()/1e6, "MB/cpu-s")
	}
}

func benchRead(b *testing.B, data []byte, records int) {
	b.SetBytes(int64(len(corpus.plain)))
	b.ReportAllocs()
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		if n := drain(b, data); n != records {
			b.Fatalf("got %d records, want %d", n, records)
		}
	}
	m.stop(b, int64(len(corpus.plain)))
}

// BenchmarkReadGzipPerRecord: .warc.gz layout (one member per record),
// bodies read fully. Throughput is in decompressed bytes.
func BenchmarkReadGzipPerRecord(b *testing.B) {
	getCorpus(b)
	benchRead(b, corpus.perRecord, corpus.records)
}

// BenchmarkReadGzipWhole: the same records in one gzip member.
func BenchmarkReadGzipWhole(b *testing.B) {
	getCorpus(b)
	benchRead(b, corpus.whole, corpus.records)
}

// BenchmarkReadPlain: the same records uncompressed.
func BenchmarkReadPlain(b *testing.B) {
	getCorpus(b)
	benchRead(b, corpus.plain, corpus.records)
}

// BenchmarkReadPlainReadLoop reads bodies with Read into a 32 KiB buffer
// (no WriteTo fast path), like a bufio.Scanner over the body would.
func BenchmarkReadPlainReadLoop(b *testing.B) {
	getCorpus(b)
	b.SetBytes(int64(len(corpus.plain)))
	b.ReportAllocs()
	buf := make([]byte, 32<<10)
	m := startCPU(b)
	defer m.stop(b, int64(len(corpus.plain)))
	for i := 0; i < b.N; i++ {
		rd, err := NewReader(bytes.NewReader(corpus.plain), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := rec.Body.Read(buf); err != nil {
					break
				}
			}
		}
	}
}

func benchGunzip(b *testing.B, data []byte, wrap func(io.Reader) io.Reader) {
	getCorpus(b)
	b.SetBytes(int64(len(corpus.plain)))
	b.ReportAllocs()
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		zr, err := gzip.NewReader(wrap(bytes.NewReader(data)))
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, zr)
		if err != nil || n != int64(len(corpus.plain)) {
			b.Fatal(n, err)
		}
	}
	m.stop(b, int64(len(corpus.plain)))
}

func noWrap(r io.Reader) io.Reader { return r }

func bufioWrap(r io.Reader) io.Reader { return bufio.NewReaderSize(r, bufSize) }

// BenchmarkGunzipOnly is the baseline: klauspost gunzip (multistream) of
// the per-record file to io.Discard, no WARC parsing. It reads a
// *bytes.Reader, for which klauspost/flate has its fastest input path.
func BenchmarkGunzipOnly(b *testing.B) {
	getCorpus(b)
	benchGunzip(b, corpus.perRecord, noWrap)
}

// BenchmarkGunzipOnlyBufio is the same through a 256 KiB bufio.Reader,
// the input path the Reader uses for any io.Reader (an *os.File, say).
func BenchmarkGunzipOnlyBufio(b *testing.B) {
	getCorpus(b)
	benchGunzip(b, corpus.perRecord, bufioWrap)
}

// BenchmarkGunzipOnlyWhole is the baseline for BenchmarkReadGzipWhole.
func BenchmarkGunzipOnlyWhole(b *testing.B) {
	getCorpus(b)
	benchGunzip(b, corpus.whole, bufioWrap)
}

const realWET = "DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz"

// loadRealWET returns the DERIVED Common Crawl WET file of the shared data
// set and its decompressed size, or skips the benchmark when it is absent.
func loadRealWET(b *testing.B) ([]byte, int64) {
	data, err := os.ReadFile(filepath.Join(dataDir(), "wet", realWET))
	if err != nil {
		b.Skip("shared data not available:", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	size, err := io.Copy(io.Discard, zr)
	if err != nil {
		b.Fatal(err)
	}
	return data, size
}

// BenchmarkReadRealWET reads the real WET file (698 records, one gzip
// member each).
func BenchmarkReadRealWET(b *testing.B) {
	data, size := loadRealWET(b)
	b.SetBytes(size)
	b.ReportAllocs()
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		if n := drain(b, data); n != 698 {
			b.Fatalf("got %d records", n)
		}
	}
	m.stop(b, size)
}

// BenchmarkGunzipOnlyRealWET is the baseline for BenchmarkReadRealWET.
func BenchmarkGunzipOnlyRealWET(b *testing.B) {
	data, size := loadRealWET(b)
	b.SetBytes(size)
	b.ReportAllocs()
	m := startCPU(b)
	for i := 0; i < b.N; i++ {
		zr, err := gzip.NewReader(bufio.NewReaderSize(bytes.NewReader(data), bufSize))
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, zr); err != nil || n != size {
			b.Fatal(n, err)
		}
	}
	m.stop(b, size)
}
