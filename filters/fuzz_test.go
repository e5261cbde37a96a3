package filters

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDatatroveWords checks that the word splitter partitions the text:
// the words, in order, spell the text without its whitespace.
func FuzzDatatroveWords(f *testing.F) {
	for _, s := range []string{good, "U.S. e.g. don't :) www.x.com/a. 3.5% a-b", "[[: )) '' ..", "\u00a0\x1c…—"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		words := DatatroveWords(s)
		want := strings.Map(func(r rune) rune {
			if pyIsSpace(r) {
				return -1
			}
			return r
		}, s)
		if got := strings.Join(words, ""); got != want {
			t.Errorf("words %q spell %q, want %q", words, got, want)
		}
		for _, w := range words {
			if w == "" {
				t.Errorf("empty word in %q", words)
			}
		}
	})
}

// FuzzApply checks that Apply never panics and leaves a kept document
// consistent.
func FuzzApply(f *testing.F) {
	f.Add(good, true)
	f.Add("Menu\n"+good+"\n{ x }", false)
	f.Add("a\r\nb.\x0bc", false)
	bw := &BadWords{lists: map[string]*trie{"en": {}}}
	bw.lists["en"].add("darn")
	cfg := Default()
	en := cfg.Languages["en"]
	p := DefaultParagraphs()
	en.Paragraphs = &p
	cfg.Languages["en"] = en
	filt, err := New(cfg, bw)
	if err != nil {
		f.Fatal(err)
	}
	dt := DefaultDatatrove()
	dt.Languages["en"] = LangRules{C4: dt.Languages["en"].C4, GopherQuality: dt.Languages["en"].GopherQuality,
		GopherRepetition: dt.Languages["en"].GopherRepetition}
	filtDT, err := New(dt, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, datatrove bool) {
		fl := filt
		if datatrove {
			fl = filtDT
		}
		d := newDoc("en", text)
		o := fl.Apply(&d)
		if !o.Kept {
			if d.RawContent != text {
				t.Error("dropped document edited")
			}
			return
		}
		if d.RawContent == text {
			return
		}
		if d.NLines != len(d.LineIDs) || d.NLines != strings.Count(d.RawContent, "\n")+1 {
			t.Errorf("NLines %d, %d LineIDs, text %q", d.NLines, len(d.LineIDs), d.RawContent)
		}
		n := strings.Count(text, "\n") + 1
		for i, id := range d.LineIDs {
			if id < 0 || id >= n || i > 0 && id < d.LineIDs[i-1] {
				t.Errorf("LineIDs %v out of order or range for %d lines", d.LineIDs, n)
			}
		}
	})
}
