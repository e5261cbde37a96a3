package report

import "strings"

// Kinds of count.
const (
	KindRead      = "read"       // records read from a file (name "")
	KindDrop      = "drop"       // records dropped, name = reason
	KindKept      = "kept"       // documents written, name = output ("all_all", "en_head", ...)
	KindKeptChars = "kept-chars" // code points of raw_content written, name = output
	KindLines     = "lines"      // lines left out of a document, name = reason
	KindError     = "error"      // a file that could not be read to its end, name = the error (count 1)
	KindBytes     = "bytes"      // raw bytes of the input file (name "")
	KindStat      = "stat"       // a run-wide figure that is not a record outcome (lines removed by dedup, ...)
)

const sep = "\x1f"

// Key is the string key of one count.
func Key(kind, name, file string) string {
	return kind + sep + name + sep + file
}

// SplitKey undoes Key.
func SplitKey(key string) (kind, name, file string) {
	kind, rest, _ := strings.Cut(key, sep)
	name, file, _ = strings.Cut(rest, sep)
	return kind, name, file
}

// Reason is a named way for a record to leave the pipeline.
type Reason struct {
	Name  string
	Stage string
	Doc   string
}

// Stage names, in funnel order.
const (
	StageRead    = "read"
	StageExtract = "extract"
	StageLength  = "length"
	StageDedup   = "dedup"
	StageLID     = "lid"
	StageFilters = "filters"
	StageLM      = "lm"
	StageWikiref = "wikiref"
	StageDigest  = "digest-dedup"
)

// Stages lists the stages in funnel order.
var Stages = []string{StageRead, StageExtract, StageLength, StageDedup, StageLID, StageFilters, StageLM,
	StageWikiref, StageDigest}

// Reasons lists every drop reason, grouped by stage in funnel order.
var Reasons = []Reason{
	{"record-warcinfo", StageRead, "WARC warcinfo record: describes the file, holds no page"},
	{"record-request", StageRead, "WARC request record: the crawler's HTTP request"},
	{"record-metadata", StageRead, "WARC metadata record: crawl metadata, not a page"},
	{"record-revisit", StageRead, "WARC revisit record: the page was unchanged, no body"},
	{"record-continuation", StageRead, "WARC continuation record: segmented records are not reassembled"},
	{"record-other", StageRead, "a WARC record of another type"},
	{"record-malformed", StageRead, "the record header could not be parsed; the reader skipped to the next record"},
	{"record-truncated", StageRead, "the file ended inside the record"},
	{"record-too-large", StageRead, "the record body is over the size cap (--max-record-bytes)"},
	{"decompression-ratio", StageRead, "decompressing the record went past the ratio cap; the rest of the file was abandoned"},
	{"http-malformed", StageExtract, "the HTTP status line or headers could not be parsed"},
	{"http-status", StageExtract, "HTTP status other than 2xx"},
	{"not-text", StageExtract, "the content is not text (image, PDF, script, style sheet, ...)"},
	{"content-decoding", StageExtract, "the Content-Encoding or chunked body could not be decoded"},
	{"body-too-large", StageExtract, "the decoded body is over the size cap"},
	{"too-short", StageLength, "raw_content shorter than --min-length code points (cc_net min_len, 300)"},
	{"empty-content", StageDedup, "raw_content is empty (cc_net's dedup returns no document for it)"},
	{"all-lines-duplicate", StageDedup, "every line of the document also appears in another document of its dedup group"},
	{"lang-below-threshold", StageLID, "the language score, rounded to 2 decimals, is under --lid-threshold (cc_net: 0.5), or there is no language"},
	{"lang-not-kept", StageLID, "the language is not in --keep-languages"},
	{"bucket-not-kept", StageLM, "the perplexity bucket is not in --keep-buckets (RedPajama kept head and middle)"},
	{"wikiref-below-threshold", StageWikiref, "wiki_prob, the Wikipedia-reference classifier's probability, is under --wikiref-threshold (RedPajama v1: 0.25)"},
	{"duplicate-digest", StageDigest, "an earlier document of the run (in input order) has the same digest (--dedup-digest, RedPajama v1)"},
}

// AddReasons registers the drop reasons of a stage whose names another
// package owns (the heuristic filters); the stage's transform calls it from
// an init function.
func AddReasons(stage string, rs ...Reason) {
	for _, r := range rs {
		if StageOf(r.Name) == "" {
			r.Stage = stage
			Reasons = append(Reasons, r)
		}
	}
}

// StageOf returns the stage of a reason, or "" if it is not registered.
func StageOf(reason string) string {
	for _, r := range Reasons {
		if r.Name == reason {
			return r.Stage
		}
	}
	return ""
}
