package classify

import (
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	_ "unsafe" // go:linkname

	"google.golang.org/protobuf/proto"

	"github.com/pemistahl/lingua-go"
	"github.com/pemistahl/lingua-go/serialization"
)

//go:linkname linguaUnigrams github.com/pemistahl/lingua-go.unigramModels
var linguaUnigrams sync.Map

//go:linkname linguaBigrams github.com/pemistahl/lingua-go.bigramModels
var linguaBigrams sync.Map

//go:linkname linguaTrigrams github.com/pemistahl/lingua-go.trigramModels
var linguaTrigrams sync.Map

//go:linkname linguaQuadrigrams github.com/pemistahl/lingua-go.quadrigramModels
var linguaQuadrigrams sync.Map

//go:linkname linguaFivegrams github.com/pemistahl/lingua-go.fivegramModels
var linguaFivegrams sync.Map

// loadedLinguaModels counts the model maps lingua has loaded (one per
// language and n-gram length).
func loadedLinguaModels() int {
	n := 0
	for _, m := range []*sync.Map{&linguaUnigrams, &linguaBigrams, &linguaTrigrams, &linguaQuadrigrams, &linguaFivegrams} {
		m.Range(func(_, _ any) bool { n++; return true })
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

// TestHighAccuracyMatchesLingua: in high-accuracy mode the compact
// tables give lingua's confidence values, every language's, to 10⁻¹², on
// short texts (1- to 5-grams, lingua's unigram counts) and long ones, with
// the shared data also on UDHR paragraphs (half of them one-word headings)
// among every language; ModeFast makes lingua load none of its maps.
func TestHighAccuracyMatchesLingua(t *testing.T) {
	before := loadedLinguaModels()
	fast, err := NewLangID(LangOptions{Languages: shortLangs})
	if err != nil {
		t.Fatal(err)
	}
	texts := append(slices.Clone(shortCases), trigramCases...)
	got := make([]map[lingua.Language]float64, len(texts))
	for i, text := range texts {
		var conf [numLanguages]float64
		if err := fast.models.confidences(text, fast.langs, false, &conf); err != nil {
			t.Fatal(err)
		}
		got[i] = confidenceMap(conf[:], fast.langs)
		fast.Identify(text)
	}
	if n := loadedLinguaModels(); n != before {
		t.Fatalf("lingua loaded %d maps of its own in ModeFast", n-before)
	}
	plain := lingua.NewLanguageDetectorBuilder().FromLanguages(fast.langs...).Build()
	for i, text := range texts {
		if want := confidences(plain.ComputeLanguageConfidenceValues(text)); !confidencesEqual(got[i], want) {
			t.Errorf("%.60q: %v, plain lingua %v", text, got[i], want)
		}
	}
	if testing.Short() {
		return
	}
	t.Run("udhr", func(t *testing.T) {
		udhr, _ := udhrParagraphs(t, 4)
		all := lingua.AllLanguages()
		x, err := exactIndexFor(all, lowerLengths)
		if err != nil {
			t.Fatal(err)
		}
		m := newLinguaModels(x)
		plain := lingua.NewLanguageDetectorBuilder().FromLanguages(all...).Build()
		n := 0
		for line := range strings.Lines(udhr) {
			_, text, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
			var conf [numLanguages]float64
			if err := m.confidences(text, all, false, &conf); err != nil {
				t.Fatal(err)
			}
			if got, want := confidenceMap(conf[:], all), confidences(plain.ComputeLanguageConfidenceValues(text)); !confidencesEqual(got, want) {
				t.Errorf("%.60q: %v, plain lingua %v", text, got, want)
			}
			n++
		}
		t.Logf("%d UDHR paragraphs among %d languages", n, len(all))
	})
}

// confidenceMap is conf as lingua's confidences of langs.
func confidenceMap(conf []float64, langs []lingua.Language) map[lingua.Language]float64 {
	m := map[lingua.Language]float64{}
	for _, g := range langs {
		m[g] = conf[g]
	}
	return m
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
				li, prob := int(p>>postShift), tab.probs[p>>postShift][p&(1<<postShift-1)]
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

// TestExactConcurrent: short samples, long ones and plain lingua calls from
// several goroutines at once give the answers they give alone.
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
}
