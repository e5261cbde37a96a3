package lm

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Bucket names, cc_net's PerplexityBucket outcomes.
const (
	BucketHead   = "head"
	BucketMiddle = "middle"
	BucketTail   = "tail"
	BucketAll    = "all" // no perplexity or no cutoffs for the language
)

// cc_net: PerplexityBucket(percentile_head=30, percentile_tail=60).
const (
	PercentileHead = 30
	PercentileTail = 60
)

// Cutoffs are one language's perplexity cutoffs: a document is head below
// Head (cc_net's 30th percentile), middle below Tail (the 60th), else tail.
type Cutoffs struct {
	Head, Tail float64
}

// Bucket is cc_net's PerplexityBucket.get_bucket for a document with
// perplexity ppl, already rounded to one decimal as cc_net stores it:
// "head" if ppl < c.Head, "middle" if ppl < c.Tail, else "tail"; "all" for
// a negative ppl (cc_net's -1 for a document without one). A language
// without cutoffs is "all" too: look it up first (see ReadCutoffs).
func Bucket(ppl float64, c Cutoffs) string {
	switch {
	case ppl < 0:
		return BucketAll
	case ppl < c.Head:
		return BucketHead
	case ppl < c.Tail:
		return BucketMiddle
	}
	return BucketTail
}

// ReadCutoffs reads per-language cutoffs in the layout of cc_net's
// cc_net/data/cutoff.csv: a header row with an empty first cell then one
// column per language, then one row per percentile whose first cell is the
// percentile (pandas' index_col=0); cc_net takes rows 30 and 60. Errors
// name the line.
func ReadCutoffs(r io.Reader) (map[string]Cutoffs, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("lm: cutoffs: empty file")
		}
		return nil, fmt.Errorf("lm: cutoffs: %w", err)
	}
	if len(header) < 2 {
		return nil, fmt.Errorf("lm: cutoffs: line 1: no language column")
	}
	langs := header[1:]
	for i, l := range langs {
		if l == "" || slices.Contains(langs[:i], l) {
			return nil, fmt.Errorf("lm: cutoffs: line 1: empty or repeated language %q", l)
		}
	}
	var head, tail []string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("lm: cutoffs: %w", err)
		}
		line, _ := cr.FieldPos(0)
		p, err := strconv.Atoi(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("lm: cutoffs: line %d: percentile %q is not an integer", line, rec[0])
		}
		switch p {
		case PercentileHead:
			head = rec[1:]
		case PercentileTail:
			tail = rec[1:]
		}
	}
	if head == nil || tail == nil {
		return nil, fmt.Errorf("lm: cutoffs: rows %d and %d are required", PercentileHead, PercentileTail)
	}
	out := make(map[string]Cutoffs, len(langs))
	for i, l := range langs {
		h, err1 := strconv.ParseFloat(strings.TrimSpace(head[i]), 64)
		t, err2 := strconv.ParseFloat(strings.TrimSpace(tail[i]), 64)
		if err1 != nil || err2 != nil || math.IsNaN(h) || math.IsNaN(t) {
			return nil, fmt.Errorf("lm: cutoffs: language %q: values %q and %q are not numbers", l, head[i], tail[i])
		}
		out[l] = Cutoffs{Head: h, Tail: t}
	}
	return out, nil
}

// ComputeCutoffs computes a language's cutoffs from a sample of its
// (rounded) document perplexities: the 30th and 60th Percentile. The
// sample is not modified.
func ComputeCutoffs(perplexities []float64) Cutoffs {
	s := slices.Clone(perplexities)
	slices.Sort(s)
	return Cutoffs{Head: Percentile(s, PercentileHead), Tail: Percentile(s, PercentileTail)}
}

// Percentile is the p-th percentile (0..100) of sorted values with
// numpy.percentile's and pandas' default definition ("linear"): the value
// at rank p/100·(n-1), interpolated between its two neighbours. cc_net does
// not ship the code that made cutoff.csv; its integer values (multiples of
// 10) suggest this definition followed by rounding, which is not done
// here. NaN for an empty sample.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	rank := p / 100 * float64(n-1)
	lo := int(math.Floor(rank))
	if lo >= n-1 {
		return sorted[n-1]
	}
	if lo < 0 {
		return sorted[0]
	}
	// numpy's _lerp, which interpolates from the nearer end.
	a, b, t := sorted[lo], sorted[lo+1], rank-float64(lo)
	if t >= 0.5 {
		return b - (b-a)*(1-t)
	}
	return a + (b-a)*t
}
