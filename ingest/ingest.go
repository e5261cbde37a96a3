package ingest

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/extract"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/warc"
)

// Options are the limits and knobs of reading. The zero value means the
// defaults below.
type Options struct {
	// MaxRecordBytes caps a record body (decompressed). Bigger records are
	// skipped without being buffered and counted as "record-too-large".
	// Default 64 MiB (DESIGN.md).
	MaxRecordBytes int64
	// MaxLineBytes caps one text line; longer lines are left out of their
	// document and counted under lines "line-too-long". Default 1 MiB.
	MaxLineBytes int
	// MaxDecompressionRatio aborts a file whose data inflates past this
	// ratio (a gzip bomb). Default 200 (ordinary web text is 3-10).
	MaxDecompressionRatio float64
	// Workers is the number of extraction goroutines; default GOMAXPROCS.
	Workers int
	// InFlightBytes bounds the record bodies read but not yet extracted.
	// Default 256 MiB.
	InFlightBytes int64
}

func (o Options) withDefaults() Options {
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = 64 << 20
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = 1 << 20
	}
	if o.MaxDecompressionRatio <= 0 {
		o.MaxDecompressionRatio = 200
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.InFlightBytes <= 0 {
		o.InFlightBytes = 256 << 20
	}
	return o
}

// Counter receives counts (see report.Key); Emit receives documents in
// record order. Both are called from the goroutine that called ReadFile.
type (
	Counter func(key string, n int64)
	Emit    func(document.Document)
)

// Segment is cc_net's cc_segment for an input path: the path from
// "crawl-data/" on when it has one (Common Crawl's own layout), else the
// path as given.
func Segment(path string) string {
	if i := strings.Index(path, "crawl-data/"); i >= 0 {
		return path[i:]
	}
	return path
}

// ReadFile reads one archive. path names the file in documents and counts.
// It returns an error only for a file that could not be read to its end;
// that error is also counted (report.KindError), with the offset, and every
// record read before it keeps its outcome.
func ReadFile(ctx context.Context, r io.Reader, path string, opts Options, emit Emit, count Counter) error {
	opts = opts.withDefaults()
	seg := Segment(path)
	results := make(chan chan outcome, 2*opts.Workers+2)
	jobs := make(chan job)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	budget := newBudget(opts.InFlightBytes)
	for i := 0; i < opts.Workers; i++ {
		go func() {
			for j := range jobs {
				j.res <- j.run(opts)
				budget.release(int64(len(j.body)))
			}
		}()
	}
	var readErr error
	go func() {
		defer close(results)
		defer close(jobs)
		readErr = readRecords(ctx, r, path, seg, opts, budget, jobs, results)
	}()
	counts := map[string]int64{}
	readKey := report.Key(report.KindRead, "", path)
	for res := range results {
		o := <-res
		counts[readKey]++
		if o.reason != "" {
			counts[report.Key(report.KindDrop, o.reason, path)]++
		}
		if o.linesDropped > 0 {
			counts[report.Key(report.KindLines, "line-too-long", path)] += int64(o.linesDropped)
		}
		if o.invalidUTF8 {
			counts[report.Key(report.KindLines, "invalid-utf8-replaced", path)]++
		}
		if o.doc != nil {
			emit(*o.doc)
		}
	}
	if readErr != nil {
		counts[report.Key(report.KindError, readErr.Error(), path)]++
	}
	for k, n := range counts {
		count(k, n)
	}
	return readErr
}

// outcome is what became of one record: a document, or a drop reason.
type outcome struct {
	doc          *document.Document
	reason       string
	linesDropped int
	invalidUTF8  bool
}

type job struct {
	res    chan outcome
	kind   string // "conversion", "response", "resource"
	header warc.Header
	uri    string
	offset int64
	length int64
	path   string
	seg    string
	body   []byte
}

func ready(results chan<- chan outcome, o outcome) {
	c := make(chan outcome, 1)
	c <- o
	results <- c
}

// readRecords reads records in order, queueing one outcome per record.
func readRecords(ctx context.Context, r io.Reader, path, seg string, opts Options, budget *budget, jobs chan<- job, results chan<- chan outcome) error {
	wr, err := warc.NewReader(r, warc.Options{MaxDecompressionRatio: opts.MaxDecompressionRatio})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	send := func(o outcome) { ready(results, o) }
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := wr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if warc.IsRecoverable(err) {
				send(outcome{reason: "record-malformed"})
				continue
			}
			return fmt.Errorf("%s: %w", path, err)
		}
		kind := recordKind(rec)
		if kind == "" {
			send(outcome{reason: dropForType(rec.Type)})
			continue
		}
		if rec.ContentLength > opts.MaxRecordBytes {
			send(outcome{reason: "record-too-large"})
			continue
		}
		budget.acquire(rec.ContentLength)
		body := make([]byte, rec.ContentLength)
		if _, err := io.ReadFull(rec.Body, body); err != nil {
			budget.release(rec.ContentLength)
			if errors.Is(err, warc.ErrDecompressionRatio) {
				send(outcome{reason: "decompression-ratio"})
			} else {
				send(outcome{reason: "record-truncated"})
			}
			return fmt.Errorf("%s: record at offset %d: %w", path, rec.Offset, err)
		}
		j := job{res: make(chan outcome, 1), kind: kind, header: rec.Header, uri: rec.TargetURI(),
			offset: rec.Offset, length: rec.ContentLength, path: path, seg: seg, body: body}
		results <- j.res
		jobs <- j
	}
}

// recordKind says which records can hold a page: "" for the others.
func recordKind(rec *warc.Record) string {
	switch rec.Type {
	case "conversion", "response":
		return rec.Type
	case "resource":
		return "resource"
	}
	return ""
}

func dropForType(t string) string {
	switch t {
	case "warcinfo", "request", "metadata", "revisit", "continuation":
		return "record-" + t
	}
	return "record-other"
}

var b32 = base32.StdEncoding

// run does the expensive part of one record, on a worker.
func (j job) run(opts Options) outcome {
	date := j.header.Get("WARC-Date")
	switch j.kind {
	case "conversion":
		t := extract.WET(j.body, opts.MaxLineBytes)
		d := &document.Document{
			URL: j.uri, DateDownload: date, Digest: j.header.Get("WARC-Block-Digest"),
			Length: j.length, NLines: len(t.Lines), SourceDomain: document.Netloc(j.uri),
			Title: t.Title, RawContent: strings.Join(t.Lines, "\n"), CCSegment: j.seg,
			File: j.path, Offset: j.offset,
		}
		return outcome{doc: d, linesDropped: t.LinesDropped, invalidUTF8: t.InvalidUTF8}
	}
	eopts := extract.Options{MaxBodyBytes: opts.MaxRecordBytes, MaxLineBytes: opts.MaxLineBytes}
	var res extract.Result
	var err error
	if isHTTP(j) {
		res, err = extract.Response(j.body, eopts)
	} else {
		// A resource record, or a response that is not HTTP (Heritrix
		// stores DNS lookups as text/dns responses): the WARC Content-Type
		// describes the block itself.
		res, err = extract.Body(j.body, j.header.Get("Content-Type"), eopts)
	}
	if err != nil {
		var drop *extract.Drop
		if errors.As(err, &drop) {
			return outcome{reason: drop.Reason}
		}
		return outcome{reason: "http-malformed"}
	}
	return outcome{doc: fromExtracted(j, date, res), linesDropped: res.LinesDropped}
}

// isHTTP says whether a record's block is an HTTP message: its WARC
// Content-Type says application/http, or, when it has none, the block
// starts like one.
func isHTTP(j job) bool {
	if j.kind != "response" {
		return false
	}
	ct := strings.ToLower(j.header.Get("Content-Type"))
	if ct == "" {
		return bytes.HasPrefix(j.body, []byte("HTTP/"))
	}
	return strings.HasPrefix(ct, "application/http")
}

// fromExtracted builds the document of a response the way Common Crawl
// writes a WET conversion record for it: the block is the title line, then
// the text lines, each ending in "\n"; digest is "sha1:" + base32 of the
// block's SHA-1 (WARC-Block-Digest); length is the block's code points.
func fromExtracted(j job, date string, res extract.Result) *document.Document {
	raw := strings.Join(res.Lines, "\n")
	var sb strings.Builder
	sb.Grow(len(res.Title) + len(raw) + 2)
	sb.WriteString(res.Title)
	sb.WriteByte('\n')
	if raw != "" {
		sb.WriteString(raw)
		sb.WriteByte('\n')
	}
	block := sb.String()
	sum := sha1.Sum([]byte(block))
	return &document.Document{
		URL: j.uri, DateDownload: date, Digest: "sha1:" + b32.EncodeToString(sum[:]),
		Length: int64(utf8.RuneCountInString(block)), NLines: len(res.Lines),
		SourceDomain: document.Netloc(j.uri), Title: res.Title, RawContent: raw,
		CCSegment: j.seg, File: j.path, Offset: j.offset,
	}
}

// TooShort is cc_net's length gate (parse_warc_file's min_len): raw_content
// shorter than minLength code points (Python len) fails it.
func TooShort(d *document.Document, minLength int) bool {
	if len(d.RawContent) >= 4*minLength {
		return false // at most 4 bytes a code point: long enough for sure
	}
	return utf8.RuneCountInString(d.RawContent) < minLength
}
