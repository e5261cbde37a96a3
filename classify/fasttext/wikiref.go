package fasttext

import (
	"strings"

	"github.com/ccnet-go/ccnet/document"
)

// The labels of RedPajama v1's Wikipedia-reference classifier
// (data_prep/cc/classifier/create_corpus.py).
const (
	WikiLabel = "__label__wiki"
	CCLabel   = "__label__cc"
)

// DefaultWikiThreshold is RedPajama v1's cut: documents with wiki_prob >=
// 0.25 are kept (data_prep/cc/filter/cc_classifier.sh).
const DefaultWikiThreshold = 0.25

// JoinLines is Python's " ".join(s.splitlines()): every line boundary
// Python's str.splitlines knows (\n, \r, \r\n, \v, \f, \x1c, \x1d, \x1e,
// U+0085, U+2028, U+2029) becomes one space, except a boundary ending the
// text, which is dropped.
func JoinLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		n := lineBoundary(s[i:])
		if n == 0 {
			b.WriteByte(s[i])
			i++
			continue
		}
		i += n
		if i < len(s) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// lineBoundary returns the length of the line boundary s starts with, or 0.
func lineBoundary(s string) int {
	switch c := s[0]; c {
	case '\r':
		if len(s) > 1 && s[1] == '\n' {
			return 2
		}
		return 1
	case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e:
		return 1
	case 0xc2: // U+0085
		if len(s) > 1 && s[1] == 0x85 {
			return 2
		}
	case 0xe2: // U+2028, U+2029
		if len(s) > 2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9) {
			return 3
		}
	}
	return 0
}

// PrepareText is the text RedPajama v1 gave the classifier for a cc_net
// document (data_prep/cc/classifier/classify.py):
// " ".join(raw_content.strip().splitlines()).
func PrepareText(rawContent string) string {
	return JoinLines(document.PyStrip(rawContent))
}

// LabelProb is RedPajama v1's wiki_prob for label: the model's top
// prediction p for PrepareText(rawContent) (Python predict, k = 1), and p
// when the top label is label, 1 - p otherwise. With two labels this is
// the label's probability up to the 1e-5 fastText adds inside its log. A
// text with no features (no known word, no n-gram) gives 0.
func (m *Model) LabelProb(rawContent, label string) float64 {
	p := m.Predict(PrepareText(rawContent), 1, 0)
	if len(p) == 0 {
		return 0
	}
	if p[0].Label == label {
		return float64(p[0].Prob)
	}
	return 1 - float64(p[0].Prob)
}

// WikiProb is LabelProb for WikiLabel: the value RedPajama v1 stored as
// wiki_prob.
func (m *Model) WikiProb(rawContent string) float64 {
	return m.LabelProb(rawContent, WikiLabel)
}
