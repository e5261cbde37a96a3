package transforms

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/internal/shareddata"
	"github.com/ccnet-go/ccnet/lm"
	"github.com/ccnet-go/ccnet/tokenizer"
)

// BenchmarkLMStage is the whole LM stage per document, one goroutine:
// cc_net's normalize of raw_content, SentencePiece pieces, the 5-gram
// perplexity. The LM is trained in setup on testdata/demo's English text
// (8,000 BPE pieces, order 5); the documents are the shared WET file's.
func BenchmarkLMStage(b *testing.B) {
	path := shareddata.Path(b, "wet/DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var docs []document.Document
	err = ingest.ReadFile(context.Background(), f, path, ingest.Options{},
		func(d document.Document) { docs = append(docs, d) }, func(string, int64) {})
	if err != nil {
		b.Fatal(err)
	}
	m := benchLM(b)
	var size int64
	for _, d := range docs {
		size += int64(len(d.RawContent))
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		for i := range docs {
			m.LM.DocPerplexity(m.Tokenized(docs[i].RawContent))
		}
	}
	b.ReportMetric(float64(b.N*len(docs))/b.Elapsed().Seconds(), "docs/s")
}

func benchLM(b *testing.B) LangModel {
	text, err := os.ReadFile(filepath.Join("..", "testdata", "demo", "reference-en.txt"))
	if err != nil {
		b.Fatal(err)
	}
	var norm []string
	for _, p := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		norm = append(norm, lm.Normalize(p))
	}
	opts := tokenizer.DefaultTrainOptions()
	opts.VocabSize = 8000
	sp, err := tokenizer.Train(context.Background(), strings.NewReader(strings.Join(norm, "\n")), opts)
	if err != nil {
		b.Fatal(err)
	}
	var pieces strings.Builder
	for _, n := range norm {
		pieces.WriteString(strings.Join(sp.EncodePieces(n), " ") + "\n")
	}
	var arpa bytes.Buffer
	if _, err := lm.Estimate(context.Background(), strings.NewReader(pieces.String()), &arpa,
		lm.EstimateOptions{DiscountFallback: []float64{}}); err != nil {
		b.Fatal(err)
	}
	model, err := lm.ReadARPA(&arpa, "demo")
	if err != nil {
		b.Fatal(err)
	}
	return LangModel{SP: sp, LM: model}
}
