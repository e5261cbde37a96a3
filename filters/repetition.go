package filters

import (
	"strings"
)

// GopherRepetitionConfig is the Gopher repetition filter (Rae et al. 2021,
// Table A1). A zero threshold disables its rule.
type GopherRepetitionConfig struct {
	Mode GopherMode
	// Table A1: duplicate line and paragraph fractions 0.30, duplicate
	// line and paragraph character fractions 0.20.
	MaxDupLineFrac, MaxDupParaFrac         float64
	MaxDupLineCharFrac, MaxDupParaCharFrac float64
	// MaxTopNGram[n-2] is the top n-gram character fraction for n = 2, 3,
	// 4: Table A1 0.20, 0.18, 0.16.
	MaxTopNGram [3]float64
	// MaxDupNGram[n-5] is the duplicate n-gram character fraction for
	// n = 5..10: Table A1 0.15, 0.14, 0.13, 0.12, 0.11, 0.10.
	MaxDupNGram [6]float64
}

// DefaultGopherRepetition returns Table A1 in mode ("" is GopherPaper).
func DefaultGopherRepetition(mode GopherMode) GopherRepetitionConfig {
	if mode == "" {
		mode = GopherPaper
	}
	return GopherRepetitionConfig{
		Mode:               mode,
		MaxDupLineFrac:     0.30,
		MaxDupParaFrac:     0.30,
		MaxDupLineCharFrac: 0.20,
		MaxDupParaCharFrac: 0.20,
		MaxTopNGram:        [3]float64{0.20, 0.18, 0.16},
		MaxDupNGram:        [6]float64{0.15, 0.14, 0.13, 0.12, 0.11, 0.10},
	}
}

// repetitionStats are the measured values of the repetition rules.
type repetitionStats struct {
	empty                     bool
	dupParaFrac, dupParaChars float64
	dupLineFrac, dupLineChars float64
	topNGram                  [3]float64
	dupNGram                  [6]float64
}

// dupFractions returns the fraction of segments that repeat an earlier
// one and their code points (counted from the second occurrence on), the
// latter divided by denom. seen is cleared and reused.
func dupFractions(segs []string, denom int, seen map[string]struct{}) (frac, chars float64) {
	if len(segs) == 0 {
		return 0, 0
	}
	clear(seen)
	dups, dupChars := 0, 0
	for _, s := range segs {
		if _, ok := seen[s]; ok {
			dups++
			dupChars += runeLen(s)
		} else {
			seen[s] = struct{}{}
		}
	}
	frac = float64(dups) / float64(len(segs))
	if denom > 0 {
		chars = float64(dupChars) / float64(denom)
	}
	return frac, chars
}

// splitParagraphs appends to dst the pieces of s between runs of two or
// more "\n" (re.split(r"\n{2,}", s)).
func splitParagraphs(dst []string, s string) []string {
	start := 0
	for i := 0; i < len(s); {
		if s[i] != '\n' || i+1 >= len(s) || s[i+1] != '\n' {
			i++
			continue
		}
		dst = append(dst, s[start:i])
		for i < len(s) && s[i] == '\n' {
			i++
		}
		start = i
	}
	return append(dst, s[start:])
}

// splitLineRuns appends to dst the pieces of re.split("\n+", s); with
// dropEmpty the empty pieces at either end are left out.
func splitLineRuns(dst []string, s string, dropEmpty bool) []string {
	if !dropEmpty && (s == "" || s[0] == '\n') {
		dst = append(dst, "")
	}
	for p := range strings.SplitSeq(s, "\n") {
		if p != "" {
			dst = append(dst, p)
		}
	}
	if !dropEmpty && strings.HasSuffix(s, "\n") {
		dst = append(dst, "")
	}
	return dst
}

// repScratch holds the buffers of one goroutine's repetition statistics.
type repScratch struct {
	sep, nosep ngramHasher
	table      ngramTable
	cum        []int        // cum[k]: code points of words[:k]
	slots      []*ngramSlot // table slot of each position's n-gram
	dup, prev  []bool       // positions whose n-gram / (n-1)-gram is duplicated
	covered    []bool
	segs       []string
	seen       map[string]struct{}
}

func (c *GopherRepetitionConfig) stats(text string, words []string, sc *repScratch) repetitionStats {
	var s repetitionStats
	if text == "" {
		s.empty = true
		return s
	}
	if sc == nil {
		sc = new(repScratch)
	}
	textLen := runeLen(text)
	datatrove := c.Mode == GopherDatatrove

	if sc.seen == nil {
		sc.seen = map[string]struct{}{}
	}
	sc.segs = splitParagraphs(sc.segs[:0], strings.TrimFunc(text, pyIsSpace))
	if datatrove {
		s.dupParaFrac, s.dupParaChars = dupFractions(sc.segs, textLen, sc.seen)
	} else {
		paras := dropEmpty(sc.segs)
		s.dupParaFrac, s.dupParaChars = dupFractions(paras, totalRunes(paras), sc.seen)
	}
	sc.segs = splitLineRuns(sc.segs[:0], text, !datatrove)
	if datatrove {
		s.dupLineFrac, s.dupLineChars = dupFractions(sc.segs, textLen, sc.seen)
	} else {
		s.dupLineFrac, s.dupLineChars = dupFractions(sc.segs, textLen-strings.Count(text, "\n"), sc.seen)
	}

	sc.cum = growInt(sc.cum, len(words)+1)
	sc.cum[0] = 0
	for i, w := range words {
		sc.cum[i+1] = sc.cum[i] + runeLen(w)
	}
	wordChars := sc.cum[len(words)]
	sc.sep.build(words, " ")
	for n := 2; n <= 4; n++ {
		if datatrove {
			s.topNGram[n-2] = sc.datatroveTopNGram(len(words), n, textLen)
		} else {
			s.topNGram[n-2] = sc.topNGram(len(words), n, wordChars)
		}
	}
	if datatrove {
		sc.nosep.build(words, "")
		for n := 5; n <= 10; n++ {
			s.dupNGram[n-5] = sc.datatroveDupNGram(len(words), n, textLen)
		}
	} else {
		sc.dupNGrams(len(words), wordChars, &s.dupNGram)
	}
	return s
}

func dropEmpty(ss []string) []string {
	out := ss[:0]
	for _, s := range ss {
		if strings.TrimFunc(s, pyIsSpace) != "" {
			out = append(out, s)
		}
	}
	return out
}

func totalRunes(ss []string) int {
	n := 0
	for _, s := range ss {
		n += runeLen(s)
	}
	return n
}

// topNGram is the paper's "fraction of characters contained within the
// most frequent n-gram" as RedPajama v2 and DCLM compute it: the word
// characters of the most frequent n-gram times its count, over all word
// characters; 0 when no n-gram occurs twice; on a tie the longest wins.
func (sc *repScratch) topNGram(nwords, n, wordChars int) float64 {
	m := nwords - n + 1
	if m <= 0 || wordChars == 0 {
		return 0
	}
	t := &sc.table
	t.reset(m)
	bestCount, bestChars := 0, 0
	for i := 0; i < m; i++ {
		slot := t.slot(sc.sep.hash(i, n), i)
		slot.count++
		c, chars := int(slot.count), sc.cum[i+n]-sc.cum[i]
		if c > bestCount || c == bestCount && chars > bestChars {
			bestCount, bestChars = c, chars
		}
	}
	if bestCount <= 1 {
		return 0
	}
	return float64(bestChars*bestCount) / float64(wordChars)
}

// datatroveTopNGram is datatrove's find_top_duplicate: the most common
// n-gram (the first seen wins a tie, as Counter.most_common(1) does), the
// code points of its words joined by spaces times its count, over the
// text length. A count of 1 still counts.
func (sc *repScratch) datatroveTopNGram(nwords, n, textLen int) float64 {
	m := nwords - n + 1
	if m <= 0 || textLen == 0 {
		return 0
	}
	t := &sc.table
	t.reset(m)
	bestCount, bestFirst, bestChars := 0, 0, 0
	for i := 0; i < m; i++ {
		slot := t.slot(sc.sep.hash(i, n), i)
		slot.count++
		c, first := int(slot.count), int(slot.first)
		if c > bestCount || c == bestCount && first < bestFirst {
			bestCount, bestFirst, bestChars = c, first, sc.cum[i+n]-sc.cum[i]+n-1
		}
	}
	return float64(bestChars*bestCount) / float64(textLen)
}

// datatroveDupNGram is datatrove's find_all_duplicate: a left-to-right
// scan over n-grams joined without spaces; an n-gram seen before adds its
// length and the scan jumps n words, otherwise it is remembered and the
// scan moves one word. The sum is divided by the text length.
func (sc *repScratch) datatroveDupNGram(nwords, n, textLen int) float64 {
	m := nwords - n + 1
	if m <= 0 || textLen == 0 {
		return 0
	}
	t := &sc.table
	t.reset(m)
	rep := 0
	for i := 0; i < m; {
		slot := t.slot(sc.nosep.hash(i, n), i)
		if slot.count > 0 {
			rep += sc.cum[i+n] - sc.cum[i]
			i += n
		} else {
			slot.count = 1
			i++
		}
	}
	return float64(rep) / float64(textLen)
}

// dupNGrams is the paper's "fraction of characters contained within all
// duplicate n-grams" for n = 5..10, overlaps counted once (RedPajama v2
// and DCLM): every word covered by an n-gram that occurs more than once,
// first occurrence included, adds its characters; the sum is over all
// word characters. An n-gram can only repeat where the (n-1)-grams at its
// position and the next one repeat, so n > 5 looks only there.
func (sc *repScratch) dupNGrams(nwords, wordChars int, out *[6]float64) {
	*out = [6]float64{}
	if wordChars == 0 {
		return
	}
	t := &sc.table
	sc.dup, sc.prev = growBool(sc.dup, nwords), growBool(sc.prev, nwords)
	sc.covered = growBool(sc.covered, nwords)
	if cap(sc.slots) < nwords {
		sc.slots = make([]*ngramSlot, nwords)
	}
	sc.slots = sc.slots[:nwords]
	for n := 5; n <= 10; n++ {
		m := nwords - n + 1
		if m <= 0 {
			return
		}
		candidates := 0
		for i := 0; i < m; i++ {
			ok := n == 5 || sc.prev[i] && sc.prev[i+1]
			sc.dup[i] = ok
			if ok {
				candidates++
			}
		}
		if candidates < 2 {
			return
		}
		t.reset(candidates)
		for i := 0; i < m; i++ {
			if sc.dup[i] {
				sc.slots[i] = t.slot(sc.sep.hash(i, n), i)
				sc.slots[i].count++
			}
		}
		clear(sc.covered)
		for i := 0; i < m; i++ {
			if sc.dup[i] {
				sc.dup[i] = sc.slots[i].count > 1
			}
			if sc.dup[i] {
				for k := i; k < i+n; k++ {
					sc.covered[k] = true
				}
			}
		}
		chars := 0
		for k, c := range sc.covered {
			if c {
				chars += sc.cum[k+1] - sc.cum[k]
			}
		}
		out[n-5] = float64(chars) / float64(wordChars)
		sc.prev, sc.dup = sc.dup, sc.prev
		clear(sc.dup)
	}
}

func growBool(s []bool, n int) []bool {
	if cap(s) < n {
		return make([]bool, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// decide returns the first repetition rule that s fails, or "".
func (c *GopherRepetitionConfig) decide(s *repetitionStats) string {
	if s.empty {
		if c.Mode == GopherDatatrove {
			return ReasonGopherEmpty
		}
		return ""
	}
	switch {
	case c.MaxDupParaFrac > 0 && s.dupParaFrac > c.MaxDupParaFrac:
		return ReasonGopherDupParaFrac
	case c.MaxDupParaCharFrac > 0 && s.dupParaChars > c.MaxDupParaCharFrac:
		return ReasonGopherDupParaCharFrac
	case c.MaxDupLineFrac > 0 && s.dupLineFrac > c.MaxDupLineFrac:
		return ReasonGopherDupLineFrac
	case c.MaxDupLineCharFrac > 0 && s.dupLineChars > c.MaxDupLineCharFrac:
		return ReasonGopherDupLineCharFrac
	}
	for i, max := range c.MaxTopNGram {
		if max > 0 && s.topNGram[i] > max {
			return reasonTopNGram[i]
		}
	}
	for i, max := range c.MaxDupNGram {
		if max > 0 && s.dupNGram[i] > max {
			return reasonDupNGram[i]
		}
	}
	return ""
}
