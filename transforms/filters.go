package transforms

import (
	"context"
	"fmt"
	"strings"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/filters"
	"github.com/ccnet-go/ccnet/internal/modelfile"
	"github.com/ccnet-go/ccnet/report"
)

func init() {
	for _, r := range filters.Reasons {
		report.AddReasons(report.StageFilters, report.Reason{Name: r.Name, Doc: r.Doc})
	}
}

// Filter families of --filters.
const (
	FamilyC4               = "c4"
	FamilyBadWords         = "badwords"
	FamilyGopherQuality    = "gopher-quality"
	FamilyGopherRepetition = "gopher-repetition"
	FamilyParagraphs       = "mc4-paragraphs"
)

// FilterFamilies lists the families --filters accepts.
var FilterFamilies = []string{FamilyC4, FamilyBadWords, FamilyGopherQuality, FamilyGopherRepetition, FamilyParagraphs}

// FilterSpec is the heuristic filters' part of the run configuration, in
// plain fields so that the DoFn that carries it serializes simply.
type FilterSpec struct {
	Families    []string // of FilterFamilies
	Languages   []string // the rules apply to these languages only
	C4Mode      string   // "tfds" or "datatrove"
	GopherMode  string   // "gopher" or "datatrove"
	BadWordsDir string   // LDNOOBW-style lists, one file per language
	Annotate    bool     // keep every document, write the signals
}

// Build turns the spec into the filters package's configuration and loads
// the bad-words lists it needs.
func (s FilterSpec) Build() (*filters.Filter, error) {
	rules := filters.LangRules{}
	for _, fam := range s.Families {
		switch fam {
		case FamilyC4:
			c4 := filters.DefaultC4(filters.C4Mode(s.C4Mode))
			rules.C4 = &c4
		case FamilyBadWords:
			rules.BadWords = true
		case FamilyGopherQuality:
			q := filters.DefaultGopherQuality(filters.GopherMode(s.GopherMode))
			rules.GopherQuality = &q
		case FamilyGopherRepetition:
			r := filters.DefaultGopherRepetition(filters.GopherMode(s.GopherMode))
			rules.GopherRepetition = &r
		case FamilyParagraphs:
			p := filters.DefaultParagraphs()
			rules.Paragraphs = &p
		default:
			return nil, fmt.Errorf("--filters: unknown family %q (want %s)", fam, strings.Join(FilterFamilies, ", "))
		}
	}
	cfg := filters.Config{Languages: map[string]filters.LangRules{}, Annotate: s.Annotate}
	for _, lang := range s.Languages {
		cfg.Languages[lang] = rules
	}
	var bw *filters.BadWords
	if rules.BadWords {
		if s.BadWordsDir == "" {
			return nil, fmt.Errorf("--filters badwords needs --badwords-dir (LDNOOBW-style lists, one file per language)")
		}
		dir, err := modelfile.Local(context.Background(), s.BadWordsDir)
		if err != nil {
			return nil, fmt.Errorf("--badwords-dir: %w", err)
		}
		if bw, err = filters.LoadBadWords(dir, s.Languages...); err != nil {
			return nil, err
		}
	}
	return filters.New(cfg, bw)
}

// FiltersFn applies the heuristic filters (C4, bad words, Gopher) to each
// document of its language: a dropped document is counted under the rule's
// reason; a kept one may come out with lines removed (counted per rule). In
// annotate mode every document is kept, with its signals, and the rule that
// would have dropped it is counted as a stat.
type FiltersFn struct {
	Spec FilterSpec

	f     *filters.Filter
	batch []document.Document
}

// Setup builds (or shares) the filter.
func (f *FiltersFn) Setup() error {
	key := fmt.Sprintf("filters|%v", f.Spec)
	flt, err := shared(key, f.Spec.Build)
	f.f = flt
	return err
}

// ProcessElement queues one document.
func (f *FiltersFn) ProcessElement(d document.Document, emit func(document.Document), count func(Count)) {
	f.batch = append(f.batch, d)
	if len(f.batch) >= langBatch {
		f.flush(emit, count)
	}
}

// FinishBundle filters what is queued.
func (f *FiltersFn) FinishBundle(emit func(document.Document), count func(Count)) {
	f.flush(emit, count)
}

func (f *FiltersFn) flush(emit func(document.Document), count func(Count)) {
	outs := make([]filters.Outcome, len(f.batch))
	parallel(len(f.batch), func(i int) { outs[i] = f.f.Apply(&f.batch[i]) })
	stats := map[string]int64{}
	var lines [len(filters.Outcome{}.LinesRemoved)]int64
	for i := range f.batch {
		d, o := &f.batch[i], &outs[i]
		for r, n := range o.LinesRemoved {
			lines[r] += int64(n)
		}
		switch {
		case o.NotConfigured:
			stats[filters.NotConfigured]++
		case f.Spec.Annotate && o.Reason != "":
			stats["filters-would-drop/"+o.Reason]++
		}
		if !o.Kept {
			count(Count{Key: report.Key(report.KindDrop, o.Reason, d.File), N: 1})
			continue
		}
		if f.Spec.Annotate && !o.NotConfigured {
			d.Signals = make([]document.Signal, len(o.Signals))
			for j, s := range o.Signals {
				d.Signals[j] = document.Signal{Name: s.Name, Value: s.Value}
			}
		}
		emit(*d)
	}
	kind := report.KindLines
	if f.Spec.Annotate {
		kind = report.KindStat // nothing was removed
	}
	for r, n := range lines {
		if n > 0 {
			name := filters.LineReasons[r].Name
			if f.Spec.Annotate {
				name = "filters-would-remove-lines/" + name
			}
			count(Count{Key: report.Key(kind, name, ""), N: n})
		}
	}
	for name, n := range stats {
		count(Count{Key: report.Key(report.KindStat, name, ""), N: n})
	}
	f.batch = f.batch[:0]
}
