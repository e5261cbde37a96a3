package lm

import (
	"github.com/ccnet-go/ccnet/internal/shareddata"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// qryF32 sums its arguments in float32, left to right, as KenLM does.
func qryF32(xs ...float32) float32 {
	var s float32
	for _, x := range xs {
		s += x
	}
	return s
}

// smallWords are the per-word scores of testdata/small.arpa, the ones
// KenLM's `query -v word` prints (checked with KenLM 4cb443e by
// conformance/lm/query.sh). Each follows from the ARPA by hand:
//
//	"a b c": a = p(a|<s>) = -0.3 (bigram "<s> a");
//	         b = p(b|<s> a) = -0.1 (trigram);
//	         c = p(c|a b) = -0.15 (trigram);
//	         </s>: c's backoff is 0 and "b c" is no context, so the
//	         state is empty: p(</s>) = -0.5, no backoff.
//	"b a x": b = p(b) + bo(<s>) = -0.8 + -0.5 ("<s> b" missing);
//	         a = p(a) + bo(b) = -0.7 + -0.2;
//	         x is unknown: p(<unk>) + bo(a) = -1.0 + -0.3, then the
//	         context resets (<unk>'s backoff is 0);
//	         </s> = -0.5.
//	"a":     </s> = p(</s>) + bo(a) + bo(<s> a) = -0.5 + -0.3 + -0.1,
//	         in that order in float32: -0.90000004.
//	"a b":   </s> = p(</s>|b) + bo(a b) = -0.2 + -0.25: "b </s>" is no
//	         suffix of a trigram, so the search stops there.
//	"":      </s> = p(</s>) + bo(<s>) = -0.5 + -0.5.
var smallWords = []struct {
	sentence string
	words    []WordScore
}{
	{"a b c", []WordScore{{"a", 3, 2, -0.3}, {"b", 4, 3, -0.1}, {"c", 5, 3, -0.15}, {"</s>", 2, 1, -0.5}}},
	{"b a x", []WordScore{{"b", 4, 1, qryF32(-0.8, -0.5)}, {"a", 3, 1, qryF32(-0.7, -0.2)}, {"x", 0, 1, qryF32(-1.0, -0.3)}, {"</s>", 2, 1, -0.5}}},
	{"a", []WordScore{{"a", 3, 2, -0.3}, {"</s>", 2, 1, qryF32(-0.5, -0.3, -0.1)}}},
	{"a b", []WordScore{{"a", 3, 2, -0.3}, {"b", 4, 3, -0.1}, {"</s>", 2, 2, qryF32(-0.2, -0.25)}}},
	{"", []WordScore{{"</s>", 2, 1, qryF32(-0.5, -0.5)}}},
}

func qrySharedPath(t testing.TB, rel string) string { return shareddata.Path(t, rel) }

func qryOpenSmall(t testing.TB) *Model {
	t.Helper()
	m, err := Open(filepath.Join("testdata", "small.arpa"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// checkSmall holds a model of testdata/small.arpa, in any format, to the
// numbers above.
func checkSmall(t *testing.T, m *Model) {
	t.Helper()
	for _, c := range smallWords {
		got, total := m.ScoreWords(nil, strings.Fields(c.sentence))
		var want float32
		for i, w := range c.words {
			want += w.Prob
			if i >= len(got) || got[i] != w {
				t.Errorf("%s %q: word %d = %+v, want %+v", m.Format(), c.sentence, i, got, c.words)
				break
			}
		}
		if total != want {
			t.Errorf("%s %q: total %v, want %v", m.Format(), c.sentence, total, want)
		}
		if s := m.Score(strings.Fields(c.sentence)); s != want {
			t.Errorf("%s Score(%q) = %v, want %v", m.Format(), c.sentence, s, want)
		}
		if s := m.ScoreSentence(" \t" + strings.ReplaceAll(c.sentence, " ", "\v ") + "\r"); s != want {
			t.Errorf("%s ScoreSentence(%q) = %v, want %v", m.Format(), c.sentence, s, want)
		}
	}
}

func TestScoreSmallARPA(t *testing.T) {
	m := qryOpenSmall(t)
	if m.Order() != 3 || m.VocabSize() != 6 || m.Format() != FormatARPA {
		t.Fatalf("order %d vocab %d format %v", m.Order(), m.VocabSize(), m.Format())
	}
	checkSmall(t, m)
}

// kenlmSteps are KenLM's own expectations on its test model (lm/test.arpa,
// with SRILM's -99 for <s> and pruned n-grams whose suffixes KenLM fills
// in as blanks), from lm/model_test.cc at 4cb443e (Starters, Continuation,
// Blanks, Unknowns, MinimalState): the state before each word ("bos",
// "null", "keep" or "saved"), the word, the n-gram length and the log10
// probability; state length checked where model_test.cc checks it (-1:
// not checked).
var kenlmSteps = []struct {
	from   string
	word   string
	ngram  int
	prob   float64
	length int
}{
	{"bos", "looking", 2, -0.4846522, -1},
	{"bos", ",", 1, -1.383514 + -0.4149733, -1},
	{"bos", "this_is_not_found", 1, -1.995635 + -0.4149733, -1},
	// Continuation.
	{"bos", "looking", 2, -0.484652, -1},
	{"keep", "on", 3, -0.348837, -1},
	{"keep", "a", 4, -0.0155266, -1},
	{"keep", "little", 5, -0.00306122, -1},
	{"save", "the", 1, -4.04005, -1},
	{"keep", "biarritz", 1, -1.9889, -1},
	{"keep", "not_found", 1, -2.29666, -1},
	{"keep", "more", 1, -1.20632 - 20.0, -1},
	{"keep", ".", 2, -0.51363, -1},
	{"keep", "</s>", 3, -0.0191651, 0},
	{"saved", "more", 5, -0.00181395, 4},
	{"keep", "loin", 5, -0.0432557, 1},
	// Blanks.
	{"null", "also", 1, -1.687872, -1},
	{"keep", "would", 2, -2, -1},
	{"keep", "consider", 3, -3, -1},
	{"save", "higher", 4, -4, -1},
	{"keep", "looking", 5, -5, 1},
	{"saved", "not_found", 1, -1.995635 - 7.0 - 0.30103, -1},
	{"null", "higher", 1, -1.509559, -1},
	{"keep", "looking", 2, -1.285941 - 0.30103, 1},
	{"save", "not_found", 1, -1.995635 - 0.4771212, -1},
	{"saved", "consider", 1, -1.687872 - 0.4771212, -1},
	{"null", "would", 1, -1.687872, 1},
	{"keep", "consider", 2, -1.687872 - 0.30103, 2},
	{"keep", "higher", 3, -1.509559 - 0.30103, 3},
	{"keep", "looking", 4, -1.285941 - 0.30103, -1},
	// Unknowns.
	{"null", "not_found", 1, -1.995635, -1},
	{"save", "not_found2", 2, -15.0, -1},
	{"keep", "not_found3", 2, -15.0 - 2.0, -1},
	{"saved", "however", 2, -4, -1},
	{"keep", "not_found3", 3, -6, -1},
	// MinimalState.
	{"null", "baz", 1, -6.535897, 0},
	{"null", "foo", 1, -3.141592, 1},
	{"keep", "bar", 2, -6.0, 1},
	{"keep", "bar", 1, -2.718281 + 3.0, 1},
	{"null", "to", 1, -1.687872, -1},
	{"keep", "look", 2, -0.2922095, 2},
	{"keep", "a", 3, -7, -1},
}

// checkKenLMSteps runs kenlmSteps on a model of KenLM's test.arpa.
func checkKenLMSteps(t *testing.T, m *Model) {
	t.Helper()
	var state, saved State
	for i, s := range kenlmSteps {
		switch s.from {
		case "bos":
			state = m.BeginSentenceState()
		case "null":
			state = m.NullContextState()
		case "saved":
			state = saved
		case "save":
			saved = state
		}
		var out State
		p, n := m.FullScore(&state, m.Index(s.word), &out)
		if n != s.ngram || math.Abs(float64(p)-s.prob) > 1e-5*math.Abs(s.prob) {
			t.Errorf("%s step %d %q: prob %v ngram %d, want %v %d", m.Format(), i, s.word, p, n, s.prob, s.ngram)
		}
		if s.length >= 0 && int(out.Length) != s.length {
			t.Errorf("%s step %d %q: state length %d, want %d", m.Format(), i, s.word, out.Length, s.length)
		}
		state = out
	}
}

func TestScoreKenLMTestARPA(t *testing.T) {
	m, err := Open(qrySharedPath(t, "lm-text/kenlm__test.arpa"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	checkKenLMSteps(t, m)
}

func TestPerplexity(t *testing.T) {
	m := qryOpenSmall(t)
	// One line "a b c": Σ = -1.05 over 3 pieces + </s> = 4 tokens:
	// 10^(1.05/4) = 1.8323..., rounded 1.8.
	lscore := float64(qryF32(-0.3, -0.1, -0.15, -0.5))
	if got, ok := m.DocPerplexity("a b c"); !ok || got != RoundPerplexity(math.Pow(10, -lscore/4)) || got != 1.8 {
		t.Errorf("DocPerplexity(a b c) = %v %v", got, ok)
	}
	// Two lines: cc_net sums the float32 line scores in float64 and counts
	// len(line.split())+1 per line; "b\u00a0a x" is 3 Python words (U+00A0
	// is whitespace to Python) but one KenLM token "b\u00a0a" (unknown).
	doc := "a b c\nb\u00a0a x"
	second := m.ScoreSentence("b\u00a0a x")
	want := RoundPerplexity(math.Pow(10, -(lscore+float64(second))/float64(4+4)))
	if got, ok := m.DocPerplexity(doc); !ok || got != want {
		t.Errorf("DocPerplexity(%q) = %v, want %v", doc, got, want)
	}
	if _, ok := m.DocPerplexity(""); ok {
		t.Error("DocPerplexity(\"\") is ok")
	}
	for _, c := range []struct{ in, want float64 }{
		{1.25, 1.2}, {1.35, 1.4}, {0.05, 0.1}, {2.675, 2.7}, {1234.5678, 1234.6}, {0.04999999, 0},
	} {
		if got := RoundPerplexity(c.in); got != c.want {
			t.Errorf("RoundPerplexity(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestConcurrentScore(t *testing.T) {
	m := qryOpenSmall(t)
	want := m.ScoreSentence("a b c b a x a b")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				if got := m.ScoreSentence("a b c b a x a b"); got != want {
					t.Errorf("concurrent score %v, want %v", got, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestScoreAllocs(t *testing.T) {
	m := qryOpenSmall(t)
	if n := testing.AllocsPerRun(100, func() { m.ScoreSentence("a b c x y b a") }); n != 0 {
		t.Errorf("ScoreSentence allocates %v times", n)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty":  "",
		"binary": binMagic + "\x02\x00\x00\x00",
		"kenlm":  kenlmMagicIncomplete,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if m, err := Open(p); err == nil {
			m.Close()
			t.Errorf("%s: no error", name)
		} else if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %q does not name the file", name, err)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}
