package lm

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ccnet-go/ccnet/document"
)

// qryPunct is cc_net's text_normalizer.UNICODE_PUNCT: what
// replace_unicode_punct writes for each of its 34 keys. U+FF11 is a key
// too, but \d has turned it into "0" before the map applies.
var qryPunct = map[rune]string{
	'，': ",", '。': ".", '、': ",", '„': `"`, '”': `"`, '“': `"`, '«': `"`, '»': `"`,
	'１': `"`, '」': `"`, '「': `"`, '《': `"`, '》': `"`, '´': "'", '∶': ":", '：': ":",
	'？': "?", '！': "!", '（': "(", '）': ")", '；': ";", '–': "-", '—': " - ", '．': ". ",
	'～': "~", '’': "'", '…': "...", '━': "-", '〈': "<", '〉': ">", '【': "[", '】': "]",
	'％': "%", '►': "-",
}

// Normalize is cc_net's text_normalizer.normalize(line) with its defaults
// (accent, case, numbers on; punct=1), the text cc_net gives SentencePiece:
//
//	line = line.strip()                      # Python whitespace
//	line = line.lower()                      # full lower case, final sigma
//	line = strip_accents(line)               # NFD, then drop category Mn
//	line = re.sub(r"\d", "0", line)          # every Unicode Nd digit
//	line = replace_unicode_punct(line)       # UNICODE_PUNCT map
//	line = remove_non_printing_char(line)    # U+0000..U+001F, U+007F..U+009F
//
// The last step deletes "\n" too, so the lines of a document are glued
// together with nothing between them. Invalid UTF-8 bytes are read as
// U+FFFD, as Python reads JSON text.
func Normalize(line string) string {
	line = document.PyStrip(line)
	if line == "" {
		return ""
	}
	if s, ok := qryNormalizeASCII(line); ok {
		return s
	}
	if s, ok := qryNormalizeRunes(line); ok {
		return s
	}
	return qryNormalizeUnicode(line)
}

// qryNormalizeRunes is Normalize one rune at a time, from a table for the
// BMP. That is exact because every step but two acts on single characters:
// Python's final sigma, which is handled here, and NFD's reordering of
// combining marks, which cannot matter when every mark is dropped (Mn) or
// keeps its place; ok is false when a rune decomposes to a combining
// character that is not Mn, and the caller then takes the general path.
func qryNormalizeRunes(line string) (string, bool) {
	t := qryNormBMP()
	b := make([]byte, 0, len(line)+len(line)/4)
	for i, r := range line {
		var out string
		switch {
		case r == 'Σ':
			out = "σ"
			if qryFinalSigma(line, i) {
				out = "ς"
			}
		case r < 0x10000:
			if t.complex[r] {
				return "", false
			}
			out = t.out[r]
		default:
			var simple bool
			if out, simple = qryNormRune(r); !simple {
				return "", false
			}
		}
		b = append(b, out...)
	}
	return string(b), true
}

// qryNormTable holds qryNormRune for every BMP code point.
type qryNormTable struct {
	out     [0x10000]string
	complex [0x10000]bool
}

var qryNormBMP = sync.OnceValue(func() *qryNormTable {
	t := new(qryNormTable)
	for r := range rune(0x10000) {
		var simple bool
		t.out[r], simple = qryNormRune(r)
		t.complex[r] = !simple
	}
	return t
})

// qryNormRune is Normalize's lower case, NFD, Mn removal, digit, punctuation
// and control steps on the single rune r (Σ aside); simple is false when
// its decomposition holds a combining character (canonical combining class
// > 0) that is not Mn, whose order NFD may change with its neighbours.
func qryNormRune(r rune) (out string, simple bool) {
	lower := string(unicode.ToLower(r))
	if r == 'İ' {
		lower = "i\u0307"
	}
	var b strings.Builder
	for _, x := range norm.NFD.String(lower) {
		switch {
		case unicode.Is(unicode.Mn, x):
		case norm.NFD.PropertiesString(string(x)).CCC() != 0:
			return "", false
		case unicode.IsDigit(x):
			b.WriteByte('0')
		case x < 0x20 || x >= 0x7f && x <= 0x9f:
		default:
			if p, ok := qryPunct[x]; ok {
				b.WriteString(p)
			} else {
				b.WriteRune(x)
			}
		}
	}
	return b.String(), true
}

// qryNormalizeUnicode is Normalize after strip, step by step.
func qryNormalizeUnicode(line string) string {
	lower := qryPyLower(line)
	var b strings.Builder
	b.Grow(len(lower))
	for _, r := range norm.NFD.String(lower) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsDigit(r):
			b.WriteByte('0')
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
		default:
			if p, ok := qryPunct[r]; ok {
				b.WriteString(p)
			} else {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// qryNormalizeASCII is Normalize for an all-ASCII line, where lower case,
// NFD and the punctuation map are trivial.
func qryNormalizeASCII(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return "", false
		}
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
		case c >= 'A' && c <= 'Z':
			b = append(b, c+'a'-'A')
		case c >= '0' && c <= '9':
			b = append(b, '0')
		default:
			b = append(b, c)
		}
	}
	return string(b), true
}

// qryPyLower is Python's str.lower(): Unicode's simple lower case mapping
// (what unicode.ToLower gives), the one unconditional full mapping İ ->
// "i̇", and the Final_Sigma rule for Σ.
func qryPyLower(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case 'Σ':
			if qryFinalSigma(s, i) {
				b.WriteRune('ς')
			} else {
				b.WriteRune('σ')
			}
		case 'İ':
			b.WriteString("i\u0307")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// qryFinalSigma is Unicode's Final_Sigma condition for the Σ at s[i:]: a
// cased letter before it and none after it, skipping case-ignorable
// characters on both sides.
func qryFinalSigma(s string, i int) bool {
	before := false
	for j := i; j > 0; {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if !qryCaseIgnorable(r) {
			before = qryCased(r)
			break
		}
	}
	if !before {
		return false
	}
	for j := i + len("Σ"); j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		j += n
		if !qryCaseIgnorable(r) {
			return !qryCased(r)
		}
	}
	return true
}

// qryCased is the Unicode property Cased.
func qryCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// qryCaseIgnorable is the Unicode property Case_Ignorable: categories Mn,
// Me, Cf, Lm, Sk and Word_Break MidLetter, MidNumLet, Single_Quote.
func qryCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', '·', 0x0387, 0x055f, 0x05f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}
