package classify

import (
	"math"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	_ "unsafe" // go:linkname

	"github.com/pemistahl/lingua-go"
	"github.com/shopspring/decimal"
)

//go:linkname linguaLetters github.com/pemistahl/lingua-go.letters
var linguaLetters *regexp.Regexp

//go:linkname linguaAlphabetMatches github.com/pemistahl/lingua-go.alphabet.matches
func linguaAlphabetMatches(a int, text string) bool

// linguaExponent is lingua's computeExponent: exp(v) as a decimal, through
// exp(v/1000)^1000 when exp(v) underflows float64.
//
//go:linkname linguaExponent github.com/pemistahl/lingua-go.computeExponent
func linguaExponent(v float64) decimal.Decimal

// linguaNormalize is lingua's computeConfidenceValues on sums: its
// exponentials, summed and divided as decimals.
func linguaNormalize(sums *[numLanguages]float64, filtered langSet, conf *[numLanguages]float64) {
	var ps [numLanguages]decimal.Decimal
	den := decimal.Zero
	top := lingua.Unknown
	for g := range numLanguages {
		if filtered.has(lingua.Language(g)) && sums[g] < 0 {
			ps[g] = linguaExponent(sums[g])
			den = den.Add(ps[g])
			if top == lingua.Unknown || sums[g] > sums[top] {
				top = lingua.Language(g)
			}
		}
	}
	if den.IsZero() {
		conf[top] = 1
		return
	}
	for g := range numLanguages {
		if filtered.has(lingua.Language(g)) && sums[g] < 0 {
			conf[g], _ = ps[g].Div(den).Float64()
		}
	}
}

// trigramCases exercise every step of lingua's low-accuracy path: its word
// splitting (Han and kana letters, runs that run on into them, Han
// characters that are not letters), the rule engine (single-language
// scripts, Chinese and Japanese together, letters unique to a language, ties),
// the alphabet filter (mixed scripts, equal counts), charsToLanguagesMapping,
// too few letters, and long texts.
var trigramCases = func() []string {
	cases := []string{
		"", "a", "ab", "abc", "12345 !!", "x y", "the", "Ärger über Öl",
		"Esperanto: ĉu vi ŝatas ĝin? ĉiuj ĝojas", "Việt Nam là một quốc gia", "Zażółć gęślą jaźń",
		"Ελληνικά και English words", "Καλημέρα", "Привет hello мир world",
		"東京タワーは高いです", "日本語とカタカナ", "中文和日本語", "漢字", "abc漢字def かな", "〇〇 ⺀ 々",
		"ㄱㄴ 한국어 문장", "ß ß ß", "İstanbul ığdır", "łódź", "Đà Nẵng", "Øresund ærø",
		"ЂЋ ђорђе ћирилица", "Ѓорѓи ѕвезда", "ӘӘ қазақ тілі", "ґанок їжак", "ẹ̀kọ́ ọmọ",
		"alpha βήτα gamma δέλτα", "αβγ abc αβγ abc", "अब क ळ", "ab αβ аб", "über ça été",
		"ñandú ñu", "ção são não", "ǅemal ǈuba", "Ꭰ Ꭱ Cherokee", "mixed·dot words—dash",
		"\xff\xfeinvalid bytes here and there", "ＡＢＣ full width",
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range handTexts {
			if !yield(k) {
				return
			}
		}
	}) {
		cases = append(cases, handTexts[k], strings.Repeat(handTexts[k]+" ", 3))
	}
	return cases
}()

// trigramCandidateSets: every language, and shortlists like the first
// pass's.
var trigramCandidateSets = [][]string{
	nil,
	{"en", "de"}, {"de", "nl", "da", "sv", "no", "en"}, {"es", "pt", "ca", "gl", "it"},
	{"ru", "uk", "be", "bg", "mk", "sr", "kk", "mn"}, {"zh", "ja"}, {"zh", "ko"}, {"hr", "bs", "sr", "sl"},
	{"eo", "en", "fr"}, {"vi", "yo", "pt"}, {"el", "en"}, {"hi", "mr"},
}

func trigramLangs(t testing.TB, codes []string) []lingua.Language {
	if codes == nil {
		return lingua.AllLanguages()
	}
	var langs []lingua.Language
	for _, c := range codes {
		if g, ok := FromLabel(c); ok {
			langs = append(langs, g)
		}
	}
	return langs
}

// compareTrigram checks trigramModels.confidences against lingua's own
// low-accuracy detector on texts; it returns the largest difference.
func compareTrigram(t *testing.T, m *linguaModels, langs []lingua.Language, texts []string, tol float64) float64 {
	t.Helper()
	det := lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).WithLowAccuracyMode().Build()
	worst := 0.0
	for _, text := range texts {
		var got [numLanguages]float64
		if err := m.confidences(text, langs, true, &got); err != nil {
			t.Fatal(err)
		}
		bad := false
		for _, v := range det.ComputeLanguageConfidenceValues(text) {
			d := math.Abs(got[v.Language()] - v.Value())
			worst = math.Max(worst, d)
			if d > tol {
				bad = true
			}
		}
		if bad {
			t.Errorf("%.60q among %d languages: confidences differ from lingua's by more than %g\n got %v\nwant %v",
				text, len(langs), tol, nonZero(got[:]), det.ComputeLanguageConfidenceValues(text)[:3])
		}
	}
	return worst
}

func nonZero(conf []float64) map[string]float64 {
	out := map[string]float64{}
	for g, v := range conf {
		if v != 0 {
			out[lingua.Language(g).String()] = v
		}
	}
	return out
}

// TestTrigramMatchesLingua: the trigram scorer gives lingua's low-accuracy
// confidence values, every language's, to 10⁻⁹ (lingua sums in map order:
// on long texts its own calls differ by ~10⁻¹¹), on the cases above for
// several candidate sets and, with the shared data, on samples of the web
// documents, held-out sentences and UDHR paragraphs among every language.
func TestTrigramMatchesLingua(t *testing.T) {
	all, err := exactIndexFor(lingua.AllLanguages(), lowerLengths)
	if err != nil {
		t.Fatal(err)
	}
	m := newLinguaModels(all)
	const tol = 1e-9
	worst := 0.0
	for _, codes := range trigramCandidateSets {
		worst = math.Max(worst, compareTrigram(t, m, trigramLangs(t, codes), trigramCases, tol))
	}
	t.Logf("hand cases: largest difference %.3g", worst)
	if testing.Short() {
		return
	}
	t.Run("shared", func(t *testing.T) { compareTrigramShared(t, m, tol) })
}

func compareTrigramShared(t *testing.T, m *linguaModels, tol float64) {
	var texts []string
	for i, d := range webDocs(t) {
		if i%3 == 0 { // a third keeps the test short; the sample is what ModeFast scores
			texts = append(texts, Sample(d, DefaultMaxChars))
		}
	}
	for line := range strings.Lines(heldOutSentences(t, 4)) {
		_, text, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		texts = append(texts, text)
	}
	udhr, _ := udhrParagraphs(t, 2)
	for line := range strings.Lines(udhr) {
		_, text, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		texts = append(texts, text)
	}
	w := compareTrigram(t, m, lingua.AllLanguages(), texts, tol)
	t.Logf("%d shared-data texts among all languages: largest difference %.3g", len(texts), w)
}

// TestTrigramWords: the words are those of lingua's regular expression.
func TestTrigramWords(t *testing.T) {
	texts := slices.Clone(trigramCases)
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []rune("aZé漢字かカ한〇⺀々ー・ 1-'.ǅßİΣσӘ\u0301\u200d😀")
	for range 2000 {
		r := make([]rune, rng.IntN(12))
		for i := range r {
			r[i] = pool[rng.IntN(len(pool))]
		}
		texts = append(texts, string(r))
	}
	for _, text := range texts {
		low := strings.ToLower(text)
		want := linguaLetters.FindAllString(low, -1)
		var got []string
		for _, w := range splitWords(low, nil) {
			got = append(got, low[w.start:w.end])
			if n := len([]rune(low[w.start:w.end])); n != w.runes {
				t.Errorf("%q: word %q has %d runes, counted %d", text, low[w.start:w.end], n, w.runes)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: words %q, lingua %q", text, got, want)
		}
	}
}

// TestTrigramAlphabets: linguaScripts is in the order of lingua's alphabet
// constants: each script's characters match that alphabet and no other.
func TestTrigramAlphabets(t *testing.T) {
	for a, tab := range linguaScripts {
		var samples []rune
		for _, r := range tab.R16 {
			samples = append(samples, rune(r.Lo), rune(r.Hi))
		}
		for _, r := range tab.R32 {
			samples = append(samples, rune(r.Lo), rune(r.Hi))
		}
		for _, r := range samples {
			for b := range linguaScripts {
				if got := linguaAlphabetMatches(b, string(r)); got != (a == b) {
					t.Errorf("%U: lingua's alphabet %d matches %v, want %v", r, b, got, a == b)
				}
			}
			if scriptOf(r) != a {
				t.Errorf("%U: scriptOf %d, want %d", r, scriptOf(r), a)
			}
		}
	}
	if linguaAlphabetMatches(len(linguaScripts), "a") {
		t.Error("lingua has more alphabets than linguaScripts")
	}
	if unicode.Is(unicode.Latin, 'α') {
		t.Fatal("unicode tables broken")
	}
}

// TestTrigramNormalize: the confidences equal those of lingua's decimal
// arithmetic to 10⁻¹² for sums of every size: exponentials float64 can
// hold, subnormal ones, ones only lingua's exp(v/1000)^1000 can hold, mixes
// of these, and sums whose every exponential rounds to 0 (lingua's zero
// denominator: the highest sum takes confidence 1).
func TestTrigramNormalize(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	g := lingua.AllLanguages()
	for i := range 170 {
		base := []float64{-50, -500, -705, -720, -740, -748, -760, -800, -5000, -20000, -30000, -40000, -44900, -46000, -56000, -57600, -70000}[i%17]
		n := 2 + rng.IntN(5)
		var filtered langSet
		var sums [numLanguages]float64
		for k := range n {
			filtered.add(g[k])
			sums[g[k]] = base * (1 + rng.Float64()*[]float64{0.001, 0.02, 0.2}[i%3])
		}
		var got, want [numLanguages]float64
		normalize(&sums, filtered, &got)
		linguaNormalize(&sums, filtered, &want)
		for k := range n {
			if d := math.Abs(got[g[k]] - want[g[k]]); d > 1e-12 {
				t.Fatalf("sums %v: confidence of %v %v, lingua's arithmetic %v", sums[:n], g[k], got[g[k]], want[g[k]])
			}
		}
	}
	var sums [numLanguages]float64
	var filtered langSet
	for k, v := range []float64{-90000, -80000, -95000} {
		filtered.add(g[k])
		sums[g[k]] = v
	}
	if !linguaExponent(-80000).Equal(decimal.Zero) {
		t.Fatal("lingua's exponent no longer rounds to 0 at -80000")
	}
	var got [numLanguages]float64
	normalize(&sums, filtered, &got)
	if got[g[1]] != 1 || got[g[0]] != 0 || got[g[2]] != 0 {
		t.Errorf("zero denominator: %v", got[:3])
	}
}
