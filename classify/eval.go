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
// not nil, selects the lines to use (e.g. HeldOut).
func Evaluate(l *LangID, r io.Reader, keep func(label, text string) bool) (EvalResult, error) {
	res := EvalResult{Unsupported: map[string]int{}, Paths: map[string]int{}, PathCorrect: map[string]int{}}
	byLang := map[string]*LangScore{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		gold, text, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return res, fmt.Errorf("classify: evaluation line %d: no tab", line)
		}
		if gold == "nb" {
			gold = "no"
		}
		if keep != nil && !keep(gold, text) {
			continue
		}
		if _, ok := FromLabel(gold); !ok {
			res.Unsupported[gold]++
			continue
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
