package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
)

// Options configures a Reader. The zero value gives the defaults.
type Options struct {
	// MaxHeaderBytes caps the size of one record's header block (version
	// line to blank line). A longer block gives a ParseError wrapping
	// ErrHeaderTooLarge; the next call to Next resynchronises.
	// Default 1 MiB.
	MaxHeaderBytes int64
	// MaxDecompressionRatio aborts decompression when the decompressed size
	// exceeds ratio*compressed bytes consumed + 4 MiB, a guard against
	// gzip/zstd bombs. The error wraps ErrDecompressionRatio and is fatal.
	// Default 200; math.Inf(1) disables the check.
	MaxDecompressionRatio float64
}

const (
	defaultMaxHeader = 1 << 20
	defaultRatio     = 200
	sniffLen         = 512
)

type compression int

const (
	plain compression = iota
	gzipped
	zstded
)

// Reader reads WARC records in sequence from a plain, gzip or zstd stream.
// A Reader is not safe for concurrent use.
type Reader struct {
	d        *bufio.Reader // decompressed stream
	produced *int64        // bytes produced into d so far
	kind     compression
	gz       *gzipSource

	maxHeader int64

	cur     *Record // record whose body may still be unread
	err     error   // sticky fatal error (or io.EOF)
	resync  bool    // the last header was bad: scan for the next record
	midLine bool    // the bad header stopped in the middle of a line
	skipped int64

	scratch []byte     // header block of the current record, normalised
	fields  []fieldPos // positions in scratch
	long    []byte     // lines longer than the buffer
}

type fieldPos struct{ ns, ne, vs, ve int }

// NewReader returns a Reader over r. It sniffs the first bytes to detect
// gzip (one member per record or one for the whole file), zstd or plain
// input, and checks that the (decompressed) data starts with "WARC/".
// ARC files and other data give an error wrapping ErrUnsupportedFormat;
// empty input is accepted (Next returns io.EOF).
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	rd := &Reader{maxHeader: opts.MaxHeaderBytes}
	if rd.maxHeader <= 0 {
		rd.maxHeader = defaultMaxHeader
	}
	ratio := opts.MaxDecompressionRatio
	if ratio <= 0 || math.IsNaN(ratio) {
		ratio = defaultRatio
	}
	if math.IsInf(ratio, 1) {
		ratio = 0
	}

	cr := &countingReader{r: r}
	raw := bufio.NewReaderSize(cr, bufSize)
	magic, err := raw.Peek(4)
	if err != nil && err != io.EOF {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(magic, gzipMagic):
		g, err := newGzipSource(cr, raw, ratio, bufSize)
		if err != nil {
			return nil, err
		}
		rd.kind, rd.gz, rd.produced = gzipped, g, &g.produced
		rd.d = bufio.NewReaderSize(g, bufSize)
	case isZstd(magic):
		z, err := newZstdSource(cr, raw, ratio)
		if err != nil {
			return nil, err
		}
		rd.kind, rd.produced = zstded, &z.produced
		rd.d = bufio.NewReaderSize(z, bufSize)
	default:
		rd.kind, rd.produced = plain, &cr.n
		rd.d = raw
	}
	if err := rd.sniff(); err != nil {
		return nil, err
	}
	return rd, nil
}

func (r *Reader) sniff() error {
	b, err := r.d.Peek(sniffLen)
	if err == bufio.ErrBufferFull {
		err = nil
	}
	t := bytes.TrimLeft(b, " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("WARC/")):
		return nil
	case len(t) == 0 && err == io.EOF:
		return nil // empty input: no records
	case bytes.HasPrefix(t, []byte("filedesc://")):
		return fmt.Errorf("%w: ARC format is not supported; convert to WARC", ErrUnsupportedFormat)
	case err != nil && err != io.EOF:
		return err
	}
	if len(t) > 16 {
		t = t[:16]
	}
	return fmt.Errorf("%w: not a WARC file (starts with %q)", ErrUnsupportedFormat, t)
}

// Skipped returns the number of bytes discarded so far because of bad
// records: the part of a bad header block that was read plus what the
// resynchronising scan went over.
func (r *Reader) Skipped() int64 { return r.skipped }

// pos is the offset in the decompressed stream of the next byte of d.
func (r *Reader) pos() int64 { return *r.produced - int64(r.d.Buffered()) }

// Next advances to the next record, first discarding whatever is left of
// the previous record's body. It returns io.EOF at the end of the input.
//
// A *ParseError means the record at its Offset is malformed; the next
// call to Next scans forward to the next line starting with "WARC/" and a
// digit and goes on from there. A truncated body gives a ParseError
// wrapping io.ErrUnexpectedEOF (from Body reads and once more from Next);
// the call after that returns io.EOF. Any other error (see
// DecompressionError) is fatal and returned by every later call.
// IsRecoverable tells the two kinds apart.
func (r *Reader) Next() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.cur != nil {
		err := r.cur.body.finish()
		r.cur = nil
		if err != nil {
			return nil, err
		}
	}
	if r.resync {
		r.resync = false
		if err := r.resynchronise(); err != nil {
			r.err = err
			return nil, err
		}
	}
	rec, err := r.readHeader()
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			r.resync = true
		} else {
			r.err = err
		}
		return nil, err
	}
	r.cur = rec
	return rec, nil
}

// resynchronise discards input up to the next line that starts with
// "WARC/" followed by a digit, or to the end of the input.
func (r *Reader) resynchronise() error {
	atStart := !r.midLine
	r.midLine = false
	for {
		if atStart {
			if b, _ := r.d.Peek(6); len(b) == 6 && string(b[:5]) == "WARC/" && isDigit(b[5]) {
				return nil
			}
		}
		line, err := r.d.ReadSlice('\n')
		r.skipped += int64(len(line))
		switch err {
		case nil:
			atStart = true
		case bufio.ErrBufferFull:
			atStart = false
		case io.EOF:
			return nil
		default:
			return err
		}
	}
}

var errLineTooLong = errors.New("line too long")

// readLine returns the next line including its '\n' (without one at the
// end of input). The slice is valid until the next read. Lines longer than
// limit give errLineTooLong after consuming limit+ bytes.
func (r *Reader) readLine(limit int64) ([]byte, error) {
	line, err := r.d.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		return line, err
	}
	r.long = append(r.long[:0], line...)
	for err == bufio.ErrBufferFull {
		if int64(len(r.long)) > limit {
			return nil, errLineTooLong
		}
		line, err = r.d.ReadSlice('\n')
		r.long = append(r.long, line...)
	}
	if int64(len(r.long)) > limit {
		return nil, errLineTooLong
	}
	return r.long, err
}

func (r *Reader) headerError(start int64, field string, err error) error {
	r.skipped += r.pos() - start
	return &ParseError{Offset: start, Field: field, Err: err}
}

// tooLarge reports a header block over the limit; midLine says whether
// reading stopped inside a line (resync must then skip the rest of it).
func (r *Reader) tooLarge(start int64, midLine bool) error {
	r.midLine = midLine
	return r.headerError(start, "", fmt.Errorf("%w (limit %d bytes)", ErrHeaderTooLarge, r.maxHeader))
}

// readHeader parses the next header block and returns its record.
func (r *Reader) readHeader() (*Record, error) {
	var (
		start int64
		line  []byte
		err   error
	)
	// Skip blank lines (the record separator, and any extra ones).
	for {
		start = r.pos()
		line, err = r.readLine(r.maxHeader)
		if err == errLineTooLong {
			return nil, r.tooLarge(start, true)
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		if len(bytes.TrimLeft(line, " \t\r\n")) != 0 {
			break
		}
		if err == io.EOF {
			return nil, io.EOF
		}
	}
	budget := r.maxHeader - int64(len(line))
	v := bytes.TrimRight(line, " \t\r\n")
	if !validVersion(v) {
		return nil, r.headerError(start, "", fmt.Errorf("%w %q", ErrInvalidVersion, clip(v, 40)))
	}
	if err == io.EOF {
		return nil, r.headerError(start, "", fmt.Errorf("record header: %w", io.ErrUnexpectedEOF))
	}
	r.scratch = append(r.scratch[:0], v...)
	r.fields = r.fields[:0]
	for {
		// A version line inside a header block means the block was cut
		// short and a new record starts; leave that line for resync.
		if b, _ := r.d.Peek(6); len(b) == 6 && string(b[:5]) == "WARC/" && isDigit(b[5]) {
			return nil, r.headerError(start, "", fmt.Errorf("record header cut short by a new record at offset %d", r.pos()))
		}
		line, err = r.readLine(budget)
		if err == errLineTooLong {
			return nil, r.tooLarge(start, true)
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
		budget -= int64(len(line))
		if budget < 0 {
			return nil, r.tooLarge(start, !bytes.HasSuffix(line, []byte("\n")))
		}
		if err == io.EOF {
			return nil, r.headerError(start, "", fmt.Errorf("record header: %w", io.ErrUnexpectedEOF))
		}
		l := bytes.TrimRight(line, "\r\n")
		if len(l) == 0 {
			break
		}
		if l[0] == ' ' || l[0] == '\t' {
			// Continuation of the previous value.
			c := bytes.Trim(l, " \t")
			if n := len(r.fields); n > 0 && len(c) > 0 {
				f := &r.fields[n-1]
				if f.ve > f.vs {
					r.scratch = append(r.scratch, ' ')
				}
				r.scratch = append(r.scratch, c...)
				f.ve = len(r.scratch)
			}
			continue
		}
		i := bytes.IndexByte(l, ':')
		if i <= 0 {
			continue // not a field; tolerated and dropped
		}
		var f fieldPos
		f.ns = len(r.scratch)
		r.scratch = append(r.scratch, bytes.Trim(l[:i], " \t")...)
		f.ne = len(r.scratch)
		f.vs = f.ne
		r.scratch = append(r.scratch, bytes.Trim(l[i+1:], " \t")...)
		f.ve = len(r.scratch)
		r.fields = append(r.fields, f)
	}

	s := string(r.scratch)
	rec := &Record{Version: s[:len(v)], Offset: start, ContentLength: -1}
	rec.Header = make(Header, len(r.fields))
	haveType := false
	clField := ""
	for i, f := range r.fields {
		name, val := s[f.ns:f.ne], s[f.vs:f.ve]
		rec.Header[i] = Field{Name: name, Value: val}
		switch len(name) {
		case len("Content-Length"):
			if clField == "" && strings.EqualFold(name, "Content-Length") {
				clField = name
				rec.ContentLength = parseLength(val)
				if rec.ContentLength < 0 {
					return nil, r.headerError(start, "Content-Length",
						fmt.Errorf("%w %q", ErrInvalidValue, clip([]byte(val), 40)))
				}
			}
		case len("WARC-Type"):
			if !haveType && strings.EqualFold(name, "WARC-Type") {
				haveType = true
				rec.Type = strings.ToLower(val)
			}
		}
	}
	if clField == "" {
		return nil, r.headerError(start, "Content-Length", ErrMissingField)
	}
	switch r.kind {
	case plain:
		rec.CompressedOffset = start
	case gzipped:
		rec.CompressedOffset = r.gz.memberAt(start)
	default:
		rec.CompressedOffset = -1
	}
	rec.body = bodyReader{r: r, off: start, size: rec.ContentLength, remaining: rec.ContentLength}
	rec.Body = &rec.body
	return rec, nil
}

// validVersion reports whether v is "WARC/<digits>.<digits>".
func validVersion(v []byte) bool {
	if len(v) < 8 || string(v[:5]) != "WARC/" {
		return false
	}
	v = v[5:]
	i := 0
	for i < len(v) && isDigit(v[i]) {
		i++
	}
	if i == 0 || i == len(v) || v[i] != '.' {
		return false
	}
	v = v[i+1:]
	if len(v) == 0 {
		return false
	}
	for _, c := range v {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// parseLength parses a non-negative decimal integer of at most 18 digits;
// it returns -1 for anything else.
func parseLength(s string) int64 {
	if len(s) == 0 || len(s) > 18 {
		return -1
	}
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return -1
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n
}

func clip(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// bodyReader reads a record body in place from the decompressed stream.
type bodyReader struct {
	r         *Reader
	off, size int64
	remaining int64
	err       error
	stale     bool
}

func (b *bodyReader) fail(err error) error {
	if err == io.EOF {
		b.err = &ParseError{Offset: b.off, Err: fmt.Errorf("record body truncated after %d of %d bytes: %w",
			b.size-b.remaining, b.size, io.ErrUnexpectedEOF)}
	} else {
		b.err = err
		b.r.err = err
	}
	return b.err
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.stale {
		return 0, errStaleBody
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.remaining <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.remaining {
		p = p[:b.remaining]
	}
	n, err := b.r.d.Read(p)
	b.remaining -= int64(n)
	if err != nil {
		return n, b.fail(err)
	}
	return n, nil
}

// WriteTo writes the rest of the body to w straight from the read buffer.
func (b *bodyReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	if b.stale {
		return 0, errStaleBody
	}
	for b.err == nil && b.remaining > 0 {
		if b.r.d.Buffered() == 0 {
			if _, err := b.r.d.Peek(1); err != nil {
				return total, b.fail(err)
			}
		}
		n := b.r.d.Buffered()
		if int64(n) > b.remaining {
			n = int(b.remaining)
		}
		buf, _ := b.r.d.Peek(n)
		m, werr := w.Write(buf)
		if m < 0 || m > n {
			m = 0
		}
		b.r.d.Discard(m)
		b.remaining -= int64(m)
		total += int64(m)
		if werr != nil {
			return total, werr
		}
		if m < n {
			return total, io.ErrShortWrite
		}
	}
	return total, b.err
}

// finish discards the unread rest of the body and makes it stale.
func (b *bodyReader) finish() error {
	defer func() { b.stale = true }()
	if b.err != nil {
		return b.err
	}
	for b.remaining > 0 {
		n := b.remaining
		if n > 1<<30 {
			n = 1 << 30
		}
		m, err := b.r.d.Discard(int(n))
		b.remaining -= int64(m)
		if err != nil {
			return b.fail(err)
		}
	}
	return nil
}
