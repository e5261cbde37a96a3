package classify

import (
	"math"
	"slices"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/pemistahl/lingua-go"
	"github.com/pemistahl/lingua-go/serialization"
)

// forgetLinguaModels drops the 1-, 2-, 4- and 5-gram maps lingua has
// loaded, so that what follows runs on the compact tables.
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
	var fast []map[lingua.Language]float64
	for _, text := range shortCases {
		vals, err := exactLingua(l.full, l.langs, text)
		if err != nil {
			t.Fatal(err)
		}
		fast = append(fast, confidences(vals))
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
		vals, err := exactLingua(l.full, l.langs, text)
		if err != nil {
			t.Fatal(err)
		}
		if got := confidences(vals); !confidencesEqual(got, fast[i]) {
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

// TestExactTable: every n-gram of a model is found with its probability;
// n-grams not in it are not; clashing hashes are kept by their text.
func TestExactTable(t *testing.T) {
	m := &serialization.SerializableLanguageModel{NgramSets: []*serialization.SerializableNgramSet{
		{Probability: 0.5, Ngrams: []string{"ab", "cd", "éf"}},
		{Probability: 0.25, Ngrams: []string{"gh"}},
	}}
	for i := range 40 {
		m.NgramSets[1].Ngrams = append(m.NgramSets[1].Ngrams, string(rune('a'+i%26))+string(rune('A'+i)))
	}
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := newExactTable(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range m.NgramSets {
		for _, g := range s.Ngrams {
			if p := tab.lookup(g, ngramHash(g)); p != s.Probability {
				t.Errorf("lookup(%q) = %v, want %v", g, p, s.Probability)
			}
		}
	}
	if _, err := newExactTable(data[:len(data)-2]); err == nil {
		t.Error("a truncated model gave no error")
	}
	for _, g := range []string{"zz", "a", "abc", ""} {
		if p := tab.lookup(g, ngramHash(g)); p != 0 {
			t.Errorf("lookup(%q) = %v, want 0", g, p)
		}
	}
	if !slices.IsSorted(tab.keys) {
		t.Error("keys not sorted")
	}
	// Force a clash: every key moves to the clash map except those whose
	// hash is unique; lookups still answer by text.
	clash := map[uint64]bool{ngramHash("ab"): true, ngramHash("gh"): true}
	tab.moveClashes(data, clash)
	for _, s := range m.NgramSets {
		for _, g := range s.Ngrams {
			if p := tab.lookup(g, ngramHash(g)); p != s.Probability {
				t.Errorf("after moveClashes: lookup(%q) = %v, want %v", g, p, s.Probability)
			}
		}
	}
	if len(tab.clash) != 2 || len(tab.keys) != 42 {
		t.Errorf("moveClashes: %d by text, %d keys; want 2 and 42", len(tab.clash), len(tab.keys))
	}
	if p := tab.lookup("zz", ngramHash("ab")); p != 0 {
		t.Errorf("an unknown n-gram with a clashing hash: %v, want 0", p)
	}
}

// TestExactConcurrent: short samples and plain lingua calls from several
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
	texts := shortCases[:15]
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

// TestExactModelsClosed checks what smallModels relies on: in each of
// lingua's models, the prefix and the suffix one letter shorter of every
// n-gram are in the model of that length.
func TestExactModelsClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("short: reads every lingua model")
	}
	for _, g := range lingua.AllLanguages() {
		var prev map[string]bool
		for n := 1; n <= 5; n++ {
			data := linguaModelData(g, n)
			if data == nil {
				if n == 1 {
					t.Errorf("%v: no unigram model", g)
				}
				break
			}
			cur := map[string]bool{}
			bad := 0
			if err := walkModel(data, func(float64) {}, func(b []byte) {
				s := string(b)
				cur[s] = true
				if prev != nil {
					r := []rune(s)
					if !prev[string(r[1:])] || !prev[string(r[:len(r)-1])] {
						bad++
					}
				}
			}); err != nil {
				t.Fatalf("%v %d-grams: %v", g, n, err)
			}
			if bad > 0 {
				t.Errorf("%v: %d of the %d-grams lack their prefix or suffix", g, bad, n)
			}
			prev = cur
		}
	}
}
