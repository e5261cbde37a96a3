package classify

import (
	"slices"
	"unicode"

	"github.com/pemistahl/lingua-go"
)

// scriptShare is the share of a sample's letters that must be in one
// single-language script for the script pre-pass to decide without lingua.
const scriptShare = 0.9

// kanaShare: a CJK sample is Japanese when at least this share of its CJK
// letters are kana; Chinese otherwise. (Lingua's rule engine also calls any
// text with kana-bearing words Japanese.)
const kanaShare = 0.02

// singleScripts are the writing systems that only one of lingua's languages
// uses (Han and kana are handled together, see kanaShare).
var singleScripts = [nSingle]struct {
	table *unicode.RangeTable
	lang  lingua.Language
}{
	{unicode.Greek, lingua.Greek},
	{unicode.Hebrew, lingua.Hebrew},
	{unicode.Thai, lingua.Thai},
	{unicode.Hangul, lingua.Korean},
	{unicode.Georgian, lingua.Georgian},
	{unicode.Armenian, lingua.Armenian},
	{unicode.Bengali, lingua.Bengali},
	{unicode.Gujarati, lingua.Gujarati},
	{unicode.Gurmukhi, lingua.Punjabi},
	{unicode.Tamil, lingua.Tamil},
	{unicode.Telugu, lingua.Telugu},
}

// nSingle is the length of singleScripts.
const nSingle = 11

// Script counters: index into singleScripts, then the extra classes.
const (
	scriptHan = nSingle + iota
	scriptKana
	scriptOther
	nScripts
)

// pureShare is the share of a sample's letters that must be in the
// multi-language scripts (Latin, Cyrillic, Arabic, ...) for the first-pass
// model to run: it was not built to weigh CJK or other single-language
// scripts mixed into a text, which lingua's rule engine handles.
const pureShare = 0.95

// byScript decides a sample whose letters are (nearly) all in one
// single-language script, provided that language is a candidate. pure
// reports whether the sample is (nearly) all in multi-language scripts.
func (l *LangID) byScript(sample string) (g lingua.Language, ok, pure bool) {
	g, ok, other, total := l.scriptCounts(sample)
	return g, ok, total > 0 && float64(other) >= pureShare*float64(total)
}

func (l *LangID) scriptCounts(sample string) (lingua.Language, bool, int, int) {
	var counts [nScripts]int
	total := 0
	for _, r := range sample {
		if r < 0x80 {
			if ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
				counts[scriptOther]++
				total++
			}
			continue
		}
		if !unicode.IsLetter(r) {
			continue
		}
		total++
		counts[classify(r)]++
	}
	other := counts[scriptOther]
	if total == 0 {
		return lingua.Unknown, false, other, total
	}
	best := 0
	for i := range counts[:scriptOther] {
		if counts[i] > counts[best] {
			best = i
		}
	}
	if best == scriptHan || best == scriptKana {
		cjk := counts[scriptHan] + counts[scriptKana]
		if float64(cjk) < scriptShare*float64(total) {
			return lingua.Unknown, false, other, total
		}
		g := lingua.Chinese
		if float64(counts[scriptKana]) >= kanaShare*float64(cjk) {
			g = lingua.Japanese
		}
		return g, l.cands[g], other, total
	}
	if float64(counts[best]) < scriptShare*float64(total) {
		return lingua.Unknown, false, other, total
	}
	g := singleScripts[best].lang
	return g, l.cands[g], other, total
}

func classify(r rune) int {
	switch {
	case unicode.Is(unicode.Han, r):
		return scriptHan
	case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
		return scriptKana
	case unicode.Is(unicode.Latin, r) || unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Arabic, r):
		return scriptOther
	}
	for i, s := range singleScripts {
		if unicode.Is(s.table, r) {
			return i
		}
	}
	return scriptOther
}

// mixedShortlist is lingua's shortlist for a sample that mixes scripts: the
// first pass's shortlist for an uncertain sample (shortlistWithin) and the
// candidate languages of every single-language script in the sample.
func (l *LangID) mixedShortlist(sample string) []lingua.Language {
	v := l.nbVerdict(sample)
	if v.best < 0 {
		return l.withScripts(nil, sample)
	}
	return l.withScripts(l.shortlistWithin(v, nbShortlist, nbNearShortlist, farGap), sample)
}

// withScripts adds to short the candidate languages of every
// single-language script in sample.
func (l *LangID) withScripts(short []lingua.Language, sample string) []lingua.Language {
	add := func(g lingua.Language) {
		if l.cands[g] && !slices.Contains(short, g) {
			short = append(short, g)
		}
	}
	for _, r := range sample {
		if r < 0x80 || !unicode.IsLetter(r) {
			continue
		}
		switch c := classify(r); c {
		case scriptHan:
			add(lingua.Chinese)
			add(lingua.Japanese)
		case scriptKana:
			add(lingua.Japanese)
		case scriptOther:
		default:
			add(singleScripts[c].lang)
		}
	}
	return short
}
