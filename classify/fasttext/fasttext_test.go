package fasttext

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	// ASCII words hash as 32-bit FNV-1a (offset 2166136261, prime 16777619):
	// "" is the offset basis, "a" is FNV-1a's published 0xe40c292c. A byte
	// >= 0x80 is xored sign-extended: for "é" (c3 a9), h = (((2166136261 ^
	// 0xffffffc3) * 16777619) ^ 0xffffffa9) * 16777619 mod 2^32. The values
	// were computed with a separate Python implementation of that rule; the
	// plain FNV-1a values show the difference. That fastText hashes the same
	// way is checked end to end by TestTrainMatchesFastText, whose model has
	// char n-grams of non-ASCII words.
	tests := []struct {
		word      string
		want      uint32
		plainFNV1 uint32
	}{
		{"", 2166136261, 2166136261},
		{"a", 0xe40c292c, 0xe40c292c},
		{"</s>", 0xd79c9359, 0xd79c9359},
		{"é", 0x3cfa68c1, 0x1e9de8c1},
		{"日本", 0xf8378251, 0x9f26ee51},
	}
	for _, tc := range tests {
		if got := Hash([]byte(tc.word)); got != tc.want {
			t.Errorf("Hash(%q) = %#x, want %#x", tc.word, got, tc.want)
		}
		if got := hashString(tc.word); got != tc.want {
			t.Errorf("hashString(%q) = %#x, want %#x", tc.word, got, tc.want)
		}
		if got := plainFNV1a(tc.word); got != tc.plainFNV1 {
			t.Errorf("plain FNV-1a(%q) = %#x, want %#x", tc.word, got, tc.plainFNV1)
		}
	}
}

func plainFNV1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func TestWordReader(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"a b\n", []string{"a", "b", EOS}},
		{"  a\t\tb \n\nc", []string{"a", "b", EOS, EOS, "c"}},
		{"a\r\nb\v c\fd\x00e\n", []string{"a", EOS, "b", "c", "d", "e", EOS}},
		// U+00A0 and U+2028 are not separators for fastText.
		{"a\u00a0b c\u2028d\n", []string{"a\u00a0b", "c\u2028d", EOS}},
		{"\n", []string{EOS}},
		{"", nil},
	}
	for _, tc := range tests {
		for _, bufSize := range []int{1, 2, 3, 64 << 10} {
			wr := newWordReader(strings.NewReader(tc.in))
			wr.buf = make([]byte, bufSize)
			var got []string
			for {
				tok, ok := wr.next()
				if !ok {
					break
				}
				got = append(got, string(tok))
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("tokens(%q, buf %d) = %q, want %q", tc.in, bufSize, got, tc.want)
			}
		}
	}
}

// loadTestModel loads a model written by Debian's fastText (testdata/README).
func loadTestModel(t testing.TB, name string) *Model {
	t.Helper()
	m, err := LoadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestLineFeatures(t *testing.T) {
	m := loadTestModel(t, "model.bin")
	d := m.dict
	var s lineScratch
	ids := func(text string) []int32 {
		d.lineFeatures(text, &s)
		return append([]int32(nil), s.words...)
	}
	eq := func(a, b []int32) bool { return fmt.Sprint(a) == fmt.Sprint(b) }
	// A trailing '\n' is what lineFeatures supplies anyway, and reading
	// stops at the first '\n' or at a literal EOS token.
	if a, b := ids("the city"), ids("the city\nmore words"); !eq(a, b) {
		t.Errorf("features differ with text after the newline: %v vs %v", a, b)
	}
	if a, b := ids("the city </s>"), ids("the city </s> more"); !eq(a, b) {
		t.Errorf("features differ after a literal </s>: %v vs %v", a, b)
	}
	// A known word gives its id then its char n-grams; EOS only its id.
	theID := int32(d.ID("the"))
	got := ids("the")
	if got[0] != theID || !eq(got[:len(d.words[theID].subwords)], d.words[theID].subwords) {
		t.Errorf("features of %q start %v, want the subwords %v", "the", got, d.words[theID].subwords)
	}
	// Word bigrams: "the" gives subwords(the) + EOS + bigram(the, EOS);
	// "the city" gives subwords(the) + subwords(city) + EOS + two bigrams.
	the, city := len(d.words[d.ID("the")].subwords), len(d.words[d.ID("city")].subwords)
	if got, want := len(ids("the")), the+1+1; got != want {
		t.Errorf("len(features(the)) = %d, want %d", got, want)
	}
	if got, want := len(ids("the city")), the+city+1+2; got != want {
		t.Errorf("len(features(the city)) = %d, want %d", got, want)
	}
	// Labels do not count as words.
	if a, b := ids("__label__wiki the"), ids("the"); !eq(a, b) {
		t.Errorf("a known label changed the features: %v vs %v", a, b)
	}
}

// readPredictProb reads a file of `fasttext predict-prob ... -1` lines.
func readPredictProb(t *testing.T, path string) [][]Prediction {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]Prediction
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Fields(line)
		var ps []Prediction
		for i := 0; i+1 < len(f); i += 2 {
			p, err := strconv.ParseFloat(f[i+1], 32)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, Prediction{f[i], float32(p)})
		}
		out = append(out, ps)
	}
	return out
}

// TestPredictMatchesFastText compares Predict with the output of Debian's
// fasttext predict-prob on the same model files: labels in the same order,
// probabilities within 1e-5, and printed with 6 digits as C++ prints them,
// identical on nearly every line (a last-bit difference of expf can change
// the sixth digit).
func TestPredictMatchesFastText(t *testing.T) {
	lines := readLines(t, "testdata/test.txt")
	for _, name := range []string{"model.bin", "model-hs.bin", "model.ftz"} {
		t.Run(name, func(t *testing.T) {
			m := loadTestModel(t, name)
			want := readPredictProb(t, filepath.Join("testdata", name+".predict-prob.txt"))
			if len(want) != len(lines) {
				t.Fatalf("%d lines of predictions for %d lines", len(want), len(lines))
			}
			sameText := 0
			for i, line := range lines {
				got := m.Predict(line, -1, 0)
				if len(got) != len(want[i]) {
					t.Fatalf("line %d: %d predictions, want %d", i+1, len(got), len(want[i]))
				}
				same := true
				for j := range got {
					if got[j].Label != want[i][j].Label || math.Abs(float64(got[j].Prob-want[i][j].Prob)) > 1e-5 {
						t.Errorf("line %d: prediction %d = %v, want %v", i+1, j, got[j], want[i][j])
					}
					same = same && fmt.Sprintf("%.6g", got[j].Prob) == fmt.Sprintf("%.6g", want[i][j].Prob)
				}
				if same {
					sameText++
				}
			}
			if sameText < len(lines)-2 {
				t.Errorf("only %d of %d lines print identically", sameText, len(lines))
			}
		})
	}
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
}

// TestTrainMatchesFastText trains with the arguments the testdata models
// were trained with by `fasttext supervised -thread 1`: the files written
// must be byte for byte fastText's.
func TestTrainMatchesFastText(t *testing.T) {
	a := DefaultArgs()
	a.Dim, a.Epoch, a.LR = 10, 25, 0.5
	a.Minn, a.Maxn, a.WordNgrams, a.Bucket = 2, 4, 2, 1000
	a.Thread, a.Seed = 1, 3
	hs := DefaultArgs()
	hs.Dim, hs.Epoch, hs.LR, hs.Loss, hs.Thread = 8, 25, 0.5, LossHS, 1
	for name, args := range map[string]Args{"model.bin": a, "model-hs.bin": hs} {
		m, err := TrainFile("testdata/train.txt", args)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: trained model differs from fastText's (%d vs %d bytes, first difference at %d)",
				name, buf.Len(), len(want), firstDiff(buf.Bytes(), want))
		}
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

// twoTopics writes n labelled lines of two disjoint vocabularies with
// some shared filler words.
func twoTopics(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for range n {
		label, base := "__label__a", "alpha"
		if r.IntN(2) == 1 {
			label, base = "__label__b", "beta"
		}
		b.WriteString(label)
		for range 5 + r.IntN(10) {
			if r.IntN(3) == 0 {
				fmt.Fprintf(&b, " the%d", r.IntN(20))
			} else {
				fmt.Fprintf(&b, " %s%d", base, r.IntN(200))
			}
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func trainBytes(t testing.TB, data []byte, a Args) *Model {
	t.Helper()
	m, err := Train(bytes.NewReader(data), int64(len(data)), a)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestTrainSeparates(t *testing.T) {
	train, test := twoTopics(2000, 1), twoTopics(500, 2)
	for _, loss := range []Loss{LossSoftmax, LossHS, LossOVA, LossNS} {
		a := DefaultArgs()
		a.Dim, a.Thread, a.Loss = 20, 1, loss
		m := trainBytes(t, train, a)
		res, err := m.Test(bytes.NewReader(test), 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.N != 500 || res.Precision < 0.99 {
			t.Errorf("%v: test %+v, want 500 examples at precision >= 0.99", loss, res)
		}
	}
}

func TestHogwild(t *testing.T) {
	if raceEnabled {
		t.Skip("Hogwild updates race by design")
	}
	a := DefaultArgs()
	a.Dim, a.Thread = 20, 3
	m := trainBytes(t, twoTopics(3000, 3), a)
	res, err := m.Test(bytes.NewReader(twoTopics(500, 4)), 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Precision < 0.99 {
		t.Errorf("3 threads: test %+v, want precision >= 0.99", res)
	}
}

func TestTrainReproducible(t *testing.T) {
	data := twoTopics(500, 5)
	a := DefaultArgs()
	a.Dim, a.Thread, a.Seed, a.WordNgrams, a.Bucket = 16, 1, 42, 2, 5000
	save := func(a Args) []byte {
		var buf bytes.Buffer
		if err := trainBytes(t, data, a).Save(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first, second := save(a), save(a)
	if !bytes.Equal(first, second) {
		t.Error("two single-threaded runs with the same seed differ")
	}
	a.Seed = 43
	if bytes.Equal(first, save(a)) {
		t.Error("another seed gave the same model")
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	a := DefaultArgs()
	a.Dim, a.Thread, a.Minn, a.Maxn, a.WordNgrams, a.Bucket = 12, 1, 2, 3, 2, 3000
	m := trainBytes(t, twoTopics(300, 6), a)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Load(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(twoTopics(100, 7)), "\n") {
		p1, p2 := m.Predict(line, -1, 0), m2.Predict(line, -1, 0)
		if fmt.Sprint(p1) != fmt.Sprint(p2) {
			t.Fatalf("%q: %v before saving, %v after loading", line, p1, p2)
		}
	}
	var again bytes.Buffer
	if err := m2.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("load then save changed the file")
	}
}

// TestModelFileLayout decodes a file written by Save field by field from
// fastText's format (fasttext.cc saveModel, args.cc save, dictionary.cc
// save, densematrix.cc save), independently of the package's reader.
func TestModelFileLayout(t *testing.T) {
	a := DefaultArgs()
	a.Dim, a.Thread, a.Epoch, a.Minn, a.Maxn, a.Bucket = 4, 1, 1, 3, 3, 10
	data := []byte("__label__x hello wörld\n__label__y bye\n__label__x hello\n")
	m := trainBytes(t, data, a)
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&buf)
	le := func(n int) uint64 {
		b := make([]byte, n)
		if _, err := r.Read(b); err != nil {
			t.Fatal(err)
		}
		var v uint64
		for i := n - 1; i >= 0; i-- {
			v = v<<8 | uint64(b[i])
		}
		return v
	}
	i32 := func() int32 { return int32(le(4)) }
	i64 := func() int64 { return int64(le(8)) }
	expect := func(field string, got, want any) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", field, got, want)
		}
	}
	expect("magic", i32(), 793712314)
	expect("version", i32(), 12)
	// dim ws epoch minCount neg wordNgrams loss model bucket minn maxn lrUpdateRate t
	for _, f := range []struct {
		name string
		want int32
	}{{"dim", 4}, {"ws", 5}, {"epoch", 1}, {"minCount", 1}, {"neg", 5}, {"wordNgrams", 1},
		{"loss", 3}, {"model", 3}, {"bucket", 10}, {"minn", 3}, {"maxn", 3}, {"lrUpdateRate", 100}} {
		expect(f.name, i32(), f.want)
	}
	expect("t", math.Float64frombits(le(8)), 1e-4)
	// Words by count (hello 2, then wörld, </s>... in fastText's order),
	// then labels by count.
	expect("size", i32(), 6)
	expect("nwords", i32(), 4)
	expect("nlabels", i32(), 2)
	expect("ntokens", i64(), 10)
	expect("pruneidx_size", i64(), -1)
	type ent struct {
		w   string
		c   int64
		typ byte
	}
	var ents []ent
	for range 6 {
		w, err := r.ReadString(0)
		if err != nil {
			t.Fatal(err)
		}
		ents = append(ents, ent{strings.TrimSuffix(w, "\x00"), i64(), byte(le(1))})
	}
	expect("entries", ents, []ent{{"</s>", 3, 0}, {"hello", 2, 0}, {"wörld", 1, 0}, {"bye", 1, 0},
		{"__label__x", 2, 1}, {"__label__y", 1, 1}})
	expect("quant_input", le(1), 0)
	expect("input.m", i64(), 4+10)
	expect("input.n", i64(), 4)
	in := m.input.(*denseMatrix)
	for i := range in.data {
		if got := math.Float32frombits(uint32(le(4))); got != in.data[i] {
			t.Fatalf("input[%d] = %v, want %v", i, got, in.data[i])
		}
	}
	expect("qout", le(1), 0)
	expect("output.m", i64(), 2)
	expect("output.n", i64(), 4)
	out := m.output.(*denseMatrix)
	for i := range out.data {
		if got := math.Float32frombits(uint32(le(4))); got != out.data[i] {
			t.Fatalf("output[%d] = %v, want %v", i, got, out.data[i])
		}
	}
	if _, err := r.ReadByte(); err == nil {
		t.Error("bytes after the output matrix")
	}
}

func TestLoadErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/model.bin")
	if err != nil {
		t.Fatal(err)
	}
	badMagic := bytes.Clone(good)
	badMagic[0] ^= 1
	badVersion := bytes.Clone(good)
	badVersion[4] = 13
	badLoss := bytes.Clone(good)
	badLoss[8+6*4] = 9
	tests := []struct {
		name   string
		data   []byte
		field  string
		offset int64
	}{
		{"empty", nil, "magic", 0},
		{"bad magic", badMagic, "magic", 4},
		{"bad version", badVersion, "version", 8},
		{"bad loss", badLoss, "args.loss", 36},
		{"truncated header", good[:30], "args.wordNgrams", 28},
		{"truncated matrix", good[:len(good)-3], "output.data", -1}, // offset: where the chunk read starts
	}
	for _, tc := range tests {
		_, err := Load(bytes.NewReader(tc.data))
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want a FormatError", tc.name, err)
			continue
		}
		if fe.Field != tc.field {
			t.Errorf("%s: error %v names field %q, want %q", tc.name, err, fe.Field, tc.field)
		}
		if tc.offset >= 0 && fe.Offset != tc.offset {
			t.Errorf("%s: error %v at offset %d, want %d", tc.name, err, fe.Offset, tc.offset)
		}
	}
}

func FuzzLoad(f *testing.F) {
	for _, name := range []string{"model-hs.bin", "model.ftz"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Load(bytes.NewReader(data))
		if err != nil {
			return
		}
		m.Predict("the city café </s> x", -1, 0)
		m.Predict("", 1, 0.5)
	})
}

func TestJoinLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\nb", "a b"},
		{"a\r\nb\rc", "a b c"},
		{"a\n", "a"},
		{"a\n\n", "a "},
		{"a\v\f\x1c\x1d\x1eb", "a     b"},
		{"a\u0085b\u2028c\u2029d", "a b c d"},
		{"a\x1fb\tc", "a\x1fb\tc"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := JoinLines(tc.in); got != tc.want {
			t.Errorf("JoinLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := PrepareText("\u00a0 Title\nline two\n\n"), "Title line two"; got != want {
		t.Errorf("PrepareText = %q, want %q", got, want)
	}
}

func TestLabelProb(t *testing.T) {
	m := loadTestModel(t, "model.bin")
	for _, text := range []string{"the history of the city", "buy now cheap free shipping", "zzz"} {
		p := m.Predict(PrepareText(text), -1, 0)
		wiki, cc := m.WikiProb(text), m.LabelProb(text, CCLabel)
		// Top label: its own probability; the other: 1 - the top's.
		for _, c := range []struct {
			label string
			got   float64
		}{{WikiLabel, wiki}, {CCLabel, cc}} {
			want := 1 - float64(p[0].Prob)
			if p[0].Label == c.label {
				want = float64(p[0].Prob)
			}
			if c.got != want {
				t.Errorf("%q: prob of %s = %v, want %v", text, c.label, c.got, want)
			}
		}
	}
	if m.WikiProb("the history of the city") < 0.9 || m.WikiProb("buy now cheap free shipping") > 0.1 {
		t.Error("the test model does not tell its two topics apart")
	}
	// Newlines are spaces, as in RedPajama's " ".join(splitlines()).
	if a, b := m.WikiProb("the history\nof the city\n"), m.WikiProb("the history of the city"); a != b {
		t.Errorf("WikiProb with newlines %v, without %v", a, b)
	}
}

func TestBuildData(t *testing.T) {
	doc := func(text string) string {
		return fmt.Sprintf(`{"url": "u", "raw_content": %q}`+"\n", text)
	}
	long := strings.Repeat("é", 999) + "\nx"
	pos := doc(long) + doc("short") + "\n" + doc(long)
	neg1 := doc("n1 a\nb") + doc("n2") + doc("n3")
	neg2 := doc("m1") + doc("m2")
	var out bytes.Buffer
	st, err := BuildData(&out,
		[]Source{{"pos", strings.NewReader(pos)}},
		[]Source{{"neg1", strings.NewReader(neg1)}, {"neg2", strings.NewReader(neg2)}},
		DefaultDataConfig())
	if err != nil {
		t.Fatal(err)
	}
	// 3 positives read, 2 long enough; 1.5 per negative file.
	if want := (DataStats{PositivesRead: 3, Positives: 2, Negatives: 2, PerFile: 1.5}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	joined := strings.Repeat("é", 999) + " x"
	want := "__label__wiki " + joined + "\n__label__wiki " + joined + "\n__label__cc n1 a b\n__label__cc m1\n"
	if out.String() != want {
		t.Errorf("BuildData wrote\n%q\nwant\n%q", out.String(), want)
	}
	_, err = BuildData(&out, []Source{{"bad.jsonl", strings.NewReader(doc("a") + "{oops\n")}},
		[]Source{{"n", strings.NewReader("")}}, DefaultDataConfig())
	if err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("error %v, want one naming bad.jsonl:2", err)
	}
}

func TestExampleReader(t *testing.T) {
	r := NewExampleReader(strings.NewReader("__label__a __label__b some\ttext here\n\nno label\n__label__c"), "")
	var got []Example
	for r.Scan() {
		got = append(got, r.Example())
	}
	if r.Err() != nil {
		t.Fatal(r.Err())
	}
	want := []Example{
		{[]string{"__label__a", "__label__b"}, "some text here"},
		{nil, ""},
		{nil, "no label"},
		{[]string{"__label__c"}, ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("examples %q, want %q", got, want)
	}
}

func TestKeptFraction(t *testing.T) {
	got := KeptFraction([]float64{0.1, 0.25, 0.5, 0.9}, []float64{0, 0.25, 0.3, 1})
	want := []float64{1, 0.75, 0.5, 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("KeptFraction = %v, want %v", got, want)
	}
}

func TestStdSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 5, 16, 17, 100, 1000} {
		s := make([]int, n)
		for i := range s {
			s[i] = r.IntN(10)
		}
		stdSort(s, func(a, b int) bool { return a > b })
		for i := 1; i < n; i++ {
			if s[i-1] < s[i] {
				t.Fatalf("n=%d: not sorted at %d: %v", n, i, s)
			}
		}
	}
}

func TestArgsValidate(t *testing.T) {
	bad := []func(*Args){
		func(a *Args) { a.Dim = 0 },
		func(a *Args) { a.Thread = 0 },
		func(a *Args) { a.Maxn, a.Bucket = 3, 0 },
		func(a *Args) { a.Loss = 9 },
		func(a *Args) { a.Label = "" },
	}
	for i, f := range bad {
		a := DefaultArgs()
		f(&a)
		if _, err := Train(bytes.NewReader(nil), 0, a); err == nil {
			t.Errorf("case %d: no error", i)
		}
	}
	a := DefaultArgs()
	if _, err := Train(strings.NewReader("no labels here\n"), 15, a); err == nil {
		t.Error("training without labels: no error")
	}
}
