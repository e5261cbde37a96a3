package tokenizer

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary bytes to the model parser: it must return a
// model or an error, never panic; a model it returns must encode and
// decode, and Marshal must give bytes that parse to the same pieces.
func FuzzParse(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(b[:len(b)/3])
	f.Add(handModel(f, true).Marshal())
	// A unigram model whose charsmap is a small valid trie: the committed
	// unigram.model's is 240 KB, too big to mutate quickly.
	uni, err := Load(filepath.Join("testdata", "unigram.model"))
	if err != nil {
		f.Fatal(err)
	}
	small := *uni.Proto()
	small.Normalizer.PrecompiledCharsmap = tinyCharsMap()
	f.Add(small.Marshal())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Parse(b)
		if err != nil {
			return
		}
		for _, s := range []string{"", "hello world", " a  b ", "日本語 123", "\x00\xff"} {
			m.Decode(m.Encode(s))
			m.EncodePieces(s)
		}
		again, err := Parse(m.Marshal())
		if err != nil {
			t.Fatalf("Marshal output does not parse: %v", err)
		}
		if again.VocabSize() != m.VocabSize() {
			t.Fatalf("vocabulary %d became %d", m.VocabSize(), again.VocabSize())
		}
	})
}

// FuzzRoundTrip checks Decode(Encode(s)) == s for valid UTF-8 without "▁"
// on the committed LLaMA-style BPE model and the hand-written model, and
// that the unigram model's pieces cover its normalized text.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", " ", "hello  world ", "\t\n\r", "ｆｕｌｌ", "é e\u0301", "😀", "<s></s><unk>", "12345", "\x00"} {
		f.Add(s)
	}
	bpe, err := Load(filepath.Join("testdata", "bpe.model"))
	if err != nil {
		f.Fatal(err)
	}
	uni, err := Load(filepath.Join("testdata", "unigram.model"))
	if err != nil {
		f.Fatal(err)
	}
	hand := handModel(f, true)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.Contains(s, "▁") {
			return
		}
		for _, m := range []*Model{bpe, hand} {
			if got := m.Decode(m.Encode(s)); got != s {
				t.Fatalf("Decode(Encode(%q)) = %q", s, got)
			}
		}
		// Unigram pieces, joined, are the normalized text (unknown pieces
		// included, as sentencepiece keeps their surface).
		if got, want := strings.Join(uni.EncodePieces(s), ""), uni.Normalize(s); got != want {
			t.Fatalf("unigram pieces of %q join to %q, want %q", s, got, want)
		}
	})
}

// tinyCharsMap is a precompiled_charsmap written by hand: a darts-clone
// double array holding the one key "Ａ" (EF BC A1) whose value is offset 0
// of the replacement strings "A\x00". A unit is offset<<10 | has_leaf<<8 |
// label; the leaf's value unit has bit 31 set.
func tinyCharsMap() []byte {
	units := make([]uint32, 1024)
	key := []uint32{0xEF, 0xBC, 0xA1}
	base := uint32(256)
	units[0] = base << 10
	for i, k := range key {
		pos := base ^ k
		next := uint32(512 + 256*i)
		leaf := uint32(0)
		if i == len(key)-1 {
			next, leaf = 1023, 1
		}
		units[pos] = (pos^next)<<10 | leaf<<8 | k
		base = next
	}
	units[1023] = 1<<31 | 0
	b := binary.LittleEndian.AppendUint32(nil, uint32(4*len(units)))
	for _, u := range units {
		b = binary.LittleEndian.AppendUint32(b, u)
	}
	return append(b, "A\x00"...)
}
