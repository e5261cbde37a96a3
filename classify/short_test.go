package classify

import (
	"maps"
	"math"
	"slices"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/pemistahl/lingua-go"
	"github.com/pemistahl/lingua-go/serialization"
)

// forgetLinguaModels drops the maps lingua has loaded, so that what
// follows runs on the compact tables.
func forgetLinguaModels() {
	linguaModelsMu.Lock()
	defer linguaModelsMu.Unlock()
	for _, m := range linguaMaps() {
		if m != nil {
			m.Range(func(k, _ any) bool { m.Delete(k); return true })
		}
	}
}

func loadedLinguaModels() int {
	n := 0
	for _, m := range linguaMaps() {
		if m != nil {
			m.Range(func(_, _ any) bool { n++; return true })
		}
	}
	return n
}

// shortCases are short texts in confusable languages, one-word headings,
// mixed alphabets, unique characters (lingua's rule engine), a text with
// one letter and one with none.
var shortCases = []string{
	"Artikel 1", "Artikkel 1", "Artikel 12", "Article 3", "Artículo 7", "Članak 2",
	"Член 1", "Статья 1", "Стаття 1", "Erthygl 1", "Straipsnis 5",
	"Guten Morgen!", "Goedemorgen allemaal", "God morgon", "God morgen alle sammen",
	"Góðan daginn", "Bom dia a todos", "Bon dia a tothom", "Buenos días",
	"ß", "Ärger über Öl", "Ørret og ål", "Hyvää huomenta", "Dobrý den", "Dobré ráno",
	"Добрый вечер, друзья", "Добра вечер, пријатели", "Добрий вечір, друзі",
	"Καλημέρα κόσμε", "Привет hello", "x", "12345 !!", "mañana y ayer",
	"Sawubona baba", "Habari za asubuhi", "Selamat pagi semua",
}

// shortLangs: the confusable languages of shortCases and a few others; all
// 75 would load ~1.6 GB of plain lingua models in the comparison.
var shortLangs = []string{
	"af", "ca", "cs", "cy", "da", "de", "el", "en", "es", "fi", "fr", "hr",
	"id", "is", "lt", "mk", "ms", "nl", "nn", "no", "pt", "ru", "sk", "sr",
	"sv", "sw", "uk", "zu",
}

func confidences(vals []lingua.ConfidenceValue) map[lingua.Language]float64 {
	m := map[lingua.Language]float64{}
	for _, v := range vals {
		m[v.Language()] = v.Value()
	}
	return m
}

// TestExactShortMatchesLingua: on short texts, the compact tables give
// lingua's high-accuracy confidence values exactly, every language's, and
// do not make lingua load its own maps.
func TestExactShortMatchesLingua(t *testing.T) {
	l, err := NewLangID(LangOptions{Languages: shortLangs})
	if err != nil {
		t.Fatal(err)
	}
	forgetLinguaModels()
	x, err := exactIndexFor(l.langs, upperLengths)
	if err != nil {
		t.Fatal(err)
	}
	var fast []map[lingua.Language]float64
	for _, text := range shortCases {
		fast = append(fast, confidences(exactLingua(l.full, l.tri.x, x, text)))
	}
	if n := loadedLinguaModels(); n != 0 {
		t.Fatalf("lingua loaded %d maps of its own during exactLingua", n)
	}
	plain, err := NewLangID(LangOptions{Languages: shortLangs, Mode: ModeLingua})
	if err != nil {
		t.Fatal(err)
	}
	for i, text := range shortCases {
		want := confidences(plain.full.ComputeLanguageConfidenceValues(text))
		if !confidencesEqual(fast[i], want) {
			t.Errorf("%q: %v, plain lingua %v", text, fast[i], want)
		}
	}
	// A map lingua loaded itself is left alone (and gives the same answer).
	for i, text := range shortCases {
		if got := confidences(exactLingua(l.full, l.tri.x, x, text)); !confidencesEqual(got, fast[i]) {
			t.Errorf("%q with lingua's maps loaded: %v, want %v", text, got, fast[i])
		}
	}
	forgetLinguaModels()
}

// confidencesEqual compares two sets of lingua confidences to 10⁻¹²:
// lingua sums log-probabilities in the order of a Go map, so two calls of
// plain lingua on one text differ in the last bits.
func confidencesEqual(a, b map[lingua.Language]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || math.Abs(w-v) > 1e-12 {
			return false
		}
	}
	return true
}

// TestExactTable: every n-gram of every language's model is found with its
// probability; n-grams not in a model are not; clashing hashes are kept by
// their text; bad data is an error.
func TestExactTable(t *testing.T) {
	models := []*serialization.SerializableLanguageModel{
		{NgramSets: []*serialization.SerializableNgramSet{
			{Probability: 0.5, Ngrams: []string{"ab", "cd", "éf"}},
			{Probability: 0.25, Ngrams: []string{"gh"}},
		}},
		nil, // a language without a model of this length
		{NgramSets: []*serialization.SerializableNgramSet{
			{Probability: 0.125, Ngrams: []string{"ab", "zy"}},
			{Probability: 0.75, Ngrams: []string{"gh"}},
		}},
	}
	for i := range 40 {
		models[0].NgramSets[1].Ngrams = append(models[0].NgramSets[1].Ngrams, string(rune('a'+i%26))+string(rune('A'+i)))
	}
	data := make([][]byte, len(models))
	for i, m := range models {
		if m != nil {
			var err error
			if data[i], err = proto.Marshal(m); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]map[int]float64{}
	for li, m := range models {
		if m == nil {
			continue
		}
		for _, s := range m.NgramSets {
			for _, g := range s.Ngrams {
				if want[g] == nil {
					want[g] = map[int]float64{}
				}
				want[g][li] = s.Probability
			}
		}
	}
	check := func(tab *exactTable, when string) {
		t.Helper()
		for g, w := range want {
			got := map[int]float64{}
			for _, p := range tab.lookup(g, ngramHash(g)) {
				li, prob := tab.prob(p)
				got[li] = prob
			}
			if !maps.Equal(got, w) {
				t.Errorf("%s: lookup(%q) = %v, want %v", when, g, got, w)
			}
		}
		for _, g := range []string{"zz", "a", "abc", ""} {
			if p := tab.lookup(g, ngramHash(g)); len(p) != 0 {
				t.Errorf("%s: lookup(%q) = %v, want nothing", when, g, p)
			}
		}
	}
	tab, err := newExactTable(data)
	if err != nil {
		t.Fatal(err)
	}
	check(tab, "built")
	if !slices.IsSorted(tab.keys) || tab.clash != nil {
		t.Errorf("keys sorted %v, clash map %v", slices.IsSorted(tab.keys), tab.clash)
	}
	// Force clashes: the n-grams of those hashes are then found by text.
	tab.moveClashes(data, map[uint64]bool{ngramHash("ab"): true, ngramHash("gh"): true})
	check(tab, "after moveClashes")
	if len(tab.clash) != 2 || len(tab.keys) != 44+3-4 {
		t.Errorf("moveClashes: %d by text, %d keys; want 2 and 43", len(tab.clash), len(tab.keys))
	}
	if p := tab.lookup("zz", ngramHash("ab")); len(p) != 0 {
		t.Errorf("an unknown n-gram with a clashing hash: %v, want nothing", p)
	}
	bad := slices.Clone(data)
	bad[2] = bad[2][:len(bad[2])-2]
	if _, err := newExactTable(bad); err == nil {
		t.Error("a truncated model gave no error")
	}
}

// TestExactConcurrent: short samples, long ones (the low-accuracy detector,
// which runs without the lock) and plain lingua calls from several
// goroutines at once give the answers they give alone.
func TestExactConcurrent(t *testing.T) {
	langs := []string{"de", "nl", "da", "sv", "no", "en"}
	fast, err := NewLangID(LangOptions{Languages: langs})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := NewLangID(LangOptions{Languages: langs, Mode: ModeLingua})
	if err != nil {
		t.Fatal(err)
	}
	texts := slices.Clone(shortCases[:15])
	for _, k := range []string{"de", "nl", "sv", "da", "no", "en"} {
		texts = append(texts, handTexts[k])
	}
	want := map[string]LangResult{}
	for _, s := range texts {
		want["fast "+s], want["plain "+s] = fast.Identify(s), plain.Identify(s)
	}
	forgetLinguaModels()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i, s := range texts {
				l, key := fast, "fast "+s
				if (i+w)%2 == 1 {
					l, key = plain, "plain "+s
				}
				if got := l.Identify(s); got != want[key] {
					t.Errorf("%s: %+v, want %+v", key, got, want[key])
				}
			}
		})
	}
	wg.Wait()
	forgetLinguaModels()
}
