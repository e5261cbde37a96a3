package extract

import (
	"bytes"
	"net/http"
	"strings"
)

type kind uint8

const (
	kindNotText kind = iota
	kindHTML
	kindXHTML
	kindText
	kindXML // XML: HTML only if the root element is <html>
)

// parseContentType is a lenient Content-Type parser: the media type is the
// part before the first ';' (or ','), lowercased; it is "" when it is not a
// type/subtype token. charset is the first charset parameter, unquoted.
// mime.ParseMediaType is too strict for real headers (duplicate parameters,
// stray semicolons, unquoted specials).
func parseContentType(v string) (mt, charset string) {
	head, params, _ := strings.Cut(v, ";")
	if i := strings.IndexByte(head, ','); i >= 0 {
		head = head[:i]
	}
	head = strings.TrimSpace(head)
	if validMediaType(head) {
		mt = strings.ToLower(head)
	}
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, val, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "charset") {
			continue
		}
		val = strings.TrimSpace(val)
		val = strings.Trim(val, "\"' ")
		if i := strings.IndexAny(val, ", "); i >= 0 {
			val = val[:i]
		}
		if val != "" {
			return mt, val
		}
	}
	return mt, ""
}

func validMediaType(s string) bool {
	slash := strings.IndexByte(s, '/')
	if slash <= 0 || slash == len(s)-1 || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i == slash {
			continue
		}
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

func isXHTMLType(mt string) bool {
	return mt == "application/xhtml+xml" || mt == "application/vnd.wap.xhtml+xml"
}

// notTextSubtypes are text/* types that are code, style sheets or data,
// not prose; Common Crawl's WET files carry no text for them either.
var notTextSubtypes = map[string]bool{
	"css": true, "javascript": true, "ecmascript": true, "x-javascript": true,
	"x-ecmascript": true, "jscript": true, "livescript": true, "vbscript": true,
	"x-vbscript": true, "x-component": true, "json": true, "x-json": true,
	"csv": true, "x-csv": true, "comma-separated-values": true,
	"tab-separated-values": true, "calendar": true, "x-vcalendar": true,
	"vcard": true, "x-vcard": true, "directory": true, "vtt": true, "xsl": true,
	"x-sgml": true, "rtf": true, "x-cross-domain-policy": true, "cache-manifest": true,
	"dns": true, // Heritrix stores DNS lookups as text/dns records
}

// classify maps a media type to an extraction path.
func classify(mt string) kind {
	switch mt {
	case "text/html", "text/xhtml", "application/html":
		return kindHTML
	case "application/xhtml+xml", "application/vnd.wap.xhtml+xml":
		return kindXHTML
	case "text/xml", "application/xml":
		return kindXML
	}
	if sub, ok := strings.CutPrefix(mt, "text/"); ok {
		if notTextSubtypes[sub] || strings.HasSuffix(sub, "+xml") || strings.HasSuffix(sub, "+json") {
			return kindNotText
		}
		return kindText
	}
	return kindNotText
}

// sniff guesses the media type of a body that came without a usable
// Content-Type: net/http's DetectContentType (WHATWG MIME sniffing), plus a
// look for HTML markers in the first KiB when it answered plain text or XML.
func sniff(body []byte) string {
	mt, _ := parseContentType(http.DetectContentType(body))
	if mt == "text/plain" || mt == "text/xml" {
		head := body[:min(len(body), 1024)]
		for _, m := range htmlMarkers {
			if indexFold(head, m) >= 0 {
				return "text/html"
			}
		}
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	return mt
}

var htmlMarkers = []string{"<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<div", "<p>", "<br"}

// indexFold finds ASCII-lowercase needle in b, case-insensitively.
func indexFold(b []byte, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(b); i++ {
		j := 0
		for ; j < n; j++ {
			c := b[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != needle[j] {
				break
			}
		}
		if j == n {
			return i
		}
	}
	return -1
}

// looksLikeXHTML reports whether an XML body's root element is <html>
// (XHTML served as text/xml or application/xml).
func looksLikeXHTML(body []byte) bool {
	head := body[:min(len(body), 4096)]
	for {
		i := bytes.IndexByte(head, '<')
		if i < 0 || i+1 >= len(head) {
			return false
		}
		head = head[i+1:]
		switch head[0] {
		case '?', '!':
			continue // prolog, doctype, comment
		}
		name := head
		for k, c := range head {
			if c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r' {
				name = head[:k]
				break
			}
		}
		if k := bytes.IndexByte(name, ':'); k >= 0 {
			name = name[k+1:]
		}
		return bytes.EqualFold(name, []byte("html"))
	}
}

// binarySignature returns the sniffed media type when a body labelled as
// text is in fact an identified binary format (image, audio, video, font,
// PDF, archive), and "" otherwise. Only bodies with control bytes in their
// first KiB are sniffed, so text never pays for it.
func binarySignature(body []byte, charset string) string {
	if looksLikeText(body) || strings.HasPrefix(strings.ToLower(charset), "utf-16") || hasBOM(body) {
		return ""
	}
	mt, _ := parseContentType(http.DetectContentType(body))
	switch {
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"),
		strings.HasPrefix(mt, "video/"), strings.HasPrefix(mt, "font/"):
		return mt
	}
	switch mt {
	case "application/pdf", "application/zip", "application/x-gzip", "application/x-rar-compressed",
		"application/wasm", "application/ogg", "application/vnd.ms-fontobject", "application/postscript":
		return mt
	}
	return ""
}

func hasBOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) || bytes.HasPrefix(b, []byte{0xFF, 0xFE})
}
