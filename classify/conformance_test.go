package classify

import (
	"strings"
	"testing"
)

// TestConformanceSentences: macro accuracy of the default (fast) path is
// within 1 point of plain lingua on held-out lingua sentences.
func TestConformanceSentences(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	fast, _ := compareWithLingua(t, heldOutSentences(t, 40), "sentences")
	if len(fast.Unsupported) > 0 {
		t.Logf("unsupported gold labels %v", fast.Unsupported)
	}
}

// TestConformanceUDHR: the sentence comparison on paragraphs of the
// Universal Declaration of Human Rights, text neither the first-pass model
// nor the calibration saw. About half the paragraphs are headings of one or
// two words ("Artikel 1", "Статья 1"), which lingua scores with its 1- to
// 5-gram models: the short-text path (short.go) must give lingua's answer.
func TestConformanceUDHR(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	data, missing := udhrParagraphs(t, 30)
	t.Logf("%d UDHR translations left out (languages lingua lacks)", len(missing))
	if fast, _ := compareWithLingua(t, data, "paragraphs"); len(fast.PerLang) < 70 {
		t.Errorf("only %d languages matched lingua's", len(fast.PerLang))
	}
}

// compareWithLingua evaluates the fast path and plain lingua on data
// ("label\ttext" lines), logs both and the languages where they differ,
// and fails if the fast path's macro accuracy is more than 1 point below
// plain lingua's (issue 4's bar).
func compareWithLingua(t *testing.T, data, what string) (fast, plain EvalResult) {
	t.Helper()
	res := map[string]EvalResult{}
	for _, mode := range []string{ModeFast, ModeLingua} {
		l, err := NewLangID(LangOptions{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Evaluate(l, strings.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		res[mode] = r
		t.Logf("%s: %d %s in %d languages, macro accuracy %.4f, %.0f docs/s, paths %v (correct %v)",
			mode, r.Docs, what, len(r.PerLang), r.Macro(), r.DocsPerSecond(), r.Paths, r.PathCorrect)
	}
	fast, plain = res[ModeFast], res[ModeLingua]
	for i, s := range fast.PerLang {
		if p := plain.PerLang[i]; s.Correct != p.Correct {
			t.Logf("  %s: fast %.3f lingua %.3f", s.Label, s.Accuracy(), p.Accuracy())
		}
	}
	if fast.Macro() < plain.Macro()-0.01 {
		t.Errorf("fast macro accuracy %.4f is more than 1 point below plain lingua %.4f", fast.Macro(), plain.Macro())
	}
	return fast, plain
}

// TestConformanceWeb: agreement of the fast path with plain lingua on the
// 697 web documents.
func TestConformanceWeb(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	docs := webDocs(t)
	plain, err := NewLangID(LangOptions{Mode: ModeLingua})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	agree, keptAgree := 0, 0
	paths := map[string]int{}
	for _, d := range docs {
		a, b := fast.Identify(d), plain.Identify(d)
		paths[a.Path]++
		if a.Label == b.Label {
			agree++
		} else {
			t.Logf("disagree: fast %+v lingua %+v: %.80q", a, b, d)
		}
		if KeepByThreshold(a.Score, DefaultThreshold) == KeepByThreshold(b.Score, DefaultThreshold) {
			keptAgree++
		}
	}
	rate, keptRate := float64(agree)/float64(len(docs)), float64(keptAgree)/float64(len(docs))
	t.Logf("%d web documents: label agreement %.4f, keep/drop agreement %.4f, fast paths %v",
		len(docs), rate, keptRate, paths)
	// Issue 4's target, 0.98 for both; measured 0.9813 for both (684 of
	// 697 documents, doc.go).
	if rate < 0.98 || keptRate < 0.98 {
		t.Errorf("label agreement %.4f, keep/drop agreement %.4f: want both >= 0.98", rate, keptRate)
	}
}
