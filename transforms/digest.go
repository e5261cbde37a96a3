package transforms

import (
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/output"
	"github.com/ccnet-go/ccnet/report"
)

// DocKey is where a document came from — its place in the input order —
// and the documents file it is bound for.
type DocKey struct {
	File   string
	Offset int64
	Output string // output file name without extension, e.g. "en_head_0000"
}

func (a DocKey) less(b DocKey) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	return a.Offset < b.Offset
}

// DigestKeyFn keys a document by its digest, for exact document dedup.
type DigestKeyFn struct {
	Shards int // files per output group, as WriteRunsFn
}

// ProcessElement keys one document.
func (f *DigestKeyFn) ProcessElement(d document.Document) (string, DocKey) {
	return d.Digest, DocKey{File: d.File, Offset: d.Offset, Output: output.Name(output.Group(&d), output.Shard(&d, f.Shards))}
}

// DigestAcc holds the first document of a digest and the later ones.
type DigestAcc struct {
	First  DocKey
	Has    bool
	Others []DocKey
}

// FirstOfDigestFn keeps, for each digest, the document that comes first in
// input order (file, then offset) — RedPajama v1's exact dedup keeps the
// first occurrence in file order — and collects the others.
type FirstOfDigestFn struct{}

// CreateAccumulator starts empty.
func (FirstOfDigestFn) CreateAccumulator() DigestAcc { return DigestAcc{} }

// AddInput adds one occurrence.
func (FirstOfDigestFn) AddInput(a DigestAcc, k DocKey) DigestAcc {
	switch {
	case !a.Has:
		a.First, a.Has = k, true
	case k.less(a.First):
		a.Others = append(a.Others, a.First)
		a.First = k
	default:
		a.Others = append(a.Others, k)
	}
	return a
}

// MergeAccumulators merges b into a.
func (f FirstOfDigestFn) MergeAccumulators(a, b DigestAcc) DigestAcc {
	if b.Has {
		a = f.AddInput(a, b.First)
	}
	for _, k := range b.Others {
		a = f.AddInput(a, k)
	}
	return a
}

// ExtractOutput returns the documents to drop.
func (FirstOfDigestFn) ExtractOutput(a DigestAcc) []DocKey { return a.Others }

// LaterCopiesFn emits the documents to drop of one digest, keyed by the
// documents file they were bound for: the merge of that file receives them
// with its runs (a CoGroupByKey, not a side input, so that no runner can
// start a merge before every later copy is known).
func LaterCopiesFn(_ string, others []DocKey, emit func(string, DocKey)) {
	for _, k := range others {
		emit(k.Output, k)
	}
}

// KeyLoserFn keys a document to drop by its documents file.
func KeyLoserFn(k DocKey) (string, DocKey) { return k.Output, k }

// skipper is the set of documents one merge leaves out (the later copies
// of a digest bound for its file).
type skipper struct {
	set map[DocKey]bool
}

func (s *skipper) load(losers func(*DocKey) bool) {
	s.set = map[DocKey]bool{}
	var k DocKey
	for losers(&k) {
		s.set[DocKey{File: k.File, Offset: k.Offset}] = true
	}
}

func (s *skipper) skip(e *output.Entry) bool {
	return len(s.set) > 0 && s.set[DocKey{File: e.File, Offset: e.Offset}]
}

func countSkipped(st output.Stats, count func(Count)) {
	for file, n := range st.Skipped {
		count(Count{Key: report.Key(report.KindDrop, "duplicate-digest", file), N: n})
	}
}
