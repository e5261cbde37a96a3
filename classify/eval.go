package classify

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"strings"
	"time"
)

// HeldOut reports whether a labelled sentence belongs to the fixed
// evaluation split: FNV-1a 64 of its text modulo 10 equals 0 (10 %). A
// model trained for this package trains only on sentences where HeldOut is
// false, so evaluating on HeldOut sentences never sees training data.
func HeldOut(text string) bool {
	h := fnv.New64a()
	io.WriteString(h, text)
	return h.Sum64()%10 == 0
}

// LangScore is the accuracy on one gold language.
type LangScore struct {
	Label   string
	Total   int
	Correct int
}

// Accuracy is Correct/Total.
func (s LangScore) Accuracy() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Correct) / float64(s.Total)
}

// EvalResult summarises an evaluation run.
type EvalResult struct {
	PerLang     []LangScore    // supported gold languages, sorted by label
	Unsupported map[string]int // gold labels lingua cannot produce → lines skipped
	Paths       map[string]int // deciding path → documents
	PathCorrect map[string]int // deciding path → documents labelled correctly
	Docs        int            // documents scored
	Elapsed     time.Duration  // time spent in Identify
}

// Macro is the unweighted mean of the per-language accuracies.
func (e EvalResult) Macro() float64 {
	if len(e.PerLang) == 0 {
		return 0
	}
	sum := 0.0
	for _, s := range e.PerLang {
		sum += s.Accuracy()
	}
	return sum / float64(len(e.PerLang))
}

// DocsPerSecond is the identification throughput (one goroutine).
func (e EvalResult) DocsPerSecond() float64 {
	if e.Elapsed <= 0 {
		return 0
	}
	return float64(e.Docs) / e.Elapsed.Seconds()
}

// Evaluate scores l on a labelled TSV, one "lang<TAB>text" per line; gold
// labels use cc_net's codes ("nb" is read as "no"). Lines whose gold label
// lingua cannot produce are counted in Unsupported, not scored. keep, if
// not nil, selects the lines to use (e.g. HeldOut). A file whose first line
// is a header is read by column, as EvaluateWith describes.
func Evaluate(l *LangID, r io.Reader, keep func(label, text string) bool) (EvalResult, error) {
	return EvaluateWith(l, r, EvalOptions{Keep: keep})
}

// EvalOptions configures EvaluateWith.
type EvalOptions struct {
	// Keep, if not nil, selects the lines to use (by gold label and text).
	Keep func(label, text string) bool
	// PerText caps the lines scored per text of a file with a "code"
	// column (a UDHR translation); 0 means no cap.
	PerText int
}

// EvaluateWith is Evaluate with options. Besides "lang<TAB>text" lines it
// reads tab-separated files with a header line naming a "text" column and
// a label column, "bcp47" (udhr-532-paragraphs.tsv.gz: code, iso6393,
// bcp47, name, para_idx, text), "lang" or "label": the gold label is the
// primary subtag of the label ("de-1901" → de, "sr-Latn" → sr), and lines
// with an empty text are skipped.
func EvaluateWith(l *LangID, r io.Reader, opts EvalOptions) (EvalResult, error) {
	res := EvalResult{Unsupported: map[string]int{}, Paths: map[string]int{}, PathCorrect: map[string]int{}}
	byLang := map[string]*LangScore{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	labelCol, textCol, codeCol, width := 0, 1, -1, 2 // "lang<TAB>text"
	columnar := false
	perText := map[string]int{}
	for sc.Scan() {
		line++
		cols := strings.SplitN(sc.Text(), "\t", width)
		if line == 1 {
			if lc, tc, cc, w, ok := evalHeader(sc.Text()); ok {
				labelCol, textCol, codeCol, width, columnar = lc, tc, cc, w, true
				continue
			}
		}
		if len(cols) < width {
			return res, fmt.Errorf("classify: evaluation line %d: %d tab-separated fields, want %d", line, len(cols), width)
		}
		gold, text := cols[labelCol], cols[textCol]
		if columnar {
			gold, _, _ = strings.Cut(strings.ReplaceAll(gold, "_", "-"), "-")
			gold = strings.ToLower(gold)
			if strings.TrimSpace(text) == "" {
				continue
			}
		}
		if gold == "nb" {
			gold = "no"
		}
		if opts.Keep != nil && !opts.Keep(gold, text) {
			continue
		}
		if _, ok := FromLabel(gold); !ok {
			res.Unsupported[gold]++
			continue
		}
		if columnar && opts.PerText > 0 {
			if perText[cols[codeCol]] >= opts.PerText {
				continue
			}
			perText[cols[codeCol]]++
		}
		start := time.Now()
		got := l.Identify(text)
		res.Elapsed += time.Since(start)
		res.Docs++
		res.Paths[got.Path]++
		s := byLang[gold]
		if s == nil {
			s = &LangScore{Label: gold}
			byLang[gold] = s
		}
		s.Total++
		if got.Label == gold {
			s.Correct++
			res.PathCorrect[got.Path]++
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("classify: evaluation line %d: %w", line+1, err)
	}
	for _, s := range byLang {
		res.PerLang = append(res.PerLang, *s)
	}
	sort.Slice(res.PerLang, func(i, j int) bool { return res.PerLang[i].Label < res.PerLang[j].Label })
	return res, nil
}

// evalHeader recognises a header line: the columns of the label, the text
// and the text's code (-1 if none), and the number of fields to split a
// line into (the text is the last column, so tabs in it are kept).
func evalHeader(line string) (label, text, code, width int, ok bool) {
	label, text, code = -1, -1, -1
	names := strings.Split(line, "\t")
	for i, name := range names {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "bcp47", "lang", "label":
			if label < 0 {
				label = i
			}
		case "text":
			text = i
		case "code":
			code = i
		}
	}
	if label < 0 || text != len(names)-1 {
		return 0, 0, 0, 0, false
	}
	if code < 0 {
		code = label // a cap per text then counts per label
	}
	return label, text, code, len(names), true
}
