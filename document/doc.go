// Package document defines the record that flows through the ccnet pipeline
// and its on-disk form: one JSON object per line, byte-compatible with the
// files cc_net writes.
//
// cc_net (facebookresearch/cc_net 1.0.0, cc_net/mine.py and jsonql.py) writes
// each document with Python's json.dumps(doc, ensure_ascii=False): keys in
// insertion order, ", " and ": " separators, non-ASCII characters written
// raw (U+2028 and U+2029 included), only '"', '\\' and control characters
// escaped (short escapes for \b \f \n \r \t, \u00XX in lowercase otherwise),
// and floats in Python repr form (shortest round-trip digits, "1.0" rather
// than "1", exponent form below 1e-4 and from 1e16 on, as "1e-05").
// Go's encoding/json differs on every one of those points, so Encoder writes
// the bytes itself.
//
// Key order is cc_net's final order:
//
//	url, date_download, digest, length, nlines, source_domain, title,
//	raw_content, cc_segment, original_nlines, original_length, line_ids,
//	language, language_score, perplexity, bucket
//
// A key is written only once the stage that sets it has run, as in cc_net
// (a document that skipped the LM has no "perplexity"). Fields cc_net does
// not have are written after its own, in the order of the Extra constants
// below; none is written today.
package document
