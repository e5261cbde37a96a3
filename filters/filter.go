package filters

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// Reason is a drop reason (or a line rule): its name in the report and a
// one-line description.
type Reason struct {
	Name string
	Doc  string
}

// Drop reasons.
const (
	ReasonC4PageTooLong         = "c4-page-too-long"
	ReasonC4TooFewParagraphs    = "c4-too-few-paragraphs"
	ReasonC4LoremIpsum          = "c4-lorem-ipsum"
	ReasonC4CurlyBracket        = "c4-curly-bracket"
	ReasonC4TooFewSentences     = "c4-too-few-sentences"
	ReasonBadWords              = "badwords-match"
	ReasonGopherWordCount       = "gopher-word-count"
	ReasonGopherMeanWordLength  = "gopher-mean-word-length"
	ReasonGopherSymbolRatio     = "gopher-symbol-ratio"
	ReasonGopherBulletLines     = "gopher-bullet-lines"
	ReasonGopherEllipsisLines   = "gopher-ellipsis-lines"
	ReasonGopherAlphaWords      = "gopher-alpha-words"
	ReasonGopherStopWords       = "gopher-stop-words"
	ReasonGopherEmpty           = "gopher-empty"
	ReasonGopherDupParaFrac     = "gopher-dup-para-frac"
	ReasonGopherDupParaCharFrac = "gopher-dup-para-char-frac"
	ReasonGopherDupLineFrac     = "gopher-dup-line-frac"
	ReasonGopherDupLineCharFrac = "gopher-dup-line-char-frac"
)

var (
	reasonTopNGram = [3]string{"gopher-top-2gram", "gopher-top-3gram", "gopher-top-4gram"}
	reasonDupNGram = [6]string{"gopher-dup-5gram", "gopher-dup-6gram", "gopher-dup-7gram",
		"gopher-dup-8gram", "gopher-dup-9gram", "gopher-dup-10gram"}
)

// Reasons lists every drop reason in funnel order (the order Apply checks
// them).
var Reasons = func() []Reason {
	r := []Reason{
		{ReasonC4PageTooLong, "C4: page longer than MaxPageLength code points (TFDS: 190,000)"},
		{ReasonC4TooFewParagraphs, "mC4: fewer than 3 lines of at least 200 code points"},
		{ReasonC4LoremIpsum, "C4: a kept line contains \"lorem ipsum\""},
		{ReasonC4CurlyBracket, "C4: a kept line contains \"{\""},
		{ReasonC4TooFewSentences, "C4: fewer than MinSentences sentences in the kept lines"},
		{ReasonBadWords, "C4: the page contains a word of the language's bad-words list"},
		{ReasonGopherWordCount, "Gopher: fewer than 50 or more than 100,000 words"},
		{ReasonGopherMeanWordLength, "Gopher: mean word length outside 3..10"},
		{ReasonGopherSymbolRatio, "Gopher: \"#\" or ellipsis per word above 0.1"},
		{ReasonGopherBulletLines, "Gopher: more than 90% of lines start with a bullet"},
		{ReasonGopherEllipsisLines, "Gopher: more than 30% of lines end with an ellipsis"},
		{ReasonGopherAlphaWords, "Gopher: under 80% of words contain a letter"},
		{ReasonGopherStopWords, "Gopher: fewer than 2 of the stop words"},
		{ReasonGopherEmpty, "Gopher repetition (datatrove mode): empty text"},
		{ReasonGopherDupParaFrac, "Gopher: duplicate paragraph fraction above 0.30"},
		{ReasonGopherDupParaCharFrac, "Gopher: duplicate paragraph character fraction above 0.20"},
		{ReasonGopherDupLineFrac, "Gopher: duplicate line fraction above 0.30"},
		{ReasonGopherDupLineCharFrac, "Gopher: duplicate line character fraction above 0.20"},
	}
	for i, name := range reasonTopNGram {
		r = append(r, Reason{name, fmt.Sprintf("Gopher: top %d-gram character fraction above the Table A1 limit", i+2)})
	}
	for i, name := range reasonDupNGram {
		r = append(r, Reason{name, fmt.Sprintf("Gopher: duplicate %d-gram character fraction above the Table A1 limit", i+5)})
	}
	return r
}()

// NotConfigured is the name under which the lead counts documents whose
// language has no rules (they pass untouched).
const NotConfigured = "filters-not-configured"

// LangRules are the rule families that apply to one language; a nil family
// is off.
type LangRules struct {
	C4 *C4Config
	// Paragraphs is mC4's paragraph filter, run before the C4 line rules.
	Paragraphs *ParagraphConfig
	// BadWords filters the page with the language's bad-words list (the
	// list must be loaded: New fails otherwise).
	BadWords         bool
	GopherQuality    *GopherQualityConfig
	GopherRepetition *GopherRepetitionConfig
}

// Config chooses the rules per language. A language without an entry
// (and a document with no language) passes untouched, with
// Outcome.NotConfigured set: English rules are never applied to another
// language unless configured for it.
type Config struct {
	Languages map[string]LangRules
	// Annotate keeps every document unchanged and reports the signals
	// instead of dropping (--filters-mode=annotate).
	Annotate bool
}

// Default is the reference setting for English: C4 as TFDS built c4/en
// (clean_page, length cap, bad words) and the Gopher rules in GopherPaper
// mode, as their authors applied them to English.
func Default() Config {
	c4 := DefaultC4(C4TFDS)
	q := DefaultGopherQuality(GopherPaper)
	r := DefaultGopherRepetition(GopherPaper)
	return Config{Languages: map[string]LangRules{
		"en": {C4: &c4, BadWords: true, GopherQuality: &q, GopherRepetition: &r},
	}}
}

// DefaultDatatrove is English with datatrove 0.10's C4QualityFilter,
// GopherQualityFilter and GopherRepetitionFilter defaults (no bad words:
// datatrove's C4BadWordsFilter is a separate block; set BadWords to add it).
func DefaultDatatrove() Config {
	c4 := DefaultC4(C4Datatrove)
	q := DefaultGopherQuality(GopherDatatrove)
	r := DefaultGopherRepetition(GopherDatatrove)
	return Config{Languages: map[string]LangRules{
		"en": {C4: &c4, GopherQuality: &q, GopherRepetition: &r},
	}}
}

// Filter applies a Config. It is safe for concurrent use.
type Filter struct {
	cfg      Config
	badWords *BadWords
	pool     sync.Pool // *scratch
}

type scratch struct {
	words []string
	c4    c4Scratch
	rep   repScratch
}

// New checks cfg and returns its Filter. badWords may be nil when no
// language uses bad words.
func New(cfg Config, badWords *BadWords) (*Filter, error) {
	langs := make([]string, 0, len(cfg.Languages))
	for l := range cfg.Languages {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if cfg.Languages[l].BadWords && !badWords.Has(l) {
			return nil, fmt.Errorf("filters: language %q uses bad words but no list was loaded for it", l)
		}
	}
	f := &Filter{cfg: cfg, badWords: badWords}
	f.pool.New = func() any { return new(scratch) }
	return f, nil
}

// Signal is one measured value, for annotate mode.
type Signal struct {
	Name  string
	Value float64
}

// Outcome is what Apply decided for one document.
type Outcome struct {
	// Kept is false when a rule dropped the document (never in annotate
	// mode).
	Kept bool
	// Reason is the drop reason; in annotate mode, the first rule that
	// would have dropped the document, or "".
	Reason string
	// NotConfigured is set when the document's language has no rules.
	NotConfigured bool
	// LinesRemoved counts the lines each C4 line rule removed (indexed by
	// LineRule, named by LineReasons). In annotate mode nothing is
	// removed and these are the lines that would have been.
	LinesRemoved [numLineRules]int
	// Signals holds every measured value, in a fixed order per
	// configuration; only filled in annotate mode.
	Signals []Signal
}

// Edited reports whether lines were removed from the document (a kept
// document is also rewritten when lines were only stripped or lost a
// citation).
func (o *Outcome) Edited() bool {
	for _, n := range o.LinesRemoved {
		if n > 0 {
			return true
		}
	}
	return false
}

// Apply runs the rules of doc's language on doc.RawContent. When the C4
// rules remove lines from a kept document, doc is rewritten: RawContent
// (the kept lines, stripped and without citations, joined by "\n"),
// NLines, Length (code points) and LineIDs (each kept line's index in the
// original text, composed with earlier LineIDs); like cc_net's dedup it
// records OriginalNLines and OriginalLength the first time. A dropped
// document is left as it was.
func (f *Filter) Apply(doc *document.Document) Outcome {
	var out Outcome
	rules, ok := f.cfg.Languages[doc.Language]
	if !ok || doc.Language == "" {
		out.Kept, out.NotConfigured = true, true
		return out
	}
	sc := f.pool.Get().(*scratch)
	defer f.pool.Put(sc)
	annotate := f.cfg.Annotate
	text := doc.RawContent
	drop := func(reason string) bool {
		if out.Reason == "" {
			out.Reason = reason
		}
		return !annotate
	}
	signal := func(name string, v float64) {
		if annotate {
			out.Signals = append(out.Signals, Signal{name, v})
		}
	}
	boolean := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}

	if c := rules.C4; c != nil && c.MaxPageLength > 0 {
		n := len(text)
		if n > c.MaxPageLength {
			n = utf8.RuneCountInString(text)
		}
		signal("c4-page-length", float64(n))
		if n > c.MaxPageLength && drop(ReasonC4PageTooLong) {
			return out
		}
	}
	if p := rules.Paragraphs; p != nil {
		long := longParagraphs(text, p.MinParagraphLength)
		signal("c4-long-paragraphs", float64(long))
		if long < p.MinParagraphs && drop(ReasonC4TooFewParagraphs) {
			return out
		}
	}
	var cleaned *c4Result
	if c := rules.C4; c != nil {
		res := cleanC4(c, text, annotate, &sc.c4)
		cleaned = &res
		out.LinesRemoved = res.removed
		signal("c4-lines", float64(res.lines))
		for i, r := range LineReasons {
			signal(r.Name, float64(res.removed[i]))
		}
		signal(ReasonC4LoremIpsum, boolean(res.pageKill == ReasonC4LoremIpsum))
		signal(ReasonC4CurlyBracket, boolean(res.pageKill == ReasonC4CurlyBracket))
		signal("c4-sentences", float64(res.sentences))
		if res.pageKill != "" && drop(res.pageKill) {
			return out
		}
		if res.sentences < c.MinSentences && drop(ReasonC4TooFewSentences) {
			return out
		}
		if !annotate {
			text = joinKept(res.kept)
		}
	}
	if rules.BadWords {
		found, _ := f.badWords.Match(doc.Language, text)
		signal(ReasonBadWords, boolean(found))
		if found && drop(ReasonBadWords) {
			return out
		}
	}
	if q := rules.GopherQuality; q != nil {
		sc.words = f.words(sc.words[:0], q.Mode, text)
		st := q.stats(text, sc.words)
		signal("gopher-word-count", float64(st.words))
		signal("gopher-mean-word-length", st.meanLen)
		signal("gopher-hash-ratio", st.hashRatio)
		signal("gopher-ellipsis-ratio", st.ellipsRatio)
		signal("gopher-bullet-lines-frac", st.bulletFrac)
		signal("gopher-ellipsis-lines-frac", st.ellipsisFrac)
		signal("gopher-alpha-words-frac", st.alphaFrac)
		signal("gopher-stop-words", float64(st.stopWords))
		if r := q.decide(&st); r != "" && drop(r) {
			return out
		}
	}
	if r := rules.GopherRepetition; r != nil {
		if q := rules.GopherQuality; q == nil || q.Mode != r.Mode {
			sc.words = f.words(sc.words[:0], r.Mode, text)
		}
		st := r.stats(text, sc.words, &sc.rep)
		signal("gopher-dup-para-frac", st.dupParaFrac)
		signal("gopher-dup-para-char-frac", st.dupParaChars)
		signal("gopher-dup-line-frac", st.dupLineFrac)
		signal("gopher-dup-line-char-frac", st.dupLineChars)
		for i, v := range st.topNGram {
			signal(reasonTopNGram[i]+"-char-frac", v)
		}
		for i, v := range st.dupNGram {
			signal(reasonDupNGram[i]+"-char-frac", v)
		}
		if reason := r.decide(&st); reason != "" && drop(reason) {
			return out
		}
	}
	out.Kept = true
	if cleaned != nil && !annotate && text != doc.RawContent {
		rewrite(doc, cleaned.kept, text)
	}
	return out
}

// words splits text into the words of mode.
func (f *Filter) words(dst []string, mode GopherMode, text string) []string {
	if mode == GopherDatatrove {
		return datatroveWords(dst, text)
	}
	forEachField(text, func(w string) bool {
		dst = append(dst, w)
		return true
	})
	return dst
}

func joinKept(kept []c4Line) string {
	n := 0
	for _, l := range kept {
		n += len(l.text) + 1
	}
	var b strings.Builder
	b.Grow(n)
	for i, l := range kept {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.text)
	}
	return b.String()
}

// rewrite sets doc to the kept lines (text is their join).
func rewrite(doc *document.Document, kept []c4Line, text string) {
	ids := make([]int, len(kept))
	for i, l := range kept {
		ids[i] = l.src
		if doc.LineIDs != nil && l.src < len(doc.LineIDs) {
			ids[i] = doc.LineIDs[l.src]
		}
	}
	if !doc.HasDedup {
		doc.HasDedup = true
		doc.OriginalNLines = doc.NLines
		doc.OriginalLength = doc.Length
	}
	doc.RawContent = text
	doc.NLines = len(kept)
	doc.Length = int64(utf8.RuneCountInString(text))
	doc.LineIDs = ids
}
