// Package warc is a streaming reader of WARC archives (ISO 28500), the
// ingestion layer of the pipeline: Common Crawl WARC, WET and WAT files.
//
// It is modelled on archive/tar: Reader.Next returns the next Record, whose
// Body is read in place from the input and is valid until the following
// call to Next. Nothing is buffered beyond two 256 KiB read buffers and the
// current header block; record bodies are never held in memory, and what a
// caller does not read of a body is skipped by streaming.
//
// # Input
//
// NewReader sniffs the first bytes of the input:
//
//   - gzip: either one member per record (the usual .warc.gz layout) or one
//     member for the whole file, or any mix; members are decoded one at a
//     time so that Record.CompressedOffset gives the raw offset of the
//     member holding the start of each record (the offset Common Crawl
//     indexes use for range requests);
//   - zstd: .warc.zst, including the WARC-zstd dictionary frame; frame
//     offsets are not tracked (CompressedOffset is -1);
//   - anything else is read as plain WARC.
//
// The decompressed data must start with "WARC/" (after optional blank
// lines). ARC files ("filedesc://...") and other data are rejected with an
// error wrapping ErrUnsupportedFormat; convert ARC to WARC first. Empty
// input is an archive without records.
//
// # Versions and tolerated deviations
//
// Version lines "WARC/1.0", "WARC/1.1", "WARC/0.17" and "WARC/0.18" (old
// Heritrix and ClueWeb09 files) are accepted; so is any other
// "WARC/<digits>.<digits>". Record.Version keeps the line as written.
// Real files differ from the standard in ways this reader accepts on
// purpose, because refusing them would lose documents:
//
//   - lines may end in CRLF or bare LF (hand-made and tool-made files);
//   - any number of blank lines may separate records, and the CRLF CRLF
//     separator after a block may be missing;
//   - field names are matched case-insensitively and keep their spelling;
//     repeated fields are kept; Header.Get returns the first;
//   - continuation lines (starting with space or tab) are appended to the
//     previous value with one space;
//   - header lines without a colon are dropped, not fatal;
//   - Content-Length is the only required field: WARC-Type, WARC-Date and
//     WARC-Record-ID are not checked (Record.Type is "" without WARC-Type);
//   - WARC-Target-URI values written by wget as "<uri>" are unwrapped by
//     Record.TargetURI.
//
// Not done: digests are not verified, segmented records are returned as
// they are, and the body is the raw record block (HTTP headers, chunked
// transfer coding and Content-Encoding are left to the caller).
//
// # Errors
//
// A malformed record gives a *ParseError (like encoding/csv) naming the
// offset in the decompressed stream and, when relevant, the field:
//
//	warc: offset 1234: Content-Length: invalid value "abc"
//
// Header errors (bad version line, missing or invalid Content-Length,
// header block over Options.MaxHeaderBytes, input ending inside a header,
// a header block cut short by the next record's version line) are
// recoverable: the next call to Next scans forward, with bounded
// memory, to the next line starting with "WARC/" and a digit, and goes on
// from there; Reader.Skipped counts the bytes lost. A body shorter than its
// Content-Length gives a ParseError wrapping io.ErrUnexpectedEOF from Body
// reads and once more from the next Next (the record is complete up to the
// error); the call after that returns io.EOF. So a caller that counts
// every recoverable error from Next counts a truncated record once.
//
// Decompression failures (corrupt or truncated gzip, garbage after the
// last member, zstd errors) are *DecompressionError values giving the
// compressed offset of the member; exceeding Options.MaxDecompressionRatio
// (a gzip bomb) gives one wrapping ErrDecompressionRatio. These, errors of
// the underlying reader and ErrUnsupportedFormat are fatal: Next keeps
// returning them. IsRecoverable tells the two kinds apart.
//
// # Limits
//
// Header blocks are capped by Options.MaxHeaderBytes (1 MiB by default).
// Content-Length may have at most 18 digits. Decompressed output is capped
// at MaxDecompressionRatio (200 by default) times the compressed bytes
// consumed plus 4 MiB. zstd frames may use windows up to 128 MiB, and a
// zstd dictionary frame may be up to 16 MiB. A Reader is not safe for
// concurrent use.
package warc
