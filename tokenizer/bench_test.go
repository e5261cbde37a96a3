package tokenizer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// benchText is English and Japanese shared text (botchan, wagahaiwa), or
// skips.
func benchText(b *testing.B) []string {
	var lines []string
	for _, rel := range []string{"lm-text/sentencepiece__botchan.txt", "lm-text/sentencepiece__wagahaiwa_nekodearu.txt", "wiki/wikitext-2__valid.txt"} {
		data, err := os.ReadFile(shareddata.Path(b, rel))
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, strings.Split(string(data), "\n")...)
	}
	return lines
}

func benchEncode(b *testing.B, m *Model, lines []string) {
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	var ids []int
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			ids = m.AppendEncode(ids[:0], l)
		}
	}
}

// BenchmarkEncodeBPE encodes the shared text with a LLaMA-style BPE model
// of 8000 pieces trained here on it (one core).
func BenchmarkEncodeBPE(b *testing.B) {
	lines := benchText(b)
	o := DefaultTrainOptions()
	o.VocabSize = 8000
	m, err := Train(context.Background(), strings.NewReader(strings.Join(lines, "\n")), o)
	if err != nil {
		b.Fatal(err)
	}
	benchEncode(b, m, lines)
}

// BenchmarkEncodeUnigram encodes the same text with the committed unigram
// model (nmt_nfkc normalization, Viterbi).
func BenchmarkEncodeUnigram(b *testing.B) {
	lines := benchText(b)
	m, err := Load(filepath.Join("testdata", "unigram.model"))
	if err != nil {
		b.Fatal(err)
	}
	benchEncode(b, m, lines)
}

// BenchmarkEncodeParallel is BenchmarkEncodeBPE from all cores sharing one
// Model.
func BenchmarkEncodeParallel(b *testing.B) {
	lines := benchText(b)
	m, err := Load(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	b.RunParallel(func(pb *testing.PB) {
		var ids []int
		for pb.Next() {
			for _, l := range lines {
				ids = m.AppendEncode(ids[:0], l)
			}
		}
	})
}

// BenchmarkTrain trains a BPE model with LLaMA's settings on the text of
// CCNET_TRAIN_INPUT (default: the shared text), CCNET_TRAIN_VOCAB pieces
// (default 8000).
func BenchmarkTrain(b *testing.B) {
	var data []byte
	if p := os.Getenv("CCNET_TRAIN_INPUT"); p != "" {
		var err error
		if data, err = os.ReadFile(p); err != nil {
			b.Fatal(err)
		}
	} else {
		data = []byte(strings.Join(benchText(b), "\n"))
	}
	o := DefaultTrainOptions()
	o.VocabSize = 8000
	if v := os.Getenv("CCNET_TRAIN_VOCAB"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatal(err)
		}
		o.VocabSize = n
	}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if _, err := Train(context.Background(), bytes.NewReader(data), o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeLLaMA encodes the shared text with LLaMA's own
// tokenizer.model when CCNET_LLAMA_MODEL names it (one core).
func BenchmarkEncodeLLaMA(b *testing.B) {
	path := os.Getenv("CCNET_LLAMA_MODEL")
	if path == "" {
		b.Skip("set CCNET_LLAMA_MODEL to LLaMA's tokenizer.model")
	}
	lines := benchText(b)
	m, err := Load(path)
	if err != nil {
		b.Fatal(err)
	}
	benchEncode(b, m, lines)
}
