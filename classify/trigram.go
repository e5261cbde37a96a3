package classify

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	_ "unsafe" // go:linkname

	"github.com/ccnet-go/ccnet/internal/fmix"

	"github.com/pemistahl/lingua-go"
	"github.com/shopspring/decimal"
)

// ModeFast computes lingua's answer itself, step for step as lingua-go
// v1.4.0's ComputeLanguageConfidenceValues does, on lingua's own data, but
// without its costs: regular expressions matched rune by rune, maps built
// per word, one Go map lookup per n-gram and language, and
// arbitrary-precision exponentials. lingua's steps:
//
//  1. Words: the text is lower-cased and cut into words, each a single Han,
//     Hangul, Hiragana or Katakana character or else a run of letters.
//  2. Rule engine: each word votes for a language by its characters (a
//     script of one language, Han for Chinese, kana for Japanese, letters
//     unique to a language); a clear winner gets confidence 1.
//  3. Filter: the candidates are narrowed to the languages of the script
//     most words are written in, then, if at least half the words have
//     letters of some of them (charsToLanguagesMapping), to those.
//  4. Scores: in low-accuracy mode, and from 120 letters on in any mode,
//     each remaining language's score is the sum over the text's distinct
//     trigrams of the log of the trigram's probability, or, if the language
//     lacks it, of its first two letters' (bigram), or of its first
//     letter's (unigram). Below 120 letters in high-accuracy mode the same
//     is summed for each n-gram length from 1 to 5 (each n-gram falling back
//     to its prefixes) and divided by a count of the text's unigrams the
//     language knows (highAccuracyTotals).
//  5. Confidence: exp(score) normalized over the languages.
//
// The probabilities come from lingua's model files through the compact
// tables of short.go (all languages in one table per n-gram length). Step 5
// reproduces lingua's exponentials, including their rounding where float64
// underflows, in logarithms (normalize). Sums are taken in a fixed order;
// lingua sums in map order, so it differs from itself by as much.
//
// Where lingua's outcome depends on map order (a tie between the scripts of
// equally many words, or between the top scores when no exponential is
// representable), the lowest alphabet or language wins.
// TestTrigramMatchesLingua and TestHighAccuracyMatchesLingua compare
// confidences with lingua's on every kind of input.

// linguaAlphabets is lingua's Language.alphabets: the alphabets (indexes
// into linguaScripts) a language is written in.
//
//go:linkname linguaAlphabets github.com/pemistahl/lingua-go.Language.alphabets
func linguaAlphabets(g lingua.Language) []int

// linguaUniqueChars is lingua's Language.uniqueCharacters.
//
//go:linkname linguaUniqueChars github.com/pemistahl/lingua-go.Language.uniqueCharacters
func linguaUniqueChars(g lingua.Language) string

// linguaCharsToLanguages is lingua's charsToLanguagesMapping.
//
//go:linkname linguaCharsToLanguages github.com/pemistahl/lingua-go.charsToLanguagesMapping
var linguaCharsToLanguages map[string][]lingua.Language

// linguaScripts are lingua's alphabets, in the order of its alphabet
// constants (the indexes linguaAlphabets returns).
var linguaScripts = [...]*unicode.RangeTable{
	unicode.Arabic, unicode.Armenian, unicode.Bengali, unicode.Cyrillic, unicode.Devanagari,
	unicode.Georgian, unicode.Greek, unicode.Gujarati, unicode.Gurmukhi, unicode.Han,
	unicode.Hangul, unicode.Hebrew, unicode.Hiragana, unicode.Katakana, unicode.Latin,
	unicode.Tamil, unicode.Telugu, unicode.Thai,
}

const (
	alphaCyrillic   = 3
	alphaDevanagari = 4
	alphaHan        = 9
	alphaHangul     = 10
	alphaHiragana   = 12
	alphaKatakana   = 13
	alphaLatin      = 14
	noAlphabet      = -1
)

// numLanguages bounds lingua's Language values (Unknown is the last).
const numLanguages = int(lingua.Unknown) + 1

// langSet is a set of lingua languages.
type langSet [2]uint64

func (s *langSet) add(g lingua.Language)      { s[g>>6] |= 1 << (g & 63) }
func (s *langSet) has(g lingua.Language) bool { return s[g>>6]&(1<<(g&63)) != 0 }
func newLangSet(langs []lingua.Language) (s langSet) {
	for _, g := range langs {
		s.add(g)
	}
	return s
}

// linguaRules is lingua's rule data, indexed for the lookups below.
type linguaRules struct {
	single  [len(linguaScripts)]lingua.Language // the one language of an alphabet, or Unknown
	writes  [numLanguages]uint32                // bit a: the language is written in alphabet a
	unique  map[rune][]lingua.Language          // letter → languages it is unique to
	mapping map[rune][]lingua.Language          // letter → languages of its charsToLanguagesMapping entries
	script  [0x3000]int8                        // alphabet of the runes below 0x3000 (noAlphabet if none)
}

var (
	rulesOnce sync.Once
	rules     *linguaRules
)

func linguaRuleData() *linguaRules {
	rulesOnce.Do(func() {
		r := &linguaRules{unique: map[rune][]lingua.Language{}, mapping: map[rune][]lingua.Language{}}
		for a := range r.single {
			r.single[a] = lingua.Unknown
		}
		var users [len(linguaScripts)]int
		for _, g := range lingua.AllLanguages() {
			for _, a := range linguaAlphabets(g) {
				r.writes[g] |= 1 << a
				users[a]++
				r.single[a] = g
			}
			for _, c := range linguaUniqueChars(g) {
				r.unique[c] = append(r.unique[c], g)
			}
		}
		for a, n := range users {
			if n != 1 {
				r.single[a] = lingua.Unknown
			}
		}
		for chars, langs := range linguaCharsToLanguages {
			for _, c := range chars {
				r.mapping[c] = append(r.mapping[c], langs...)
			}
		}
		for c := range r.script {
			r.script[c] = int8(scriptOf(rune(c)))
		}
		rules = r
	})
	return rules
}

// scriptOf is the alphabet of r (Unicode scripts do not overlap).
func scriptOf(r rune) int {
	for a, t := range linguaScripts {
		if unicode.Is(t, r) {
			return a
		}
	}
	return noAlphabet
}

func (r *linguaRules) alphabet(c rune) int {
	if c < rune(len(r.script)) {
		return int(r.script[c])
	}
	return scriptOf(c)
}

// trigramWord is a word of the text: a byte range of the lower-cased text.
type trigramWord struct{ start, end, runes int }

// trigramScratch is the per-call memory of linguaModels.confidences.
type trigramScratch struct {
	words []trigramWord
	seen  [5][]uint64 // by n-gram length-1: open-addressing sets of n-gram hashes (0: empty)
	offs  []int
	votes []langCount
}

type langCount struct {
	g lingua.Language
	n uint32
}

var trigramScratchPool = sync.Pool{New: func() any { return new(trigramScratch) }}

// linguaModels are lingua's models of a set of languages as compact
// tables: the 1- to 3-gram tables, with the log of each probability, built
// with it; the 4- and 5-gram tables on the first text that needs them
// (lingua's high accuracy below 120 letters).
type linguaModels struct {
	lower *exactIndex // lengths 1, 2, 3
	pos   [numLanguages]int16
	logs  [3][][]float64 // by length-1, table language index

	upperOnce sync.Once
	upper     *exactIndex // lengths 4, 5
	upperErr  error
}

func newLinguaModels(lower *exactIndex) *linguaModels {
	m := &linguaModels{lower: lower}
	for i := range m.pos {
		m.pos[i] = -1
	}
	for i, g := range lower.langs {
		m.pos[g] = int16(i)
	}
	for o, t := range lower.tables[:3] {
		m.logs[o] = make([][]float64, len(t.probs))
		for li, ps := range t.probs {
			ls := make([]float64, len(ps))
			for i, p := range ps {
				ls[i] = math.Log(p)
			}
			m.logs[o][li] = ls
		}
	}
	linguaRuleData()
	return m
}

// tables returns the tables of every length, building the 4- and 5-gram
// ones if need be.
func (m *linguaModels) tables(upper bool) ([5]*exactTable, error) {
	t := m.lower.tables
	if upper {
		m.upperOnce.Do(func() { m.upper, m.upperErr = exactIndexFor(m.lower.langs, upperLengths) })
		if m.upperErr != nil {
			return t, m.upperErr
		}
		t[3], t[4] = m.upper.tables[3], m.upper.tables[4]
	}
	return t, nil
}

// confidences computes lingua's confidence values of text for the
// candidates langs (every one of which must be in m) into conf, indexed by
// language; all stay 0 when lingua would give none. lowAccuracy selects
// lingua's low-accuracy mode; in high-accuracy mode texts under 120
// letters are scored on 1- to 5-grams, as lingua does.
func (m *linguaModels) confidences(text string, langs []lingua.Language, lowAccuracy bool, conf *[numLanguages]float64) error {
	*conf = [numLanguages]float64{}
	rd := rules
	cands := newLangSet(langs)
	s := trigramScratchPool.Get().(*trigramScratch)
	defer trigramScratchPool.Put(s)
	low := strings.ToLower(text)
	s.words = splitWords(low, s.words[:0])
	if len(s.words) == 0 {
		return nil
	}
	if g := s.detectWithRules(rd, low, cands); g != lingua.Unknown {
		if cands.has(g) {
			conf[g] = 1
		}
		return nil
	}
	filtered := s.filterByRules(rd, low, langs, cands)
	if n := popCount(filtered); n == 1 {
		conf[firstLang(filtered)] = 1
		return nil
	}
	chars := 0
	for _, w := range s.words {
		chars += w.runes
	}
	if lowAccuracy && chars < 3 {
		return nil
	}
	maxLen := 5
	if lowAccuracy || chars >= shortText {
		maxLen = 3
	}
	tables, err := m.tables(maxLen == 5)
	if err != nil {
		return err
	}
	var sums [5][numLanguages]float64 // by n-gram length-1
	var hits [numLanguages]uint32     // unigrams of the text in each language's model
	m.sumLogs(s, low, filtered, tables, maxLen, &sums, &hits)
	var total [numLanguages]float64
	if maxLen == 3 {
		total = sums[2]
	} else {
		m.highAccuracyTotals(filtered, &sums, &hits, &total)
	}
	normalize(&total, filtered, conf)
	return nil
}

// highAccuracyTotals is lingua's sumUpProbabilities over 1- to 5-grams: the
// sum of each length's score (those below 0), divided by the language's
// unigram count. lingua counts, for each language in a list, the text's
// unigrams its model has; the list holds the languages with a unigram score
// and, in the place of each other candidate, the zero Language, Afrikaans
// (lingua-go v1.4.0's countUnigrams): Afrikaans is counted once for its own
// place if it has a unigram score, and once more for each candidate without
// one. With no unigram score at all the list is the candidates.
func (m *linguaModels) highAccuracyTotals(filtered langSet, sums *[5][numLanguages]float64, hits *[numLanguages]uint32, total *[numLanguages]float64) {
	scored, candidates := 0, 0
	for g := range numLanguages {
		if filtered.has(lingua.Language(g)) {
			candidates++
			if sums[0][g] < 0 {
				scored++
			}
		}
	}
	for g := range numLanguages {
		if !filtered.has(lingua.Language(g)) {
			continue
		}
		mult := uint32(1)
		if scored > 0 {
			mult = 0
			if sums[0][g] < 0 {
				mult = 1
			}
			if lingua.Language(g) == lingua.Afrikaans {
				mult += uint32(candidates - scored)
			}
		}
		sum := 0.0
		for n := range sums {
			if sums[n][g] < 0 {
				sum += sums[n][g]
			}
		}
		if c := mult * hits[g]; c > 0 {
			sum /= float64(c)
		}
		total[g] = sum
	}
}

// splitWords appends the words of the lower-cased text low, as lingua's
// regular expression \p{Han}|\p{Hangul}|\p{Hiragana}|\p{Katakana}|\p{L}+
// finds them (leftmost first: a run of letters that starts elsewhere runs on
// through Han or kana letters).
func splitWords(low string, words []trigramWord) []trigramWord {
	for i := 0; i < len(low); {
		c, size := utf8.DecodeRuneInString(low[i:])
		if c >= 0x1100 && (unicode.Is(unicode.Han, c) || unicode.Is(unicode.Hangul, c) ||
			unicode.Is(unicode.Hiragana, c) || unicode.Is(unicode.Katakana, c)) {
			words = append(words, trigramWord{i, i + size, 1})
			i += size
			continue
		}
		if !unicode.IsLetter(c) {
			i += size
			continue
		}
		start, n := i, 0
		for i < len(low) {
			c, size = utf8.DecodeRuneInString(low[i:])
			if !unicode.IsLetter(c) {
				break
			}
			i += size
			n++
		}
		words = append(words, trigramWord{start, i, n})
	}
	return words
}

// detectWithRules is lingua's detectLanguageWithRules: the language most
// words vote for by their characters, or Unknown.
func (s *trigramScratch) detectWithRules(rd *linguaRules, low string, cands langSet) lingua.Language {
	var total [numLanguages]uint32
	for _, w := range s.words {
		s.votes = s.votes[:0]
		for _, c := range low[w.start:w.end] {
			a := rd.alphabet(c)
			switch {
			case a == noAlphabet:
			case rd.single[a] != lingua.Unknown && (cands.has(rd.single[a]) || a == alphaHiragana || a == alphaKatakana):
				s.vote(rd.single[a]) // kana is Japanese's even when it is no candidate
			case a == alphaHan:
				s.vote(lingua.Chinese)
			case a == alphaLatin || a == alphaCyrillic || a == alphaDevanagari:
				for _, g := range rd.unique[c] {
					if cands.has(g) {
						s.vote(g)
					}
				}
			}
		}
		votes := s.votes
		switch len(votes) {
		case 0:
			total[lingua.Unknown]++
		case 1:
			if cands.has(votes[0].g) {
				total[votes[0].g]++
			} else {
				total[lingua.Unknown]++
			}
		default:
			if hasVote(votes, lingua.Chinese) && hasVote(votes, lingua.Japanese) {
				total[lingua.Japanese]++
				break
			}
			top, second := topTwo(votes)
			if top.n > second && cands.has(top.g) {
				total[top.g]++
			} else {
				total[lingua.Unknown]++
			}
		}
	}
	if float64(total[lingua.Unknown]) < float64(len(s.words))*0.5 {
		total[lingua.Unknown] = 0
	}
	var present []langCount
	for g, n := range total {
		if n > 0 {
			present = append(present, langCount{lingua.Language(g), n})
		}
	}
	switch {
	case len(present) == 0:
		return lingua.Unknown
	case len(present) == 1:
		return present[0].g
	case len(present) == 2 && present[0].g == lingua.Chinese && present[1].g == lingua.Japanese:
		return lingua.Japanese
	}
	top, second := topTwo(present)
	if top.n == second {
		return lingua.Unknown
	}
	return top.g
}

// vote counts one character of the current word for g.
func (s *trigramScratch) vote(g lingua.Language) {
	for i := range s.votes {
		if s.votes[i].g == g {
			s.votes[i].n++
			return
		}
	}
	s.votes = append(s.votes, langCount{g, 1})
}

func hasVote(votes []langCount, g lingua.Language) bool {
	for _, v := range votes {
		if v.g == g {
			return true
		}
	}
	return false
}

// topTwo returns the entry with the highest count (the first of equals)
// and the highest count among the others.
func topTwo(cs []langCount) (langCount, uint32) {
	top := 0
	for i := range cs {
		if cs[i].n > cs[top].n {
			top = i
		}
	}
	var second uint32
	for i := range cs {
		if i != top && cs[i].n > second {
			second = cs[i].n
		}
	}
	return cs[top], second
}

// filterByRules is lingua's filterLanguagesByRules.
func (s *trigramScratch) filterByRules(rd *linguaRules, low string, langs []lingua.Language, cands langSet) langSet {
	var counts [len(linguaScripts)]uint32
	for _, w := range s.words {
		a := noAlphabet
		for i, c := range low[w.start:w.end] {
			b := rd.alphabet(c)
			if i == 0 {
				a = b
			} else if b != a {
				a = noAlphabet
			}
			if a == noAlphabet {
				break
			}
		}
		if a != noAlphabet {
			counts[a]++
		}
	}
	best, kinds, equal := 0, 0, true // equal: every alphabet found counts the same words
	for a, n := range counts {
		if n == 0 {
			continue
		}
		if kinds > 0 && n != counts[best] {
			equal = false
		}
		kinds++
		if n > counts[best] {
			best = a
		}
	}
	if kinds == 0 || (kinds > 1 && equal) {
		return cands
	}
	var filtered langSet
	for _, g := range langs {
		if rd.writes[g]&(1<<best) != 0 {
			filtered.add(g)
		}
	}
	var langCounts [numLanguages]uint32
	var seen []rune
	for _, w := range s.words {
		seen = seen[:0]
		for _, c := range low[w.start:w.end] {
			gs, ok := rd.mapping[c]
			if !ok || containsRune(seen, c) {
				continue
			}
			seen = append(seen, c)
			for _, g := range gs {
				if filtered.has(g) {
					langCounts[g]++
				}
			}
		}
	}
	var subset langSet
	half := float64(len(s.words)) * 0.5
	for g, n := range langCounts {
		if n > 0 && float64(n) >= half {
			subset.add(lingua.Language(g))
		}
	}
	if subset != (langSet{}) {
		return subset
	}
	return filtered
}

func containsRune(rs []rune, c rune) bool {
	for _, r := range rs {
		if r == c {
			return true
		}
	}
	return false
}

func popCount(s langSet) int { return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) }

func firstLang(s langSet) lingua.Language {
	for g := range numLanguages {
		if s.has(lingua.Language(g)) {
			return lingua.Language(g)
		}
	}
	return lingua.Unknown
}

// sumLogs adds, for each language of filtered and each n-gram length up
// to maxLen (3: trigrams only, as lingua's low-accuracy mode and long
// texts), the log probability of each distinct n-gram of the words, or of
// its longest prefix the language's models have, into sums; and counts the
// text's distinct unigrams each language's model has into hits.
func (m *linguaModels) sumLogs(s *trigramScratch, low string, filtered langSet, tables [5]*exactTable, maxLen int, sums *[5][numLanguages]float64, hits *[numLanguages]uint32) {
	var want langSet // filtered, by table index
	for g := range numLanguages {
		if filtered.has(lingua.Language(g)) && m.pos[g] >= 0 {
			want.add(lingua.Language(m.pos[g]))
		}
	}
	minLen := 1
	if maxLen == 3 {
		minLen = 3
	}
	for n := minLen; n <= maxLen; n++ {
		s.resetSeen(n-1, low)
	}
	for _, w := range s.words {
		if w.runes < minLen {
			continue
		}
		word := low[w.start:w.end]
		offs := s.offs[:0]
		for i := range word {
			offs = append(offs, i)
		}
		offs = append(offs, len(word))
		s.offs = offs
		for i := 0; i+minLen <= w.runes; i++ {
			var hs [5]uint64
			h := uint64(14695981039346656037)
			top := min(maxLen, w.runes-i)
			for k := range top {
				for b := offs[i+k]; b < offs[i+k+1]; b++ {
					h ^= uint64(word[b])
					h *= 1099511628211
				}
				hs[k] = fmix.Fmix64(h)
			}
			for n := minLen; n <= top; n++ {
				if s.addSeen(n-1, hs[n-1]) {
					m.addNgram(word[offs[i]:offs[i+n]], hs[:n], tables, want, &sums[n-1], hits)
				}
			}
		}
	}
}

// addNgram adds the log probability of n-gram g (prefix hashes hs, one per
// length) for each language of want (table indexes): from the longest
// prefix of g, g included, that the language's models have. For a unigram
// it counts the languages that have it in hits.
func (m *linguaModels) addNgram(g string, hs []uint64, tables [5]*exactTable, want langSet, sums *[numLanguages]float64, hits *[numLanguages]uint32) {
	for o := len(hs) - 1; o >= 0 && want != (langSet{}); o-- {
		t := tables[o]
		var key string
		if t.clash != nil {
			key = runePrefix(g, o+1)
		}
		for _, p := range t.lookup(key, hs[o]) {
			li := lingua.Language(p >> postShift)
			if !want.has(li) {
				continue
			}
			i := p & (1<<postShift - 1)
			prob := t.probs[li][i]
			if prob <= 0 {
				continue
			}
			g := m.lower.langs[li]
			if o < 3 {
				sums[g] += m.logs[o][li][i]
			} else {
				sums[g] += math.Log(prob)
			}
			if len(hs) == 1 {
				hits[g]++
			}
			want[li>>6] &^= 1 << (li & 63)
		}
	}
}

// runePrefix is the first n runes of g.
func runePrefix(g string, n int) string {
	for i := range g {
		if n == 0 {
			return g[:i]
		}
		n--
	}
	return g
}

// normalize turns the scores of filtered into confidences: lingua's
// exp(sum)/Σexp over the languages whose sum is negative, where lingua's
// exp(v) (computeExponent) is the decimal of float64's exp(v) or, where that
// underflows (v < -745), D^1000 for D = exp(v/1000) rounded to 25 decimal
// places by shopspring's ExpTaylor. Long texts are the second case for every
// language, and D's rounding shows in lingua's confidences (the last digit
// of D, to the power 1000). All are carried as logarithms, so no
// 25,000-digit power is formed:
//
//   - every exponential representable: their logs (logSubnormal);
//   - none: D = N·10⁻²⁵, N computed in float64 as ExpTaylor rounds it
//     (linguaN), and 1000·ln(N/N_max) as the logs;
//   - a mix: the underflowing ones weigh under 10⁻²⁰ beside an exponential
//     above e^-699 and are left at 0; else those within 46 of the best
//     exponential's log are computed by ExpTaylor itself, cheap for such v
//     (the others weigh under 10⁻²⁰ too).
//
// lingua rounds each quotient to 16 decimal places; this does not.
func normalize(sums *[numLanguages]float64, filtered langSet, conf *[numLanguages]float64) {
	var lp [numLanguages]float64 // log of lingua's exponential, up to a common constant
	var incl, under langSet
	floatMax := math.Inf(-1)
	for g := range numLanguages {
		v := sums[g]
		if !filtered.has(lingua.Language(g)) || v >= 0 {
			continue
		}
		incl.add(lingua.Language(g))
		if e := math.Exp(v); e > 0 {
			lp[g] = logSubnormal(e)
			floatMax = math.Max(floatMax, lp[g])
		} else {
			lp[g] = math.Inf(-1)
			under.add(lingua.Language(g))
		}
	}
	if incl == (langSet{}) {
		return
	}
	switch {
	case under == (langSet{}), floatMax >= -699:
	case under != incl:
		for g := range numLanguages {
			// lingua's exponential is within 10⁻²⁰ of exp(v) relative here,
			// so one 46 below the best weighs under 10⁻²⁰ and stays 0.
			if under.has(lingua.Language(g)) && sums[g] >= floatMax-46 {
				lp[g] = linguaLogExponent(sums[g])
			}
		}
	default:
		var ns [numLanguages]float64
		nMax := 0.0
		for g := range numLanguages {
			if under.has(lingua.Language(g)) {
				ns[g] = linguaN(sums[g])
				nMax = math.Max(nMax, ns[g])
			}
		}
		if nMax == 0 {
			// lingua's denominator is 0: the highest sum gets confidence 1.
			top := lingua.Unknown
			for g := range numLanguages {
				if incl.has(lingua.Language(g)) && (top == lingua.Unknown || sums[g] > sums[top]) {
					top = lingua.Language(g)
				}
			}
			conf[top] = 1
			return
		}
		for g := range numLanguages {
			if under.has(lingua.Language(g)) {
				lp[g] = 1000 * math.Log(ns[g]/nMax) // -Inf for N = 0
			}
		}
	}
	max := math.Inf(-1)
	for g := range numLanguages {
		if incl.has(lingua.Language(g)) {
			max = math.Max(max, lp[g])
		}
	}
	den := 0.0
	for g := range numLanguages {
		if incl.has(lingua.Language(g)) {
			den += math.Exp(lp[g] - max)
		}
	}
	for g := range numLanguages {
		if incl.has(lingua.Language(g)) {
			conf[g] = math.Exp(lp[g]-max) / den
		}
	}
}

// linguaN is N = D·10²⁵ for lingua's D = exp(v/1000) as ExpTaylor(25)
// gives it: 1/e^|x| rounded half away from zero to 26 places, then to 25.
// For x ≥ -45 that is computed in float64: exp(x)·10²⁶ is then at least
// 2.8·10⁶, known to ~10⁻⁹, so both roundings come out as ExpTaylor's unless
// it lies within 10⁻⁹ of a half. Below -45 (sums under -45,000: texts far
// longer than the default sample), ExpTaylor itself.
func linguaN(v float64) float64 {
	x := v / 1000
	if x >= -45 {
		return math.Round(math.Round(math.Exp(x)*1e26) / 10)
	}
	d := linguaExpTaylor(x)
	n, _ := d.Shift(25).Float64()
	return n
}

// expTaylorMu serializes ExpTaylor, which extends a package-level cache of
// factorials without a lock.
var expTaylorMu sync.Mutex

func linguaExpTaylor(x float64) decimal.Decimal {
	expTaylorMu.Lock()
	defer expTaylorMu.Unlock()
	d, _ := decimal.NewFromFloat(x).ExpTaylor(25)
	return d
}

// linguaLogExponent is the log of lingua's computeExponent(v) where
// exp(v) underflows float64: 1000·ln D for D = exp(v/1000) as ExpTaylor(25)
// rounds it; -Inf when D rounds to 0.
func linguaLogExponent(v float64) float64 {
	f, _ := linguaExpTaylor(v / 1000).Float64()
	if f <= 0 {
		return math.Inf(-1)
	}
	return 1000 * math.Log(f)
}

// logSubnormal is the log of lingua's decimal of e = exp(v): the shortest
// decimal that reads back as e (decimal.NewFromFloat). For a subnormal e
// that is far from e itself (5e-324 for 4.94e-324), so its log is taken
// from the digits. (Go's amd64 math.Log would also be wrong for any
// subnormal: -709.09 for 5e-324, golang/go#56600.)
func logSubnormal(e float64) float64 {
	if e >= 0x1p-1022 {
		return math.Log(e)
	}
	digits := strconv.FormatFloat(e, 'e', -1, 64)
	mant, exp, _ := strings.Cut(digits, "e")
	m, _ := strconv.ParseFloat(mant, 64)
	x, _ := strconv.Atoi(exp)
	return math.Log(m) + float64(x)*math.Ln10
}

// resetSeen empties the set of n-grams of one length, sized for the text.
func (s *trigramScratch) resetSeen(o int, low string) {
	n := 64
	for n < 2*len(low) {
		n *= 2
	}
	if cap(s.seen[o]) < n || cap(s.seen[o]) > 4*n && n >= 1<<12 {
		s.seen[o] = make([]uint64, n)
		return
	}
	s.seen[o] = s.seen[o][:n]
	clear(s.seen[o])
}

// addSeen adds hash h to the set of one length and reports whether it was
// new. (Two distinct n-grams of one text with one 64-bit hash would count
// once: about k²/2⁶⁵ for k n-grams.)
func (s *trigramScratch) addSeen(o int, h uint64) bool {
	if h == 0 {
		h = 1
	}
	seen := s.seen[o]
	mask := uint64(len(seen) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch seen[i] {
		case 0:
			seen[i] = h
			return true
		case h:
			return false
		}
	}
}
