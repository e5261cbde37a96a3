package filters

import (
	"reflect"
	"strings"
	"testing"
)

// clean runs the C4 rules of mode on text and returns the page reason
// ("" for kept), the kept lines and the removal counts.
func clean(t *testing.T, mode C4Mode, text string, edit func(*C4Config)) (string, []string, [numLineRules]int) {
	t.Helper()
	c := DefaultC4(mode)
	if edit != nil {
		edit(&c)
	}
	res := cleanC4(&c, text, false, nil)
	reason := res.pageKill
	if reason == "" && res.sentences < c.MinSentences {
		reason = ReasonC4TooFewSentences
	}
	var kept []string
	for _, l := range res.kept {
		kept = append(kept, l.text)
	}
	return reason, kept, res.removed
}

func noSentences(c *C4Config) { c.MinSentences = 0 }

func TestC4LineRules(t *testing.T) {
	long := strings.Repeat("x", 1000)
	tests := []struct {
		name    string
		mode    C4Mode
		line    string
		kept    string // "" when removed
		removed LineRule
	}{
		{"tfds keeps five words", C4TFDS, "one two three four five.", "one two three four five.", 0},
		{"tfds drops four words", C4TFDS, "one two three four.", "", LineTooFewWords},
		{"datatrove keeps three words", C4Datatrove, "one two three.", "one two three.", 0},
		{"datatrove drops two words", C4Datatrove, "one two.", "", LineTooFewWords},
		{"strip", C4TFDS, "  one two three four five!  ", "one two three four five!", 0},
		{"question mark", C4TFDS, "one two three four five?", "one two three four five?", 0},
		{"double quote after period", C4TFDS, `one two three four "five."`, `one two three four "five."`, 0},
		{"double quote end", C4TFDS, `one two three four "five"`, `one two three four "five"`, 0},
		{"tfds single quote", C4TFDS, "one two three four 'five'", "", LineNoEndMark},
		{"datatrove single quote", C4Datatrove, "one two three four 'five'", "one two three four 'five'", 0},
		{"curly quote", C4TFDS, "one two three four “five”", "", LineNoEndMark},
		{"ellipsis", C4TFDS, "one two three four five...", "", LineNoEndMark},
		{"two dots", C4TFDS, "one two three four five..", "one two three four five..", 0},
		{"no mark", C4TFDS, "one two three four five", "", LineNoEndMark},
		{"word of 1000", C4TFDS, "one two three four " + long + " end.", "one two three four " + long + " end.", 0},
		{"word of 1001", C4TFDS, "one two three four x" + long + " end.", "", LineLongWord},
		{"word of 1000 runes", C4TFDS, "one two three four " + strings.Repeat("é", 1000) + " end.", "one two three four " + strings.Repeat("é", 1000) + " end.", 0},
		{"long word before citations", C4TFDS, "a b c d e [1]" + long + ".", "", LineLongWord},
		{"citation removed", C4TFDS, "one two three four five.[1]", "one two three four five.", 0},
		{"citation then end mark", C4TFDS, "one two three four five[edit]", "", LineNoEndMark},
		{"empty citation", C4TFDS, "one two three four five.[]", "one two three four five.", 0},
		{"citation needed", C4TFDS, "one two three four five.[citation needed]", "one two three four five.", 0},
		{"tfds counts words after citations", C4TFDS, "one two three four [12] five.", "one two three four  five.", 0},
		{"tfds citation word lost", C4TFDS, "one two three [12] four.", "", LineTooFewWords},
		{"datatrove citation word counted", C4Datatrove, "one [12] two.", "one  two.", 0},
		{"datatrove counts words before citations", C4Datatrove, "one two [12].", "one two .", 0},
		{"javascript", C4TFDS, "Please enable JavaScript in your browser.", "", LineJavascript},
		{"policy", C4TFDS, "Read our Privacy Policy before you go.", "", LinePolicy},
		{"policy cookies", C4TFDS, "This site uses cookies to work well.", "", LinePolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, kept, removed := clean(t, tt.mode, tt.line, noSentences)
			if tt.kept == "" {
				if len(kept) != 0 || removed[tt.removed] != 1 {
					t.Errorf("kept %q removed %v, want removed by %s", kept, removed, LineReasons[tt.removed].Name)
				}
				return
			}
			if !reflect.DeepEqual(kept, []string{tt.kept}) {
				t.Errorf("kept %q, want %q (removed %v)", kept, tt.kept, removed)
			}
		})
	}
}

func TestC4PageRules(t *testing.T) {
	good := "The first sentence is here. The second one is here too.\nA third sentence makes the page long enough."
	tests := []struct {
		name, mode, text, reason string
	}{
		{"three sentences kept", "tfds", good, ""},
		{"two sentences dropped", "tfds", "The first sentence is here. The second one is here too.", ReasonC4TooFewSentences},
		{"lorem ipsum", "tfds", good + "\nLorem ipsum dolor sit amet, consectetur.", ReasonC4LoremIpsum},
		{"curly bracket", "tfds", good + "\nThe code reads { like this in the text.", ReasonC4CurlyBracket},
		// Order dependence: the page rules only see lines that survived the
		// earlier line rules (TFDS clean_page).
		{"curly bracket on a short line", "tfds", good + "\nfunction() {", ""},
		{"curly bracket on a line without end mark", "tfds", good + "\nvar x = { a: 1, b: 2 }", ""},
		{"curly bracket on a javascript line", "tfds", good + "\nThe javascript code { is here in the text.", ""},
		{"curly bracket on a policy line", "tfds", good + "\nOur privacy policy { is here in the text.", ReasonC4CurlyBracket},
		{"lorem ipsum on a short line", "tfds", good + "\nlorem ipsum.", ""},
		{"lorem ipsum before javascript", "tfds", good + "\nLorem ipsum javascript text goes here.", ReasonC4LoremIpsum},
		{"datatrove needs five sentences", "datatrove", good, ReasonC4TooFewSentences},
		{"datatrove five sentences", "datatrove", good + "\nOne more sentence. And another one here.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reason, _, _ := clean(t, C4Mode(tt.mode), tt.text, nil)
			if reason != tt.reason {
				t.Errorf("reason %q, want %q", reason, tt.reason)
			}
		})
	}
}

// splitLines is Python's str.splitlines().
func splitLines(s string) []string {
	var out []string
	forEachLine(s, func(l string) { out = append(out, l) })
	return out
}

// pyFields is Python's str.split().
func pyFields(s string) []string { return strings.FieldsFunc(s, pyIsSpace) }

func TestSplitLines(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a"}},
		{"a\r\nb\rc\vd\x1ce\u2028f\u0085g", []string{"a", "b", "c", "d", "e", "f", "g"}},
		{"a\n\nb", []string{"a", "", "b"}},
		{"\n", []string{""}},
	}
	for _, tt := range tests {
		if got := splitLines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPyStripAndFields(t *testing.T) {
	if got := pyStrip("\x1c\u00a0 a b \u3000\x1f"); got != "a b" {
		t.Errorf("pyStrip = %q", got)
	}
	if got := pyFields("a\x1fb\u2003c  d"); !reflect.DeepEqual(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("pyFields = %q", got)
	}
}

func TestLongParagraphs(t *testing.T) {
	l200, l199 := strings.Repeat("a", 200), strings.Repeat("é", 199)
	tests := []struct {
		text string
		long int
	}{
		{l200 + "\n" + l200 + "\n" + l200, 3},
		{l200 + "\n" + l199 + "\n" + l200 + "\nshort", 2},
		{l200 + l200, 1},
	}
	for _, tt := range tests {
		if long := longParagraphs(tt.text, 200); long != tt.long {
			t.Errorf("longParagraphs = %d, want %d", long, tt.long)
		}
	}
}
