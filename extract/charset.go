package extract

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// lookupCharset resolves a charset label with the WHATWG label table
// (so "iso-8859-1" and "latin1" mean windows-1252, "gb2312" means gbk).
func lookupCharset(label string) (encoding.Encoding, string) {
	if label == "" || len(label) > 64 {
		return nil, ""
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(e)
	if err != nil {
		return nil, ""
	}
	return e, name
}

// decodeCharset picks the charset and returns the body as UTF-8. The order:
//  1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE);
//  2. the Content-Type charset parameter (a UTF-16 label is ignored when
//     the body has no NUL byte in its first KiB);
//  3. for HTML, <meta charset> / <meta http-equiv=Content-Type> found by a
//     prescan of the head (a UTF-16 label there means UTF-8, per WHATWG);
//  4. sniffing: UTF-8 if the whole body is valid UTF-8, else windows-1252.
//
// A declared legacy charset is overridden by UTF-8 when the body is valid
// UTF-8 and contains non-ASCII bytes (a stale declaration: genuine legacy
// text is almost never valid UTF-8).
//
// For UTF-8 the body is returned unchanged: invalid sequences are replaced
// by U+FFFD during text extraction, which sees every output byte.
func decodeCharset(body []byte, headerCharset string, isHTML bool) ([]byte, string) {
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return body[3:], "utf-8"
	case bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), body[2:]), "utf-16be"
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), body[2:]), "utf-16le"
	}
	enc, name := lookupCharset(headerCharset)
	if enc != nil && (name == "utf-16le" || name == "utf-16be") && bytes.IndexByte(body[:min(len(body), 1024)], 0) < 0 {
		enc, name = nil, ""
	}
	if enc == nil && isHTML {
		enc, name = lookupCharset(prescanMeta(body))
		switch name {
		case "utf-16le", "utf-16be":
			enc, name = unicode.UTF8, "utf-8"
		case "x-user-defined":
			enc, name = charmap.Windows1252, "windows-1252"
		}
	}
	if enc == nil {
		if utf8.Valid(body) {
			return body, "utf-8"
		}
		return decodeWith(charmap.Windows1252, body), "windows-1252"
	}
	if name == "utf-8" {
		return body, name
	}
	if name != "utf-16le" && name != "utf-16be" && hasNonASCII(body) && utf8.Valid(body) {
		return body, "utf-8"
	}
	if name == "replacement" {
		// WHATWG: these labels (iso-2022-kr, hz-gb-2312, ...) decode to a
		// single U+FFFD.
		return []byte("\uFFFD"), name
	}
	return decodeWith(enc, body), name
}

func hasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// decodeWith converts body to UTF-8. x/text decoders substitute U+FFFD for
// invalid input; should one fail anyway, the rest of the input is passed
// through and sanitised downstream.
func decodeWith(enc encoding.Encoding, body []byte) []byte {
	out, n, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		out = append(out, body[n:]...)
	}
	return out
}

// prescanMeta looks for a charset declaration in <meta> tags in the first
// 64 KiB of an HTML body, stopping at <body. Comments are skipped. This is
// the WHATWG prescan, over a larger window than its 1024 bytes because
// real pages often put scripts before the declaration.
func prescanMeta(b []byte) string {
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	pos := 0
	for {
		i := bytes.IndexByte(b[pos:], '<')
		if i < 0 {
			return ""
		}
		pos += i
		rest := b[pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest[4:], []byte("-->"))
			if end < 0 {
				return ""
			}
			pos += 4 + end + 3
			continue
		case len(rest) > 5 && asciiLowerEq(rest[1:5], "meta") && isTagEnd(rest[5]):
			cs, n := metaCharset(rest[5:])
			if cs != "" {
				if _, name := lookupCharset(cs); name != "" {
					return cs
				}
			}
			pos += 5 + n
			continue
		case len(rest) > 5 && asciiLowerEq(rest[1:5], "body") && isTagEnd(rest[5]):
			return ""
		}
		pos++
	}
}

func isTagEnd(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>'
}

func isWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func asciiLowerEq(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// metaCharset parses the attributes of one <meta> tag (b starts right after
// "<meta") and returns the declared charset and the bytes consumed.
func metaCharset(b []byte) (string, int) {
	var charset, content string
	httpEquivCT := false
	i := 0
	for i < len(b) {
		for i < len(b) && (isWS(b[i]) || b[i] == '/') {
			i++
		}
		if i >= len(b) || b[i] == '>' {
			break
		}
		ns := i
		for i < len(b) && !isWS(b[i]) && b[i] != '/' && b[i] != '>' && b[i] != '=' {
			i++
		}
		name := b[ns:i]
		for i < len(b) && isWS(b[i]) {
			i++
		}
		var val []byte
		if i < len(b) && b[i] == '=' {
			i++
			for i < len(b) && isWS(b[i]) {
				i++
			}
			if i < len(b) && (b[i] == '"' || b[i] == '\'') {
				q := b[i]
				i++
				vs := i
				for i < len(b) && b[i] != q {
					i++
				}
				val = b[vs:i]
				if i < len(b) {
					i++
				}
			} else {
				vs := i
				for i < len(b) && !isWS(b[i]) && b[i] != '>' {
					i++
				}
				val = b[vs:i]
			}
		}
		switch {
		case asciiLowerEq(name, "charset"):
			if charset == "" {
				charset = string(bytes.TrimSpace(val))
			}
		case asciiLowerEq(name, "http-equiv"):
			httpEquivCT = asciiLowerEq(bytes.TrimSpace(val), "content-type")
		case asciiLowerEq(name, "content"):
			content = string(val)
		}
	}
	if charset != "" {
		return charset, i
	}
	if httpEquivCT {
		return charsetFromContent(content), i
	}
	return "", i
}

// charsetFromContent extracts charset=... from a meta content attribute
// (the WHATWG "extract a character encoding from a meta element" steps).
func charsetFromContent(s string) string {
	b := []byte(s)
	for {
		i := indexFold(b, "charset")
		if i < 0 {
			return ""
		}
		b = b[i+7:]
		j := 0
		for j < len(b) && isWS(b[j]) {
			j++
		}
		if j >= len(b) || b[j] != '=' {
			b = b[j:]
			continue
		}
		j++
		for j < len(b) && isWS(b[j]) {
			j++
		}
		if j >= len(b) {
			return ""
		}
		if q := b[j]; q == '"' || q == '\'' {
			end := bytes.IndexByte(b[j+1:], q)
			if end < 0 {
				return ""
			}
			return string(b[j+1 : j+1+end])
		}
		k := j
		for k < len(b) && !isWS(b[k]) && b[k] != ';' {
			k++
		}
		return string(b[j:k])
	}
}
