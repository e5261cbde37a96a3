package filters

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file is the word splitter of the datatrove modes. datatrove 0.10
// splits English with spaCy's blank "en" tokenizer (tokenizer_assignment.csv:
// eng -> SpaCyTokenizer) and counts sentences with spaCy's rule-based
// "sentencizer". What follows re-implements the parts of spaCy 3's English
// tokenizer that change word and sentence counts on web text:
//
//   - text is cut at every Python whitespace character;
//   - prefixes are split off the front one at a time: the punctuation,
//     quote, currency and symbol (category So) characters of spaCy's lists,
//     "§ % = — –", "+" unless a digit follows, and runs of two or more dots;
//   - suffixes are split off the end: the same punctuation, quotes and
//     symbols, "'s", "’s", "—", "–", "+" or a currency sign or unit after a
//     digit, and "." after a lower-case letter, a digit, one of "%²-+", a
//     punctuation or quote character, or two upper-case letters (so "U.K."
//     stays one token and "USA." does not);
//   - what remains is kept whole when it matches spaCy's URL pattern or is
//     one of the exceptions (abbreviations such as "Mr.", "e.g.", "Jan.",
//     single letters with a period, "and/or"); contractions split as
//     spaCy's exceptions do ("do" + "n't", "I" + "'m", "can" + "not",
//     "gon" + "na", "dont" -> "do" + "nt");
//   - otherwise it is split at infixes: "..." and "…", symbols, "+ - * ^"
//     between digits, "." between a lower-case and an upper-case letter,
//     "," between letters, hyphens between a letter or digit and a letter,
//     and ": < > = /" between a letter or digit and a letter;
//   - tokens of one chunk that spell a common emoticon (":)", "):", "[:",
//     "''", ...) are merged back, as spaCy's special cases with affixes are.
//
// Left out (measured on the shared English pages in doc.go): spaCy's rarer
// exceptions and emoticons, its unit list beyond common units, and the
// private-address exclusions of its URL pattern.

// spacyAbbrev holds the exceptions that end in a period and stay one token.
var spacyAbbrev = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(
		"Adm. Ak. Ala. Apr. Ariz. Ark. Aug. Bros. Calif. Co. Colo. Conn. Corp. D.C. Dec. Del. Dr. " +
			"E.G. E.g. Feb. Fla. Ga. Gen. Gov. I.E. I.e. Ia. Id. Ill. Inc. Ind. Jan. Jr. Jul. Jun. Kan. " +
			"Kans. Ky. La. Ltd. Mar. Mass. Md. Messrs. Mich. Minn. Miss. Mo. Mont. Mr. Mrs. Ms. Mt. " +
			"N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. Ph.D. Prof. Rep. " +
			"Rev. S.C. Sen. Sep. Sept. St. Tenn. Va. Wash. Wis. a.m. co. e.g. i.e. p.m. v.s. vs. " +
			"and/or") {
		m[s] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		m[string(c)+"."] = true
		m[string(unicode.ToUpper(c))+"."] = true
	}
	return m
}()

// isAbbrev looks s up in spacyAbbrev; long strings are never looked up,
// which keeps the affix loop linear on long runs of punctuation.
func isAbbrev(s string) bool {
	if len(s) > 8 || len(s) < 2 || s[len(s)-1] != '.' && s != "and/or" {
		return false
	}
	return spacyAbbrev[s]
}

// spacyNegatable are the stems that spaCy splits from a following "n't".
var spacyNegatable = map[string]bool{
	"do": true, "does": true, "did": true, "is": true, "are": true, "was": true, "were": true,
	"have": true, "has": true, "had": true, "would": true, "could": true, "should": true,
	"must": true, "need": true, "might": true, "ca": true, "wo": true, "ai": true, "sha": true,
}

// spacyPronouns take the clitics 'm 're 've 'll 'd as separate tokens.
var spacyPronouns = map[string]bool{
	"i": true, "you": true, "he": true, "she": true, "it": true, "we": true, "they": true,
	"there": true, "who": true, "what": true, "where": true, "how": true,
	"when": true, "why": true, "here": true,
}

func isSpacyQuote(r rune) bool {
	switch r {
	case '\'', '"', '”', '“', '`', '‘', '´', '’', '‚', ',', '„', '»', '«', '「', '」', '『', '』',
		'（', '）', '〔', '〕', '【', '】', '《', '》', '〈', '〉', '⟦', '⟧':
		return true
	}
	return false
}

func isSpacyPunct(r rune) bool {
	switch r {
	case '…', ',', ':', ';', '!', '?', '¿', '؟', '¡', '(', ')', '[', ']', '{', '}', '<', '>', '_',
		'#', '*', '&', '。', '？', '！', '，', '、', '；', '：', '～', '·', '।', '،', '۔', '؛', '٪':
		return true
	}
	return false
}

func isSpacyCurrency(r rune) bool {
	switch r {
	case '$', '£', '€', '¥', '฿', '﷼':
		return true
	}
	return '₠' <= r && r <= '₿'
}

func isSpacyIcon(r rune) bool { return r >= 0xa6 && unicode.Is(unicode.So, r) }

func isSpacyHyphen(r rune) bool { return r == '-' || r == '–' || r == '—' || r == '~' }

func isLower(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z'
	}
	return unicode.IsLower(r) || unicode.IsLetter(r) && !unicode.IsUpper(r) && !unicode.IsTitle(r)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r) || unicode.IsTitle(r) || unicode.IsLetter(r) && !unicode.IsLower(r)
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// spacyPrefix returns the byte length of the prefix spaCy splits off s, or 0.
func spacyPrefix(s string) int {
	if s == "" {
		return 0
	}
	if c := s[0]; isASCIIAlnum(c) && c != 'U' && c != 'C' && c != 'A' {
		return 0
	}
	if strings.HasPrefix(s, "..") {
		n := 0
		for n < len(s) && s[n] == '.' {
			n++
		}
		return n
	}
	for _, p := range [...]string{"US$", "C$", "A$", "……"} {
		if strings.HasPrefix(s, p) {
			return len(p)
		}
	}
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r == '+':
		if next, _ := utf8.DecodeRuneInString(s[size:]); isDigit(next) {
			return 0
		}
		return size
	case r == '§' || r == '%' || r == '=' || r == '—' || r == '–',
		isSpacyPunct(r), isSpacyQuote(r), isSpacyCurrency(r), isSpacyIcon(r):
		return size
	}
	return 0
}

// spacySuffix returns the byte length of the suffix spaCy splits off s, or 0.
func spacySuffix(s string) int {
	if s == "" {
		return 0
	}
	if c := s[len(s)-1]; isASCIIAlnum(c) {
		if c >= 'A' && (c == 's' || c == 'S') {
			for _, p := range [...]string{"'s", "'S", "’s", "’S"} {
				if strings.HasSuffix(s, p) && len(s) > len(p) {
					return len(p)
				}
			}
		}
		if c >= 'A' {
			return unitSuffix(s)
		}
		return 0
	}
	if strings.HasSuffix(s, "..") {
		n := 0
		for n < len(s) && s[len(s)-1-n] == '.' {
			n++
		}
		return n
	}
	for _, p := range [...]string{"'s", "'S", "’s", "’S", "……"} {
		if strings.HasSuffix(s, p) && len(s) > len(p) {
			return len(p)
		}
	}
	last, size := utf8.DecodeLastRuneInString(s)
	rest := s[:len(s)-size]
	prev, psize := utf8.DecodeLastRuneInString(rest)
	switch {
	case isSpacyPunct(last), isSpacyQuote(last), isSpacyIcon(last), last == '—', last == '–':
		return size
	case rest == "":
		return 0
	case isDigit(prev) && (last == '+' || isSpacyCurrency(last) || last == '%'):
		return size
	case last == '.':
		if isLower(prev) || isDigit(prev) || strings.ContainsRune("%²-+", prev) ||
			isSpacyPunct(prev) || isSpacyQuote(prev) {
			return size
		}
		if isUpper(prev) {
			if pp, _ := utf8.DecodeLastRuneInString(rest[:len(rest)-psize]); isUpper(pp) && unicode.IsLetter(pp) {
				return size
			}
		}
	}
	return 0
}

// unitSuffix returns the length of a unit ("km", "GB", "K", "am") that
// follows a digit at the end of s, or 0.
func unitSuffix(s string) int {
	if !isDigit(lastDigitBefore(s)) {
		return 0
	}
	for _, u := range [...]string{"km", "cm", "mm", "kg", "mg", "lb", "oz", "ft", "mph", "GB", "MB", "KB", "TB",
		"am", "pm", "m", "g", "T", "G", "M", "K"} {
		if strings.HasSuffix(s, u) && len(s) > len(u) {
			if p, _ := utf8.DecodeLastRuneInString(s[:len(s)-len(u)]); isDigit(p) {
				return len(u)
			}
		}
	}
	return 0
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// lastDigitBefore returns the last rune of s that is not an ASCII letter,
// or 0: units only split off after a number.
func lastDigitBefore(s string) rune {
	for i := len(s) - 1; i >= 0; i-- {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			continue
		}
		return rune(c)
	}
	return 0
}

// spacyURL is spaCy's URL_MATCH (lang/tokenizer_exceptions.py: optional
// scheme, optional user@, a dotted host whose last label is lower-case
// letters, optional port and path), without its exclusion of private IP
// ranges (RE2 has no look-ahead).
var spacyURL = regexp.MustCompile(`^(?:[\w+\-.]{2,}://)?(?:\S+(?::\S*)?@)?` +
	`(?:(?:[1-9]\d?|1\d\d|2[01]\d|22[0-3])(?:\.(?:1?\d{1,2}|2[0-4]\d|25[0-5])){2}(?:\.(?:[1-9]\d?|1\d\d|2[0-4]\d|25[0-4]))` +
	`|(?:(?:[A-Za-z0-9\x{a1}-\x{ffff}][A-Za-z0-9\x{a1}-\x{ffff}_-]{0,62})?[A-Za-z0-9\x{a1}-\x{ffff}]\.)+[\p{Ll}\p{Lo}]{2,63})` +
	`(?::\d{2,5})?(?:[/?#]\S*)?$`)

// isURLish reports what spaCy's url_match keeps whole.
func isURLish(s string) bool {
	// A host ends in "." and a top-level label of at least two letters;
	// an IPv4 address has three dots.
	if strings.Count(s, ".") >= 3 {
		return spacyURL.MatchString(s)
	}
	for i := strings.IndexByte(s, '.'); i > 0 && i+2 < len(s); {
		if a, b := s[i+1], s[i+2]; (a >= utf8.RuneSelf || 'a' <= a && a <= 'z') && (b >= utf8.RuneSelf || 'a' <= b && b <= 'z') {
			return spacyURL.MatchString(s)
		}
		j := strings.IndexByte(s[i+1:], '.')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// spacySplits are exceptions that spaCy splits into fixed pieces (lower
// case; the title-case form splits the same way).
var spacySplits = map[string][]int{
	"cannot": {3}, "gonna": {3}, "gotta": {3}, "c'mon": {3}, "c’mon": {5},
	"y'all": {2}, "y’all": {4}, "id": {1}, "im": {1}, "youre": {3}, "wont": {2}, "dont": {2},
	"cant": {2}, "doesnt": {4}, "didnt": {3}, "isnt": {2}, "wasnt": {3}, "havent": {4},
	"hasnt": {3}, "wouldnt": {5}, "couldnt": {5}, "shouldnt": {6}, "arent": {3}, "werent": {4},
	"ive": {1}, "theyre": {4},
}

// splitContraction appends the tokens of a contraction and reports whether
// s was one. Only lower-case and title-case forms are split, as spaCy
// lists them.
func splitContraction(dst []string, s string) ([]string, bool) {
	if strings.IndexByte(s, '\'') < 0 && !strings.Contains(s, "’") {
		if len(s) > 8 {
			return dst, false
		}
		var buf [8]byte
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c >= utf8.RuneSelf {
				return dst, false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[i] = c
		}
		// Every apostrophe-less exception ends in one of these.
		switch buf[len(s)-1] {
		case 't', 'a', 'd', 'm', 'e':
		default:
			return dst, false
		}
		if _, ok := spacySplits[string(buf[:len(s)])]; !ok {
			return dst, false
		}
	}
	lower := strings.ToLower(s)
	if lower != s && strings.ToLower(s[:1])+s[1:] != lower {
		return dst, false
	}
	if cuts, ok := spacySplits[lower]; ok {
		prev := 0
		for _, c := range cuts {
			dst = append(dst, s[prev:c])
			prev = c
		}
		return append(dst, s[prev:]), true
	}
	for _, neg := range [...]string{"n't", "n’t"} {
		if stem := strings.TrimSuffix(lower, neg); stem != lower && spacyNegatable[stem] {
			return append(dst, s[:len(stem)], s[len(stem):]), true
		}
	}
	for _, cl := range [...]string{"'m", "'re", "'ve", "'ll", "'d", "’m", "’re", "’ve", "’ll", "’d"} {
		stem := strings.TrimSuffix(lower, cl)
		if stem == lower {
			continue
		}
		if spacyPronouns[stem] || (cl == "'ve" || cl == "’ve") && spacyModals[stem] {
			return append(dst, s[:len(stem)], s[len(stem):]), true
		}
	}
	return dst, false
}

// spacyModals take "'ve" as a separate token ("could've").
var spacyModals = map[string]bool{
	"could": true, "would": true, "should": true, "might": true, "must": true, "may": true,
}

// spacyInfix returns the start and end of the first infix of s, or -1.
func spacyInfix(s string) (int, int) {
	var prev rune
	for i, r := range s {
		if r < utf8.RuneSelf && isASCIIAlnum(byte(r)) {
			prev = r
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		next, _ := utf8.DecodeRuneInString(s[i+size:])
		switch {
		case r == '.' && next == '.':
			j := i
			for j < len(s) && s[j] == '.' {
				j++
			}
			return i, j
		case r == '…' || isSpacyIcon(r):
			return i, i + size
		case i == 0:
		case strings.ContainsRune("+-*^", r) && isDigit(prev) && (isDigit(next) || next == '-'):
			return i, i + size
		case r == '.' && (isLower(prev) && unicode.IsLetter(prev) || isSpacyQuote(prev)) &&
			(isUpper(next) && unicode.IsLetter(next) || isSpacyQuote(next)):
			return i, i + size
		case r == ',' && unicode.IsLetter(prev) && unicode.IsLetter(next):
			return i, i + size
		case isSpacyHyphen(r) && (unicode.IsLetter(prev) || isDigit(prev)):
			j := i + size
			if r == '-' || r == '—' {
				for j < len(s) && s[j] == '-' {
					j++
				}
			}
			if n, _ := utf8.DecodeRuneInString(s[j:]); unicode.IsLetter(n) && j-i <= 3 {
				return i, j
			}
		case strings.ContainsRune(":<>=/", r) && (unicode.IsLetter(prev) || isDigit(prev)) && unicode.IsLetter(next):
			return i, i + size
		}
		prev = r
	}
	return -1, -1
}

// spacyTokens appends the tokens of one whitespace-free chunk to dst.
func spacyChunk(dst []string, s string) []string {
	var suffixes []string
	for s != "" {
		if isAbbrev(s) {
			break
		}
		pre := spacyPrefix(s)
		if pre > 0 && pre < len(s) && isAbbrev(s[pre:]) {
			dst = append(dst, s[:pre])
			s = s[pre:]
			break
		}
		suf := spacySuffix(s[pre:])
		if suf > 0 && isAbbrev(s[:len(s)-suf]) && len(s)-suf > 0 {
			suffixes = append(suffixes, s[len(s)-suf:])
			s = s[:len(s)-suf]
			break
		}
		switch {
		case pre > 0 && suf > 0 && pre+suf <= len(s):
			dst = append(dst, s[:pre])
			suffixes = append(suffixes, s[len(s)-suf:])
			s = s[pre : len(s)-suf]
		case pre > 0:
			dst = append(dst, s[:pre])
			s = s[pre:]
		case suf > 0:
			suffixes = append(suffixes, s[len(s)-suf:])
			s = s[:len(s)-suf]
		default:
			goto middle
		}
	}
middle:
	if s != "" {
		var ok bool
		switch {
		case isAbbrev(s), isURLish(s):
			dst = append(dst, s)
		default:
			if dst, ok = splitContraction(dst, s); !ok {
				for s != "" {
					i, j := spacyInfix(s)
					if i < 0 {
						dst = append(dst, s)
						break
					}
					if i > 0 {
						dst = append(dst, s[:i])
					}
					dst = append(dst, s[i:j])
					s = s[j:]
				}
			}
		}
	}
	for k := len(suffixes) - 1; k >= 0; k-- {
		dst = append(dst, suffixes[k])
	}
	return dst
}

// datatroveWords appends the words datatrove's English word tokenizer
// gives for text (see the file comment) to dst.
func datatroveWords(dst []string, text string) []string {
	forEachField(text, func(f string) bool {
		start := len(dst)
		dst = mergeSpecials(spacyChunk(dst, f), start)
		return true
	})
	return dst
}

// isSpacyPunctToken is spaCy's Token.is_punct: every character is in a
// Unicode punctuation category.
func isSpacyPunctToken(t string) bool {
	for _, r := range t {
		if !unicode.IsPunct(r) {
			return false
		}
	}
	return t != ""
}

// isSentenceEnd is a token in the default punct_chars of spaCy's
// sentencizer: one character with the Unicode Sentence_Terminal property.
func isSentenceEnd(t string) bool {
	r, size := utf8.DecodeRuneInString(t)
	return size == len(t) && size > 0 && unicode.Is(unicode.Sentence_Terminal, r)
}

// spacySentences counts the sentences spaCy's sentencizer finds in tokens:
// a sentence starts at the first token and at every token that is neither
// punctuation nor a terminator after a terminator has been seen.
func spacySentences(tokens []string) int {
	if len(tokens) == 0 {
		return 0
	}
	n, seen := 1, false
	for _, t := range tokens {
		end := isSentenceEnd(t)
		if seen && !end && !isSpacyPunctToken(t) {
			n++
			seen = false
		} else if end {
			seen = true
		}
	}
	return n
}

// DatatroveWords returns the words of text as the datatrove modes split
// English (datatrove 0.10's spaCy "en" tokenizer, reproduced as described
// above).
func DatatroveWords(text string) []string {
	return datatroveWords(nil, text)
}

// spacyEmoticons are special cases made of affix characters, which spaCy
// matches over the split tokens of one whitespace-free chunk and merges
// back into one token (the common emoticons of its list, and "”").
var spacyEmoticons = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`:) :-) :)) :-)) :))) (: (-: =) (= :] :-] [: [-: [= =] :( :-( :(( ): )-: ` +
		`=( )= :[ :-[ =[ :/ :-/ :| :-| :P :-P :p :-p :D :-D ;) ;-) (; :'( :') :O :o :* :-* :> <3 </3 ` +
		`^_^ -_- '' :0 8) 8-) :3`) {
		m[e] = true
	}
	return m
}()

// mergeSpecials merges runs of tokens in toks[start:] (one chunk) that
// spell an emoticon, longest run first.
func mergeSpecials(toks []string, start int) []string {
	if len(toks)-start < 2 {
		return toks
	}
	out := start
	for i := start; i < len(toks); {
		merged := false
		for l := min(4, len(toks)-i); l >= 2; l-- {
			short, n := true, 0
			for _, t := range toks[i : i+l] {
				n += len(t)
				if len(t) > 3 {
					short = false
					break
				}
			}
			if !short || n > 4 {
				continue
			}
			var buf [4]byte
			k := 0
			for _, t := range toks[i : i+l] {
				k += copy(buf[k:], t)
			}
			if spacyEmoticons[string(buf[:k])] {
				toks[out] = strings.Join(toks[i:i+l], "")
				out++
				i += l
				merged = true
				break
			}
		}
		if !merged {
			toks[out] = toks[i]
			out++
			i++
		}
	}
	return toks[:out]
}
