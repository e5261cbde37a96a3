package dedup

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
)

// asciiDrop marks an ASCII byte that normalization deletes (a C0 control or
// DEL) in asciiMap.
const asciiDrop = 0xff

// asciiMap is the normalization of one ASCII byte: lower case, every digit
// to '0', controls deleted. Entries >= 0x80 are unused.
var asciiMap = func() (t [128]byte) {
	for i := range t {
		b := byte(i)
		switch {
		case b < 0x20 || b == 0x7f:
			t[i] = asciiDrop
		case b >= 'A' && b <= 'Z':
			t[i] = b + ('a' - 'A')
		case b >= '0' && b <= '9':
			t[i] = '0'
		default:
			t[i] = b
		}
	}
	return t
}()

// asciiSpace reports the ASCII bytes Python's str.strip() removes:
// \t \n \v \f \r, the information separators U+001C..U+001F and space.
var asciiSpace = func() (t [128]bool) {
	for _, b := range []byte{'\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' '} {
		t[b] = true
	}
	return t
}()

// isPySpace reports whether Python's str.isspace() (used by str.strip()) is
// true for r: bidirectional class WS, B or S, or category Zs. That is Unicode
// White_Space plus U+001C..U+001F; U+180E is not a space since Unicode 6.3.
func isPySpace(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	switch {
	case r == 0x85, r == 0xa0, r == 0x1680, r >= 0x2000 && r <= 0x200a,
		r == 0x2028, r == 0x2029, r == 0x202f, r == 0x205f, r == 0x3000:
		return true
	}
	return false
}

// isUnicodePunct reports whether r is one of the 34 keys of cc_net's
// text_normalizer.UNICODE_PUNCT, which normalize_for_dedup deletes.
func isUnicodePunct(r rune) bool {
	switch r {
	case 0xff0c, // ，
		0x3002, // 。
		0x3001, // 、
		0x201e, // „
		0x201d, // ”
		0x201c, // “
		0x00ab, // «
		0x00bb, // »
		0xff11, // １ (a digit: \d has already turned it into "0")
		0x300d, // 」
		0x300c, // 「
		0x300a, // 《
		0x300b, // 》
		0x00b4, // ´
		0x2236, // ∶
		0xff1a, // ：
		0xff1f, // ？
		0xff01, // ！
		0xff08, // （
		0xff09, // ）
		0xff1b, // ；
		0x2013, // –
		0x2014, // —
		0xff0e, // ．
		0xff5e, // ～
		0x2019, // ’
		0x2026, // …
		0x2501, // ━
		0x3008, // 〈
		0x3009, // 〉
		0x3010, // 【
		0x3011, // 】
		0xff05, // ％
		0x25ba: // ►
		return true
	}
	return false
}

// isCased is the Unicode property Cased (Lu, Ll, Lt, Other_Lowercase,
// Other_Uppercase), which Python's final-sigma rule uses.
func isCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// isCaseIgnorable is the Unicode property Case_Ignorable: Mn, Me, Cf, Lm,
// Sk, and Word_Break MidLetter, MidNumLet and Single_Quote.
func isCaseIgnorable(r rune) bool {
	switch r {
	case 0x0027, // Single_Quote '
		0x002e, 0x2018, 0x2019, 0x2024, 0xfe52, 0xff07, 0xff0e, // MidNumLet
		0x003a, 0x00b7, 0x0387, 0x055f, 0x05f4, 0x2027, 0xfe13, 0xfe55, 0xff1a: // MidLetter
		return true
	}
	if r < 0x80 {
		return r == '^' || r == '`' // Sk
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// finalSigma applies Python's Final_Sigma condition to the capital sigma at
// s[i:i+2] (s is the stripped line): preceded by a cased letter, skipping
// case-ignorable ones, and not followed by one, likewise skipping.
func finalSigma(s string, i int) bool {
	j := i
	before := false
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		j -= n
		if !isCaseIgnorable(r) {
			before = isCased(r)
			break
		}
	}
	if !before {
		return false
	}
	for j = i + 2; j < len(s); {
		r, n := utf8.DecodeRuneInString(s[j:])
		j += n
		if !isCaseIgnorable(r) {
			return !isCased(r)
		}
	}
	return true
}

// strip returns the bounds of line without Python's leading and trailing
// whitespace.
func strip(line string) (start, end int) {
	end = len(line)
	for start < end {
		c := line[start]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			start++
			continue
		}
		r, n := utf8.DecodeRuneInString(line[start:])
		if !isPySpace(r) {
			break
		}
		start += n
	}
	for end > start {
		c := line[end-1]
		if c < utf8.RuneSelf {
			if !asciiSpace[c] {
				break
			}
			end--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(line[start:end])
		if !isPySpace(r) {
			break
		}
		end -= n
	}
	return start, end
}

// Normalize is cc_net's text_normalizer.normalize_for_dedup:
//
//	line = line.strip()                              # Python whitespace
//	line = line.lower()                              # full lower case, final sigma
//	line = re.sub(r"\d", "0", line)                  # every Unicode Nd digit
//	line = PUNCT_OR_NON_PRINTING_CHARS_RE.sub("", line)
//
// The last class is the 34 keys of UNICODE_PUNCT plus U+0000..U+001F and
// U+007F..U+009F. Accents and ASCII punctuation are kept. Invalid UTF-8
// bytes are read as U+FFFD, one per byte, as encoding/json writes them.
func Normalize(line string) string {
	var buf [256]byte
	b := AppendNormalized(buf[:0], line)
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// AppendNormalized appends Normalize(line) to dst and returns the extended
// buffer. It allocates only when dst has less room than three times the
// stripped line (the worst-case expansion: an invalid byte becomes U+FFFD).
func AppendNormalized(dst []byte, line string) []byte {
	start, end := strip(line)
	if start == end {
		return dst
	}
	s := line[:end]
	dst = slices.Grow(dst, 3*(end-start))
	n0 := len(dst)
	out := dst[n0:cap(dst)]
	j := 0
	for i := start; i < end; {
		// Eight ASCII bytes at a time while there is no control byte (SWAR).
		for i+8 <= end {
			x := load64(s, i)
			if x&hi8 != 0 {
				break
			}
			if ctrl := (^(x + lo8*(0x80-0x20)) | (x + lo8)) & hi8; ctrl != 0 {
				break // a byte < 0x20 or 0x7f
			}
			upper := (x + lo8*(0x80-'A')) &^ (x + lo8*(0x7f-'Z')) & hi8
			digit := (x + lo8*(0x80-'1')) &^ (x + lo8*(0x7f-'9')) & hi8
			x |= upper >> 2           // 'A'..'Z' + 0x20
			x &^= (digit >> 7) * 0x0f // '1'..'9' -> '0'
			binary.LittleEndian.PutUint64(out[j:], x)
			i += 8
			j += 8
		}
		if i >= end {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			out[j] = asciiMap[c]
			j += int(asciiKeep[c])
			i++
			continue
		}
		var r rune
		var n int
		if c >= 0xc2 && c < 0xe0 && i+1 < end && s[i+1]&0xc0 == 0x80 {
			r, n = rune(c&0x1f)<<6|rune(s[i+1]&0x3f), 2 // two-byte sequence
		} else if c >= 0xe1 && c <= 0xef && c != 0xed && i+2 < end && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			// Three bytes, U+1000..U+FFFF minus the surrogates (lead 0xed):
			// no overlong form is possible with these leads.
			r, n = rune(c&0x0f)<<12|rune(s[i+1]&0x3f)<<6|rune(s[i+2]&0x3f), 3
		} else {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if r < tableSize {
			v := lowerTable[r]
			switch {
			case v == r:
				j += copy(out[j:], s[i:i+n])
			case v >= 0:
				j += utf8.EncodeRune(out[j:], v)
			case v == tabDigit:
				out[j] = '0'
				j++
			case v == tabSigma:
				if finalSigma(s[start:], i-start) {
					j += copy(out[j:], "ς")
				} else {
					j += copy(out[j:], "σ")
				}
			case v == tabDotI:
				j += copy(out[j:], "i\u0307")
			}
			// tabDrop: nothing
		} else if uncasedBlock(r) {
			j += copy(out[j:], s[i:i+n])
		} else {
			switch v := lowerRune(r); {
			case v >= 0:
				j += utf8.EncodeRune(out[j:], v)
			case v == tabDigit:
				out[j] = '0'
				j++
			}
		}
		i += n
	}
	return dst[:n0+j]
}

const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
)

// load64 reads s[i:i+8] as a little-endian uint64 (one load).
func load64(s string, i int) uint64 {
	t := s[i : i+8]
	return uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
		uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
}

// Outcomes of lowerRune other than a rune.
const (
	tabDrop  rune = -1 // deleted: control or UNICODE_PUNCT key
	tabDigit rune = -2 // Nd digit: "0"
	tabSigma rune = -3 // capital sigma: σ or final ς by context
	tabDotI  rune = -4 // İ: "i\u0307"
)

// lowerRune is the normalization of one non-ASCII rune without context.
// Digits are tested before the punctuation keys: U+FF11 is both, and \d
// runs first.
func lowerRune(r rune) rune {
	switch {
	case r <= 0x9f: // C1 controls U+0080..U+009F
		return tabDrop
	case r == 0x3a3:
		return tabSigma
	case r == 0x130:
		return tabDotI
	case unicode.IsDigit(r):
		return tabDigit
	case isUnicodePunct(r):
		return tabDrop
	}
	return unicode.ToLower(r)
}

// tableSize covers Latin, Greek, Cyrillic, the other alphabetic scripts of
// the BMP's first part, general punctuation and CJK symbols and kana.
const tableSize = 0x3100

// lowerTable caches lowerRune below tableSize.
var lowerTable = func() *[tableSize]rune {
	var t [tableSize]rune
	for r := range t {
		if r >= 0x80 {
			t[r] = lowerRune(rune(r))
		}
	}
	return &t
}()

// asciiKeep is 0 for the ASCII bytes normalization deletes, 1 otherwise.
var asciiKeep = func() (t [128]uint8) {
	for i := range t {
		if asciiMap[i] != asciiDrop {
			t[i] = 1
		}
	}
	return t
}()

// uncasedBlock reports the big blocks of letters without case, digits or
// UNICODE_PUNCT keys, which normalization copies: CJK ideographs and Hangul.
func uncasedBlock(r rune) bool {
	return r >= 0x3400 && r <= 0x4dbf || r >= 0x4e00 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7a3
}
