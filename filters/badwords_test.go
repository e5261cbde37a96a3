package filters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeLists(t *testing.T, lists map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range lists {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBadWordsMatch(t *testing.T) {
	dir := writeLists(t, map[string]string{
		"en":     "darn\nheck it\n\n  Blast  \nc++\n",
		"zh.txt": "坏词\n",
		"fr":     "zut\n",
	})
	b, err := LoadBadWords(dir, "en", "zh", "fr")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, text string
		want       bool
	}{
		{"en", "darn", true},
		{"en", "Oh DARN it", true},
		{"en", "darned", false},
		{"en", "undarn", false},
		{"en", "_darn", false},       // "_" is a word character
		{"en", "darn_", false},       // on both sides
		{"en", "2darn", false},       // so are digits
		{"en", "darn.", true},        // punctuation is not
		{"en", "(darn)", true},       //
		{"en", "édarn", false},       // Unicode letters are word characters, as in Python's re
		{"en", "darn\u0301 x", true}, // a combining mark is not (\W in Python)
		{"en", "heck it all", true},  // phrases
		{"en", "heck its", false},    //
		{"en", "blast", true},        // entries are stripped and lower-cased
		{"en", "I like c++ a lot", true},
		{"en", "nothing here", false},
		{"en", "", false},
		{"zh", "这是坏词吗", true}, // no word boundaries for zh
		{"zh", "好词", false},
		{"fr", "zut alors", true},
	}
	for _, tt := range tests {
		found, ok := b.Match(tt.lang, tt.text)
		if !ok || found != tt.want {
			t.Errorf("Match(%s, %q) = %v, %v; want %v", tt.lang, tt.text, found, ok, tt.want)
		}
	}
	if _, ok := b.Match("de", "darn"); ok {
		t.Error("Match for a language with no list reported ok")
	}
}

func TestLoadBadWordsErrors(t *testing.T) {
	dir := writeLists(t, map[string]string{"en": "x\n", "bad": "\xff\n"})
	if _, err := LoadBadWords(dir, "de"); err == nil || !strings.Contains(err.Error(), `"de"`) {
		t.Errorf("missing list: err = %v", err)
	}
	if _, err := LoadBadWords(dir, "../en"); err == nil {
		t.Error("a path as language code was accepted")
	}
	if _, err := LoadBadWords(dir, "bad"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("invalid UTF-8: err = %v", err)
	}
}

func TestBadWordsSharedLists(t *testing.T) {
	dir := sharedWordlists(t)
	b, err := LoadBadWords(dir, "en", "ja", "th", "zh", "de")
	if err != nil {
		t.Fatal(err)
	}
	if found, _ := b.Match("en", "An ordinary sentence about gardening and the weather."); found {
		t.Error("ordinary English text matched the en list")
	}
}
