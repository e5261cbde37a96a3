package extract

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	"github.com/klauspost/compress/zstd"
)

type httpHead struct {
	status           int
	contentType      string
	contentEncoding  string
	transferEncoding string
	chunked          bool
	body             []byte
}

var (
	hdrContentType      = []byte("content-type")
	hdrContentEncoding  = []byte("content-encoding")
	hdrTransferEncoding = []byte("transfer-encoding")
)

// nextLine returns the line starting at pos without its LF or CRLF, and the
// position after the line terminator.
func nextLine(b []byte, pos int) (line []byte, next int) {
	i := bytes.IndexByte(b[pos:], '\n')
	if i < 0 {
		line, next = b[pos:], len(b)
	} else {
		line, next = b[pos:pos+i], pos+i+1
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, next
}

func isHSpace(c byte) bool { return c == ' ' || c == '\t' }

func trimHSpace(b []byte) []byte {
	for len(b) > 0 && (isHSpace(b[0]) || b[0] == '\r') {
		b = b[1:]
	}
	for len(b) > 0 && (isHSpace(b[len(b)-1]) || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// parseStatusLine accepts "HTTP/<anything> NNN[ reason]" with any amount of
// blanks between the parts; the version is case-insensitive.
func parseStatusLine(line []byte) (int, bool) {
	line = trimHSpace(line)
	if len(line) < 5 || !bytes.EqualFold(line[:5], []byte("HTTP/")) {
		return 0, false
	}
	i := 5
	for i < len(line) && !isHSpace(line[i]) {
		i++
	}
	for i < len(line) && isHSpace(line[i]) {
		i++
	}
	if i+3 > len(line) {
		return 0, false
	}
	code := 0
	for _, c := range line[i : i+3] {
		if c < '0' || c > '9' {
			return 0, false
		}
		code = code*10 + int(c-'0')
	}
	if i+3 < len(line) && line[i+3] >= '0' && line[i+3] <= '9' {
		return 0, false // four or more digits
	}
	if code < 100 {
		return 0, false
	}
	return code, true
}

// parseHTTP splits an HTTP response block into status, the headers this
// package needs, and the raw body. It is lenient: leading blank lines are
// skipped, LF-only line ends are accepted, obsolete header folding is
// joined, header lines without a colon are skipped, and a line starting
// with '<' where a header was expected is taken as the start of the body
// (a missing blank line). A block that ends inside the headers has an
// empty body.
func parseHTTP(block []byte) (httpHead, error) {
	var h httpHead
	pos := 0
	for pos < len(block) && (block[pos] == '\r' || block[pos] == '\n' || isHSpace(block[pos])) {
		pos++
	}
	if pos == len(block) {
		return h, drop(ReasonHTTPMalformed, "empty block")
	}
	line, next := nextLine(block, pos)
	code, ok := parseStatusLine(line)
	if !ok {
		return h, drop(ReasonHTTPMalformed, "bad status line: "+strconv.Quote(string(line[:min(len(line), 60)])))
	}
	h.status = code
	pos = next
	var last *string // value of the previous tracked header, for folding
	h.body = block[len(block):]
	for pos < len(block) {
		line, next = nextLine(block, pos)
		if len(trimHSpace(line)) == 0 {
			h.body = block[next:]
			break
		}
		if isHSpace(line[0]) {
			if last != nil {
				*last += " " + string(trimHSpace(line))
			}
			pos = next
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			if line[0] == '<' {
				h.body = block[pos:]
				break
			}
			last = nil
			pos = next
			continue
		}
		name := trimHSpace(line[:colon])
		value := string(trimHSpace(line[colon+1:]))
		last = nil
		switch {
		case bytes.EqualFold(name, hdrContentType):
			if value != "" {
				h.contentType = value
				last = &h.contentType
			}
		case bytes.EqualFold(name, hdrContentEncoding):
			h.contentEncoding = joinList(h.contentEncoding, value)
			last = &h.contentEncoding
		case bytes.EqualFold(name, hdrTransferEncoding):
			h.transferEncoding = joinList(h.transferEncoding, value)
			last = &h.transferEncoding
		}
		pos = next
	}
	h.chunked = hasToken(h.transferEncoding, "chunked")
	return h, nil
}

func joinList(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + ", " + b
}

func hasToken(list, tok string) bool {
	for list != "" {
		var t string
		t, list, _ = strings.Cut(list, ",")
		if strings.EqualFold(strings.TrimSpace(t), tok) {
			return true
		}
	}
	return false
}

// dechunk removes HTTP/1.1 chunked framing. Choices for broken framing:
//   - if the very first chunk-size line is not a hex number, the body is
//     taken as not chunked at all and returned as-is (archivers often store
//     the de-chunked payload but keep the Transfer-Encoding header; warcio
//     falls back the same way);
//   - if the framing breaks later (a bad size line, or no line end after a
//     chunk's data), the chunks decoded so far are kept and the remaining
//     bytes are appended raw: they are most likely payload after a
//     miscounted chunk;
//   - a body truncated inside a chunk or missing the last-chunk keeps
//     everything up to the end (truncated WARC records are common).
//
// Trailers after the last chunk are ignored. Output is never larger than
// the input.
func dechunk(b []byte) []byte {
	var out []byte
	pos := 0
	first := true
	for pos < len(b) {
		line, next := nextLine(b, pos)
		size, ok := parseChunkSize(line)
		if !ok {
			if first {
				return b
			}
			return append(out, b[pos:]...)
		}
		if first {
			out = make([]byte, 0, len(b))
			first = false
		}
		if size == 0 {
			return out
		}
		pos = next
		if size >= uint64(len(b)-pos) {
			return append(out, b[pos:]...)
		}
		end := pos + int(size)
		out = append(out, b[pos:end]...)
		pos = end
		switch {
		case pos == len(b):
		case b[pos] == '\n':
			pos++
		case b[pos] == '\r' && pos+1 < len(b) && b[pos+1] == '\n':
			pos += 2
		case b[pos] == '\r' && pos+1 == len(b):
			pos++
		default:
			return append(out, b[pos:]...)
		}
	}
	if first {
		return b
	}
	return out
}

// parseChunkSize parses "1a2b[;ext][ ]" and rejects anything else.
func parseChunkSize(line []byte) (uint64, bool) {
	if i := bytes.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	line = trimHSpace(line)
	if len(line) == 0 || len(line) > 16 {
		return 0, false
	}
	var n uint64
	for _, c := range line {
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(d)
	}
	return n, true
}

var errTooLarge = errors.New("decoded body over MaxBodyBytes")

// readCapped reads r to EOF into a buffer that never grows past max+1
// bytes; errTooLarge is returned once more than max bytes were produced.
func readCapped(r io.Reader, max int64, hint int) ([]byte, error) {
	limit := max + 1
	c := int64(hint)*4 + 512
	if c > limit {
		c = limit
	}
	buf := make([]byte, 0, int(c))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				return buf, errTooLarge
			}
			nc := int64(cap(buf)) * 2
			if nc > limit {
				nc = limit
			}
			nb := make([]byte, len(buf), int(nc))
			copy(nb, buf)
			buf = nb
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return buf, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func isGzip(b []byte) bool { return len(b) >= 3 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 }

func isZlib(b []byte) bool {
	return len(b) >= 2 && b[0]&0x0f == 8 && b[0]>>4 <= 7 && (uint16(b[0])<<8|uint16(b[1]))%31 == 0
}

func isZstd(b []byte) bool {
	return len(b) >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd
}

// gunzip decodes one or more concatenated gzip members; bytes after the
// last member that do not start another member are ignored.
func gunzip(b []byte, max int64) ([]byte, error) {
	br := bytes.NewReader(b)
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	var out []byte
	for {
		part, err := readCapped(zr, max-int64(len(out)), len(b))
		if out == nil {
			out = part
		} else {
			out = append(out, part...)
		}
		if err != nil {
			if errors.Is(err, gzip.ErrChecksum) {
				err = nil // data fully decoded; keep it
			} else {
				return out, err
			}
		}
		rest := b[len(b)-br.Len():]
		if !isGzip(rest) {
			return out, nil
		}
		if err := zr.Reset(br); err != nil {
			return out, nil
		}
		zr.Multistream(false)
	}
}

func inflate(b []byte, max int64) ([]byte, error) {
	if isZlib(b) {
		if zr, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			out, err := readCapped(zr, max, len(b))
			if errors.Is(err, zlib.ErrChecksum) {
				err = nil // data fully decoded; keep it
			}
			if err == nil || len(out) > 0 {
				return out, err
			}
		}
	}
	fr := flate.NewReader(bytes.NewReader(b))
	defer fr.Close()
	return readCapped(fr, max, len(b))
}

func unbrotli(b []byte, max int64) ([]byte, error) {
	out, err := readCapped(brotli.NewReader(bytes.NewReader(b)), max, len(b))
	if err != nil && err.Error() == "brotli: excessive input" {
		err = nil // complete stream followed by junk
	}
	return out, err
}

func unzstd(b []byte, max int64) ([]byte, error) {
	mem := uint64(max)
	if mem < 1<<20 {
		mem = 1 << 20
	}
	// RFC 9659: the HTTP zstd coding uses windows of at most 8 MB.
	d, err := zstd.NewReader(bytes.NewReader(b), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(mem),
		zstd.WithDecoderMaxWindow(8<<20), zstd.WithDecoderLowmem(true))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	out, err := readCapped(d, max, len(b))
	if errors.Is(err, zstd.ErrDecoderSizeExceeded) {
		err = errTooLarge
	}
	return out, err
}

// decodeContent undoes the Content-Encoding list (last applied first).
// identity and unknown codings are left as-is. When decoding fails and
// the bytes already look like text (archives sometimes store the decoded
// body but keep the header), they are used as they are; a stream that is
// merely truncated keeps what was decoded; anything else is a Drop.
func decodeContent(body []byte, encodings string, max int64) ([]byte, error) {
	if encodings == "" || len(body) == 0 {
		return body, nil
	}
	codings := strings.Split(encodings, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.ToLower(strings.TrimSpace(codings[i]))
		var dec func([]byte, int64) ([]byte, error)
		switch c {
		case "gzip", "x-gzip":
			dec = gunzip
		case "deflate", "x-deflate":
			dec = inflate
		case "br":
			dec = unbrotli
		case "zstd":
			dec = unzstd
		default:
			continue // identity, none, unknown: as-is
		}
		// Sniff the real format: servers mislabel gzip/zlib/zstd.
		switch {
		case isGzip(body):
			dec = gunzip
		case isZstd(body):
			dec = unzstd
		case c != "br" && isZlib(body):
			dec = inflate
		}
		out, err := dec(body, max)
		if err == nil {
			body = out
			continue
		}
		if errors.Is(err, errTooLarge) {
			return nil, drop(ReasonBodyTooLarge, c+" output over limit")
		}
		if looksLikeText(body) {
			return body, nil // already decoded; stop undoing codings
		}
		if len(out) > 0 && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) {
			body = out // truncated stream: keep the decoded prefix
			continue
		}
		return nil, drop(ReasonContentDecoding, c+": "+err.Error())
	}
	return body, nil
}

// looksLikeText reports whether the first KiB has no C0 control bytes other
// than whitespace and ESC: true for HTML and text in any ASCII-compatible
// charset, false for compressed or binary data (and for UTF-16).
func looksLikeText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	if len(b) > 1024 {
		b = b[:1024]
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b {
			return false
		}
	}
	return true
}
