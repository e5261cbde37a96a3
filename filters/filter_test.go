package filters

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

var goodLines = []string{
	"The river runs through the old town and past the mill.",
	"People come from far away to see the water wheel turn.",
	"In the spring the banks are covered with yellow flowers.",
	"The bakery on the corner sells bread that is still warm.",
	"Children play by the bridge while their parents talk.",
	"At night the lamps along the path are lit one by one.",
	"Visitors often stay for a week to walk in the hills.",
	"The local museum tells the story of the town and its people.",
}

var good = strings.Join(goodLines, "\n")

func newDoc(lang, text string) document.Document {
	return document.Document{
		Language:   lang,
		RawContent: text,
		NLines:     strings.Count(text, "\n") + 1,
		Length:     int64(len(text)),
	}
}

func mustFilter(t testing.TB, cfg Config, bw *BadWords) *Filter {
	t.Helper()
	f, err := New(cfg, bw)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func only(rules LangRules) Config { return Config{Languages: map[string]LangRules{"en": rules}} }

// TestModesHitEachRule runs Apply with each family and mode on documents
// written to hit one rule each.
func TestModesHitEachRule(t *testing.T) {
	tfds, dt := DefaultC4(C4TFDS), DefaultC4(C4Datatrove)
	para := DefaultParagraphs()
	q, qd := DefaultGopherQuality(GopherPaper), DefaultGopherQuality(GopherDatatrove)
	r, rd := DefaultGopherRepetition(GopherPaper), DefaultGopherRepetition(GopherDatatrove)
	bw, err := LoadBadWords(writeLists(t, map[string]string{"en": "darn\n"}), "en")
	if err != nil {
		t.Fatal(err)
	}
	prefixed := func(p, s string) string {
		ls := strings.Split(s, "\n")
		for i := range ls {
			ls[i] = p + ls[i]
		}
		return strings.Join(ls, "\n")
	}
	suffixed := func(s, x string) string { return strings.ReplaceAll(s, ".", x) }
	longWords := repeatWords(60, "the", "extraordinarily", "incomprehensible", "and", "characteristically", "uncharacteristically")
	dupLines := strings.Join(append(goodLines[:6:6], goodLines[0], goodLines[1], goodLines[2], goodLines[3]), "\n")
	tests := []struct {
		name  string
		rules LangRules
		text  string
		want  string
	}{
		{"tfds keeps", LangRules{C4: &tfds}, good, ""},
		{"datatrove keeps", LangRules{C4: &dt}, good, ""},
		{"tfds page length", LangRules{C4: &tfds}, good + "\n" + strings.Repeat("a ", 95001), ReasonC4PageTooLong},
		{"datatrove has no length cap", LangRules{C4: &dt}, good + "\n" + strings.Repeat("a ", 95001), ""},
		{"mC4 paragraphs", LangRules{Paragraphs: &para}, good, ReasonC4TooFewParagraphs},
		{"mC4 paragraphs kept", LangRules{Paragraphs: &para}, strings.Repeat(strings.ReplaceAll(good, "\n", " ")+"\n", 3), ""},
		{"tfds lorem ipsum", LangRules{C4: &tfds}, good + "\nLorem ipsum dolor sit amet, consectetur adipiscing.", ReasonC4LoremIpsum},
		{"datatrove lorem ipsum", LangRules{C4: &dt}, good + "\nLorem ipsum dolor sit amet, consectetur adipiscing.", ReasonC4LoremIpsum},
		{"tfds curly bracket", LangRules{C4: &tfds}, good + "\nThe function body starts with { and ends later.", ReasonC4CurlyBracket},
		{"datatrove curly bracket", LangRules{C4: &dt}, good + "\nThe function body starts with { and ends later.", ReasonC4CurlyBracket},
		{"tfds sentences", LangRules{C4: &tfds}, strings.Join(goodLines[:2], "\n"), ReasonC4TooFewSentences},
		{"datatrove sentences", LangRules{C4: &dt}, strings.Join(goodLines[:4], "\n"), ReasonC4TooFewSentences},
		{"bad words", LangRules{C4: &tfds, BadWords: true}, good + "\nWell, darn, the mill was closed that day.", ReasonBadWords},
		{"bad word on a removed line", LangRules{C4: &tfds, BadWords: true}, good + "\ndarn", ""},
		{"paper word count", LangRules{GopherQuality: &q}, strings.Join(goodLines[:3], "\n"), ReasonGopherWordCount},
		{"datatrove word count", LangRules{GopherQuality: &qd}, strings.Join(goodLines[:3], "\n"), ReasonGopherWordCount},
		{"paper mean word length", LangRules{GopherQuality: &q}, longWords, ReasonGopherMeanWordLength},
		{"datatrove mean word length", LangRules{GopherQuality: &qd}, longWords, ReasonGopherMeanWordLength},
		{"paper symbols", LangRules{GopherQuality: &q}, strings.ReplaceAll(good, " ", " #"), ReasonGopherSymbolRatio},
		{"datatrove symbols", LangRules{GopherQuality: &qd}, strings.ReplaceAll(good, " ", " #"), ReasonGopherSymbolRatio},
		{"paper bullets", LangRules{GopherQuality: &q}, prefixed("* ", good), ReasonGopherBulletLines},
		{"datatrove bullets", LangRules{GopherQuality: &qd}, prefixed("• ", good), ReasonGopherBulletLines},
		{"paper ellipsis lines", LangRules{GopherQuality: &q}, suffixed(good, " …"), ReasonGopherEllipsisLines},
		{"datatrove ellipsis lines", LangRules{GopherQuality: &qd}, suffixed(good, " …"), ReasonGopherEllipsisLines},
		{"paper alpha words", LangRules{GopherQuality: &q}, good + "\n" + repeatWords(40, "123", "4567"), ReasonGopherAlphaWords},
		{"datatrove alpha words", LangRules{GopherQuality: &qd}, good + "\n" + repeatWords(40, "123", "4567"), ReasonGopherAlphaWords},
		{"paper stop words", LangRules{GopherQuality: &q}, repeatWords(60, "cats", "dogs", "run", "fast", "birds", "fly", "high"), ReasonGopherStopWords},
		{"datatrove stop words", LangRules{GopherQuality: &qd}, repeatWords(60, "cats", "dogs", "run", "fast", "birds", "fly", "high"), ReasonGopherStopWords},
		{"paper quality keeps", LangRules{GopherQuality: &q}, good, ""},
		{"datatrove quality keeps", LangRules{GopherQuality: &qd}, good, ""},
		{"paper repetition keeps", LangRules{GopherRepetition: &r}, good, ""},
		{"datatrove repetition keeps", LangRules{GopherRepetition: &rd}, good, ""},
		{"paper dup paragraphs", LangRules{GopherRepetition: &r}, strings.ReplaceAll(dupLines, "\n", "\n\n"), ReasonGopherDupParaFrac},
		{"datatrove dup paragraphs", LangRules{GopherRepetition: &rd}, strings.ReplaceAll(dupLines, "\n", "\n\n"), ReasonGopherDupParaFrac},
		{"paper dup lines", LangRules{GopherRepetition: &r}, dupLines, ReasonGopherDupLineFrac},
		{"datatrove dup lines", LangRules{GopherRepetition: &rd}, dupLines, ReasonGopherDupLineFrac},
		{"paper top 2-gram", LangRules{GopherRepetition: &r}, good + " " + repeatWords(40, "big", "cat"), reasonTopNGram[0]},
		{"datatrove top 2-gram", LangRules{GopherRepetition: &rd}, good + " " + repeatWords(40, "big", "cat"), reasonTopNGram[0]},
		{"paper dup 5-gram", LangRules{GopherRepetition: &r}, good + "\nAgain: " + goodLines[0] + " " + goodLines[1] + " " + goodLines[2], reasonDupNGram[0]},
		{"datatrove dup 5-gram", LangRules{GopherRepetition: &rd}, good + "\nAgain: " + goodLines[0] + " " + goodLines[1] + " " + goodLines[2], reasonDupNGram[0]},
		{"datatrove empty", LangRules{GopherRepetition: &rd}, "", ReasonGopherEmpty},
	}
	for _, tt := range tests {
		f := mustFilter(t, only(tt.rules), bw)
		d := newDoc("en", tt.text)
		o := f.Apply(&d)
		if o.Reason != tt.want || o.Kept != (tt.want == "") {
			t.Errorf("%s: kept %v reason %q, want %q", tt.name, o.Kept, o.Reason, tt.want)
		}
	}
}

func TestApplyEditsDocument(t *testing.T) {
	f := mustFilter(t, Default(), mustBadWords(t))
	text := "Menu\n" + goodLines[0] + "\n  " + goodLines[1] + "[2]  \nPlease enable javascript to read this.\n\n" +
		strings.Join(goodLines[2:], "\n")
	d := newDoc("en", text)
	d.Length = 999
	o := f.Apply(&d)
	if !o.Kept || o.Reason != "" {
		t.Fatalf("dropped: %q", o.Reason)
	}
	want := good
	if d.RawContent != want {
		t.Errorf("RawContent = %q, want %q", d.RawContent, want)
	}
	wantIDs := []int{1, 2, 5, 6, 7, 8, 9, 10}
	if !reflect.DeepEqual(d.LineIDs, wantIDs) || d.NLines != 8 || d.Length != int64(utf8.RuneCountInString(want)) {
		t.Errorf("LineIDs %v NLines %d Length %d", d.LineIDs, d.NLines, d.Length)
	}
	if !d.HasDedup || d.OriginalNLines != 11 || d.OriginalLength != 999 {
		t.Errorf("original: %v %d %d", d.HasDedup, d.OriginalNLines, d.OriginalLength)
	}
	// "Menu" and the empty line have no end mark.
	if o.LinesRemoved[LineNoEndMark] != 2 || o.LinesRemoved[LineJavascript] != 1 || !o.Edited() {
		t.Errorf("LinesRemoved = %v", o.LinesRemoved)
	}

	// A second pass composes with the LineIDs of the first (e.g. dedup).
	d2 := newDoc("en", "short\n"+good)
	d2.HasDedup, d2.LineIDs, d2.OriginalNLines = true, []int{3, 10, 11, 12, 13, 14, 15, 16, 17}, 40
	f.Apply(&d2)
	if !reflect.DeepEqual(d2.LineIDs, []int{10, 11, 12, 13, 14, 15, 16, 17}) || d2.OriginalNLines != 40 {
		t.Errorf("composed LineIDs %v, OriginalNLines %d", d2.LineIDs, d2.OriginalNLines)
	}

	// A document kept without change is not rewritten.
	d3 := newDoc("en", good)
	o3 := f.Apply(&d3)
	if !o3.Kept || d3.HasDedup || d3.LineIDs != nil || o3.Edited() {
		t.Errorf("unchanged document rewritten: %+v", d3)
	}

	// A dropped document is left as it was.
	d4 := newDoc("en", "Menu\n"+goodLines[0])
	before := d4
	if o := f.Apply(&d4); o.Kept || !reflect.DeepEqual(d4, before) {
		t.Errorf("dropped document changed: %+v", d4)
	}
}

func mustBadWords(t testing.TB) *BadWords {
	t.Helper()
	bw, err := LoadBadWords(writeLists(t.(*testing.T), map[string]string{"en": "darn\n"}), "en")
	if err != nil {
		t.Fatal(err)
	}
	return bw
}

func TestNotConfigured(t *testing.T) {
	f := mustFilter(t, Default(), mustBadWords(t))
	for _, lang := range []string{"zh", ""} {
		d := newDoc(lang, "短")
		before := d
		o := f.Apply(&d)
		if !o.Kept || !o.NotConfigured || o.Reason != "" || !reflect.DeepEqual(d, before) {
			t.Errorf("language %q: %+v", lang, o)
		}
	}
	d := newDoc("en", good)
	if o := f.Apply(&d); o.NotConfigured {
		t.Error("en reported as not configured")
	}
}

func TestNewNeedsBadWords(t *testing.T) {
	if _, err := New(Default(), nil); err == nil || !strings.Contains(err.Error(), `"en"`) {
		t.Errorf("err = %v", err)
	}
}

func TestAnnotate(t *testing.T) {
	cfg := Default()
	cfg.Annotate = true
	f := mustFilter(t, cfg, mustBadWords(t))
	var names []string
	for i, text := range []string{good, "Menu\n" + good + "\nLorem ipsum dolor sit amet, consectetur elit.", "x"} {
		d := newDoc("en", text)
		before := d
		o := f.Apply(&d)
		if !o.Kept || !reflect.DeepEqual(d, before) {
			t.Errorf("doc %d: annotate dropped or edited: %+v", i, o)
		}
		var got []string
		for _, s := range o.Signals {
			got = append(got, s.Name)
		}
		if names == nil {
			names = got
		} else if !reflect.DeepEqual(got, names) {
			t.Errorf("doc %d: signal names %v, want %v", i, got, names)
		}
		switch i {
		case 0:
			if o.Reason != "" {
				t.Errorf("good document would be dropped by %q", o.Reason)
			}
		case 1:
			if o.Reason != ReasonC4LoremIpsum || o.LinesRemoved[LineNoEndMark] != 1 || signal(o, ReasonC4LoremIpsum) != 1 {
				t.Errorf("lorem ipsum document: %q %v", o.Reason, o.LinesRemoved)
			}
		case 2:
			if o.Reason != ReasonC4TooFewSentences || signal(o, "gopher-word-count") != 1 {
				t.Errorf("short document: %q, word count %v", o.Reason, signal(o, "gopher-word-count"))
			}
		}
	}
	if len(names) < 30 {
		t.Errorf("only %d signals: %v", len(names), names)
	}
}

func signal(o Outcome, name string) float64 {
	for _, s := range o.Signals {
		if s.Name == name {
			return s.Value
		}
	}
	return -1
}

func TestReasons(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range append(append([]Reason{}, Reasons...), LineReasons...) {
		if seen[r.Name] || r.Doc == "" {
			t.Errorf("reason %q repeated or undocumented", r.Name)
		}
		seen[r.Name] = true
		if !strings.HasPrefix(r.Name, "c4-") && !strings.HasPrefix(r.Name, "gopher-") && !strings.HasPrefix(r.Name, "badwords-") {
			t.Errorf("reason %q has no family prefix", r.Name)
		}
		if r.Name != strings.ToLower(r.Name) || strings.ContainsAny(r.Name, " _") {
			t.Errorf("reason %q is not kebab-case", r.Name)
		}
	}
	if len(LineReasons) != int(numLineRules) {
		t.Errorf("%d line reasons for %d rules", len(LineReasons), numLineRules)
	}
	for _, name := range append(reasonTopNGram[:], reasonDupNGram[:]...) {
		if !seen[name] {
			t.Errorf("%s missing from Reasons", name)
		}
	}
}

func TestConcurrentApply(t *testing.T) {
	f := mustFilter(t, DefaultDatatrove(), nil)
	done := make(chan string)
	for range 4 {
		go func() {
			d := newDoc("en", "Menu\n"+good)
			o := f.Apply(&d)
			done <- o.Reason + "|" + d.RawContent
		}()
	}
	first := <-done
	for range 3 {
		if got := <-done; got != first {
			t.Errorf("concurrent results differ: %q vs %q", got, first)
		}
	}
}
