package filters

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyIsSpace is Python's str.isspace for one character: Unicode White_Space
// plus U+001C..U+001F, which Python counts as whitespace and Go does not.
func pyIsSpace(r rune) bool {
	if r < utf8.RuneSelf {
		switch r {
		case ' ', '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f:
			return true
		}
		return false
	}
	return unicode.IsSpace(r)
}

// pyStrip is Python's str.strip() with no argument.
func pyStrip(s string) string {
	return strings.TrimFunc(s, pyIsSpace)
}

// asciiSpace marks the ASCII bytes that are Python whitespace.
var asciiSpace = [128]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true,
	0x1c: true, 0x1d: true, 0x1e: true, 0x1f: true}

// forEachField calls fn with each field of Python's str.split(), without
// building a slice; fn returns false to stop.
func forEachField(s string, fn func(string) bool) {
	start := -1
	for i := 0; i < len(s); {
		c := s[i]
		size, space := 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if start >= 0 {
				if !fn(s[start:i]) {
					return
				}
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// countFields is len(s.split()).
func countFields(s string) int {
	n := 0
	forEachField(s, func(string) bool { n++; return true })
	return n
}

// isLineBreak reports the characters at which Python's str.splitlines()
// breaks (\r\n counts as one break; the caller handles that pair).
func isLineBreak(r rune) bool {
	switch r {
	case '\n', '\r', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// forEachLine calls fn with each line of Python's str.splitlines(): lines
// without their breaks, no empty last line for a text that ends with a
// break, none at all for "".
func forEachLine(s string, fn func(string)) {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= ' ' && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isLineBreak(r) {
			i += size
			continue
		}
		fn(s[start:i])
		i += size
		if r == '\r' && i < len(s) && s[i] == '\n' {
			i++
		}
		start = i
	}
	if start < len(s) {
		fn(s[start:])
	}
}

// runeLen is Python's len() of a str: code points.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// isWordRune is one character of Python's re \w on str patterns: letters
// (categories L*), numbers (N*) and the underscore. Combining marks are
// not word characters in Python, unlike in some other engines.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// hasLetter reports whether any character of s is alphabetic (Python's
// str.isalpha per character: categories Lu Ll Lt Lm Lo).
func hasLetter(s string) bool {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return true
			}
			continue
		}
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// appendPyLower appends Python's str.lower() of s to dst: full lower-case
// mapping, where U+0130 (İ) becomes "i̇" (two code points) rather than Go's
// "i". The Greek final-sigma rule is not applied (σ everywhere), which no
// ASCII phrase or LDNOOBW entry depends on.
func appendPyLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x130:
			dst = append(dst, "i\u0307"...)
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[i])
		default:
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		i += size
	}
	return dst
}
