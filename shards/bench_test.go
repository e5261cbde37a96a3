package shards

import (
	"path/filepath"
	"testing"
)

// benchDocs is about 1 M tokens in documents of up to 2,000 tokens, the
// size of web pages after filtering.
func benchDocs() ([][]uint32, int64) {
	docs := randomDocs(42, 1000, 2000, 32000)
	var n int64
	for _, d := range docs {
		n += int64(len(d))
	}
	return docs, n
}

// The benchmarks report MB/s of token bytes written or read: 2 per token.

func BenchmarkMegatronWrite(b *testing.B) {
	docs, n := benchDocs()
	prefix := filepath.Join(b.TempDir(), "ds")
	b.SetBytes(2 * n)
	for b.Loop() {
		writeMegatron(b, prefix, Uint16, docs)
	}
}

func BenchmarkLLMCWrite(b *testing.B) {
	docs, n := benchDocs()
	path := filepath.Join(b.TempDir(), "s.bin")
	b.SetBytes(2 * n)
	for b.Loop() {
		writeLLMC(b, path, 2, docs)
	}
}

func BenchmarkShardWriter(b *testing.B) {
	docs, n := benchDocs()
	root := b.TempDir()
	cfg := DefaultConfig(32000)
	b.SetBytes(2 * n)
	for b.Loop() {
		w, err := CreateShard(root, "en", Train, 0, cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range docs {
			if err := w.Add(d); err != nil {
				b.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMegatronRead(b *testing.B) {
	docs, n := benchDocs()
	prefix := filepath.Join(b.TempDir(), "ds")
	writeMegatron(b, prefix, Uint16, docs)
	b.SetBytes(2 * n)
	var buf []uint32
	for b.Loop() {
		r, err := OpenMegatron(prefix)
		if err != nil {
			b.Fatal(err)
		}
		for d := range r.Documents() {
			if buf, err = r.AppendDocument(buf[:0], d); err != nil {
				b.Fatal(err)
			}
		}
		r.Close()
	}
}

func BenchmarkLLMCRead(b *testing.B) {
	docs, n := benchDocs()
	path := filepath.Join(b.TempDir(), "s.bin")
	writeLLMC(b, path, 2, docs)
	b.SetBytes(2 * n)
	var buf []uint32
	for b.Loop() {
		r, err := OpenLLMC(path)
		if err != nil {
			b.Fatal(err)
		}
		for start := 0; start < r.Tokens(); start += 4096 {
			buf = r.AppendTokens(buf[:0], start, min(start+4096, r.Tokens()))
		}
		r.Close()
	}
}
