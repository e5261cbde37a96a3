package classify

import (
	"maps"
	"slices"
	"testing"
)

// benchIdentify reports documents per second of one LangID over docs; the
// first pass over docs (model loading) is not timed.
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
	n := 0
	for b.Loop() {
		l.Identify(docs[n%len(docs)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
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
		{"web", webDocs},
	} {
		for _, mode := range []string{ModeFast, ModeLingua} {
			b.Run(set.name+"/"+mode, func(b *testing.B) {
				benchIdentify(b, LangOptions{Mode: mode}, set.docs(b))
			})
		}
	}
}
