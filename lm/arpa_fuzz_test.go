package lm

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// qryFuzzSentences are scored on every model a fuzz target manages to
// load: scoring must not panic or loop, whatever the file held.
var qryFuzzSentences = []string{"a b c", "<s> </s> <unk>", "x y z a a a a a a", ""}

func FuzzReadARPA(f *testing.F) {
	small, err := os.ReadFile(filepath.Join("testdata", "small.arpa"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(small)
	f.Add([]byte("\\data\\\nngram 1=3\nngram 2=1\n\n\\1-grams:\n-1\t<s>\t-0.5\n-0.5\t</s>\n-0.7\ta\n\n\\2-grams:\n-0.2\t<s> a\n\n\\end\\\n"))
	f.Add([]byte("\\data\\\nngram 1=2\nngram 2=0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadARPA(bytes.NewReader(data), "fuzz")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "lm: fuzz:") {
				t.Fatalf("error without file and line: %v", err)
			}
			return
		}
		for _, s := range qryFuzzSentences {
			m.ScoreSentence(s)
		}
		var buf bytes.Buffer
		if err := WriteBinary(&buf, m); err != nil {
			t.Fatal(err)
		}
		b, err := parseBinary(buf.Bytes(), "fuzz")
		if err != nil {
			t.Fatalf("own binary of a loaded ARPA: %v", err)
		}
		for _, s := range qryFuzzSentences {
			if got, want := b.ScoreSentence(s), m.ScoreSentence(s); got != want && !(got != got && want != want) {
				t.Fatalf("%q: binary %v, ARPA %v", s, got, want)
			}
		}
	})
}
