package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// KindHist counts one value of a distribution: name is "series:bin".
const KindHist = "hist"

// A histogram series is a named distribution with fixed bins, so that the
// counts of all workers add up, and a report can show the shape of a score
// (wiki_prob, perplexity per language) and what a threshold would keep.
type histSpec struct {
	Lo, Hi float64
	Bins   int
	Log    bool // bins even in log10(value)
}

// Series names.
const (
	SeriesWikiProb   = "wiki_prob"   // the Wikipedia-reference classifier's probability
	SeriesPerplexity = "perplexity/" // + language: the LM perplexity
)

func specOf(series string) (histSpec, bool) {
	switch {
	case series == SeriesWikiProb:
		return histSpec{Lo: 0, Hi: 1, Bins: 20}, true
	case strings.HasPrefix(series, SeriesPerplexity):
		return histSpec{Lo: 1, Hi: 1e5, Bins: 50, Log: true}, true
	}
	return histSpec{}, false
}

// HistKey is the count key of value v in series; values outside the range
// go to the first or last bin.
func HistKey(series string, v float64) string {
	s, ok := specOf(series)
	if !ok {
		panic("report: unknown histogram series " + series)
	}
	x, lo, hi := v, s.Lo, s.Hi
	if s.Log {
		x, lo, hi = math.Log10(math.Max(v, s.Lo)), math.Log10(s.Lo), math.Log10(s.Hi)
	}
	bin := int(math.Floor((x - lo) / (hi - lo) * float64(s.Bins)))
	bin = max(0, min(s.Bins-1, bin))
	return Key(KindHist, series+":"+strconv.Itoa(bin), "")
}

// Histogram is one distribution of the run. Edge i is the lower bound of
// bin i; the last edge is the upper bound of the range.
type Histogram struct {
	Series string    `json:"series"`
	Edges  []float64 `json:"edges"`
	Counts []int64   `json:"counts"`
}

// Total is the number of values counted.
func (h *Histogram) Total() int64 {
	var n int64
	for _, c := range h.Counts {
		n += c
	}
	return n
}

// AtLeast is the fraction of values in bins whose lower edge is at least t:
// what a threshold at that edge keeps.
func (h *Histogram) AtLeast(bin int) float64 {
	total := h.Total()
	if total == 0 {
		return 0
	}
	var n int64
	for _, c := range h.Counts[bin:] {
		n += c
	}
	return float64(n) / float64(total)
}

func (r *Report) addHist(name string, n int64) error {
	series, binText, ok := strings.Cut(name, ":")
	s, known := specOf(series)
	bin, err := strconv.Atoi(binText)
	if !ok || !known || err != nil || bin < 0 || bin >= s.Bins {
		return fmt.Errorf("report: bad histogram count %q", name)
	}
	i := sort.Search(len(r.Histograms), func(i int) bool { return r.Histograms[i].Series >= series })
	if i == len(r.Histograms) || r.Histograms[i].Series != series {
		h := Histogram{Series: series, Edges: make([]float64, s.Bins+1), Counts: make([]int64, s.Bins)}
		for e := range h.Edges {
			f := float64(e) / float64(s.Bins)
			if s.Log {
				lo, hi := math.Log10(s.Lo), math.Log10(s.Hi)
				h.Edges[e] = roundSig(math.Pow(10, lo+f*(hi-lo)))
			} else {
				h.Edges[e] = roundSig(s.Lo + f*(s.Hi-s.Lo))
			}
		}
		r.Histograms = append(r.Histograms, Histogram{})
		copy(r.Histograms[i+1:], r.Histograms[i:])
		r.Histograms[i] = h
	}
	r.Histograms[i].Counts[bin] += n
	return nil
}

// roundSig keeps 4 significant digits, so edges print the same everywhere.
func roundSig(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return v
}

// histChart is a histogram drawn as SVG columns in a 600×160 box, with,
// for probabilities, the line of the fraction a threshold at each lower
// edge would keep.
type histChart struct {
	Title   string
	Total   int64
	Columns []histColumn
	Line    string // polyline points, "" when not drawn
	Ticks   []histTick
}

type histColumn struct {
	X, Y, W, H float64
	Label      string
}

type histTick struct {
	X     float64
	Label string
}

const chartW, chartH = 600.0, 160.0

func chartOf(h Histogram) histChart {
	c := histChart{Title: h.Series, Total: h.Total()}
	var peak int64
	for _, n := range h.Counts {
		peak = max(peak, n)
	}
	w := chartW / float64(len(h.Counts))
	var line []string
	for i, n := range h.Counts {
		height := 0.0
		if peak > 0 {
			height = chartH * float64(n) / float64(peak)
		}
		c.Columns = append(c.Columns, histColumn{X: float64(i) * w, Y: chartH - height, W: w - 1, H: height,
			Label: fmt.Sprintf("[%g, %g): %d", h.Edges[i], h.Edges[i+1], n)})
		if i%5 == 0 {
			c.Ticks = append(c.Ticks, histTick{X: float64(i) * w, Label: strconv.FormatFloat(h.Edges[i], 'g', 4, 64)})
		}
		if h.Series == SeriesWikiProb {
			line = append(line, fmt.Sprintf("%.1f,%.1f", float64(i)*w, chartH*(1-h.AtLeast(i))))
		}
	}
	c.Line = strings.Join(line, " ")
	return c
}
