package filters

import (
	"bytes"
	"regexp"
	"strings"
)

// C4Mode names a reading of the C4 rules.
type C4Mode string

const (
	// C4TFDS is TFDS text/c4_utils.py clean_page (c4/en): at least 5 words
	// per line, 3 sentences per page, end marks . ? ! " and punkt
	// sentences, words counted after citation removal, plus c4.py's page
	// length cap.
	C4TFDS C4Mode = "tfds"
	// C4Datatrove is datatrove 0.10 C4QualityFilter with its defaults: 3
	// words per line, 5 sentences per page, the end mark ' added, words
	// counted before citation removal, spaCy sentences, no length cap.
	C4Datatrove C4Mode = "datatrove"
)

// Sentences names a sentence splitter.
type Sentences int

const (
	// SentencesPunkt approximates NLTK punkt's English model (TFDS).
	SentencesPunkt Sentences = iota
	// SentencesSpacy is spaCy's rule-based sentencizer over the datatrove
	// word splitter (datatrove 0.10 split_into_sentences for English).
	SentencesSpacy
)

// C4Config is one reading of the C4 page cleaning. DefaultC4 gives the
// reference values; every field can be changed on its own.
type C4Config struct {
	Mode C4Mode
	// MaxPageLength drops pages of more code points than this before any
	// line rule; 0 disables. TFDS c4.py: is_valid_length(max_length=1.9e5).
	MaxPageLength int
	// MaxWordLength drops a line with a whitespace-separated word of more
	// code points than this, before citations are removed; 0 disables.
	// TFDS _MAX_WORD_LENGTH = 1000; datatrove max_word_length = 1000.
	MaxWordLength int
	// RemoveCitations deletes \[\d*\]|\[edit\]|\[citation needed\] from
	// each line (TFDS and datatrove).
	RemoveCitations bool
	// EndMarks are the line endings that keep a line; a line ending in
	// "..." never does. Empty disables the rule. TFDS _END_MARKS = . ? ! ";
	// datatrove END_PUNCTUATION adds '.
	EndMarks []string
	// MinWordsPerLine drops lines with fewer whitespace-separated words;
	// 0 disables. TFDS _MIN_WORDS_PER_LINE = 5; datatrove 3.
	MinWordsPerLine int
	// WordsBeforeCitations counts a line's words before citation removal
	// (datatrove) rather than after (TFDS).
	WordsBeforeCitations bool
	// LoremIpsum drops the page when a surviving line contains "lorem
	// ipsum" (case-insensitive).
	LoremIpsum bool
	// Javascript drops lines containing "javascript" (case-insensitive).
	Javascript bool
	// CurlyBracket drops the page when a surviving line contains "{".
	CurlyBracket bool
	// Policy drops lines containing a cookie or terms-of-use phrase
	// (TFDS _POLICY_SUBSTRINGS, the same list in datatrove).
	Policy bool
	// MinSentences drops the page when its kept lines hold fewer
	// sentences; 0 disables. TFDS _MIN_NUM_SENTENCES = 3; datatrove 5.
	MinSentences int
	// Sentences is the sentence splitter used for MinSentences.
	Sentences Sentences
}

// DefaultC4 returns the reference configuration of mode ("" is C4TFDS).
func DefaultC4(mode C4Mode) C4Config {
	c := C4Config{
		Mode:            C4TFDS,
		MaxPageLength:   190000,
		MaxWordLength:   1000,
		RemoveCitations: true,
		EndMarks:        []string{".", "?", "!", `"`},
		MinWordsPerLine: 5,
		LoremIpsum:      true,
		Javascript:      true,
		CurlyBracket:    true,
		Policy:          true,
		MinSentences:    3,
		Sentences:       SentencesPunkt,
	}
	if mode == C4Datatrove {
		c.Mode = C4Datatrove
		c.MaxPageLength = 0
		c.EndMarks = []string{".", "?", "!", `"`, "'"}
		c.MinWordsPerLine = 3
		c.WordsBeforeCitations = true
		c.MinSentences = 5
		c.Sentences = SentencesSpacy
	}
	return c
}

// citationRE is TFDS's and datatrove's citation pattern; \d is ASCII-only
// in Go and Unicode in Python, which only matters for "[٣]"-like marks.
var citationRE = regexp.MustCompile(`\[[0-9]*\]|\[edit\]|\[citation needed\]`)

// policySubstrings is TFDS _POLICY_SUBSTRINGS.
var policySubstrings = []string{
	"terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies",
}

// LineRule indexes Outcome.LinesRemoved.
type LineRule int

const (
	LineLongWord LineRule = iota
	LineNoEndMark
	LineTooFewWords
	LineJavascript
	LinePolicy
	numLineRules
)

// LineReasons describes the line rules, indexed by LineRule.
var LineReasons = []Reason{
	{"c4-line-long-word", "C4: line with a word longer than MaxWordLength removed"},
	{"c4-line-no-end-mark", "C4: line not ending in an end mark (or ending in \"...\") removed"},
	{"c4-line-too-few-words", "C4: line with fewer than MinWordsPerLine words removed"},
	{"c4-line-javascript", "C4: line mentioning \"javascript\" removed"},
	{"c4-line-policy", "C4: line with a cookie / terms-of-use phrase removed"},
}

// c4Line is a kept line and the index of the "\n" line it came from.
type c4Line struct {
	text string
	src  int
}

// c4Result is the outcome of clean_page on one text.
type c4Result struct {
	pageKill  string // first page rule hit, "" if none
	sentences int
	lines     int // lines examined
	removed   [numLineRules]int
	kept      []c4Line
}

// c4Scratch holds one goroutine's buffers for cleanC4.
type c4Scratch struct {
	tokens []string
	lower  []byte
}

// cleanC4 runs the per-line rules of c in TFDS order over text. With full
// set it goes on after a page-killing line (for annotate mode); the first
// page rule hit is the reason either way. text is cut at "\n" first (so
// that each kept line knows its index in the document), then each piece
// as Python's splitlines() would.
func cleanC4(c *C4Config, text string, full bool, sc *c4Scratch) c4Result {
	if sc == nil {
		sc = new(c4Scratch)
	}
	var res c4Result
	src, stop := 0, false
	for piece := range strings.SplitSeq(text, "\n") {
		if piece == "" {
			res.lines++
			stop = c.line(&res, "", src, sc)
		} else {
			forEachLine(piece, func(line string) {
				if stop && !full {
					return
				}
				res.lines++
				if c.line(&res, line, src, sc) {
					stop = true
				}
			})
		}
		if stop && !full {
			return res
		}
		src++
	}
	return res
}

// line applies the rules to one line and reports a page kill.
func (c *C4Config) line(res *c4Result, line string, src int, sc *c4Scratch) bool {
	line = pyStrip(line)
	words, longWord := 0, false
	forEachField(line, func(w string) bool {
		words++
		if c.MaxWordLength > 0 && len(w) > c.MaxWordLength && runeLen(w) > c.MaxWordLength {
			longWord = true
			return false
		}
		return true
	})
	if longWord {
		res.removed[LineLongWord]++
		return false
	}
	cited := false
	if c.RemoveCitations && strings.IndexByte(line, '[') >= 0 {
		if l := citationRE.ReplaceAllLiteralString(line, ""); l != line {
			line, cited = l, true
		}
	}
	if len(c.EndMarks) > 0 && (!hasAnySuffix(line, c.EndMarks) || strings.HasSuffix(line, "...")) {
		res.removed[LineNoEndMark]++
		return false
	}
	if cited && !c.WordsBeforeCitations {
		words = countFields(line)
	}
	if words < c.MinWordsPerLine {
		res.removed[LineTooFewWords]++
		return false
	}
	sc.lower = appendPyLower(sc.lower[:0], line)
	lower := sc.lower
	kill := ""
	if c.LoremIpsum && bytes.Contains(lower, []byte("lorem ipsum")) {
		kill = ReasonC4LoremIpsum
	} else if c.Javascript && bytes.Contains(lower, []byte("javascript")) {
		res.removed[LineJavascript]++
		return false
	} else if c.CurlyBracket && strings.IndexByte(line, '{') >= 0 {
		kill = ReasonC4CurlyBracket
	}
	if kill != "" {
		if res.pageKill == "" {
			res.pageKill = kill
		}
		return true
	}
	if c.Policy {
		for _, p := range policySubstrings {
			if bytes.Contains(lower, []byte(p)) {
				res.removed[LinePolicy]++
				return false
			}
		}
	}
	if c.MinSentences > 0 {
		if c.Sentences == SentencesSpacy {
			sc.tokens = datatroveWords(sc.tokens[:0], line)
			res.sentences += max(spacySentences(sc.tokens), 1)
		} else {
			res.sentences += punktSentences(line)
		}
	}
	res.kept = append(res.kept, c4Line{line, src})
	return false
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// ParagraphConfig is mC4's paragraph filter (TFDS c4_utils.paragraph_filter,
// datatrove C4ParagraphFilter): split on "\n", drop the page unless it has
// at least MinParagraphs lines and its MinParagraphs longest lines all
// have at least MinParagraphLength code points.
type ParagraphConfig struct {
	MinParagraphs      int // TFDS min_paragraphs = 3
	MinParagraphLength int // TFDS min_paragraph_len = 200
}

// DefaultParagraphs is mC4's setting.
func DefaultParagraphs() ParagraphConfig {
	return ParagraphConfig{MinParagraphs: 3, MinParagraphLength: 200}
}

// longParagraphs returns the number of "\n" lines of at least min code
// points.
func longParagraphs(text string, min int) int {
	long := 0
	for line := range strings.SplitSeq(text, "\n") {
		if len(line) >= min && runeLen(line) >= min {
			long++
		}
	}
	return long
}
