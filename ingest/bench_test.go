package ingest

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// decompressedSize is what b.SetBytes counts: the archive's bytes after
// gunzip, so MB/s compare with the warc and extract benchmarks.
func decompressedSize(b *testing.B, data []byte) int64 {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	buf := make([]byte, 1<<20)
	for {
		k, err := zr.Read(buf)
		n += int64(k)
		if err != nil {
			return n
		}
	}
}

func benchReadFile(b *testing.B, data []byte, workers int) {
	b.SetBytes(decompressedSize(b, data))
	b.ReportAllocs()
	var docs int
	for i := 0; i < b.N; i++ {
		ReadFile(context.Background(), bytes.NewReader(data), "bench", Options{Workers: workers},
			func(document.Document) { docs++ }, func(string, int64) {})
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkReadFileWET reads the shared DERIVED WET (697 real documents):
// gunzip, WARC framing, cc_net's WET parse, documents.
func BenchmarkReadFileWET(b *testing.B) {
	data, err := os.ReadFile(shareddata.Path(b, "wet/DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz"))
	if err != nil {
		b.Fatal(err)
	}
	benchReadFile(b, data, 0)
}

// BenchmarkReadFileWARC reads a real Heritrix WARC (aut__example): gunzip,
// HTTP, charset, HTML extraction, on one worker and on GOMAXPROCS.
func BenchmarkReadFileWARC(b *testing.B) {
	data, err := os.ReadFile(shareddata.Path(b, "warc/aut__example.warc.gz"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("workers=1", func(b *testing.B) { benchReadFile(b, data, 1) })
	b.Run("workers=GOMAXPROCS", func(b *testing.B) { benchReadFile(b, data, 0) })
}
