package classify

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"
)

// Modes of a LangID.
const (
	// ModeFast is the default: script pre-pass and first pass, then
	// lingua's answer on a bounded sample of the text, computed on compact
	// tables of its models (doc.go).
	ModeFast = "fast"
	// ModeLingua is plain lingua: high-accuracy mode on the whole text.
	ModeLingua = "lingua"
)

// Deciding paths reported in LangResult.Path.
const (
	// PathScript: decided by the writing system alone (Greek → el, Hangul →
	// ko, ...), lingua not called. Score is 1, as lingua's own rule engine
	// gives for an unambiguous alphabet.
	PathScript = "script"
	// PathModel: decided by the embedded naive Bayes first pass (ModeFast),
	// which was confident; Score is its softmax probability.
	PathModel = "model"
	// PathLingua: decided by lingua (in ModeFast on the sample only).
	PathLingua = "lingua"
	// PathNone: nothing to score (no letters); Label is "" and Score 0.
	PathNone = "none"
)

// DefaultThreshold is cc_net's lang_threshold: documents whose rounded
// score is below it are dropped.
const DefaultThreshold = 0.5

// DefaultMaxChars is the sample cap (in runes) of ModeFast.
const DefaultMaxChars = 2000

// ReasonBelowThreshold is the drop reason for a document whose rounded
// language score is below the threshold (or that has no language at all).
const ReasonBelowThreshold = "lang-below-threshold"

// ReasonNotKept is the drop reason for a document whose language is not in
// the output whitelist (--keep-languages).
const ReasonNotKept = "lang-not-kept"

// shortText is lingua's own switch: below 120 letters it scores 1- to
// 5-grams, from 120 on trigrams only (so low-accuracy mode gives the same
// result as high-accuracy mode there).
const shortText = 120

// LangOptions configures a LangID. The zero value is the default: all
// languages, ModeFast, DefaultMaxChars.
type LangOptions struct {
	// Languages restricts the candidates (cc_net labels, ISO 639-1, e.g.
	// "en", "no"); empty means every language lingua knows. With a single
	// candidate lingua's confidence is 1 for any text with letters, so the
	// threshold then only drops documents with nothing to score.
	Languages []string
	// Mode is ModeFast (default, "") or ModeLingua.
	Mode string
	// MaxChars caps the runes scored in ModeFast; 0 means DefaultMaxChars,
	// negative means no cap. Ignored in ModeLingua.
	MaxChars int
}

// LangResult is the language of one document.
type LangResult struct {
	Label string  // cc_net label (ISO 639-1), "" if none
	Score float64 // confidence of the deciding path, rounded to 2 decimals as cc_net
	Path  string  // PathScript, PathModel, PathLingua or PathNone
}

// LangID identifies languages. It is safe for concurrent use; build one per
// worker and share it between goroutines.
type LangID struct {
	mode     string
	maxChars int
	cands    map[lingua.Language]bool
	langs    []lingua.Language       // the candidates
	full     lingua.LanguageDetector // ModeLingua: lingua's high-accuracy detector
	models   *linguaModels           // ModeFast: lingua's scoring on compact tables (trigram.go)
	nb       *nbModel                // fast: first pass
	nbCand   []bool                  // nb language index → is a candidate
}

// NewLangID builds the detector. ModeFast reads lingua's 1- to 3-gram
// models of the candidates into compact tables (short.go, about half a
// second); the tables of 4- and 5-grams, for short texts, are built on the
// first one (about 5 CPU-seconds).
func NewLangID(opts LangOptions) (*LangID, error) {
	mode := opts.Mode
	if mode == "" {
		mode = ModeFast
	}
	if mode != ModeFast && mode != ModeLingua {
		return nil, fmt.Errorf("classify: unknown language-ID mode %q (want %q or %q)", mode, ModeFast, ModeLingua)
	}
	langs := lingua.AllLanguages()
	if len(opts.Languages) > 0 {
		langs = langs[:0:0]
		for _, code := range opts.Languages {
			l, ok := FromLabel(code)
			if !ok {
				return nil, fmt.Errorf("classify: language %q is not supported by lingua (see Supported)", code)
			}
			if !slices.Contains(langs, l) {
				langs = append(langs, l)
			}
		}
	}
	l := &LangID{mode: mode, maxChars: opts.MaxChars, langs: langs, cands: map[lingua.Language]bool{}}
	if l.maxChars == 0 {
		l.maxChars = DefaultMaxChars
	}
	for _, g := range langs {
		l.cands[g] = true
	}
	// lingua refuses to build a detector from fewer than two languages; the
	// answer with one candidate is known anyway (see scoreOne).
	if len(l.cands) >= 2 {
		if mode == ModeLingua {
			l.full = lingua.NewLanguageDetectorBuilder().FromLanguages(langs...).Build()
		} else {
			nb, err := loadNBModel(nbModelData, nbDenseMin)
			if err != nil {
				return nil, err
			}
			l.nb = nb
			for _, g := range nb.langs {
				l.nbCand = append(l.nbCand, l.cands[g])
			}
			x, err := exactIndexFor(langs, lowerLengths)
			if err != nil {
				return nil, err
			}
			l.models = newLinguaModels(x)
		}
	}
	return l, nil
}

// Identify returns the language of text, a document's raw_content.
//
// Unlike cc_net, newlines are not deleted: lingua splits words at any
// non-letter, so deleting "\n" would glue the last word of a line to the
// first of the next and invent n-grams; lingua was not trained on glued text.
func (l *LangID) Identify(text string) LangResult {
	if l.mode == ModeLingua {
		return l.lingua(l.full, text)
	}
	sample := Sample(text, l.maxChars)
	g, ok, pure := l.byScript(sample)
	if ok {
		return LangResult{Label: Label(g), Score: 1, Path: PathScript}
	}
	var short []lingua.Language
	chars := 0 // runes of the sample lingua scores, 0: all
	if pure && l.nb != nil {
		var r LangResult
		if r, short, chars, ok = l.firstPass(l.nbVerdict(sample)); ok {
			return r
		}
	}
	if l.models != nil && countLetters(sample, shortText) < shortText {
		// Where lingua scores 1- to 5-grams: its high-accuracy answer
		// among every candidate.
		return l.linguaAnswer(sample, l.langs, false)
	}
	if !pure && l.nb != nil {
		short = l.mixedShortlist(sample)
	}
	if len(short) >= 2 {
		ls := sample
		if chars > 0 {
			ls = Sample(sample, chars)
		}
		// The shortlist can miss every language of the sample's alphabet
		// (the first pass ran on a few odd letters): lingua then answers
		// nothing and every candidate is scored.
		if r := l.linguaAnswer(ls, short, true); r.Path != PathNone {
			return r
		}
	}
	if l.models == nil { // one candidate
		return l.scoreOne(sample)
	}
	return l.linguaAnswer(sample, l.langs, true)
}

// linguaAnswer is lingua's answer on text among langs (at least two),
// computed by trigram.go, in low- or high-accuracy mode.
func (l *LangID) linguaAnswer(text string, langs []lingua.Language, lowAccuracy bool) LangResult {
	var conf [numLanguages]float64
	if err := l.models.confidences(text, langs, lowAccuracy, &conf); err != nil {
		// lingua's embedded 4- or 5-gram models did not decode (lingua
		// itself would panic): its low-accuracy answer instead.
		l.models.confidences(text, langs, true, &conf)
	}
	best := lingua.Unknown
	for _, g := range langs {
		if conf[g] > 0 && (best == lingua.Unknown || conf[g] > conf[best] || conf[g] == conf[best] && g < best) {
			best = g
		}
	}
	if best == lingua.Unknown {
		return LangResult{Path: PathNone}
	}
	return LangResult{Label: Label(best), Score: Round2(conf[best]), Path: PathLingua}
}

func (l *LangID) lingua(det lingua.LanguageDetector, text string) LangResult {
	if det == nil { // one candidate
		return l.scoreOne(text)
	}
	return linguaResult(det.ComputeLanguageConfidenceValues(text))
}

// linguaResult is the best of lingua's confidence values, if any.
func linguaResult(vals []lingua.ConfidenceValue) LangResult {
	if len(vals) == 0 || vals[0].Value() <= 0 {
		return LangResult{Path: PathNone}
	}
	return LangResult{Label: Label(vals[0].Language()), Score: Round2(vals[0].Value()), Path: PathLingua}
}

// scoreOne is lingua's answer with a single candidate: confidence 1 when the
// text has a letter, else nothing.
func (l *LangID) scoreOne(text string) LangResult {
	for _, r := range text {
		if unicode.IsLetter(r) {
			for g := range l.cands {
				return LangResult{Label: Label(g), Score: 1, Path: PathLingua}
			}
		}
	}
	return LangResult{Path: PathNone}
}

// Round2 rounds a confidence as cc_net does (numpy round(2)): half to even
// on the float64 value of p*100.
func Round2(p float64) float64 { return math.RoundToEven(p*100) / 100 }

// KeepByThreshold reports whether cc_net keeps a document: iff its rounded
// score is at least threshold. score must already be rounded (Round2).
func KeepByThreshold(score, threshold float64) bool { return score >= threshold }

// LangFilter applies cc_net's threshold and an optional output whitelist.
type LangFilter struct {
	Threshold float64             // DefaultThreshold in cc_net
	Keep      map[string]struct{} // --keep-languages; nil keeps every language
}

// Decide returns whether to keep a document and, if not, the drop reason.
func (f LangFilter) Decide(r LangResult) (bool, string) {
	if r.Label == "" || !KeepByThreshold(r.Score, f.Threshold) {
		return false, ReasonBelowThreshold
	}
	if f.Keep != nil {
		if _, ok := f.Keep[r.Label]; !ok {
			return false, ReasonNotKept
		}
	}
	return true, ""
}

// Sample returns the first max runes of text, cut back to the last
// whitespace in the final tenth so no word is split. max < 0 means no cap.
func Sample(text string, max int) string {
	if max < 0 || len(text) <= max {
		return text
	}
	n, end := 0, len(text)
	for i := range text {
		if n == max {
			end = i
			break
		}
		n++
	}
	if end == len(text) {
		return text
	}
	cut := text[:end]
	if i := strings.LastIndexFunc(cut, unicode.IsSpace); i > 0 && utf8.RuneCountInString(cut[i:]) <= max/10 {
		cut = cut[:i]
	}
	return cut
}

func countLetters(s string, stop int) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
			if n >= stop {
				break
			}
		}
	}
	return n
}

// Label maps a lingua language to cc_net's label (fastText lid.176): the
// ISO 639-1 code, except Norwegian Bokmål, which lid.176 calls "no".
func Label(g lingua.Language) string {
	if g == lingua.Bokmal {
		return "no"
	}
	return strings.ToLower(g.IsoCode639_1().String())
}

// FromLabel is the inverse of Label; it also accepts "nb" for Bokmål.
func FromLabel(code string) (lingua.Language, bool) {
	code = strings.ToLower(strings.TrimSpace(code))
	if code == "no" {
		return lingua.Bokmal, true
	}
	for _, g := range lingua.AllLanguages() {
		if strings.ToLower(g.IsoCode639_1().String()) == code {
			return g, true
		}
	}
	return lingua.Unknown, false
}

// Supported returns the sorted labels lingua can produce.
func Supported() []string {
	var out []string
	for _, g := range lingua.AllLanguages() {
		out = append(out, Label(g))
	}
	sort.Strings(out)
	return out
}

// MissingFromLingua lists cc_net's 48 LM languages that lingua cannot
// produce (Khmer, Kannada, Malayalam, Burmese, Nepali).
var MissingFromLingua = []string{"km", "kn", "ml", "my", "ne"}
