package extract

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

const page = "<html><head><title>Hi</title></head><body><p>Hello world.</p><p>Second line.</p></body></html>"

var pageLines = []string{"Hello world.", "Second line."}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zl(b []byte) []byte {
	var buf bytes.Buffer
	w := zlib.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func rawDeflate(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, 6)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func br(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func zst(b []byte) []byte {
	e, _ := zstd.NewWriter(nil)
	defer e.Close()
	return e.EncodeAll(b, nil)
}

func block(head string, body []byte) []byte {
	return append([]byte(head), body...)
}

func TestResponseHTTP(t *testing.T) {
	tests := []struct {
		name   string
		block  []byte
		status int
		ctype  string
		drop   string
		want   []string
	}{
		{"crlf", block("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 10\r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"lf only", block("HTTP/1.1 200 OK\nContent-Type: text/html\n\n", []byte(page)), 200, "text/html", "", pageLines},
		{"http2 no reason", block("HTTP/2 200\r\ncontent-type: text/html\r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"junk whitespace", block("\r\n\r\n  HTTP/1.0 \t 200   Okay fine  \r\nContent-Type :  TEXT/HTML ; Charset=\"UTF-8\"  \r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"lowercase version", block("http/1.1 200 ok\r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"reason with digits", block("HTTP/1.1 203 Non-Authoritative 2\r\nContent-Type: text/html\r\n\r\n", []byte(page)), 203, "text/html", "", pageLines},
		{"206 partial is 2xx", block("HTTP/1.1 206 Partial Content\r\nContent-Type: text/html\r\n\r\n", []byte(page)), 206, "text/html", "", pageLines},
		{"folded header", block("HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=iso-8859-2\r\n\r\n", []byte("<p>\xb1</p>")), 200, "text/html", "", []string{"ą"}},
		{"last content-type wins", block("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Type: text/html\r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"junk header lines skipped", block("HTTP/1.1 200 OK\r\nthis is junk\r\n: empty name\r\nContent-Type: text/html\r\n\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"missing blank line", block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", []byte(page)), 200, "text/html", "", pageLines},
		{"headers only", []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"), 200, "text/html", "", nil},
		{"empty body", []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"), 200, "text/html", "", nil},

		{"empty block", []byte(""), 0, "", ReasonHTTPMalformed, nil},
		{"no status line", []byte("<html>hello</html>"), 0, "", ReasonHTTPMalformed, nil},
		{"no code", []byte("HTTP/1.1 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"two digit code", []byte("HTTP/1.1 20 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"four digit code", []byte("HTTP/1.1 2000 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"code 000", []byte("HTTP/1.1 000 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"ICY", []byte("ICY 200 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"HTTPX", []byte("HTTPX/1.1 200 OK\r\n\r\n"), 0, "", ReasonHTTPMalformed, nil},
		{"whitespace only", []byte(" \r\n\r\n\t"), 0, "", ReasonHTTPMalformed, nil},

		{"404", block("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n", []byte(page)), 404, "", ReasonHTTPStatus, nil},
		{"301", []byte("HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n"), 301, "", ReasonHTTPStatus, nil},
		{"500", []byte("HTTP/1.0 500 Oops\n\n"), 500, "", ReasonHTTPStatus, nil},
		{"199", []byte("HTTP/1.1 199 Odd\r\n\r\n"), 199, "", ReasonHTTPStatus, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkResponse(t, tc.block, Options{}, tc.status, tc.ctype, tc.drop, tc.want)
		})
	}
}

func checkResponse(t *testing.T, blk []byte, opts Options, status int, ctype, dropReason string, want []string) Result {
	t.Helper()
	r, err := Response(blk, opts)
	if got := DropReason(err); got != dropReason {
		t.Fatalf("drop reason = %q (err %v), want %q", got, err, dropReason)
	}
	if err != nil && dropReason == "" {
		t.Fatalf("unexpected error %v", err)
	}
	if r.Status != status {
		t.Errorf("status = %d, want %d", r.Status, status)
	}
	if ctype != "" && r.ContentType != ctype {
		t.Errorf("content type = %q, want %q", r.ContentType, ctype)
	}
	if dropReason == "" && !reflect.DeepEqual(r.Lines, want) {
		t.Errorf("lines = %q\nwant    %q", r.Lines, want)
	}
	return r
}

func TestResponseChunked(t *testing.T) {
	const te = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"valid", "5\r\nHello\r\n7\r\n world!\r\n0\r\n\r\n", []string{"Hello world!"}},
		{"extensions uppercase hex trailers", "5;name=v\r\nHello\r\nA \r\n and more!\r\n0\r\nX-Trailer: 1\r\n\r\n", []string{"Hello and more!"}},
		{"lf only", "5\nHello\n1\n!\n0\n\n", []string{"Hello!"}},
		{"leading zeros", "0005\r\nHello\r\n0\r\n\r\n", []string{"Hello"}},
		{"truncated inside chunk", "5\r\nHello\r\n20\r\n world, cut", []string{"Hello world, cut"}},
		{"no last chunk", "5\r\nHello\r\n", []string{"Hello"}},
		{"not chunked at all", "Hello, I was stored de-chunked.\r\nLine two", []string{"Hello, I was stored de-chunked.", "Line two"}},
		{"body starting with blank line", "\r\nHello", []string{"Hello"}},
		{"miscounted chunk keeps the rest raw", "3\r\nHello\r\n0\r\n\r\n", []string{"Hello", "0"}},
		{"bad second size line keeps the rest raw", "5\r\nHello\r\nzz\r\n world\r\n", []string{"Hello" + "zz", "world"}},
		{"huge size", "ffffffffffffffff\r\nabc", []string{"abc"}},
		{"too many hex digits", "1ffffffffffffffff\r\nabc", []string{"1ffffffffffffffff", "abc"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkResponse(t, block(te, []byte(tc.body)), Options{}, 200, "text/plain", "", tc.want)
		})
	}
	// Chunked framing around a gzip body.
	z := gz([]byte(page))
	var body []byte
	for i := 0; i < len(z); i += 10 {
		chunk := z[i:min(i+10, len(z))]
		body = append(body, []byte(strings.ToUpper(strings.TrimLeft(hex(len(chunk)), "0"))+"\r\n")...)
		body = append(body, chunk...)
		body = append(body, "\r\n"...)
	}
	body = append(body, "0\r\n\r\n"...)
	blk := block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n", body)
	checkResponse(t, blk, Options{}, 200, "text/html", "", pageLines)
}

func hex(n int) string {
	const digits = "0123456789abcdef"
	s := ""
	for ; n > 0; n >>= 4 {
		s = string(digits[n&15]) + s
	}
	return "0" + s
}

func TestResponseContentEncoding(t *testing.T) {
	p := []byte(page)
	head := func(enc string) string {
		return "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: " + enc + "\r\n\r\n"
	}
	bin := bytes.Repeat([]byte{0x00, 0x9c, 0x01, 0xff, 0x13}, 50)
	tests := []struct {
		name string
		blk  []byte
		drop string
	}{
		{"gzip", block(head("gzip"), gz(p)), ""},
		{"x-gzip", block(head("x-gzip"), gz(p)), ""},
		{"GZIP uppercase", block(head("GZIP"), gz(p)), ""},
		{"gzip multi-member", block(head("gzip"), append(gz(p[:40]), gz(p[40:])...)), ""},
		{"gzip trailing junk", block(head("gzip"), append(gz(p), "\r\n\r\n"...)), ""},
		{"deflate zlib", block(head("deflate"), zl(p)), ""},
		{"deflate raw", block(head("deflate"), rawDeflate(p)), ""},
		{"br", block(head("br"), br(p)), ""},
		{"zstd", block(head("zstd"), zst(p)), ""},
		{"stacked gzip then br", block(head("gzip, br"), br(gz(p))), ""},
		{"stacked as two headers", block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: deflate\r\nContent-Encoding: gzip\r\n\r\n", gz(zl(p))), ""},
		{"gzip labelled deflate", block(head("deflate"), gz(p)), ""},
		{"identity", block(head("identity"), p), ""},
		{"unknown coding as-is", block(head("utf-8"), p), ""},
		{"gzip header but already decoded", block(head("gzip"), p), ""},
		{"br header but already decoded", block(head("br"), p), ""},
		{"deflate header but already decoded", block(head("deflate"), p), ""},
		{"zstd header but already decoded", block(head("zstd"), p), ""},
		{"gzip without header (nested)", block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", gz(p)), ""},
		{"double gzip", block(head("gzip"), gz(gz(p))), ""},
		{"gzip corrupt binary", block(head("gzip"), bin), ReasonContentDecoding},
		{"br corrupt binary", block(head("br"), bin), ReasonContentDecoding},
		{"deflate corrupt binary", block(head("deflate"), bin), ReasonContentDecoding},
		{"zstd corrupt", block(head("zstd"), append([]byte{0x28, 0xb5, 0x2f, 0xfd}, bin...)), ReasonContentDecoding},
		{"gzip corrupt after magic", block(head("gzip"), append([]byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff}, bin...)), ReasonContentDecoding},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := checkResponse(t, tc.blk, Options{}, 200, "text/html", tc.drop, pageLines)
			if tc.drop == "" && r.Title != "Hi" {
				t.Errorf("title = %q", r.Title)
			}
		})
	}
}

func TestTruncatedGzipKeepsPrefix(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 3000; i++ {
		sb.WriteString("<p>line ")
		sb.WriteString(strings.Repeat("abcdefgh", i%7+1))
		sb.WriteString("</p>")
	}
	z := gz([]byte(sb.String()))
	r, err := Response(block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", z[:len(z)/2]), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Lines) < 100 || r.Lines[0] != "line abcdefgh" {
		t.Errorf("got %d lines, first %q", len(r.Lines), r.Lines[:min(1, len(r.Lines))])
	}
}

func TestBodyTooLarge(t *testing.T) {
	bomb := gz(bytes.Repeat([]byte("a"), 8<<20)) // 8 MiB of 'a' in ~8 KiB
	opts := Options{MaxBodyBytes: 1 << 20}
	for _, enc := range []string{"gzip", "deflate", "br", "zstd"} {
		var body []byte
		switch enc {
		case "gzip":
			body = bomb
		case "deflate":
			body = zl(bytes.Repeat([]byte("a"), 8<<20))
		case "br":
			body = br(bytes.Repeat([]byte("a"), 8<<20))
		case "zstd":
			body = zst(bytes.Repeat([]byte("a"), 8<<20))
		}
		blk := block("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: "+enc+"\r\n\r\n", body)
		checkResponse(t, blk, opts, 200, "text/plain", ReasonBodyTooLarge, nil)
	}
	// Uncompressed body over the cap.
	blk := block("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", bytes.Repeat([]byte("b"), 2<<20))
	checkResponse(t, blk, opts, 200, "text/plain", ReasonBodyTooLarge, nil)
	// Exactly at the cap is fine.
	blk = block("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n\r\n", gz(bytes.Repeat([]byte("c"), 1<<20)))
	checkResponse(t, blk, opts, 200, "text/plain", "", []string{strings.Repeat("c", 1<<20)})
	// Huge limits do not overflow.
	blk = block("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n", gz([]byte(page)))
	checkResponse(t, blk, Options{MaxBodyBytes: math.MaxInt64, MaxLineBytes: math.MaxInt}, 200, "text/html", "", pageLines)
	// HTML() enforces the cap too.
	if _, err := HTML(bytes.Repeat([]byte("d"), 100), "", Options{MaxBodyBytes: 99}); DropReason(err) != ReasonBodyTooLarge {
		t.Errorf("HTML over cap: %v", err)
	}
}

func TestResponseMediaTypes(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	pdf := []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
	tests := []struct {
		ctype string
		body  []byte
		want  string // resulting media type
		drop  string
	}{
		{"text/html", []byte(page), "text/html", ""},
		{"application/xhtml+xml", []byte(page), "application/xhtml+xml", ""},
		{"text/plain", []byte("plain"), "text/plain", ""},
		{"text/markdown", []byte("# md"), "text/markdown", ""},
		{"image/png", png, "image/png", ReasonNotText},
		{"image/jpeg", []byte(page), "image/jpeg", ReasonNotText},
		{"audio/mpeg", nil, "audio/mpeg", ReasonNotText},
		{"video/mp4", nil, "video/mp4", ReasonNotText},
		{"font/woff2", nil, "font/woff2", ReasonNotText},
		{"application/pdf", pdf, "application/pdf", ReasonNotText},
		{"application/zip", nil, "application/zip", ReasonNotText},
		{"application/octet-stream", []byte(page), "application/octet-stream", ReasonNotText},
		{"application/json", []byte(`{"a":"b"}`), "application/json", ReasonNotText},
		{"application/ld+json", []byte(`{}`), "application/ld+json", ReasonNotText},
		{"application/javascript", []byte("var a;"), "application/javascript", ReasonNotText},
		{"text/javascript", []byte("var a;"), "text/javascript", ReasonNotText},
		{"text/css", []byte("p{}"), "text/css", ReasonNotText},
		{"text/csv", []byte("a,b"), "text/csv", ReasonNotText},
		{"application/rss+xml", []byte("<rss/>"), "application/rss+xml", ReasonNotText},
		{"text/xml", []byte(`<?xml version="1.0"?><rss><channel><title>x</title></channel></rss>`), "text/xml", ReasonNotText},
		{"application/xml", []byte(`<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Hello world.</p><p>Second line.</p></body></html>`), "application/xml", ""},
		{"text/html", png, "text/html", ReasonNotText}, // mislabelled image
		{"text/html", pdf, "text/html", ""},            // no control bytes: stays text
		{"", []byte(page), "text/html", ""},
		{"", []byte("<meta charset=utf-8><p>Hello world.</p><p>Second line.</p>"), "text/html", ""},
		{"", []byte("Just words."), "text/plain", ""},
		{"", png, "image/png", ReasonNotText},
		{"", pdf, "application/pdf", ReasonNotText},
		{"nonsense", []byte(page), "text/html", ""}, // invalid type: sniffed
		{"text/html, text/html", []byte(page), "text/html", ""},
	}
	for _, tc := range tests {
		t.Run(tc.ctype+"/"+tc.want, func(t *testing.T) {
			h := "HTTP/1.1 200 OK\r\n"
			if tc.ctype != "" {
				h += "Content-Type: " + tc.ctype + "\r\n"
			}
			r, err := Response(block(h+"\r\n", tc.body), Options{})
			if got := DropReason(err); got != tc.drop {
				t.Fatalf("drop = %q (%v), want %q", got, err, tc.drop)
			}
			if r.ContentType != tc.want {
				t.Errorf("content type = %q, want %q", r.ContentType, tc.want)
			}
		})
	}
}

func TestDropError(t *testing.T) {
	_, err := Response([]byte("HTTP/1.1 404 Not Found\r\n\r\n"), Options{})
	d, ok := err.(*Drop)
	if !ok || d.Reason != ReasonHTTPStatus || d.Detail != "404" {
		t.Fatalf("err = %#v", err)
	}
	if err.Error() != "extract: drop http-status: 404" {
		t.Errorf("Error() = %q", err.Error())
	}
	if DropReason(nil) != "" {
		t.Error("DropReason(nil)")
	}
}
