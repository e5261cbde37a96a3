package warc

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Field is one named header field of a WARC record.
type Field struct {
	Name, Value string
}

// Header holds the fields of a record header block in file order.
// Repeated names are kept; names keep their original spelling.
type Header []Field

// Get returns the value of the first field whose name matches name
// case-insensitively, with surrounding spaces and tabs removed, or ""
// when no field matches.
func (h Header) Get(name string) string {
	for i := range h {
		if strings.EqualFold(h[i].Name, name) {
			return strings.Trim(h[i].Value, " \t")
		}
	}
	return ""
}

// Record is one WARC record. All fields except Body stay valid after the
// next call to Reader.Next; Body does not.
type Record struct {
	// Version is the version line, e.g. "WARC/1.0", "WARC/1.1", "WARC/0.17".
	Version string
	// Header is the header block in file order.
	Header Header
	// Type is the WARC-Type value in lower case ("response", "conversion",
	// ...), or "" when the record has no WARC-Type field.
	Type string
	// ContentLength is the length of Body in bytes, from Content-Length.
	ContentLength int64
	// Offset is the offset of the first byte of the version line in the
	// decompressed stream. It is unique per record and increases with
	// every record, so it can serve as a sort key.
	Offset int64
	// CompressedOffset is the offset in the raw input of the start of the
	// gzip member that holds the first byte of the record. For plain input
	// it equals Offset; for zstd input it is -1 (frame boundaries are not
	// tracked).
	CompressedOffset int64
	// Body yields exactly ContentLength bytes of the record block, read in
	// place from the input. It is valid until the next call to Next; after
	// that, reads fail.
	Body io.Reader

	body bodyReader
}

// TargetURI returns WARC-Target-URI with surrounding spaces removed and,
// for files written by wget, the enclosing '<' and '>' stripped.
func (r *Record) TargetURI() string {
	v := r.Header.Get("WARC-Target-URI")
	if len(v) >= 2 && v[0] == '<' && v[len(v)-1] == '>' {
		v = strings.Trim(v[1:len(v)-1], " \t")
	}
	return v
}

// Errors that a ParseError or DecompressionError may wrap.
var (
	// ErrUnsupportedFormat is returned by NewReader for input that is not
	// a WARC file (for example an ARC file).
	ErrUnsupportedFormat = errors.New("warc: unsupported format")
	// ErrDecompressionRatio is wrapped by the error returned when the input
	// expands more than Options.MaxDecompressionRatio allows.
	ErrDecompressionRatio = errors.New("decompression ratio limit exceeded")
	// ErrInvalidVersion is wrapped by a ParseError when a record does not
	// start with a "WARC/<major>.<minor>" line.
	ErrInvalidVersion = errors.New("invalid version line")
	// ErrHeaderTooLarge is wrapped by a ParseError when a header block is
	// longer than Options.MaxHeaderBytes.
	ErrHeaderTooLarge = errors.New("header block too large")
	// ErrMissingField is wrapped by a ParseError when a required field
	// (Content-Length) is absent.
	ErrMissingField = errors.New("missing")
	// ErrInvalidValue is wrapped by a ParseError when a field value cannot
	// be parsed.
	ErrInvalidValue = errors.New("invalid value")

	errStaleBody = errors.New("warc: read from a record body after Next")
)

// ParseError reports a malformed record. Offset is the offset in the
// decompressed stream of the record (or line) at fault.
type ParseError struct {
	Offset int64
	Field  string // header field at fault, "" when not about one field
	Err    error
}

func (e *ParseError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("warc: offset %d: %s: %v", e.Offset, e.Field, e.Err)
	}
	return fmt.Sprintf("warc: offset %d: %v", e.Offset, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// DecompressionError reports a failure of the compression layer: a corrupt
// or truncated gzip/zstd stream, trailing garbage after the last gzip
// member, or the decompression ratio cap. It is never recoverable.
type DecompressionError struct {
	Format string // "gzip" or "zstd"
	// CompressedOffset is the raw offset of the gzip member being decoded
	// (-1 for zstd).
	CompressedOffset int64
	// Offset is the number of decompressed bytes produced before the error.
	Offset int64
	Err    error
}

func (e *DecompressionError) Error() string {
	if e.CompressedOffset >= 0 {
		return fmt.Sprintf("warc: %s member at compressed offset %d (decompressed offset %d): %v",
			e.Format, e.CompressedOffset, e.Offset, e.Err)
	}
	return fmt.Sprintf("warc: %s stream at decompressed offset %d: %v", e.Format, e.Offset, e.Err)
}

func (e *DecompressionError) Unwrap() error { return e.Err }

// IsRecoverable reports whether calling Next again after err makes sense:
// true for ParseErrors (a bad record header, which Next skips by
// resynchronising on the next "WARC/" line, or a truncated record body,
// after which Next reports io.EOF); false for nil, io.EOF, decompression
// errors (corrupt or truncated gzip, ratio cap), ErrUnsupportedFormat and
// errors of the underlying reader.
func IsRecoverable(err error) bool {
	if err == nil {
		return false
	}
	var de *DecompressionError
	if errors.As(err, &de) || errors.Is(err, ErrUnsupportedFormat) || errors.Is(err, ErrDecompressionRatio) {
		return false
	}
	var pe *ParseError
	return errors.As(err, &pe)
}
