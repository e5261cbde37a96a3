package document

import (
	"strings"
	"unicode"
)

// IsPySpace reports whether Python's str.strip() and str.split() treat r as
// whitespace: Unicode White_Space plus the four information separators
// U+001C..U+001F, which Go's unicode.IsSpace lacks.
func IsPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// PyStrip is Python's str.strip() with no argument.
func PyStrip(s string) string {
	return strings.TrimFunc(s, IsPySpace)
}

// Netloc returns the network location of url as Python's
// urllib.parse.urlsplit(url).netloc does: the text after "//" up to the
// first '/', '?' or '#', with userinfo and port kept. A URL with no "//"
// after its scheme has an empty netloc.
func Netloc(url string) string {
	rest := url
	// urlsplit takes a scheme only when it is [A-Za-z][A-Za-z0-9+.-]* ':'.
	if i := strings.IndexByte(rest, ':'); i > 0 && validScheme(rest[:i]) {
		rest = rest[i+1:]
	}
	if !strings.HasPrefix(rest, "//") {
		return ""
	}
	rest = rest[2:]
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}
