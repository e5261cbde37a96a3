package lm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Golden vectors of reference §12, from cc_net's text_normalizer.py
		// (Python 3.11.7): lines are glued, accents go, digits become 0.
		{"Hello World\nÉté 2019: « Ça va ? »\n\tTab１２", `hello worldete 0000: " ca va ? "tab00`},
		{"The quick brown fox.\nJumps over 13 lazy dogs…", "the quick brown fox.jumps over 00 lazy dogs..."},
		// cc_net tests/test_normalizer.py: every UNICODE_PUNCT key but ►
		// through replace_unicode_punct (１ is a digit first here).
		{"，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％", `,.,"""""0""""'::?!();- - . ~'...-<>[]%`},
		{"  \x1c\u00a0Σ  ", "σ"},
		{"ΟΔΟΣ ΟΔΟΣ.", "οδος οδος."},
		{"ΌΣΟΣ", "οσος"},
		{"İstanbul", "istanbul"},
		{"Ｈｅｌｌｏ ℌ", "ｈｅｌｌｏ ℌ"},
		{"a\x00b\x7fc\u0085d\u009fe", "abcde"},
		{"٣ ೬ ５", "0 0 0"},
		{"\x01 a", " a"},
		{"naïve Straße ÅÆØ", "naive straße aæø"},
		{"", ""},
		{" \t\n ", ""},
		{"\xff", "\ufffd"},
	} {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestNormalizeASCIIPath holds the ASCII fast path to the general one.
func TestNormalizeASCIIPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 40)
	for range 2000 {
		for i := range buf {
			buf[i] = byte(rng.IntN(128))
		}
		s := string(buf[:rng.IntN(len(buf))])
		fast, ok := qryNormalizeASCII(s)
		if !ok {
			t.Fatalf("%q: not ASCII", s)
		}
		if slow := qryNormalizeUnicode(s); fast != slow {
			t.Errorf("%q: fast %q, general %q", s, fast, slow)
		}
	}
}

func ExampleNormalize() {
	fmt.Println(Normalize("Été 2019 — «Ça va?»\nOui…"))
	// Output: ete 0000  -  "ca va?"oui...
}

// BenchmarkNormalize is Normalize on web-like lines: MB/s of input.
func BenchmarkNormalize(b *testing.B) {
	lines := []string{
		"The quick brown fox jumps over 13 lazy dogs, again and again.",
		"Été 2019 : « Ça va ? » — Oui… très bien, merci !",
		"ΟΔΟΣ ΑΘΗΝΑΣ 12, Αθήνα — τηλ. 210 1234567",
		"東京都千代田区１－２－３【お問い合わせ】",
	}
	n := 0
	for _, l := range lines {
		n += len(l)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, l := range lines {
			Normalize(l)
		}
	}
}

// TestNormalizeRunePath holds the per-rune path to the step-by-step one on
// random strings over the whole BMP and some astral planes.
func TestNormalizeRunePath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rs := make([]rune, 12)
	complexSeen := 0
	for range 20000 {
		for i := range rs {
			switch rng.IntN(4) {
			case 0:
				rs[i] = rune(rng.IntN(0x10000))
			case 1:
				rs[i] = rune(0x300 + rng.IntN(0x70)) // combining marks
			case 2:
				rs[i] = rune(0x370 + rng.IntN(0x200)) // Greek, Cyrillic
			default:
				rs[i] = rune(0x10000 + rng.IntN(0x20000))
			}
		}
		s := string(rs[:rng.IntN(len(rs))+1])
		fast, ok := qryNormalizeRunes(s)
		if !ok {
			complexSeen++
			continue
		}
		if slow := qryNormalizeUnicode(s); fast != slow {
			t.Errorf("%+q: per rune %+q, general %+q", s, fast, slow)
		}
	}
	if complexSeen == 0 {
		t.Error("no string took the general path")
	}
}
