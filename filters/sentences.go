package filters

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// punktAbbrev are abbreviations after which NLTK's English punkt model
// (tokenizers/punkt/english.pickle) does not end a sentence: the common
// entries of its learned abbreviation list, lower case, without the final
// period.
var punktAbbrev = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(
		"mr mrs ms dr prof st jr sr inc ltd co corp dept univ gen gov sen rep rev col lt sgt capt " +
			"jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun " +
			"vs etc e.g i.e u.s u.k u.n a.m p.m no nos vol vols fig figs p pp ed eds approx est " +
			"ave blvd rd mt ft ph.d d.c n.y l.a calif fla mass mich pa va wash ill cf al") {
		m[s] = true
	}
	return m
}()

// punktSentences counts the sentences NLTK punkt would find in one line of
// ordinary English. A sentence ends after a whitespace-separated token that
// ends in ".", "?" or "!" (closing quotes and brackets after the mark
// allowed) when another token follows, except after a known abbreviation,
// a single letter (an initial) or a dotted acronym. Punkt also learns from
// the orthography of the next word (an abbreviation followed by a
// capitalised word that usually starts sentences may still end one); that
// heuristic is not reproduced.
func punktSentences(line string) int {
	n := 0
	pending := false
	forEachField(line, func(tok string) bool {
		if pending || n == 0 {
			n++
			pending = false
		}
		core := strings.TrimRightFunc(tok, func(r rune) bool {
			return r == '"' || r == '\'' || r == ')' || r == ']' || r == '”' || r == '’' || r == '}'
		})
		if core == "" {
			return true
		}
		last, _ := utf8.DecodeLastRuneInString(core)
		switch last {
		case '?', '!':
			pending = true
		case '.':
			pending = !punktNoBreak(core)
		}
		return true
	})
	return n
}

// punktNoBreak reports a period-final token after which punkt does not
// split: an abbreviation, an initial, a dotted acronym, or an ellipsis
// (punkt ends a sentence at "..." only when its orthographic heuristic
// says the next word starts one).
func punktNoBreak(tok string) bool {
	if strings.HasSuffix(tok, "..") {
		return true
	}
	w := strings.TrimLeftFunc(tok[:len(tok)-1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if w == "" {
		return false
	}
	if punktAbbrev[strings.ToLower(w)] {
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsLetter(r)
	}
	// Dotted acronyms such as "U.S" or "e.g" (the final period removed).
	parts := strings.Split(w, ".")
	if len(parts) > 1 {
		for _, p := range parts {
			if utf8.RuneCountInString(p) != 1 {
				return false
			}
		}
		return true
	}
	return false
}
