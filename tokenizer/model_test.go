package tokenizer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// handModel is a BPE model written by hand: LLaMA's layout (unk, bos, eos,
// 256 bytes) and a few merges whose scores decide the order.
func handModel(t testing.TB, byteFallback bool) *Model {
	t.Helper()
	p := &ModelProto{Trainer: DefaultTrainerSpec(), Normalizer: defaultNormalizerSpec()}
	p.Trainer.ModelType = BPE
	p.Trainer.ByteFallback = byteFallback
	p.Trainer.markAll()
	p.Normalizer = NormalizerSpec{Name: "identity", AddDummyPrefix: true, EscapeWhitespaces: true, present: 0x3e}
	p.Pieces = []Piece{{"<unk>", 0, Unknown}, {"<s>", 0, Control}, {"</s>", 0, Control}}
	if byteFallback {
		for i := 0; i < 256; i++ {
			p.Pieces = append(p.Pieces, Piece{byteToPiece(byte(i)), 0, Byte})
		}
	}
	for i, s := range []string{"▁t", "he", "▁the", "▁▁", "▁", "t", "h", "e", "1", "2", "a"} {
		p.Pieces = append(p.Pieces, Piece{s, -float32(i), Normal})
	}
	m, err := NewModel(p)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestHandModelEncode(t *testing.T) {
	m := handModel(t, true)
	id := func(s string) int { return m.PieceToID(s) }
	tests := []struct {
		in   string
		want []int
	}{
		{"", nil},
		{"the", []int{id("▁the")}}, // ▁t, then he, then ▁t+he
		{"12", []int{id("▁"), id("1"), id("2")}},              // digits stay apart
		{"thé", []int{id("▁t"), id("h"), 3 + 0xC3, 3 + 0xA9}}, // é -> bytes
		{"  a", []int{id("▁▁"), id("▁"), id("a")}},            // leftmost ▁▁ first
		{"a\n", []int{id("▁"), id("a"), 3 + '\n'}},
		{"the the", []int{id("▁the"), id("▁the")}},
		// "<s>" in text is not the control piece: its characters are bytes.
		{"<s>", []int{id("▁"), 3 + '<', 3 + 's', 3 + '>'}},
	}
	for _, tt := range tests {
		if got := m.Encode(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Encode(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if got := m.Decode(m.Encode(tt.in)); got != tt.in {
			t.Errorf("Decode(Encode(%q)) = %q", tt.in, got)
		}
	}
	if got := m.Decode([]int{m.BosID(), id("▁the"), m.EosID()}); got != "the" {
		t.Errorf("Decode with bos/eos = %q", got)
	}
	if got := m.EncodePieces("thé 12"); !slices.Equal(got, []string{"▁t", "h", "<0xC3>", "<0xA9>", "▁", "1", "2"}) {
		t.Errorf("EncodePieces = %q", got)
	}
}

func TestHandModelUnknown(t *testing.T) {
	m := handModel(t, false)
	// A run of unknown characters is one <unk>; Decode prints " ⁇ ".
	got := m.Encode("thé!a")
	want := []int{m.PieceToID("▁t"), m.PieceToID("h"), m.UnkID(), m.PieceToID("a")}
	if !slices.Equal(got, want) {
		t.Errorf("Encode = %v, want %v", got, want)
	}
	if p := m.EncodePieces("thé!a"); !slices.Equal(p, []string{"▁t", "h", "é!", "a"}) {
		t.Errorf("EncodePieces = %q", p)
	}
	if d := m.Decode(got); d != "th ⁇ a" {
		t.Errorf("Decode = %q", d)
	}
}

func TestIDs(t *testing.T) {
	m := handModel(t, true)
	if m.UnkID() != 0 || m.BosID() != 1 || m.EosID() != 2 || m.PadID() != -1 {
		t.Errorf("special ids %d %d %d %d", m.UnkID(), m.BosID(), m.EosID(), m.PadID())
	}
	if m.VocabSize() != 3+256+11 || m.IDToPiece(3+0x0A) != "<0x0A>" || m.PieceToID("nope") != 0 || m.IDToPiece(-1) != "" {
		t.Error("vocabulary lookups are wrong")
	}
	if m.PieceType(0) != Unknown || m.PieceType(3) != Byte || m.Score(259+2) != -2 || m.Type() != BPE {
		t.Error("piece attributes are wrong")
	}
}

// TestSPMGolden compares with spm_encode's outputs for the committed
// models (testdata/README).
func TestSPMGolden(t *testing.T) {
	lines := readLines(t, filepath.Join("testdata", "lines.txt"))
	for _, name := range []string{"bpe", "unigram"} {
		m, err := Load(filepath.Join("testdata", name+".model"))
		if err != nil {
			t.Fatal(err)
		}
		compareLines(t, name+" ids", lines, readLines(t, filepath.Join("testdata", name+".ids")),
			func(s string) string { return joinInts(m.Encode(s)) })
		compareLines(t, name+" pieces", lines, readLines(t, filepath.Join("testdata", name+".pieces")),
			func(s string) string { return strings.Join(m.EncodePieces(s), " ") })
	}
}

// TestModelBytesRoundTrip: Marshal writes back spm_train's files byte for
// byte, and a parsed copy has every field.
func TestModelBytesRoundTrip(t *testing.T) {
	for _, name := range []string{"bpe", "unigram"} {
		b, err := os.ReadFile(filepath.Join("testdata", name+".model"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Marshal(); !bytes.Equal(got, b) {
			t.Errorf("%s: Marshal differs from the file (%d vs %d bytes)", name, len(got), len(b))
		}
		p := m.Proto()
		if name == "unigram" && (p.Normalizer.Name != "nmt_nfkc" || len(p.Normalizer.PrecompiledCharsmap) == 0 || p.Trainer.ModelType != Unigram) {
			t.Errorf("unigram: normalizer %q, charsmap %d bytes, type %v", p.Normalizer.Name, len(p.Normalizer.PrecompiledCharsmap), p.Trainer.ModelType)
		}
		if name == "bpe" && (!p.Trainer.ByteFallback || !p.Trainer.SplitDigits || p.Trainer.CharacterCoverage != 0.99995 || p.Normalizer.RemoveExtraWhitespaces) {
			t.Errorf("bpe: trainer spec not read: %+v", p.Trainer)
		}
	}
}

// TestTrainedModelRoundTrip: a trained model survives Marshal and Parse
// with every field, unknown fields included.
func TestTrainedModelRoundTrip(t *testing.T) {
	o := DefaultTrainOptions()
	o.VocabSize = 700
	o.ControlSymbols = []string{"<ctl>"}
	o.UserDefinedSymbols = []string{"<user>"}
	o.RequiredChars = "Ω"
	f, err := os.Open(filepath.Join("testdata", "corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := Train(context.Background(), f, o)
	if err != nil {
		t.Fatal(err)
	}
	p := m.Proto()
	// A field from a newer sentencepiece (pretokenization_delimiter = 53)
	// and an unknown top-level field must be kept.
	p.Trainer.unknown = []byte{0xaa, 0x03, 0x01, 'x'}
	p.unknown = []byte{0x50, 0x07}
	b := p.Marshal()
	q, err := ParseModelProto(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Errorf("round trip differs:\n%+v\n%+v", p.Trainer, q.Trainer)
	}
	if !bytes.Equal(q.Marshal(), b) {
		t.Error("second Marshal differs")
	}
	if p.Pieces[3].Piece != "<ctl>" || p.Pieces[4].Type != UserDefined || m.PieceToID("Ω") == m.UnkID() {
		t.Errorf("meta pieces: %v %v", p.Pieces[3], p.Pieces[4])
	}
	if got := m.EncodePieces("a<user>b"); !slices.Contains(got, "<user>") {
		t.Errorf("user-defined symbol not kept whole: %q", got)
	}
}

// TestTrainMatchesSPM: the trainer gives spm_train's pieces and scores, in
// order, on the committed corpus with the settings of testdata/bpe.model.
func TestTrainMatchesSPM(t *testing.T) {
	want, err := Load(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		t.Fatal(err)
	}
	o := DefaultTrainOptions()
	o.VocabSize = want.VocabSize()
	f, err := os.Open(filepath.Join("testdata", "corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := Train(context.Background(), f, o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Proto().Pieces, want.Proto().Pieces) {
		for i, p := range want.Proto().Pieces {
			if g := got.Proto().Pieces[i]; g != p {
				t.Fatalf("piece %d: got %+v, want %+v", i, g, p)
			}
		}
	}
}

func TestTrainErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*TrainOptions)
		text string
	}{
		{"unigram", func(o *TrainOptions) { o.ModelType = Unigram }, "a b c"},
		{"coverage", func(o *TrainOptions) { o.CharacterCoverage = 0.5 }, "a b c"},
		{"vocab too small", func(o *TrainOptions) { o.VocabSize = 100 }, "a b c"},
		{"vocab too large", func(o *TrainOptions) { o.VocabSize = 400 }, "a b c"},
		{"empty input", func(o *TrainOptions) {}, "\n\n"},
		{"duplicate symbol", func(o *TrainOptions) { o.UserDefinedSymbols = []string{"x", "x"} }, "a b c"},
	}
	for _, tt := range tests {
		o := DefaultTrainOptions()
		tt.edit(&o)
		if _, err := Train(context.Background(), strings.NewReader(tt.text), o); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, strings.NewReader("a b c\n"), DefaultTrainOptions()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestInputSentenceSize(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 500; i++ {
		b.WriteString(strings.Repeat("x", i%7+1) + "\n")
	}
	for _, shuffle := range []bool{false, true} {
		o := DefaultTrainOptions()
		o.InputSentenceSize = 200
		o.ShuffleInputSentence = shuffle
		got, err := o.readSentences(context.Background(), strings.NewReader(b.String()))
		if err != nil || len(got) != 200 {
			t.Fatalf("shuffle=%v: %d sentences, %v", shuffle, len(got), err)
		}
		if !shuffle && got[199] != strings.Repeat("x", 199%7+1) {
			t.Errorf("first 200 lines not kept: %q", got[199])
		}
	}
}

// TestRoundTrip: Decode(Encode(s)) == s for text without "▁", with the
// byte-fallback models.
func TestRoundTrip(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		t.Fatal(err)
	}
	inputs := readLines(t, filepath.Join("testdata", "lines.txt"))
	inputs = append(inputs, "", " ", "  ", "\t", "\n", "\x00", "a\x00b", "\r\n", "\U0010FFFF", "\uFFFD", "<unk>", "<0x41>",
		"</s>", " leading", "trailing ", strings.Repeat("ab", 1000), strings.Repeat(" ", 50), strings.Repeat("9", 100))
	rng := uint64(1)
	for i := 0; i < 2000; i++ {
		var r []rune
		for j := 0; j < int(rng%40); j++ {
			rng = rng*6364136223846793005 + 1442695040888963407
			switch rng >> 62 {
			case 0:
				r = append(r, rune(rng>>32)%128)
			case 1:
				r = append(r, ' ')
			case 2:
				r = append(r, rune(rng>>40)%0x3000)
			default:
				r = append(r, rune(rng>>33)%utf8.MaxRune)
			}
		}
		inputs = append(inputs, strings.ToValidUTF8(string(r), "?"))
	}
	for _, s := range inputs {
		if strings.Contains(s, "▁") {
			continue
		}
		if got := m.Decode(m.Encode(s)); got != s {
			t.Errorf("Decode(Encode(%q)) = %q", s, got)
		}
	}
	handM := handModel(t, true)
	for _, s := range inputs[len(inputs)-200:] {
		if !strings.Contains(s, "▁") {
			if got := handM.Decode(handM.Encode(s)); got != s {
				t.Errorf("hand model: Decode(Encode(%q)) = %q", s, got)
			}
		}
	}
}

func TestDecodeInvalidBytes(t *testing.T) {
	m := handModel(t, true)
	// A lone continuation byte and a truncated sequence become U+FFFD each.
	got := m.Decode([]int{3 + 0x80, m.PieceToID("a"), 3 + 0xE6, 3 + 0x97, 3 + 'z', 99999, -1})
	if got != "\uFFFDa\uFFFD\uFFFDz" {
		t.Errorf("Decode = %q", got)
	}
}

func TestConcurrentEncode(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "unigram.model"))
	if err != nil {
		t.Fatal(err)
	}
	lines := readLines(t, filepath.Join("testdata", "lines.txt"))
	want := make([][]int, len(lines))
	for i, l := range lines {
		want[i] = m.Encode(l)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, l := range lines {
				if got := m.Encode(l); !slices.Equal(got, want[i]) {
					t.Errorf("concurrent Encode(%q) differs", l)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestParseErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		b    []byte
	}{
		{"truncated", good[:len(good)/2]},
		{"bad tag", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}},
		{"pieces as varint", []byte{0x08, 0x01}},
		{"no unk", (&ModelProto{Pieces: []Piece{{"a", 0, Normal}}, Trainer: TrainerSpec{ModelType: BPE, present: 1 << 3}}).Marshal()},
		{"word model", (&ModelProto{Pieces: []Piece{{"<unk>", 0, Unknown}}, Trainer: TrainerSpec{ModelType: Word, present: 1 << 3}}).Marshal()},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.b); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	var pe *ParseError
	if _, err := Parse(good[:len(good)-3]); !errors.As(err, &pe) || pe.Offset <= 0 {
		t.Errorf("truncated file: want a ParseError with an offset, got %v", err)
	}
}

func TestCharsMap(t *testing.T) {
	spec := NormalizerSpec{Name: "tiny", PrecompiledCharsmap: tinyCharsMap(), AddDummyPrefix: true, RemoveExtraWhitespaces: true, EscapeWhitespaces: true}
	n, err := newNormalizer(spec, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"ＡＢ", "▁AＢ"},
		{"  x  Ａ  ", "▁x▁A"},
		{"   ", ""},
		{"\xff", "▁\uFFFD"},
		{"\xef\xbc", "▁\uFFFD\uFFFD"}, // a truncated Ａ: two invalid bytes
	}
	for _, tt := range tests {
		if got := string(n.normalize(nil, tt.in)); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, bad := range [][]byte{{1, 2, 3}, {0xff, 0xff, 0, 0, 1}, {8, 0, 0, 0, 1, 2}} {
		if _, err := parseCharsMap(bad); err == nil {
			t.Errorf("parseCharsMap(%v): no error", bad)
		}
	}
}
