package dedup

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// slowNormalize is a plain rune-slice transcription of normalize_for_dedup,
// the oracle of the fast path: strip with document.IsPySpace, lower with
// the final-sigma rule over the rune slice, \d, removal.
func slowNormalize(line string) string {
	rs := []rune(line) // invalid bytes: one U+FFFD each
	for len(rs) > 0 && document.IsPySpace(rs[0]) {
		rs = rs[1:]
	}
	for len(rs) > 0 && document.IsPySpace(rs[len(rs)-1]) {
		rs = rs[:len(rs)-1]
	}
	var lower []rune
	for i, r := range rs {
		switch r {
		case 'Σ':
			before := false
			for j := i - 1; j >= 0; j-- {
				if !isCaseIgnorable(rs[j]) {
					before = isCased(rs[j])
					break
				}
			}
			after := false
			for j := i + 1; j < len(rs); j++ {
				if !isCaseIgnorable(rs[j]) {
					after = isCased(rs[j])
					break
				}
			}
			if before && !after {
				lower = append(lower, 'ς')
			} else {
				lower = append(lower, 'σ')
			}
		case 'İ':
			lower = append(lower, 'i', 0x307)
		default:
			lower = append(lower, unicode.ToLower(r))
		}
	}
	var b strings.Builder
	for _, r := range lower {
		switch {
		case unicode.IsDigit(r):
			b.WriteByte('0')
		case r < 0x20 || r >= 0x7f && r < 0xa0 || strings.ContainsRune("，。、„”“«»」「《》´∶：？！（）；–—．～’…━〈〉【】％►", r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FuzzNormalize checks the fast normalizer against slowNormalize, and the
// properties cc_net's normalize_for_dedup has. It is not idempotent:
// stripping runs before the control characters are removed, so
// " \x01 a" -> " a" -> "a" (Python gives the same). What holds is that a
// second pass only strips: N(N(x)) == strip(N(x)).
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"", "Hello World!", "  hello  ", "ΟΔΟΣ", "ΑΣ.", "Α\u00adΣ", "İ", "０２３´∶：\x10 | ;012 hèllo",
		" \x01 a", "a\xffb", "\xce", "Σ\xce\xa3", "東京 2020 年。", "\u0085\u00a0x\u3000", "ǅ", "x²",
		"Ⱥ", "\u1e9e", strings.Repeat("AbC1 ", 20),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if want := slowNormalize(s); got != want {
			t.Fatalf("Normalize(%+q) = %+q, slow path %+q", s, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%+q) = %+q: invalid UTF-8", s, got)
		}
		if len(got) > 3*len(s) {
			t.Fatalf("Normalize(%+q) grew past 3x", s)
		}
		again := Normalize(got)
		if want := document.PyStrip(got); again != want {
			t.Fatalf("Normalize(Normalize(%+q)) = %+q, want strip(%+q)", s, again, got)
		}
		if Normalize(again) != again {
			t.Fatalf("third pass changed %+q", again)
		}
		prefix := []byte("prefix")
		if b := AppendNormalized(prefix, s); string(b) != "prefix"+got {
			t.Fatalf("AppendNormalized with a prefix: %+q", b)
		}
		hs := LineHashes(s, nil)
		lines := strings.Split(s, "\n")
		if len(hs) != len(lines) {
			t.Fatalf("LineHashes: %d hashes for %d lines", len(hs), len(lines))
		}
		for i, l := range lines {
			if hs[i] != Hash([]byte(Normalize(l))) {
				t.Fatalf("LineHashes(%+q)[%d] differs from Hash(Normalize)", s, i)
			}
		}
	})
}
