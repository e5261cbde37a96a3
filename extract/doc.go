// Package extract turns the HTTP response block of a WARC response record
// into a title and visible text lines, the way Common Crawl's WET files
// look, so that the rest of the pipeline can treat a crawl's WARC files like
// its WET files.
//
// # Entry points
//
//   - Response parses the HTTP block (status line, headers, body), undoes
//     chunked framing and Content-Encoding, picks the extraction path from
//     the media type, decodes the charset and extracts.
//   - Body does the same for a body that is already decoded (no HTTP head).
//   - HTML always extracts as HTML (the header is used for its charset).
//
// A response that is recognised but must not become a document returns a
// *Drop whose Reason is one of:
//
//	http-malformed    no or invalid status line ("HTTP/x NNN [reason]")
//	http-status       status outside 200-299
//	not-text          binary or non-prose media type, or a text label on an
//	                  identified binary body (PNG bytes served as text/html)
//	content-decoding  gzip/deflate/br/zstd that fails while the raw bytes
//	                  do not look like text
//	body-too-large    decoded body over Options.MaxBodyBytes
//
// # What the text looks like
//
// The model is Common Crawl's WET text (ia-web-commons'
// ExtractingParseObserver over the HTML token stream): text of the page in
// document order; block-level elements end the current line; runs of
// whitespace collapse to one space; lines are trimmed and empty lines
// dropped; character references are decoded; comments, doctype and CDATA
// are ignored.
//
// Elements that end the line (at start and end tag): address, article,
// aside, blockquote, body, br, caption, center, dd, details, dialog, dir,
// div, dl, dt, fieldset, figcaption, figure, footer, form, frameset, h1-h6,
// head, header, hgroup, hr, html, legend, li, listing, main, menu, nav, ol,
// optgroup, option, p, plaintext, pre, search, section, summary, table,
// tbody, tfoot, thead, title, tr, ul, xmp.
//
// Elements that separate words with a space but keep the line: td, th,
// img, input, button, label, select, embed (and the skipped iframe,
// textarea, object, applet, video, audio, canvas, svg, math). So a table
// row is one line with its cells separated by spaces. Other elements (a,
// span, b, i, em, strong, custom elements, ...) are inline: "<b>foo</b>bar"
// is "foobar", as a browser shows it.
//
// Skipped with all their content: script, style, noscript, template, iframe,
// noembed, noframes, textarea, svg, math, object, applet, video, audio,
// canvas, datalist, rp. Raw-text elements are skipped through the
// tokenizer's raw-text handling (one token, never parsed as markup); the
// others with a depth counter for the same element name, so memory stays
// constant however deep the nesting. An unclosed skipped element ends at
// </body> or </html>; an <svg> or <math> also ends at an HTML tag that
// breaks out of foreign content (<div>, <p>, ...), as in browsers, unless
// inside <foreignObject>. The <head> needs no mode of its own: its
// text-bearing children are all skipped or the title, and stray text there
// is shown by browsers, so it is kept.
//
// The first non-empty <title> outside <svg> is Result.Title, whitespace
// collapsed, and is not part of Lines. Inside <pre> and <listing> (and xmp,
// plaintext) newlines end lines; spaces inside a line still collapse.
//
// Whitespace is Unicode White_Space (including NBSP, U+2028/U+2029, ideographic
// space), C0 and C1 control characters and U+FEFF. The output is always valid
// UTF-8: invalid input bytes become U+FFFD.
//
// # Where it differs from Common Crawl's WET on purpose
//
//   - The title is returned apart; WET has it as the first line (callers that
//     rebuild a WET record put it first).
//   - noscript, textarea, object/video/audio/canvas fallback text and MathML
//     (mostly TeX annotations) are dropped; WET keeps them. They are not
//     visible in a browser with scripting on.
//   - WET puts <th> on its own line and separates <td> with spaces; here both
//     are cells, so a header row reads like the data rows.
//   - Newlines in source text are spaces outside <pre> (older WET sometimes
//     kept them); inside <pre> runs of spaces collapse (WET keeps them).
//   - Like WET and unlike a browser, CSS is not applied: links styled as
//     blocks with no whitespace between them run together ("HomeNewsAbout").
//
// # HTTP
//
// The status line may use HTTP/1.x, HTTP/2 or any version token (case
// insensitive), lack a reason phrase, carry extra blanks, and be preceded
// by blank lines. Headers end at the first empty or blank line; LF-only line
// ends, obsolete folding and junk lines are accepted; a line starting with
// '<' where a header was expected starts the body (the blank line was lost).
// The last Content-Type wins; Content-Encoding and Transfer-Encoding lists
// from repeated headers are joined.
//
// Chunked bodies: when the first chunk-size line is not hex the body is
// taken as already de-chunked and used as-is (warcio falls back the same
// way); when the framing breaks later, the chunks decoded so far are kept
// and the rest is appended raw (most likely payload after a miscounted
// chunk); a truncated body keeps what it has; trailers are ignored.
//
// Content-Encoding gzip, x-gzip, deflate (zlib or raw), br and zstd are
// decoded, last applied first; identity and unknown codings are left
// as-is. The real format is sniffed from magic bytes, since servers mislabel
// gzip as deflate. Output is capped at MaxBodyBytes: the decoders stop and
// the response is dropped as body-too-large without allocating past the
// cap. When decoding fails and the raw bytes look like text (no C0 control
// bytes in the first KiB) they are used as they are: archives often store
// the decoded body with the header kept. A merely truncated stream keeps
// the decoded prefix. A body that is still gzip after that (double
// compression, or a missing header) is gunzipped once more.
//
// # Media types
//
// From Content-Type, or sniffed when it is missing or not a type/subtype
// token (net/http.DetectContentType, plus HTML markers in the first KiB):
//
//   - text/html, application/xhtml+xml (and text/xml, application/xml
//     whose root element is <html>): HTML path. XHTML honours self-closing
//     <script/>; text/html does not, as in browsers.
//   - other text/*: plain-text path (lines split on \r\n, \r, \n; whitespace
//     collapsed; empty lines dropped).
//   - not-text: everything else, including text/css, text/javascript and
//     application/javascript, JSON, CSV/TSV, calendars, vCards, feeds and
//     other XML, application/octet-stream, images, audio, video, fonts, PDF,
//     archives. They are code, style or data, not prose; Common Crawl's WET
//     has no text for them either.
//
// # Charset
//
// In order: a byte-order mark (UTF-8, UTF-16LE/BE); the Content-Type charset
// parameter; for HTML, <meta charset> or <meta http-equiv=Content-Type>
// found by a prescan of the first 64 KiB up to <body> (comments skipped);
// else UTF-8 when the whole body is valid UTF-8, windows-1252 otherwise.
// The BOM comes first as in the WHATWG encoding standard and
// charset.DetermineEncoding: a BOM is never there by accident. Labels are
// resolved with the WHATWG table (so iso-8859-1 and latin1 decode as
// windows-1252, gb2312 as gbk) and Result.Charset holds the WHATWG name. Two
// deliberate departures from browsers: a declared legacy charset (header or
// meta) is overridden by UTF-8 when the body is valid UTF-8 with non-ASCII
// bytes (stale declarations are common; real legacy text is almost never
// valid UTF-8), and a UTF-16 header label is ignored when the body has no NUL
// byte in its first KiB. Undeclared legacy CJK pages are not detected (they
// decode as windows-1252).
//
// # Cost
//
// One pass of golang.org/x/net/html's Tokenizer (no DOM). On the real pages
// of the shared data it runs at 60-80% of the bare tokenizer's speed (about
// 90 MB/s of HTML per core) and about twice goquery's parse-and-walk; see
// BenchmarkHTML, BenchmarkTokenizerOnly and BenchmarkGoquery. Memory is
// linear in the body, with no per-element stack.
package extract
