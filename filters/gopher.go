package filters

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// GopherMode names a reading of the Gopher rules (Rae et al. 2021, §A.1.1
// and Table A1).
type GopherMode string

const (
	// GopherPaper is ccnet's reading of the paper (the default): words are
	// Python str.split() words; see doc.go for each rule.
	GopherPaper GopherMode = "gopher"
	// GopherDatatrove is datatrove 0.10 GopherQualityFilter and
	// GopherRepetitionFilter: spaCy-style English tokens, punctuation
	// tokens counted in ratios, and its duplicate counting.
	GopherDatatrove GopherMode = "datatrove"
)

// GopherQualityConfig is the Gopher quality filter. Thresholds are the
// paper's; a zero threshold disables its rule.
type GopherQualityConfig struct {
	Mode GopherMode
	// MinWords, MaxWords: paper "between 50 and 100,000 words".
	MinWords, MaxWords int
	// MinMeanWordLength, MaxMeanWordLength: paper "mean word length
	// outside the range of 3 to 10 characters".
	MinMeanWordLength, MaxMeanWordLength float64
	// MaxSymbolWordRatio applies to "#" and to the ellipsis ("..." or
	// "…") separately: paper "symbol-to-word ratio greater than 0.1 for
	// either the hash symbol or the ellipsis".
	MaxSymbolWordRatio float64
	// MaxBulletLines: paper "more than 90% of lines starting with a
	// bullet point".
	MaxBulletLines float64
	// MaxEllipsisLines: paper "more than 30% ending with an ellipsis".
	MaxEllipsisLines float64
	// MinAlphaWords: paper "80% of words in a document contain at least
	// one alphabetic character".
	MinAlphaWords float64
	// MinStopWords: paper "at least two of the following English words:
	// the, be, to, of, and, that, have, with" (distinct words; only the
	// first 64 StopWords are tracked).
	MinStopWords int
	// StopWords defaults to the paper's eight. In GopherPaper mode a word
	// matches when it lower-cases to one of them, so they are given in
	// lower case; GopherDatatrove compares exactly.
	StopWords []string
}

// DefaultGopherQuality returns the paper's thresholds in mode ("" is
// GopherPaper).
func DefaultGopherQuality(mode GopherMode) GopherQualityConfig {
	if mode == "" {
		mode = GopherPaper
	}
	return GopherQualityConfig{
		Mode:               mode,
		MinWords:           50,
		MaxWords:           100000,
		MinMeanWordLength:  3,
		MaxMeanWordLength:  10,
		MaxSymbolWordRatio: 0.1,
		MaxBulletLines:     0.9,
		MaxEllipsisLines:   0.3,
		MinAlphaWords:      0.8,
		MinStopWords:       2,
		StopWords:          []string{"the", "be", "to", "of", "and", "that", "have", "with"},
	}
}

// gopherQualityStats are the measured values of the quality rules.
type gopherQualityStats struct {
	words        int     // words counted for the word-count rule
	meanLen      float64 // mean word length
	hashRatio    float64
	ellipsRatio  float64
	bulletFrac   float64
	ellipsisFrac float64
	alphaFrac    float64
	stopWords    int
}

// bulletPrefixes are the line starts that count as bullets in GopherPaper
// mode (after leading whitespace): the paper does not define a bullet;
// these are the usual list markers of extracted web text.
var bulletPrefixes = []string{"•", "●", "◦", "▪", "‣", "⁃", "-", "*"}

// datatroveBullets are datatrove's: "•" and "-".
var datatroveBullets = []string{"•", "-"}

func (c *GopherQualityConfig) stats(text string, words []string) gopherQualityStats {
	var s gopherQualityStats
	n := len(words)
	var seen uint64 // bit i: StopWords[i] found (the first 64 are tracked)
	all := uint64(1)<<min(len(c.StopWords), 64) - 1
	minLen, maxLen := 1<<30, 0
	for _, w := range c.StopWords {
		minLen, maxLen = min(minLen, len(w)), max(maxLen, len(w))
	}
	datatrove := c.Mode == GopherDatatrove
	counted, chars, alpha := 0, 0, 0
	var lower []byte
	for _, w := range words {
		if !datatrove || !allPunctuation(w) {
			counted++
			chars += runeLen(w)
		}
		if hasLetter(w) {
			alpha++
		}
		if seen == all || len(w) < minLen {
			continue
		}
		ascii := isASCII(w)
		switch {
		case (datatrove || ascii) && len(w) > maxLen:
			continue
		case !datatrove && !ascii:
			// A non-ASCII word lower-cases to ASCII only through the
			// Kelvin sign (3 bytes for "k"), hence the bound.
			if len(w) > 3*maxLen {
				continue
			}
			lower = appendPyLower(lower[:0], w)
		}
		for i, sw := range c.StopWords {
			if i >= 64 || seen&(1<<i) != 0 {
				continue
			}
			var match bool
			switch {
			case datatrove:
				match = w == sw
			case ascii:
				match = equalFoldASCII(w, sw)
			default:
				match = string(lower) == sw
			}
			if match {
				seen |= 1 << i
				s.stopWords++
			}
		}
	}
	s.words = counted
	if counted > 0 {
		s.meanLen = float64(chars) / float64(counted)
	}
	if n > 0 {
		s.hashRatio = float64(strings.Count(text, "#")) / float64(n)
		s.ellipsRatio = float64(strings.Count(text, "...")+strings.Count(text, "…")) / float64(n)
		s.alphaFrac = float64(alpha) / float64(n)
	}
	bullets := bulletPrefixes
	if datatrove {
		bullets = datatroveBullets
	}
	lines, bl, el := 0, 0, 0
	forEachLine(text, func(line string) {
		lines++
		if hasAnyPrefix(strings.TrimLeftFunc(line, pyIsSpace), bullets) {
			bl++
		}
		if r := strings.TrimRightFunc(line, pyIsSpace); strings.HasSuffix(r, "...") || strings.HasSuffix(r, "…") {
			el++
		}
	})
	if lines > 0 {
		s.bulletFrac = float64(bl) / float64(lines)
		s.ellipsisFrac = float64(el) / float64(lines)
	}
	return s
}

// equalFoldASCII reports whether the ASCII word w lower-cases to sw.
func equalFoldASCII(w, sw string) bool {
	if len(w) != len(sw) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sw[i] {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// decide returns the first quality rule that s fails, or "".
func (c *GopherQualityConfig) decide(s *gopherQualityStats) string {
	switch {
	case c.MinWords > 0 && s.words < c.MinWords, c.MaxWords > 0 && s.words > c.MaxWords:
		return ReasonGopherWordCount
	case c.MinMeanWordLength > 0 && s.meanLen < c.MinMeanWordLength,
		c.MaxMeanWordLength > 0 && s.meanLen > c.MaxMeanWordLength:
		return ReasonGopherMeanWordLength
	case c.MaxSymbolWordRatio > 0 && (s.hashRatio > c.MaxSymbolWordRatio || s.ellipsRatio > c.MaxSymbolWordRatio):
		return ReasonGopherSymbolRatio
	case c.MaxBulletLines > 0 && s.bulletFrac > c.MaxBulletLines:
		return ReasonGopherBulletLines
	case c.MaxEllipsisLines > 0 && s.ellipsisFrac > c.MaxEllipsisLines:
		return ReasonGopherEllipsisLines
	case c.MinAlphaWords > 0 && s.alphaFrac < c.MinAlphaWords:
		return ReasonGopherAlphaWords
	case c.MinStopWords > 0 && s.stopWords < c.MinStopWords:
		return ReasonGopherStopWords
	}
	return ""
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// allPunctuation reports a token made only of datatrove's PUNCTUATION_SET
// (datatrove utils/text.py: ASCII and common CJK punctuation, the controls
// other than \t and \n, and TERMINAL_PUNCTUATION, which is the Unicode
// Sentence_Terminal property plus the Khmer signs U+17D4-17D6, U+17D9 and
// U+17DA; checked against datatrove 0.10.1).
func allPunctuation(w string) bool {
	for _, r := range w {
		if !isDatatrovePunct(r) {
			return false
		}
	}
	return true
}

// datatrovePunct is the explicit part of datatrove's PUNCTUATION string.
const datatrovePunct = "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"

var asciiDatatrovePunct = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = r < 9 || r == 11 || r == 12 || 13 <= r && r < 32 || r == 127 || strings.ContainsRune(datatrovePunct, r)
	}
	return t
}()

func isDatatrovePunct(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return asciiDatatrovePunct[r]
	case r < 160:
		return true
	case r == 0x17d4, r == 0x17d5, r == 0x17d6, r == 0x17d9, r == 0x17da:
		return true
	}
	return strings.ContainsRune(datatrovePunct, r) || unicode.Is(unicode.Sentence_Terminal, r)
}
