package classify

import (
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/pemistahl/lingua-go"
)

// Values derived by hand from the float64 product p*100 (numpy's
// round(2) is rint(p*100)/100, the same operation).
func TestRound2AndThreshold(t *testing.T) {
	tests := []struct {
		p    float64
		want float64
		keep bool
	}{
		{0.495, 0.5, true},        // 0.495 is 0.49499999999999999556, but 0.495*100 rounds to exactly 49.5 → even 50
		{0.485, 0.48, false},      // 0.485*100 == 48.5 exactly → even 48
		{0.49499999, 0.49, false}, // 49.4999990...
		{0.4950000047683716, 0.5, true},
		{0.5, 0.5, true},
		{0.505, 0.5, true},              // 50.5 exactly → even 50
		{0.5049999952316284, 0.5, true}, // float32(0.505) widened
		{0.145, 0.14, false},            // 14.499999999999998
		{0.125, 0.12, false},            // 12.5 → even 12
		{0.015, 0.02, false},            // 1.5 → even 2
		{0.995, 1, true},                // 99.5 → even 100
		{0.0, 0, false},
		{1.0, 1, true},
	}
	for _, tc := range tests {
		got := Round2(tc.p)
		if got != tc.want {
			t.Errorf("Round2(%v) = %v, want %v", tc.p, got, tc.want)
		}
		if k := KeepByThreshold(got, DefaultThreshold); k != tc.keep {
			t.Errorf("KeepByThreshold(Round2(%v)) = %v, want %v", tc.p, k, tc.keep)
		}
	}
}

func TestLabels(t *testing.T) {
	for _, g := range lingua.AllLanguages() {
		code := Label(g)
		if len(code) != 2 || strings.ToLower(code) != code {
			t.Errorf("Label(%v) = %q, want a two-letter lower-case code", g, code)
		}
		back, ok := FromLabel(code)
		if !ok || back != g {
			t.Errorf("FromLabel(Label(%v)) = %v, %v", g, back, ok)
		}
	}
	for g, want := range map[lingua.Language]string{
		lingua.Bokmal:   "no", // lid.176 labels Bokmål "no"
		lingua.Nynorsk:  "nn",
		lingua.Chinese:  "zh",
		lingua.English:  "en",
		lingua.Japanese: "ja",
		lingua.Slovene:  "sl",
		lingua.Persian:  "fa",
		lingua.Hebrew:   "he",
	} {
		if got := Label(g); got != want {
			t.Errorf("Label(%v) = %q, want %q", g, got, want)
		}
	}
	if g, ok := FromLabel("nb"); !ok || g != lingua.Bokmal {
		t.Errorf(`FromLabel("nb") = %v, %v`, g, ok)
	}
	if s := Supported(); len(s) != 75 || !slices.IsSorted(s) {
		t.Errorf("Supported() has %d labels (sorted %v), want 75 sorted", len(s), slices.IsSorted(s))
	}
}

// cc_net's 48 LM languages lingua lacks; kept in step with doc.go.
func TestMissingCCNetLanguages(t *testing.T) {
	ccnet := strings.Fields("af ar az be bg bn ca cs da de el en es et fa fi fr gu he hi hr hu hy id is it ja ka kk km kn ko lt lv mk ml mn mr my ne nl no pl pt ro ru uk zh")
	var missing []string
	for _, c := range ccnet {
		if _, ok := FromLabel(c); !ok {
			missing = append(missing, c)
		}
	}
	if want := []string{"km", "kn", "ml", "my", "ne"}; !slices.Equal(missing, want) {
		t.Errorf("cc_net LM languages missing from lingua = %v, want %v", missing, want)
	}
	if len(MissingFromLingua) != len(missing) {
		t.Errorf("MissingFromLingua lists %d languages, want %d", len(MissingFromLingua), len(missing))
	}
}

// Texts written for this test, one per language.
var handTexts = map[string]string{
	"en": "The library opens at nine in the morning and closes late in the evening, so students can read there after their classes.",
	"de": "Die Bibliothek öffnet um neun Uhr morgens und schließt erst spät am Abend, damit die Studenten nach dem Unterricht dort lesen können.",
	"fr": "La bibliothèque ouvre à neuf heures du matin et ferme tard le soir, afin que les étudiants puissent y lire après leurs cours.",
	"es": "La biblioteca abre a las nueve de la mañana y cierra tarde por la noche, para que los estudiantes puedan leer allí después de clase.",
	"it": "La biblioteca apre alle nove del mattino e chiude tardi la sera, così gli studenti possono leggere lì dopo le lezioni.",
	"nl": "De bibliotheek gaat om negen uur 's ochtends open en sluit pas laat in de avond, zodat studenten er na hun lessen kunnen lezen.",
	"pl": "Biblioteka jest otwarta od dziewiątej rano do późnego wieczora, więc studenci mogą tam czytać po swoich zajęciach.",
	"ru": "Библиотека открывается в девять часов утра и закрывается поздно вечером, поэтому студенты могут читать там после занятий.",
	"uk": "Бібліотека відчиняється о дев'ятій ранку і зачиняється пізно ввечері, тож студенти можуть читати там після своїх занять.",
	"el": "Η βιβλιοθήκη ανοίγει στις εννέα το πρωί και κλείνει αργά το βράδυ, ώστε οι φοιτητές να μπορούν να διαβάζουν εκεί μετά τα μαθήματα.",
	"ja": "図書館は朝九時に開き、夜遅くに閉まるので、学生は授業の後にそこで本を読むことができます。",
	"zh": "图书馆早上九点开门，晚上很晚才关门，所以学生们下课以后可以在那里看书。",
	"ko": "도서관은 아침 아홉 시에 문을 열고 밤늦게 문을 닫기 때문에 학생들은 수업이 끝난 후에 그곳에서 책을 읽을 수 있습니다.",
	"he": "הספרייה נפתחת בתשע בבוקר ונסגרת מאוחר בערב, כך שהסטודנטים יכולים לקרוא שם אחרי השיעורים.",
	"ar": "تفتح المكتبة في الساعة التاسعة صباحا وتغلق في وقت متأخر من المساء، حتى يتمكن الطلاب من القراءة هناك بعد الدروس.",
}

var scriptLangs = map[string]bool{"el": true, "ja": true, "zh": true, "ko": true, "he": true}

func TestIdentifyPaths(t *testing.T) {
	for _, mode := range []string{ModeFast, ModeLingua} {
		l, err := NewLangID(LangOptions{Mode: mode})
		if err != nil {
			t.Fatal(err)
		}
		for want, text := range handTexts {
			got := l.Identify(text)
			if got.Label != want {
				t.Errorf("%s: Identify(%s text) = %+v", mode, want, got)
			}
			paths := map[string]bool{PathLingua: true}
			switch {
			case mode == ModeFast && scriptLangs[want]:
				paths = map[string]bool{PathScript: true}
			case mode == ModeFast:
				paths = map[string]bool{PathModel: true, PathLingua: true}
			}
			if !paths[got.Path] {
				t.Errorf("%s: %s text decided by %q, want one of %v", mode, want, got.Path, paths)
			}
			if got.Score < DefaultThreshold || got.Score > 1 || got.Score != Round2(got.Score) {
				t.Errorf("%s: %s text score %v", mode, want, got.Score)
			}
		}
		if got := l.Identify("12345 -- !!! 678"); got.Label != "" || got.Path != PathNone {
			t.Errorf("%s: no letters: %+v", mode, got)
		}
	}
}

// A long text exercises the sampled low-accuracy path.
func TestIdentifyLongText(t *testing.T) {
	l, err := NewLangID(LangOptions{MaxChars: 200})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat(handTexts["de"]+"\n", 30) + strings.Repeat(handTexts["en"]+"\n", 30)
	if got := l.Identify(text); got.Label != "de" {
		t.Errorf("sampled: %+v, want de from the first 200 runes", got)
	}
	plain, err := NewLangID(LangOptions{MaxChars: -1})
	if err != nil {
		t.Fatal(err)
	}
	// German and English are equally long; lingua's trigram scores pick
	// one, but not from the first lines only. Check only that it answers.
	if got := plain.Identify(text); got.Label != "de" && got.Label != "en" {
		t.Errorf("unsampled: %+v", got)
	}
}

func TestCandidates(t *testing.T) {
	l, err := NewLangID(LangOptions{Languages: []string{"en", "de"}})
	if err != nil {
		t.Fatal(err)
	}
	// Greek is not a candidate: the script path must not answer el.
	if got := l.Identify(handTexts["el"]); got.Label == "el" || got.Path == PathScript {
		t.Errorf("Greek with candidates en,de: %+v", got)
	}
	one, err := NewLangID(LangOptions{Languages: []string{"no"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := one.Identify(handTexts["fr"]); got != (LangResult{Label: "no", Score: 1, Path: PathLingua}) {
		t.Errorf("single candidate: %+v", got)
	}
	if got := one.Identify("42"); got.Path != PathNone {
		t.Errorf("single candidate, no letters: %+v", got)
	}
	if _, err := NewLangID(LangOptions{Languages: []string{"km"}}); err == nil {
		t.Error("km accepted, but lingua has no Khmer")
	}
	if _, err := NewLangID(LangOptions{Mode: "fasttext"}); err == nil {
		t.Error("unknown mode accepted")
	}
}

func TestFilter(t *testing.T) {
	f := LangFilter{Threshold: DefaultThreshold, Keep: map[string]struct{}{"en": {}}}
	for _, tc := range []struct {
		r      LangResult
		keep   bool
		reason string
	}{
		{LangResult{Label: "en", Score: 0.5}, true, ""},
		{LangResult{Label: "en", Score: 0.49}, false, ReasonBelowThreshold},
		{LangResult{Label: "de", Score: 0.99}, false, ReasonNotKept},
		{LangResult{}, false, ReasonBelowThreshold},
	} {
		if k, why := f.Decide(tc.r); k != tc.keep || why != tc.reason {
			t.Errorf("Decide(%+v) = %v, %q", tc.r, k, why)
		}
	}
}

func TestSample(t *testing.T) {
	if got := Sample("ab cd ef", -1); got != "ab cd ef" {
		t.Error(got)
	}
	if got := Sample("ab cd ef", 100); got != "ab cd ef" {
		t.Error(got)
	}
	if got := Sample("αβγδε", 3); got != "αβγ" {
		t.Errorf("%q", got)
	}
	long := strings.Repeat("word ", 100)
	if got := Sample(long, 52); got != strings.TrimSpace(strings.Repeat("word ", 10)) {
		t.Errorf("%q", got)
	}
}

// Dense rows (two languages per word, flushed every nbDenseFlush features)
// give exactly the scores of the postings they replace.
func TestDenseRows(t *testing.T) {
	var all strings.Builder
	for _, k := range slices.Sorted(maps.Keys(handTexts)) {
		all.WriteString(handTexts[k] + " ")
	}
	long := strings.Repeat(all.String(), 3)
	sparse, err := loadNBModel(nbModelData, 256) // no feature has 256 languages
	if err != nil || len(sparse.dense) != 0 {
		t.Fatalf("sparse model: %d dense words, %v", len(sparse.dense), err)
	}
	for _, denseMin := range []int{nbDenseMin, 1} { // the default, every feature
		d, err := loadNBModel(nbModelData, denseMin)
		if err != nil || len(d.dense) == 0 {
			t.Fatalf("denseMin %d: %d dense words, %v", denseMin, len(d.dense), err)
		}
		for name, text := range map[string]string{"short": handTexts["de"], "long": long} {
			a, b := make([]float64, len(d.langs)), make([]float64, len(d.langs))
			n := sparse.addScores(text, a)
			d.addScores(text, b)
			if name == "long" && n < 3*nbDenseFlush {
				t.Fatalf("long text has %d features, want several flushes", n)
			}
			if !slices.Equal(a, b) {
				t.Errorf("denseMin %d, %s text: scores %v, want the postings' %v", denseMin, name, b[:3], a[:3])
			}
		}
	}
}

func TestConcurrent(t *testing.T) {
	l, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for want, text := range handTexts {
				if got := l.Identify(text); got.Label != want {
					t.Errorf("concurrent %s: %+v", want, got)
				}
			}
		})
	}
	wg.Wait()
}

func TestFirstPassModel(t *testing.T) {
	m, err := loadNBModel(nbModelData, nbDenseMin)
	if err != nil {
		t.Fatal(err)
	}
	features := 0
	for _, e := range m.slots {
		if e != 0 {
			features++
		}
	}
	if len(m.langs) != 75 || features == 0 || features > len(m.slots)/2 {
		t.Fatalf("model: %d languages, %d features in %d slots", len(m.langs), features, len(m.slots))
	}
	// Scoring a text in pieces cut at spaces gives the same n-grams and
	// scores as scoring it whole (nbVerdict's chunks rely on it).
	text := handTexts["de"] + " " + handTexts["fr"]
	whole := make([]float64, len(m.langs))
	parts := make([]float64, len(m.langs))
	n := m.addScores(text, whole)
	i := strings.IndexByte(text[len(text)/2:], ' ') + len(text)/2
	n2 := m.addScores(text[:i], parts) + m.addScores(text[i:], parts)
	if n != n2 {
		t.Errorf("features whole %d, in two pieces %d", n, n2)
	}
	for li := range whole {
		if math.Abs(whole[li]-parts[li]) > 1e-9 {
			t.Errorf("%v: score whole %v, in two pieces %v", m.langs[li], whole[li], parts[li])
		}
	}
	for _, bad := range [][]byte{nil, []byte("not gzip"), nbModelData[:len(nbModelData)/2]} {
		if _, err := loadNBModel(bad, nbDenseMin); err == nil {
			t.Errorf("loadNBModel(%d bytes of junk) succeeded", len(bad))
		}
	}
	l, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat(handTexts["en"]+" ", 4)
	if r, _, _, ok := l.firstPass(l.nbVerdict(long)); !ok || r.Label != "en" || r.Path != PathModel {
		t.Errorf("firstPass(English) = %+v, %v", r, ok)
	}
}

func TestFeatures(t *testing.T) {
	var got []uint32
	n := nbFeatures("Ab, c", func(h uint32) { got = append(got, h) })
	// " ab ": a, " a", b, "ab", " ab", "b ", "ab " = 7 (a lone space is
	// skipped); " c ": c, " c", "c ", " c " = 4.
	if n != 11 || len(got) != 11 {
		t.Errorf("nbFeatures: %d features (%d emitted), want 11", n, len(got))
	}
	var again []uint32
	nbFeatures("AB , C", func(h uint32) { again = append(again, h) })
	if !slices.Equal(got, again) {
		t.Error("features depend on case or punctuation")
	}
}

// Short texts the first pass does not decide go to shortSample: plain
// lingua's answer, on the compact tables.
func TestShortTexts(t *testing.T) {
	l, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"Guten Morgen!", "de"},
		{"Buenos días", "es"},
		{"Hyvää huomenta", "fi"},
		{"Dzień dobry", "pl"},
		{"Bonjour à tous", "fr"},
		{"Goedemorgen allemaal", "nl"},
		{"Добрый вечер, друзья", "ru"},
		{"Dobrý den", "cs"},
	} {
		if _, _, _, ok := l.firstPass(l.nbVerdict(tc.text)); ok {
			t.Errorf("%q: the first pass decides; the test needs a text it does not", tc.text)
		}
		got := l.Identify(tc.text)
		if got.Label != tc.want || got.Path != PathLingua || got.Score <= 0 || got.Score > 1 {
			t.Errorf("Identify(%q) = %+v, want %s by lingua", tc.text, got, tc.want)
		}
	}
}

// A sample mixing scripts skips the first pass's decision; lingua chooses
// among its shortlist and the languages of the single-language scripts in it.
func TestMixedScripts(t *testing.T) {
	l, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	en := handTexts["en"] + " " + handTexts["ja"] + " " + handTexts["en"] + " " + handTexts["en"]
	if got := l.Identify(en); got.Label != "en" || got.Path != PathLingua {
		t.Errorf("English with a Japanese sentence: %+v", got)
	}
	short := l.mixedShortlist(en)
	if !slices.Contains(short, lingua.Japanese) || !slices.Contains(short, lingua.Chinese) || !slices.Contains(short, lingua.English) {
		t.Errorf("mixedShortlist = %v, want English, Japanese and Chinese in it", short)
	}
	ko := handTexts["ko"] + " Seoul Station"
	if got := l.Identify(ko); got.Label != "ko" {
		t.Errorf("Korean with two English words: %+v", got)
	}
}

func TestShortlistWithin(t *testing.T) {
	l, err := NewLangID(LangOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v := nbVerdict{features: 100, scores: make([]float64, len(l.nb.langs))}
	for i := range v.scores {
		v.scores[i] = -1000 // 10 nats per n-gram behind
	}
	// Per n-gram: 0, 0.1, 0.2, 0.3 (within 0.35), then 0.4 behind.
	for i, s := range []float64{0, -10, -20, -30, -40} {
		v.scores[i] = s
	}
	if got := l.shortlistWithin(v, 8, 3, 0.35); !slices.Equal(got, l.nb.langs[:4]) {
		t.Errorf("shortlistWithin(8, 3, 0.35) = %v, want %v", got, l.nb.langs[:4])
	}
	if got := l.shortlistWithin(v, 8, 3, 0.05); !slices.Equal(got, l.nb.langs[:3]) {
		t.Errorf("shortlistWithin(8, 3, 0.05) = %v, want the first 3 %v", got, l.nb.langs[:3])
	}
	if got := l.shortlist(v, 8); len(got) != 8 || !slices.Equal(got[:5], l.nb.langs[:5]) {
		t.Errorf("shortlist(8) = %v", got)
	}
}

// TestEvaluateColumns: a file with a header is read by column (label =
// primary subtag of bcp47, empty texts skipped, --per-text per code); a
// plain file needs a tab on every line.
func TestEvaluateColumns(t *testing.T) {
	l, err := NewLangID(LangOptions{Languages: []string{"de", "en", "fr"}})
	if err != nil {
		t.Fatal(err)
	}
	data := "code\tiso6393\tbcp47\tname\tpara_idx\ttext\n" +
		"d1\tdeu\tde-1901\tGerman\t0\t" + handTexts["de"] + "\n" +
		"d1\tdeu\tde-1901\tGerman\t1\t" + handTexts["de"] + "\n" +
		"d1\tdeu\tde-1901\tGerman\t2\t\n" +
		"e1\teng\ten\tEnglish\t0\t" + handTexts["en"] + "\twith a tab\n" +
		"x1\txyz\txyz\tNone\t0\tsomething\n"
	res, err := EvaluateWith(l, strings.NewReader(data), EvalOptions{PerText: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []LangScore{{"de", 1, 1}, {"en", 1, 1}}
	if !slices.Equal(res.PerLang, want) || res.Unsupported["xyz"] != 1 {
		t.Errorf("per language %v, unsupported %v; want %v and xyz 1", res.PerLang, res.Unsupported, want)
	}
	if res, err := Evaluate(l, strings.NewReader(data), nil); err != nil || res.Docs != 3 {
		t.Errorf("no cap: %d documents, %v; want 3", res.Docs, err)
	}
	if _, err := Evaluate(l, strings.NewReader("de\tGuten Tag\nno tab here\n"), nil); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a line without a tab: %v", err)
	}
}
