package extract

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Default limits used when an Options field is zero or negative.
const (
	DefaultMaxBodyBytes = 64 << 20 // 64 MiB
	DefaultMaxLineBytes = 1 << 20  // 1 MiB
)

// Options bounds the work done on one response.
type Options struct {
	// MaxBodyBytes caps the decoded (de-chunked, decompressed) body. A body
	// over it is dropped with ReasonBodyTooLarge; decompression stops as soon
	// as the cap is passed, so no more than MaxBodyBytes+1 bytes of output are
	// ever allocated. Zero or negative means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// MaxLineBytes: a text line longer than this (in bytes, after whitespace
	// collapse) is dropped and counted in Result.LinesDropped. The title is
	// truncated to it instead. Zero or negative means DefaultMaxLineBytes.
	MaxLineBytes int
}

func (o Options) withDefaults() Options {
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.MaxBodyBytes > 1<<50 {
		o.MaxBodyBytes = 1 << 50 // keeps MaxBodyBytes+1 and friends from overflowing
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	return o
}

// Result is the text extracted from one response.
type Result struct {
	Status       int      // HTTP status code (0 when the input was not an HTTP block)
	ContentType  string   // media type, lowercased, no parameters ("text/html")
	Charset      string   // WHATWG name of the charset used to decode ("utf-8", "windows-1252", ...)
	Title        string   // <title> text, whitespace-collapsed ("" if none / not HTML)
	Lines        []string // visible text lines: whitespace collapsed, trimmed, no empty lines
	LinesDropped int      // lines dropped for exceeding Options.MaxLineBytes
}

// Drop reasons: stable names used in reports.
const (
	// ReasonHTTPMalformed: no or invalid HTTP status line.
	ReasonHTTPMalformed = "http-malformed"
	// ReasonHTTPStatus: status code outside 200-299.
	ReasonHTTPStatus = "http-status"
	// ReasonNotText: binary or non-prose media type (images, PDF, CSS,
	// JavaScript, JSON, XML feeds, ...), or a text-labelled body whose bytes
	// are an identified binary format.
	ReasonNotText = "not-text"
	// ReasonContentDecoding: a Content-Encoding (gzip, deflate, br, zstd) that
	// could not be decoded while the raw bytes do not look like text.
	ReasonContentDecoding = "content-decoding"
	// ReasonBodyTooLarge: decoded body over Options.MaxBodyBytes.
	ReasonBodyTooLarge = "body-too-large"
)

// Drop is returned (as *Drop) when a response is well-formed enough to be
// recognised but must not become a document. Reason is one of the Reason*
// constants; Detail is free text for logs.
type Drop struct {
	Reason string
	Detail string
}

// Error implements error.
func (d *Drop) Error() string {
	if d.Detail == "" {
		return "extract: drop " + d.Reason
	}
	return "extract: drop " + d.Reason + ": " + d.Detail
}

// DropReason returns the Reason of a *Drop in err's chain, or "" if there is none.
func DropReason(err error) string {
	var d *Drop
	if errors.As(err, &d) {
		return d.Reason
	}
	return ""
}

func drop(reason, detail string) *Drop {
	return &Drop{Reason: reason, Detail: cleanDetail(detail)}
}

// cleanDetail makes header-derived text safe to log: valid UTF-8, short.
func cleanDetail(s string) string {
	const max = 120
	if len(s) > max {
		s = s[:max]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// Response parses the HTTP response block of a WARC response record (status
// line, headers, blank line, body), decodes the body (chunked framing,
// Content-Encoding), and extracts title and text. On a *Drop error the
// returned Result still carries what was learnt (Status, ContentType).
func Response(block []byte, opts Options) (Result, error) {
	opts = opts.withDefaults()
	var res Result
	h, err := parseHTTP(block)
	if err != nil {
		return res, err
	}
	res.Status = h.status
	if h.status < 200 || h.status > 299 {
		return res, drop(ReasonHTTPStatus, strconv.Itoa(h.status))
	}
	mt, cs := parseContentType(h.contentType)
	res.ContentType = mt
	// A declared binary type is dropped before spending time on decoding.
	if mt != "" {
		if k := classify(mt); k == kindNotText {
			return res, drop(ReasonNotText, mt)
		}
	}
	body := h.body
	if h.chunked {
		body = dechunk(body)
	}
	body, err = decodeContent(body, h.contentEncoding, opts.MaxBodyBytes)
	if err != nil {
		return res, err
	}
	return extractBody(res, body, mt, cs, false, opts)
}

// Body extracts title and text from an already-decoded body (no chunked
// framing, no Content-Encoding), choosing the HTML or plain-text path from
// the Content-Type header value (sniffed when empty), like Response does.
func Body(body []byte, contentTypeHeader string, opts Options) (Result, error) {
	opts = opts.withDefaults()
	mt, cs := parseContentType(contentTypeHeader)
	return extractBody(Result{ContentType: mt}, body, mt, cs, false, opts)
}

// HTML extracts title and visible text from an already-decoded HTML body.
// contentTypeHeader is used for its charset parameter (and to recognise
// XHTML); the media type is not checked: the body is always treated as HTML.
func HTML(body []byte, contentTypeHeader string, opts Options) (Result, error) {
	opts = opts.withDefaults()
	mt, cs := parseContentType(contentTypeHeader)
	if mt == "" {
		mt = "text/html"
	}
	return extractBody(Result{ContentType: mt}, body, mt, cs, true, opts)
}

func extractBody(res Result, body []byte, mt, cs string, forceHTML bool, opts Options) (Result, error) {
	if int64(len(body)) > opts.MaxBodyBytes {
		return res, drop(ReasonBodyTooLarge, strconv.Itoa(len(body))+" bytes")
	}
	var k kind
	if forceHTML {
		k = kindHTML
		if isXHTMLType(mt) {
			k = kindXHTML
		}
	} else {
		// A body still gzip-compressed (double compression, or a missing
		// Content-Encoding header) is decoded once more when it decodes cleanly.
		if isGzip(body) && (mt == "" || classify(mt) != kindNotText) {
			if dec, err := gunzip(body, opts.MaxBodyBytes); err == nil {
				body = dec
			} else if errors.Is(err, errTooLarge) {
				return res, drop(ReasonBodyTooLarge, "nested gzip")
			}
		}
		if mt == "" {
			mt = sniff(body)
			res.ContentType = mt
		}
		k = classify(mt)
		if k == kindXML {
			if looksLikeXHTML(body) {
				k = kindXHTML
			} else {
				k = kindNotText
			}
		}
		if k == kindNotText {
			return res, drop(ReasonNotText, mt)
		}
		if b := binarySignature(body, cs); b != "" {
			return res, drop(ReasonNotText, "body is "+b)
		}
	}
	isHTML := k == kindHTML || k == kindXHTML
	text, charset := decodeCharset(body, cs, isHTML)
	res.Charset = charset
	if isHTML {
		extractHTML(&res, text, k == kindXHTML, opts.MaxLineBytes)
	} else {
		extractPlain(&res, text, opts.MaxLineBytes)
	}
	return res, nil
}
