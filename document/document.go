package document

// Document is one web page on its way through the pipeline. The exported
// fields with a json name are cc_net's; the rest travel with the document
// but are not written.
type Document struct {
	URL          string // url: WARC-Target-URI
	DateDownload string // date_download: WARC-Date
	Digest       string // digest: "sha1:" + base32 of the SHA-1 of the text
	// Length is cc_net's "length": the WET record's Content-Length in bytes
	// as read (cc_net parse_doc), or, for text ccnet extracted from a WARC
	// response, the number of code points of the extracted text (title line
	// included). Dedup resets it to the code points of the kept text.
	Length       int64
	NLines       int    // nlines: number of lines of RawContent
	SourceDomain string // source_domain: netloc of URL as Python's urlsplit gives it
	Title        string // title: first line of the WET text
	RawContent   string // raw_content: the lines after the title, joined by "\n"
	CCSegment    string // cc_segment: the input file, from "crawl-data/" on when present

	// Set by line dedup (cc_net dedup.finalize_doc).
	HasDedup       bool
	OriginalNLines int
	OriginalLength int64
	LineIDs        []int

	// Set by language identification.
	Language      string // "" means not identified yet
	LanguageScore float64

	// Set by the LM stage.
	HasPerplexity bool
	Perplexity    float64
	Bucket        string // "" means not bucketed yet

	// Set by the Wikipedia-reference classifier (RedPajama v1's wiki_prob).
	HasWikiProb bool
	WikiProb    float64

	// Signals holds the quality filters' values in annotate mode, written
	// as "quality_signals": {name: value, ...} in this order.
	Signals []Signal

	// Provenance, not written: the input file as matched and the offset of
	// the record in its decompressed stream. Output files are sorted by
	// (File, Offset), which makes them independent of runner and bundles.
	File   string
	Offset int64
}

// Signal is one named quality value of a document (filters annotate mode).
type Signal struct {
	Name  string
	Value float64
}
