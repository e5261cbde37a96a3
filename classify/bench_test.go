package classify

import (
	"maps"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/internal/cputime"
	"github.com/pemistahl/lingua-go"
)

// benchIdentify reports documents per second of one LangID over docs, by
// wall clock (docs/s) and by CPU time of the whole process (docs/cpu-s); the
// first pass over docs (model loading) is not timed.
//
// The CPU clock is the process's, not the benchmarking thread's: lingua's
// ComputeLanguageConfidenceValues scores n-grams in goroutines it starts on
// every call (one per n-gram length scored) while the caller waits, so a
// thread clock would miss most of lingua's work. Process CPU time also
// counts the garbage collector's threads, a real cost of each path. On a
// machine shared with other jobs docs/cpu-s leaves out the time the process
// waited for a core, which docs/s counts; it still moves with the slowdown
// of sharing a core's caches (about ±20 % on the 2-vCPU machine of doc.go).
func benchIdentify(b *testing.B, opts LangOptions, docs []string) {
	l, err := NewLangID(opts)
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range docs {
		l.Identify(d)
	}
	bytes := 0
	for _, d := range docs {
		bytes += len(d)
	}
	b.SetBytes(int64(bytes / len(docs)))
	b.ResetTimer()
	cpu0, cpuOK := cputime.Used()
	n := 0
	for b.Loop() {
		l.Identify(docs[n%len(docs)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
	if cpu1, ok := cputime.Used(); ok && cpuOK && cpu1 > cpu0 {
		b.ReportMetric(float64(n)/(cpu1-cpu0).Seconds(), "docs/cpu-s")
	}
}

func builtinDocs() []string {
	var docs []string
	for _, k := range slices.Sorted(maps.Keys(handTexts)) {
		docs = append(docs, handTexts[k])
	}
	return docs
}

func BenchmarkIdentify(b *testing.B) {
	for _, set := range []struct {
		name string
		docs func(testing.TB) []string
	}{
		{"builtin", func(testing.TB) []string { return builtinDocs() }},
		{"short", func(testing.TB) []string { return shortCases }},
		{"web", webDocs},
		{"sentences", sentenceTexts},
	} {
		for _, mode := range []string{ModeFast, ModeLingua} {
			b.Run(set.name+"/"+mode, func(b *testing.B) {
				benchIdentify(b, LangOptions{Mode: mode}, set.docs(b))
			})
		}
	}
}

// BenchmarkExactModels is the worst case of ModeFast's memory: it loads
// the compact high-accuracy tables of every language (shortSample loads a
// language's on first use), reports their size and the live heap, then runs
// the web benchmark. Run it alone under /usr/bin/time -v for the peak RSS.
func BenchmarkExactModels(b *testing.B) {
	x, err := exactIndexFor(lingua.AllLanguages(), upperLengths)
	if err != nil {
		b.Fatal(err)
	}
	lower, err := exactIndexFor(lingua.AllLanguages(), lowerLengths)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	benchIdentify(b, LangOptions{}, webDocs(b))
	b.ReportMetric(float64(x.bytes()+lower.bytes())/(1<<20), "tables-MB")
	b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MB") // of the Go heap (the tables are outside it); after: ResetTimer drops metrics
}

// BenchmarkHighAccuracy compares trigram.go in high-accuracy mode with
// lingua's own high-accuracy detector (its maps of those texts' languages
// warm) on short texts, every language a candidate: the held-out sentences
// under 120 letters (shortCases without the shared data).
func BenchmarkHighAccuracy(b *testing.B) {
	texts := shortCases
	if _, ok := sharedDataDir(); ok {
		texts = nil
		for _, text := range sentenceTexts(b) {
			if countLetters(text, shortText) < shortText {
				texts = append(texts, text)
			}
		}
	}
	benchScorers(b, texts, false)
}

// BenchmarkTrigram compares trigram.go with lingua's own low-accuracy
// detector on the same texts, every language a
// candidate: the samples ModeFast scores of the web documents of 120 letters
// or more (the built-in sentences without the shared data).
func BenchmarkTrigram(b *testing.B) {
	var texts []string
	docs := builtinDocs()
	if _, ok := sharedDataDir(); ok {
		docs = webDocs(b)
	}
	for _, d := range docs {
		if s := Sample(d, DefaultMaxChars); countLetters(s, shortText) >= shortText {
			texts = append(texts, s)
		}
	}
	benchScorers(b, texts, true)
}

// benchScorers runs trigram.go and lingua's own detector over texts, every
// language a candidate, in lingua's low- or high-accuracy mode, each after
// one untimed pass (tables built, lingua's maps loaded). Bytes are the
// texts'.
func benchScorers(b *testing.B, texts []string, lowAccuracy bool) {
	bytes := 0
	for _, s := range texts {
		bytes += len(s)
	}
	langs := lingua.AllLanguages()
	run := func(b *testing.B, score func(string)) {
		for _, t := range texts {
			score(t)
		}
		b.SetBytes(int64(bytes / len(texts)))
		b.ResetTimer()
		n := 0
		for b.Loop() {
			score(texts[n%len(texts)])
			n++
		}
		b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
	}
	b.Run("trigram.go", func(b *testing.B) {
		x, err := exactIndexFor(langs, lowerLengths)
		if err != nil {
			b.Fatal(err)
		}
		m := newLinguaModels(x)
		var conf [numLanguages]float64
		run(b, func(t string) { m.confidences(t, langs, lowAccuracy, &conf) })
	})
	b.Run("lingua", func(b *testing.B) {
		builder := lingua.NewLanguageDetectorBuilder().FromLanguages(langs...)
		if lowAccuracy {
			builder = builder.WithLowAccuracyMode()
		}
		det := builder.Build()
		run(b, func(t string) { det.ComputeLanguageConfidenceValues(t) })
	})
}

// sentenceTexts are the held-out lingua sentences, at most 40 a language.
func sentenceTexts(tb testing.TB) []string {
	var docs []string
	for line := range strings.Lines(heldOutSentences(tb, 40)) {
		_, text, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		docs = append(docs, text)
	}
	return docs
}
