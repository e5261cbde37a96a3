package fasttext

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// Source is one input file of cc_net JSON lines.
type Source struct {
	Name string // for errors
	R    io.Reader
}

// DataConfig is RedPajama v1's training-set recipe
// (data_prep/cc/classifier/create_corpus.py).
type DataConfig struct {
	PositiveLabel    string // "__label__wiki"
	NegativeLabel    string // "__label__cc"
	MinPositiveChars int    // positives need len(raw_content) >= 1000 code points
}

// DefaultDataConfig returns RedPajama v1's values.
func DefaultDataConfig() DataConfig {
	return DataConfig{PositiveLabel: WikiLabel, NegativeLabel: CCLabel, MinPositiveChars: 1000}
}

// DataStats counts what BuildData read and wrote.
type DataStats struct {
	PositivesRead int     // documents read from the positive sources, short ones included
	Positives     int     // positive lines written
	Negatives     int     // negative lines written
	PerFile       float64 // PositivesRead / len(negatives): the cap per negative source
}

// BuildData writes a fastText training set in RedPajama v1's way:
//
//   - every document of the positive sources (cc_net output for pages cited
//     by Wikipedia) with at least MinPositiveChars code points of
//     raw_content becomes "PositiveLabel " + JoinLines(raw_content);
//   - each negative source (random cc_net head/middle files) then gives its
//     first documents, while their number is <= PositivesRead /
//     len(negatives) (a float, so the cap rounds down), as
//     "NegativeLabel " + JoinLines(raw_content).
//
// PositivesRead counts the short positives too, as RedPajama's counter
// does, so there are slightly more negatives than positives. RedPajama's
// digest dedup of positives is a no-op (it stores the key "digest", not the
// digest) and is not reproduced. Lines are written in input order; shuffle
// them before training if the sources are sorted.
func BuildData(w io.Writer, positives, negatives []Source, cfg DataConfig) (DataStats, error) {
	var st DataStats
	if len(negatives) == 0 {
		return st, errors.New("fasttext: BuildData needs at least one negative source")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	write := func(label, raw string) error {
		bw.WriteString(label)
		bw.WriteByte(' ')
		bw.WriteString(JoinLines(raw))
		return bw.WriteByte('\n')
	}
	for _, src := range positives {
		err := eachDocument(src, func(d *document.Document) (bool, error) {
			st.PositivesRead++
			if utf8.RuneCountInString(d.RawContent) < cfg.MinPositiveChars {
				return true, nil
			}
			st.Positives++
			return true, write(cfg.PositiveLabel, d.RawContent)
		})
		if err != nil {
			return st, err
		}
	}
	st.PerFile = float64(st.PositivesRead) / float64(len(negatives))
	for _, src := range negatives {
		j := 0
		err := eachDocument(src, func(d *document.Document) (bool, error) {
			j++
			if float64(j) > st.PerFile {
				return false, nil
			}
			st.Negatives++
			return true, write(cfg.NegativeLabel, d.RawContent)
		})
		if err != nil {
			return st, err
		}
	}
	return st, bw.Flush()
}

// eachDocument calls f on each document of src until f returns false. A
// line that is not a cc_net document is an error naming the file and line;
// blank lines are skipped.
func eachDocument(src Source, f func(*document.Document) (bool, error)) error {
	br := bufio.NewReaderSize(src.R, 1<<20)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			d, perr := document.ParseJSON(line)
			if perr != nil {
				return fmt.Errorf("%s:%d: %w", src.Name, lineNo, perr)
			}
			more, ferr := f(&d)
			if ferr != nil {
				return ferr
			}
			if !more {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", src.Name, lineNo, err)
		}
	}
}

// Example is one line of fastText's labelled format: the tokens that start
// with the label prefix, and the other tokens joined by single spaces.
type Example struct {
	Labels []string
	Text   string
}

// ExampleReader reads labelled lines ("__label__a __label__b some text"),
// splitting tokens where fastText does (space, \t, \v, \f, \r, NUL). Lines
// of any length are read.
type ExampleReader struct {
	br     *bufio.Reader
	prefix string
	ex     Example
	err    error
	line   int
	words  []string
}

// NewExampleReader reads labelled lines with the given label prefix
// ("__label__" when empty).
func NewExampleReader(r io.Reader, prefix string) *ExampleReader {
	if prefix == "" {
		prefix = "__label__"
	}
	return &ExampleReader{br: bufio.NewReaderSize(r, 1<<16), prefix: prefix}
}

// Scan reads the next line; it returns false at the end or on an error.
// Empty lines are returned as empty examples.
func (r *ExampleReader) Scan() bool {
	if r.err != nil {
		return false
	}
	line, err := r.br.ReadString('\n')
	if err != nil && err != io.EOF {
		r.err = fmt.Errorf("line %d: %w", r.line+1, err)
		return false
	}
	if err == io.EOF && line == "" {
		return false
	}
	r.line++
	r.ex.Labels = nil
	r.words = r.words[:0]
	for _, tok := range strings.FieldsFunc(line, func(c rune) bool { return c < utf8.RuneSelf && isSpace(byte(c)) }) {
		if strings.HasPrefix(tok, r.prefix) {
			r.ex.Labels = append(r.ex.Labels, tok)
		} else {
			r.words = append(r.words, tok)
		}
	}
	r.ex.Text = strings.Join(r.words, " ")
	return true
}

// Example returns the line read by the last Scan.
func (r *ExampleReader) Example() Example { return r.ex }

// Line is the number of the line read by the last Scan, from 1.
func (r *ExampleReader) Line() int { return r.line }

// Err returns the first read error.
func (r *ExampleReader) Err() error { return r.err }

// TestResult is what `fasttext test` prints: the examples scored and the
// precision and recall at k.
type TestResult struct {
	N         int
	Precision float64
	Recall    float64
}

// Test scores the model on labelled lines as `fasttext test MODEL FILE k
// threshold` does (FastText::test and Meter): lines with no label or no
// feature are skipped; precision is correct predictions over predictions,
// recall correct predictions over gold labels. With one label per line and
// k = 1, Precision is the accuracy.
func (m *Model) Test(r io.Reader, k int, threshold float32) (TestResult, error) {
	s := m.getState()
	defer m.scratch.Put(s)
	wr := newWordReader(r)
	var res TestResult
	var gold, predicted, correct int
	d := m.dict
	for !wr.eof {
		l := &s.line
		d.readLine(wr, l)
		if wr.err != nil {
			return res, wr.err
		}
		if len(l.labels) == 0 || len(l.words) == 0 {
			continue
		}
		m.predictIDs(s, k, threshold)
		res.N++
		gold += len(l.labels)
		predicted += len(s.heap)
		for _, p := range s.heap {
			if contains(l.labels, p.label) {
				correct++
			}
		}
	}
	if predicted > 0 {
		res.Precision = float64(correct) / float64(predicted)
	}
	if gold > 0 {
		res.Recall = float64(correct) / float64(gold)
	}
	return res, nil
}

// KeptFraction returns, for each threshold, the fraction of probs that are
// >= it: the share of documents a wiki_prob cut keeps.
func KeptFraction(probs []float64, thresholds []float64) []float64 {
	out := make([]float64, len(thresholds))
	if len(probs) == 0 {
		return out
	}
	for i, t := range thresholds {
		n := 0
		for _, p := range probs {
			if p >= t {
				n++
			}
		}
		out[i] = float64(n) / float64(len(probs))
	}
	return out
}
