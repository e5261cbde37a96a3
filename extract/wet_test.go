package extract

import (
	"reflect"
	"strings"
	"testing"
)

func TestWETcc_netSemantics(t *testing.T) {
	cases := []struct {
		name  string
		block string
		title string
		lines []string
	}{
		// Common Crawl's own framing: the block ends with "\n".
		{"cc", "Title\nline 1\n\nline 2\n", "Title", []string{"line 1", "", "line 2"}},
		// No final newline: cc_net keeps a trailing empty line.
		{"no-final-newline", "Title\nline 1", "Title", []string{"line 1", ""}},
		// Two final newlines: one empty line survives.
		{"blank-last", "Title\nline 1\n\n", "Title", []string{"line 1", ""}},
		{"universal-newlines", "T\r\na\rb\r\nc\n", "T", []string{"a", "b", "c"}},
		{"strip", " \tT \x1c\n\u00a0 x y \u3000\n", "T", []string{"x y"}},
		{"title-only", "Just a title\n", "Just a title", []string{}},
		{"empty", "", "", nil},
	}
	for _, c := range cases {
		got := WET([]byte(c.block), 0)
		if got.Title != c.title || !reflect.DeepEqual(got.Lines, c.lines) {
			t.Errorf("%s: got title %q lines %q, want %q %q", c.name, got.Title, got.Lines, c.title, c.lines)
		}
	}
}

// The English record of cc_net's tests/data/sample.warc.txt is framed with a
// single "\n" after a block that ends in "\n": cc_net's parser therefore
// sees one empty line after the body and keeps it (test_parse_wet_file.py
// expects raw_content to end with "\n"). Given the same lines as a block
// without the final newline, WET gives the same raw content.
func TestWETcc_netSampleRecord(t *testing.T) {
	block := "Famous Mark Twain Quotes\n" +
		"Don't part with your illusions. When they are gone you may still exist, but you have ceased to live.\n" +
		"Education: that which reveals to the wise, and conceals from the stupid, the vast limits of their knowledge.\n" +
		"\n" +
		"Facts are stubborn things, but statistics are more pliable.\n" +
		"Fiction is obliged to stick to possibilities. Truth isn't."
	want := "Don't part with your illusions. When they are gone you may still exist, but you have ceased to live.\n" +
		"Education: that which reveals to the wise, and conceals from the stupid, the vast limits of their knowledge.\n" +
		"\n" +
		"Facts are stubborn things, but statistics are more pliable.\n" +
		"Fiction is obliged to stick to possibilities. Truth isn't.\n"
	got := WET([]byte(block), 0)
	if got.Title != "Famous Mark Twain Quotes" {
		t.Errorf("title %q", got.Title)
	}
	if raw := strings.Join(got.Lines, "\n"); raw != want {
		t.Errorf("raw_content %q", raw)
	}
}

func TestWETLimitsAndUTF8(t *testing.T) {
	got := WET([]byte("T\nshort\n"+string(make([]byte, 100))+"x\nbad \xff byte\n"), 50)
	if got.LinesDropped != 1 || !got.InvalidUTF8 {
		t.Fatalf("dropped %d invalid %v", got.LinesDropped, got.InvalidUTF8)
	}
	if want := []string{"short", "bad \ufffd byte"}; !reflect.DeepEqual(got.Lines, want) {
		t.Errorf("lines %q", got.Lines)
	}
}

func BenchmarkWET(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("A page title\n")
	for i := 0; i < 60; i++ {
		sb.WriteString("  A line of ordinary web text, with words, numbers 2019 and «quotes».\r\n\n")
	}
	block := []byte(sb.String())
	b.SetBytes(int64(len(block)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		WET(block, 1<<20)
	}
}
