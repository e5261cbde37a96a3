package filters

import (
	"reflect"
	"strings"
	"testing"
)

// The expected splits are those of spaCy 3's blank English tokenizer (as
// datatrove 0.10 uses it), checked by hand against its rules.
func TestDatatroveWords(t *testing.T) {
	tests := []struct {
		in   string
		want string // tokens joined by "|"
	}{
		{"Hello world. This is U.S. policy, e.g. Mr. Smith's dog.",
			"Hello|world|.|This|is|U.S.|policy|,|e.g.|Mr.|Smith|'s|dog|."},
		{`"dog" don't (really)... A. Smith went home.Then`,
			`"|dog|"|do|n't|(|really|)|...|A.|Smith|went|home|.|Then`},
		{"I'm you're can't won't dont cannot gonna it's",
			"I|'m|you|'re|ca|n't|wo|n't|do|nt|can|not|gon|na|it|'s"},
		{"see www.x.com/a?b=1. and instagram.com/usdot. or Groups.IO now",
			"see|www.x.com/a?b=1|.|and|instagram.com/usdot|.|or|Groups|.|IO|now"},
		{"3.5% end-of-line -- yes! #tag #1 $5 +1 3+4 a/b and/or x=y 2-3 A-B",
			"3.5|%|end|-|of|-|line|--|yes|!|#|tag|#|1|$|5|+1|3|+|4|a|/|b|and/or|x|=|y|2|-|3|A|-|B"},
		{"USA. OK. U.K. etc. Inc. 7. 3.14. z)", "USA|.|OK|.|U.K.|etc|.|Inc.|7|.|3.14|.|z|)"},
		{"happy :) Author(s): 11K 5km [[:", "happy|:)|Author(s|):|11|K|5|km|[|[:"},
		{"word\u00a0word\tword\nword", "word|word|word|word"},
		{"at 8.8.8.8/dns and 1.2/ab", "at|8.8.8.8/dns|and|1.2|/|ab"},
		{"", ""},
	}
	for _, tt := range tests {
		got := strings.Join(DatatroveWords(tt.in), "|")
		if got != tt.want {
			t.Errorf("DatatroveWords(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestSpacySentences(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"One sentence.", 1},
		{"One. Two! Three? Four", 4},
		{`He said "Hi." Then left.`, 2},
		{"Mr. Smith went to the U.S. yesterday.", 1},
		{"Wait... what (really)...", 1},
		{"Stop!! Go?!", 2},
		{"home.Then more", 2},
	}
	for _, tt := range tests {
		if got := spacySentences(DatatroveWords(tt.in)); got != tt.want {
			t.Errorf("spacySentences(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestPunktSentences(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"One sentence.", 1},
		{"One. Two! Three? Four", 4},
		{`He said "Hi." Then left.`, 2},
		{"Mr. Smith went to the U.S. on Jan. 5 with Dr. Who.", 1},
		{"J. R. R. Tolkien wrote it.", 1},
		{"It was 1990. Then it was not.", 2},
		{"Wait... what is it.", 1},
		{"See (this one.) And that.", 2},
		{"home.Then more.", 1},
	}
	for _, tt := range tests {
		if got := punktSentences(tt.in); got != tt.want {
			t.Errorf("punktSentences(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestMergeSpecials(t *testing.T) {
	toks := []string{"x", ":", ")", ")", "y"}
	if got := mergeSpecials(toks, 1); !reflect.DeepEqual(got, []string{"x", ":))", "y"}) {
		t.Errorf("mergeSpecials = %q", got)
	}
}
