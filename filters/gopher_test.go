package filters

import (
	"math"
	"strings"
	"testing"
)

// repeatWords returns n words cycling through ws, joined by spaces.
func repeatWords(n int, ws ...string) string {
	out := make([]string, n)
	for i := range out {
		out[i] = ws[i%len(ws)]
	}
	return strings.Join(out, " ")
}

func qualityReason(mode GopherMode, text string) string {
	c := DefaultGopherQuality(mode)
	var words []string
	if mode == GopherDatatrove {
		words = datatroveWords(nil, text)
	} else {
		words = pyFields(text)
	}
	st := c.stats(text, words)
	return c.decide(&st)
}

func TestGopherQualityThresholds(t *testing.T) {
	base := []string{"the", "cat", "and", "dog", "with", "fresh", "water", "bowls"}
	ten := strings.Repeat("abcdefghij", 1)
	lines := func(n, marked int, mark func(string) string) string {
		var ls []string
		for i := range n {
			l := repeatWords(6, base...)
			if i < marked {
				l = mark(l)
			}
			ls = append(ls, l)
		}
		return strings.Join(ls, "\n")
	}
	withSuffix := func(n, marked int, suffix string) string {
		ws := strings.Fields(repeatWords(n, base...))
		for i := 0; i < marked; i++ {
			ws[i] += suffix
		}
		return strings.Join(ws, " ")
	}
	numbers := func(n, numeric int) string {
		ws := strings.Fields(repeatWords(n, base...))
		for i := 0; i < numeric; i++ {
			ws[len(ws)-1-i] = "123"
		}
		return strings.Join(ws, " ")
	}
	tests := []struct {
		name, text, want string
	}{
		{"50 words", repeatWords(50, base...), ""},
		{"49 words", repeatWords(49, base...), ReasonGopherWordCount},
		{"100000 words", repeatWords(100000, base...), ""},
		{"100001 words", repeatWords(100001, base...), ReasonGopherWordCount},
		{"mean length 3", repeatWords(50, "the", "and"), ""},
		{"mean length 2.98", repeatWords(49, "the", "and") + " an", ReasonGopherMeanWordLength},
		{"mean length 10", "the and " + repeatWords(47, ten) + " " + strings.Repeat("x", 24), ""},
		{"mean length 10.02", "the and " + repeatWords(47, ten) + " " + strings.Repeat("x", 25), ReasonGopherMeanWordLength},
		{"hash ratio 0.1", withSuffix(50, 5, "#"), ""},
		{"hash ratio 0.12", withSuffix(50, 6, "#"), ReasonGopherSymbolRatio},
		{"ellipsis ratio 0.1", withSuffix(50, 5, "…"), ""},
		{"ellipsis ratio 0.12", withSuffix(50, 6, "..."), ReasonGopherSymbolRatio},
		{"bullets 0.9", lines(10, 9, func(s string) string { return "  • " + s }), ""},
		{"bullets 1.0", lines(10, 10, func(s string) string { return "- " + s }), ReasonGopherBulletLines},
		{"ellipsis lines 0.3", lines(10, 3, func(s string) string { return s + "... " }), ""},
		{"ellipsis lines 0.4", lines(10, 4, func(s string) string { return s + "…" }), ReasonGopherEllipsisLines},
		{"alpha 0.8", numbers(50, 10), ""},
		{"alpha 0.78", numbers(50, 11), ReasonGopherAlphaWords},
		{"two stop words", repeatWords(50, "the", "cat", "and"), ""},
		{"one stop word", repeatWords(50, "the", "cat", "dog"), ReasonGopherStopWords},
		{"stop words fold case", repeatWords(50, "The", "cat", "AND"), ""},
	}
	for _, tt := range tests {
		if got := qualityReason(GopherPaper, tt.text); got != tt.want {
			t.Errorf("%s: reason %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestGopherQualityDatatrove(t *testing.T) {
	base := []string{"the", "cat", "and", "dog", "with", "fresh", "water", "bowls"}
	tests := []struct {
		name, text, paper, datatrove string
	}{
		// datatrove counts words without punctuation tokens.
		{"punctuation is not a word", repeatWords(49, base...) + " ! ! !", "", ReasonGopherWordCount},
		// but punctuation tokens count against the alphabetic fraction.
		// 52 words and 13 commas: 0.8 exactly; one more comma drops. Paper
		// mode counts "," as a word of length 1 (mean 2.6).
		{"punctuation against alpha 0.8", strings.Repeat("the cat and dog , ", 13), ReasonGopherMeanWordLength, ""},
		{"punctuation against alpha 0.79", strings.Repeat("the cat and dog , ", 13) + ",", ReasonGopherMeanWordLength, ReasonGopherAlphaWords},
		// datatrove's stop words are case-sensitive.
		{"case-sensitive stop words", repeatWords(50, "The", "cat", "AND", "dog"), "", ReasonGopherStopWords},
		// datatrove's bullets are only "•" and "-".
		{"star bullets", strings.Repeat("* the cat and the dog with water\n", 10), ReasonGopherBulletLines, ""},
	}
	for _, tt := range tests {
		if got := qualityReason(GopherPaper, tt.text); got != tt.paper {
			t.Errorf("%s: paper reason %q, want %q", tt.name, got, tt.paper)
		}
		if got := qualityReason(GopherDatatrove, tt.text); got != tt.datatrove {
			t.Errorf("%s: datatrove reason %q, want %q", tt.name, got, tt.datatrove)
		}
	}
}

func repetitionStatsOf(mode GopherMode, text string) repetitionStats {
	c := DefaultGopherRepetition(mode)
	var words []string
	if mode == GopherDatatrove {
		words = datatroveWords(nil, text)
	} else {
		words = pyFields(text)
	}
	return c.stats(text, words, nil)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestRepetitionValues(t *testing.T) {
	// "one two one two three": paper top 2-gram "one two" x2 over word
	// chars (3+3)*2/17; datatrove len("one two")*2/len(text) = 14/21.
	p := repetitionStatsOf(GopherPaper, "one two one two three")
	d := repetitionStatsOf(GopherDatatrove, "one two one two three")
	if !near(p.topNGram[0], 12.0/17) || !near(d.topNGram[0], 14.0/21) {
		t.Errorf("top 2-gram: paper %v datatrove %v", p.topNGram[0], d.topNGram[0])
	}
	// "a b c d e a b c d e": paper covers all ten words (1.0); datatrove's
	// scan counts the second "abcde" only: 5/19.
	p = repetitionStatsOf(GopherPaper, "a b c d e a b c d e")
	d = repetitionStatsOf(GopherDatatrove, "a b c d e a b c d e")
	if !near(p.dupNGram[0], 1) || !near(d.dupNGram[0], 5.0/19) {
		t.Errorf("dup 5-gram: paper %v datatrove %v", p.dupNGram[0], d.dupNGram[0])
	}
	// Overlapping duplicates count once in paper mode: "a a a a a a" has the
	// 5-gram "aaaaa" twice, covering all 6 words.
	p = repetitionStatsOf(GopherPaper, "a a a a a a")
	if !near(p.dupNGram[0], 1) {
		t.Errorf("overlap: %v", p.dupNGram[0])
	}
	// Lines: "x\ny\nx\n\nx": 2 of 4 lines repeat, 2 chars of 8 (datatrove,
	// over the text) or of 4 (paper, over the lines).
	p = repetitionStatsOf(GopherPaper, "x\ny\nx\n\nx")
	d = repetitionStatsOf(GopherDatatrove, "x\ny\nx\n\nx")
	if !near(p.dupLineFrac, 0.5) || !near(d.dupLineFrac, 0.5) || !near(p.dupLineChars, 2.0/4) || !near(d.dupLineChars, 2.0/8) {
		t.Errorf("lines: paper %v %v datatrove %v %v", p.dupLineFrac, p.dupLineChars, d.dupLineFrac, d.dupLineChars)
	}
	// datatrove's re.split("\n+") keeps an empty first and last line.
	d = repetitionStatsOf(GopherDatatrove, "\nx\ny\n")
	if !near(d.dupLineFrac, 1.0/4) {
		t.Errorf("datatrove edge lines: %v", d.dupLineFrac)
	}
	// Paragraphs: "p\n\nq\n\n\np": one of three repeats.
	p = repetitionStatsOf(GopherPaper, "p\n\nq\n\n\np")
	if !near(p.dupParaFrac, 1.0/3) {
		t.Errorf("paragraphs: %v", p.dupParaFrac)
	}
}

func TestRepetitionThresholds(t *testing.T) {
	only := func(set func(*GopherRepetitionConfig)) GopherRepetitionConfig {
		c := GopherRepetitionConfig{Mode: GopherPaper}
		set(&c)
		return c
	}
	lines := func(n, dups int) string {
		var ls []string
		for i := range n {
			if i < dups {
				ls = append(ls, "same line here")
			} else {
				ls = append(ls, "line number "+strings.Repeat("x", i+1))
			}
		}
		return strings.Join(ls, "\n")
	}
	lineFrac := only(func(c *GopherRepetitionConfig) { c.MaxDupLineFrac = 0.3 })
	paraFrac := only(func(c *GopherRepetitionConfig) { c.MaxDupParaFrac = 0.3 })
	top2 := only(func(c *GopherRepetitionConfig) { c.MaxTopNGram[0] = 0.2 })
	dup5 := only(func(c *GopherRepetitionConfig) { c.MaxDupNGram[0] = 0.15 })
	// distinct returns n different two-letter words.
	distinct := func(n int) []string {
		var ws []string
		for i := range n {
			ws = append(ws, string([]rune{rune('f' + i/26), rune('a' + i%26)}))
		}
		return ws
	}
	tests := []struct {
		name string
		cfg  GopherRepetitionConfig
		text string
		want string
	}{
		{"3 of 10 lines repeat", lineFrac, lines(10, 4), ""},
		{"4 of 10 lines repeat", lineFrac, lines(10, 5), ReasonGopherDupLineFrac},
		{"3 of 10 paragraphs repeat", paraFrac, strings.ReplaceAll(lines(10, 4), "\n", "\n\n"), ""},
		{"4 of 10 paragraphs repeat", paraFrac, strings.ReplaceAll(lines(10, 5), "\n", "\n\n"), ReasonGopherDupParaFrac},
		// 20 distinct words plus "ab cd" twice: 8 of 48 chars, 0.17; three
		// times: 12 of 52, 0.23.
		{"top 2-gram under", top2, "ab cd ab cd " + strings.Join(distinct(20), " "), ""},
		{"top 2-gram over", top2, "ab cd ab cd ab cd " + strings.Join(distinct(20), " "), reasonTopNGram[0]},
		{"no repeated 5-gram", dup5, strings.Join(distinct(40), " "), ""},
		// 10 of 50 word chars in a repeated 5-gram: 0.2.
		{"repeated 5-gram", dup5, "a b c d e a b c d e " + strings.Join(distinct(20), " "), reasonDupNGram[0]},
		{"repeated 5-gram under", dup5, "a b c d e a b c d e " + strings.Join(distinct(40), " "), ""},
	}
	for _, tt := range tests {
		words := pyFields(tt.text)
		st := tt.cfg.stats(tt.text, words, nil)
		if got := tt.cfg.decide(&st); got != tt.want {
			t.Errorf("%s: reason %q, want %q (%+v)", tt.name, got, tt.want, st)
		}
	}
}

func TestRepetitionModes(t *testing.T) {
	tests := []struct {
		name, text, paper, datatrove string
	}{
		{"empty", "", "", ReasonGopherEmpty},
		// datatrove counts the top n-gram even when it occurs once.
		{"short text", "alpha beta", "", reasonTopNGram[0]},
	}
	for _, tt := range tests {
		for _, m := range []struct {
			mode GopherMode
			want string
		}{{GopherPaper, tt.paper}, {GopherDatatrove, tt.datatrove}} {
			c := DefaultGopherRepetition(m.mode)
			st := repetitionStatsOf(m.mode, tt.text)
			if got := c.decide(&st); got != m.want {
				t.Errorf("%s, %s: reason %q, want %q", tt.name, m.mode, got, m.want)
			}
		}
	}
}
