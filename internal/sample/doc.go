// Package sample generates the small sample dump that ccnet-go ships in
// testdata/sample and that "make run" feeds to the pipeline:
//
//   - sample.warc.gz: a WARC/1.0 file, one gzip member per record, CRLF
//     line endings. A warcinfo record; then, for 23 fetches, a request, a
//     response and a metadata record: 17 HTML pages, an image/png, an
//     application/pdf, a text/css and an application/javascript file, a 404
//     page and a 301 redirect. Between them sits one malformed response
//     (Content-Length "12O4", in its own gzip member) that a reader must
//     skip; at the end come a revisit record (identical-payload-digest) and
//     a text/plain resource record.
//   - sample.warc.wet.gz: a WET file framed as Common Crawl frames them: a
//     warcinfo record, then a conversion record per page (other URLs than
//     the WARC's), one of them with an empty body.
//
// The pages (see pages.go) come from six fictional sites and are written in
// twelve languages. The pages of a site share their chrome — cookie banner,
// site name, tagline, menu, footer, and on two sites a share line printed
// twice on each page — so that line-level deduplication finds repeated
// lines within and across both files. Four pages are deliberately short
// (under 300 characters of text, without the chrome) for the length gate.
//
// The HTML responses are realistic: doctype, <head> with <title>, meta tags,
// a <style> block, script blocks (analytics code and JSON-LD whose text
// must never reach the extracted text), a comment, <noscript>, a nav list,
// headings, paragraphs with inline tags and <br>, lists, tables and
// character references. Charsets vary: most pages are UTF-8 (declared in
// the header, in <meta charset>, or both); one French page is windows-1252
// declared only in the Content-Type header, one Czech page iso-8859-2
// declared only in <meta charset>, one Japanese page Shift_JIS declared in
// <meta http-equiv="Content-Type">, one Russian page KOI8-R declared in
// both, and one Chinese UTF-8 page declares no charset at all. Characters a
// charset lacks are written as character references. One response is
// gzip-encoded, one is chunked, one is both; payload digests are over the
// entity-body (chunking removed, gzip kept).
//
// Text returns the visible text of a page as the WET file holds it, which
// is also what a careful HTML extractor should get from the WARC's pages.
//
// Everything is deterministic: record IDs are derived from URLs, dates are
// fixed in March 2024, gzip headers carry no name and no time. All text in
// the sample — page prose, site chrome, code, file contents — was written
// for this project; sites, people and most places are invented, and all
// hosts are under the reserved .example top-level domain.
//
// Regenerate the committed files with
//
//	go test ./internal/sample -update
//
// or write them elsewhere with
//
//	go run ./internal/sample/gen -out DIR
package sample
