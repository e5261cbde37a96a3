package dedup

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Reference §12: normalize_for_dedup and uint64 LE(sha1[:8]), computed
// with cc_net's text_normalizer.py on Python 3.11.7.
func TestGoldenVectors(t *testing.T) {
	tests := []struct {
		in, norm string
		hash     uint64
	}{
		{"Hello World!", "hello world!", 17087790592628558915},
		{"  hello world!  ", "hello world!", 17087790592628558915},
		{"Copyright © 2019 ACME", "copyright © 0000 acme", 6488243610838494140},
		{"Copyright © 2023 ACME", "copyright © 0000 acme", 6488243610838494140},
		{"Café – “quoted” …", "café  quoted ", 8527433686502659364},
		{"", "", 957977401221134810},
		{"   ", "", 957977401221134810},
		{"—", "", 957977401221134810},
		{"Tab\there", "tabhere", 12744745973480505280},
		{"０２３´∶：\x10 | ;012 hèllo", "000 | ;000 hèllo", 2360728752313688912},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.norm {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.norm)
		}
		if got := Hash([]byte(tt.norm)); got != tt.hash {
			t.Errorf("Hash(%q) = %d, want %d", tt.norm, got, tt.hash)
		}
		if got := HashLine(tt.in); got != tt.hash {
			t.Errorf("HashLine(%q) = %d, want %d", tt.in, got, tt.hash)
		}
		if got := LineHashes(tt.in, nil); len(got) != 1 || got[0] != tt.hash {
			t.Errorf("LineHashes(%q) = %v, want [%d]", tt.in, got, tt.hash)
		}
	}
	if EmptyHash != HashLine("") {
		t.Errorf("EmptyHash = %d, want %d", EmptyHash, HashLine(""))
	}
}

// cc_net tests/test_normalizer.py (reference §7).
func TestCCNetNormalizerTests(t *testing.T) {
	// test_unicode_punct / test_remove_punct: every UNICODE_PUNCT key is
	// removed by normalize_for_dedup (remove_unicode_punct gives "").
	punct := "，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►"
	if n := utf8.RuneCountInString(punct); n != 34 {
		t.Fatalf("test table has %d punctuation keys, want 34", n)
	}
	for _, r := range punct {
		if !isUnicodePunct(r) {
			t.Errorf("%U not in UNICODE_PUNCT", r)
		}
	}
	// Inside a line (strip does not see them) every key but １ disappears;
	// １ is a digit, and \d runs first.
	if got, want := Normalize("a"+punct+"b"), "a0b"; got != want {
		t.Errorf("Normalize(a+punct+b) = %q, want %q", got, want)
	}
	tests := []struct{ in, want string }{
		// test_numbers: fullwidth digits are Nd.
		{"０２３", "000"},
		{"1234５６７８", "00000000"},
		// test_normalize_for_dedup.
		{"０２３´∶：\x10 | ;012 hèllo", "000 | ;000 hèllo"},
		// ASCII punctuation stays, accents stay.
		{"Hello, World! (x) [y] {z} 'q' \"r\" -_-", "hello, world! (x) [y] {z} 'q' \"r\" -_-"},
		{"Été À Ça", "été à ça"},
		// Left quotes U+2018 and U+201A are not in the table.
		{"‘a‚", "‘a‚"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Python str.strip / str.lower / re \d semantics.
func TestPythonSemantics(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"final sigma word", "ΟΔΟΣ", "οδος"},
		{"sigma alone", "Σ", "σ"},
		{"sigma before punctuation", "ΑΣ.", "ας."},
		{"sigma inside word", "ΑΣΑ", "ασα"},
		{"sigma then space", "ΟΔΟΣ ΚΑΙ", "οδος και"},
		{"sigma first", "ΣΑ", "σα"},
		{"sigma after soft hyphen (Cf, case-ignorable)", "Α\u00adΣ", "α\u00adς"},
		{"sigma before soft hyphen and letter", "ΑΣ\u00adΒ", "ασ\u00adβ"},
		{"sigma after apostrophe", "Α'Σ", "α'ς"},
		{"sigma after ’ (removed later, but it is context)", "Α’Σ", "ας"},
		{"sigma after digit", "1Σ", "0σ"},
		{"sigma after stripped space", " Σ", "σ"},
		{"sigma then control then letter", "ΑΣ\x01Β", "αςβ"},
		{"dotted capital I", "İ", "i\u0307"},
		{"dotted capital I word", "İSTANBUL", "i\u0307stanbul"},
		{"dotless i stays", "ı", "ı"},
		{"sharp s stays", "Straße", "straße"},
		{"capital sharp s", "ẞ", "ß"},
		{"Cherokee", "ᎠᎡᎢ", "ꭰꭱꭲ"},
		{"titlecase digraph", "ǅ ǈ ǋ ǲ", "ǆ ǉ ǌ ǳ"},
		{"Arabic-Indic digits", "٠١٢٣٤٥٦٧٨٩", "0000000000"},
		{"Devanagari digits", "२०१९", "0000"},
		{"superscript two is not Nd", "x²", "x²"},
		{"roman numeral is not Nd", "Ⅻ", "ⅻ"},
		{"tab inside removed", "a\tb", "ab"},
		{"controls removed", "a\x00b\x1fc\x7fd\u0080e\u0085f\u009fg", "abcdefg"},
		{"C1 NEL is stripped at the ends", "\u0085ab\u0085", "ab"},
		{"NBSP stripped at the ends", "\u00a0ab\u00a0", "ab"},
		{"NBSP kept inside", "a\u00a0b", "a\u00a0b"},
		{"information separators stripped", "\x1c\x1dab\x1e\x1f", "ab"},
		{"information separator removed inside", "a\x1cb", "ab"},
		{"ideographic space stripped", "\u3000漢字\u3000", "漢字"},
		{"zero width space is not whitespace", "\u200bab", "\u200bab"},
		{"mongolian vowel separator is not whitespace", "\u180eab", "\u180eab"},
		{"strip runs before control removal", " \x01 ab", " ab"},
		{"CJK", "東京 2020 年。", "東京 0000 年"},
		{"fullwidth latin lowercased, not folded", "ＨＥＬＬＯ", "ｈｅｌｌｏ"},
		{"invalid UTF-8 is U+FFFD", "a\xffb", "a\ufffdb"},
		{"Georgian Mtavruli", "ᲐᲑ", "აბ"},
		{"Deseret", "𐐀", "𐐨"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestIsPySpace(t *testing.T) {
	// Python 3.11: [c for c in range(0x110000) if chr(c).isspace()].
	want := map[rune]bool{}
	for _, r := range []rune{0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
		0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000} {
		want[r] = true
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isPySpace(r) != want[r] {
			t.Errorf("isPySpace(%U) = %v", r, isPySpace(r))
		}
	}
}

func TestLineHashesSplit(t *testing.T) {
	tests := []struct {
		in    string
		lines []string
	}{
		{"a", []string{"a"}},
		{"a\n", []string{"a", ""}},
		{"\n", []string{"", ""}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"a\r\nb", []string{"a\r", "b"}},
		{strings.Repeat("x", 3000) + "\nY", []string{strings.Repeat("x", 3000), "Y"}},
	}
	for _, tt := range tests {
		got := LineHashes(tt.in, make([]uint64, 5))
		if len(got) != len(tt.lines) {
			t.Fatalf("LineHashes(%q): %d hashes, want %d", tt.in, len(got), len(tt.lines))
		}
		for i, l := range tt.lines {
			if want := Hash([]byte(Normalize(l))); got[i] != want {
				t.Errorf("LineHashes(%q)[%d] = %d, want %d", tt.in, i, got[i], want)
			}
		}
	}
}

func TestNoAllocs(t *testing.T) {
	raw := strings.Join(benchLines(200), "\n")
	dst := make([]uint64, 0, 256)
	if n := testing.AllocsPerRun(20, func() { dst = LineHashes(raw, dst) }); n != 0 {
		t.Errorf("LineHashes: %v allocs per run, want 0", n)
	}
	long := raw + "\n" + strings.Repeat("Ab é 東 ", 2000)
	if n := testing.AllocsPerRun(20, func() { dst = LineHashes(long, dst) }); n != 0 {
		t.Errorf("LineHashes with a 22 KB line: %v allocs per run, want 0", n)
	}
	buf := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(20, func() { buf = AppendNormalized(buf[:0], raw) }); n != 0 {
		t.Errorf("AppendNormalized: %v allocs per run, want 0", n)
	}
}

func TestAppendDistinct(t *testing.T) {
	got := AppendDistinct([]uint64{99}, []uint64{5, 3, 5, 1, 3, 0})
	want := []uint64{99, 0, 1, 3, 5}
	if len(got) != len(want) {
		t.Fatalf("AppendDistinct = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("AppendDistinct = %v, want %v", got, want)
		}
	}
}
