package transforms

import (
	"fmt"
	"strings"

	"github.com/ccnet-go/ccnet/classify"
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/report"
)

// sharedDetector shares one language detector per configuration in a
// worker process: lingua's models are large and read-only.
func sharedDetector(opts classify.LangOptions) (*classify.LangID, error) {
	key := fmt.Sprintf("langid|%s|%s|%d", strings.Join(opts.Languages, ","), opts.Mode, opts.MaxChars)
	return shared(key, func() (*classify.LangID, error) { return classify.NewLangID(opts) })
}

// LangIDFn is cc_net's "lid" and "keep_lang" steps: it sets language and
// language_score (rounded to 2 decimals) and drops a document whose score is
// under Threshold ("lang-below-threshold") or whose language is not in Keep
// ("lang-not-kept"). It runs on the deduplicated text, as in cc_net.
//
// Identification is the costliest step of the pipeline, so documents are
// gathered in batches and identified on GOMAXPROCS goroutines; they are
// emitted in arrival order.
type LangIDFn struct {
	Languages []string
	Mode      string
	MaxChars  int
	Threshold float64
	Keep      []string

	lid    *classify.LangID
	filter classify.LangFilter
	batch  []document.Document
}

const langBatch = 256

// Setup builds (or shares) the detector.
func (f *LangIDFn) Setup() error {
	lid, err := sharedDetector(classify.LangOptions{Languages: f.Languages, Mode: f.Mode, MaxChars: f.MaxChars})
	if err != nil {
		return err
	}
	f.lid = lid
	f.filter = classify.LangFilter{Threshold: f.Threshold}
	if len(f.Keep) > 0 {
		f.filter.Keep = map[string]struct{}{}
		for _, k := range f.Keep {
			f.filter.Keep[k] = struct{}{}
		}
	}
	return nil
}

// ProcessElement queues one document.
func (f *LangIDFn) ProcessElement(d document.Document, emit func(document.Document), count func(Count)) {
	f.batch = append(f.batch, d)
	if len(f.batch) >= langBatch {
		f.flush(emit, count)
	}
}

// FinishBundle identifies what is queued.
func (f *LangIDFn) FinishBundle(emit func(document.Document), count func(Count)) {
	f.flush(emit, count)
}

func (f *LangIDFn) flush(emit func(document.Document), count func(Count)) {
	if len(f.batch) == 0 {
		return
	}
	results := make([]classify.LangResult, len(f.batch))
	parallel(len(f.batch), func(i int) { results[i] = f.lid.Identify(f.batch[i].RawContent) })
	paths := map[string]int64{}
	for i := range f.batch {
		d := &f.batch[i]
		r := results[i]
		paths[r.Path]++
		keep, reason := f.filter.Decide(r)
		if !keep {
			count(Count{Key: report.Key(report.KindDrop, reason, d.File), N: 1})
			continue
		}
		d.Language, d.LanguageScore = r.Label, r.Score
		emit(*d)
	}
	for p, n := range paths {
		count(Count{Key: report.Key(report.KindStat, "lid-path-"+p, ""), N: n})
	}
	f.batch = f.batch[:0]
}
