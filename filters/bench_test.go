package filters

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/internal/cputime"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// benchDocs returns the documents of the shared WET file (all 697, every
// one treated as English so that each rule runs on it), or, without the
// shared data, 500 generated pages of 10-60 lines.
func benchDocs(b *testing.B) []document.Document {
	b.Helper()
	if _, err := os.Stat(filepath.Join(shareddata.Dir(), "wet")); err == nil {
		docs := sharedDocs(b)
		for i := range docs {
			docs[i].Language = "en"
		}
		return docs
	}
	rng := rand.New(rand.NewPCG(7, 7))
	extra := []string{"Home", "Contact us", "Share this page on Facebook", "Privacy Policy", "© 2019 All rights reserved",
		"Read more...", "Posted on January 5, 2019 by admin", "1 2 3 Next"}
	docs := make([]document.Document, 500)
	for i := range docs {
		var lines []string
		for range 10 + rng.IntN(50) {
			if rng.IntN(3) == 0 {
				lines = append(lines, extra[rng.IntN(len(extra))])
			} else {
				lines = append(lines, goodLines[rng.IntN(len(goodLines))])
			}
		}
		docs[i] = newDoc("en", strings.Join(lines, "\n"))
	}
	return docs
}

func benchFilter(b *testing.B, rules LangRules, bw *BadWords) {
	docs := benchDocs(b)
	f := mustFilter(b, only(rules), bw)
	var size int64
	for _, d := range docs {
		size += int64(len(d.RawContent))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	cpu0, cpuOK := cputime.Used()
	for b.Loop() {
		for i := range docs {
			d := docs[i] // Apply may rewrite the copy, never the original
			f.Apply(&d)
		}
	}
	n := float64(b.N) * float64(len(docs))
	b.ReportMetric(n/b.Elapsed().Seconds(), "docs/s")
	// On a shared machine the wall clock also counts other processes'
	// time; documents per CPU-second is the per-core figure (run with
	// -cpu 1 so that no other goroutine of this process competes).
	if cpu1, ok := cputime.Used(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric(n/(cpu1-cpu0).Seconds(), "docs/cpu-s")
	}
}

func BenchmarkC4TFDS(b *testing.B) {
	c := DefaultC4(C4TFDS)
	benchFilter(b, LangRules{C4: &c}, nil)
}

func BenchmarkC4Datatrove(b *testing.B) {
	c := DefaultC4(C4Datatrove)
	benchFilter(b, LangRules{C4: &c}, nil)
}

func BenchmarkBadWords(b *testing.B) {
	dir := shareddata.Path(b, filepath.Join("wordlists", "ldnoobw"))
	bw, err := LoadBadWords(dir, "en")
	if err != nil {
		b.Fatal(err)
	}
	benchFilter(b, LangRules{BadWords: true}, bw)
}

func BenchmarkGopherQuality(b *testing.B) {
	q := DefaultGopherQuality(GopherPaper)
	benchFilter(b, LangRules{GopherQuality: &q}, nil)
}

func BenchmarkGopherQualityDatatrove(b *testing.B) {
	q := DefaultGopherQuality(GopherDatatrove)
	benchFilter(b, LangRules{GopherQuality: &q}, nil)
}

func BenchmarkGopherRepetition(b *testing.B) {
	r := DefaultGopherRepetition(GopherPaper)
	benchFilter(b, LangRules{GopherRepetition: &r}, nil)
}

func BenchmarkGopherRepetitionDatatrove(b *testing.B) {
	r := DefaultGopherRepetition(GopherDatatrove)
	benchFilter(b, LangRules{GopherRepetition: &r}, nil)
}

// BenchmarkDefault is the whole English default (C4 TFDS, bad words,
// Gopher quality and repetition), as the pipeline stage runs it.
func BenchmarkDefault(b *testing.B) {
	dir := shareddata.Path(b, filepath.Join("wordlists", "ldnoobw"))
	bw, err := LoadBadWords(dir, "en")
	if err != nil {
		b.Fatal(err)
	}
	benchFilter(b, Default().Languages["en"], bw)
}
