package lm

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeOwn converts the model at src to this package's binary format in a
// temporary file.
func writeOwn(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src)+".ccnetlm")
	if err := WriteBinaryFile(dst, src); err != nil {
		t.Fatal(err)
	}
	return dst
}

func openT(t testing.TB, p string) *Model {
	t.Helper()
	m, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

func TestBinaryRoundTrip(t *testing.T) {
	small := filepath.Join("testdata", "small.arpa")
	fromARPA := openT(t, writeOwn(t, small))
	if fromARPA.Format() != FormatBinary {
		t.Fatalf("format %v", fromARPA.Format())
	}
	checkSmall(t, fromARPA)
	// KenLM probing -> own binary: the tables are rebuilt.
	fromKenLM := openT(t, writeOwn(t, kenlmFile(t, small)))
	checkSmall(t, fromKenLM)
	if got := strings.Join(fromKenLM.Vocabulary(), " "); got != "<unk> <s> </s> a b c" {
		t.Errorf("vocabulary %q", got)
	}
	if got := fromKenLM.Counts(); len(got) != 3 || got[0] != 6 || got[1] != 4 || got[2] != 2 {
		t.Errorf("counts %v", got)
	}
}

func TestBinaryKenLMTestARPA(t *testing.T) {
	src := qrySharedPath(t, "lm-text/kenlm__test.arpa")
	checkKenLMSteps(t, openT(t, writeOwn(t, src)))
	checkKenLMSteps(t, openT(t, writeOwn(t, kenlmFile(t, src))))
}

func TestARPAGzip(t *testing.T) {
	arpa, err := os.ReadFile(filepath.Join("testdata", "small.arpa"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(arpa)
	zw.Close()
	p := filepath.Join(t.TempDir(), "small.arpa.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	checkSmall(t, openT(t, p))
}

// TestARPANoUnk: without <unk> in the file, KenLM gives unknown words
// log10 prob -100 and a +0.0 backoff (unknown_missing_logprob).
func TestARPANoUnk(t *testing.T) {
	arpa := "\\data\\\nngram 1=3\nngram 2=1\n\n\\1-grams:\n-1\t<s>\t-0.5\n-0.5\t</s>\n-0.7\ta\n\n\\2-grams:\n-0.2\t<s> a\n\n\\end\\\n"
	m, err := ReadARPA(strings.NewReader(arpa), "nounk")
	if err != nil {
		t.Fatal(err)
	}
	// x: -100 + bo(<s>) = -100.5; </s>: the state holds <unk> (backoff
	// +0.0 counts as an extension), "<unk> </s>" is missing: -0.5 + 0.
	ws, total := m.ScoreWords(nil, []string{"x"})
	if ws[0].Prob != qryF32(-100, -0.5) || ws[1].Prob != -0.5 || total != qryF32(-100.5, -0.5) {
		t.Errorf("scores %+v total %v", ws, total)
	}
}

func TestARPAErrors(t *testing.T) {
	const head = "\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1\t<unk>\n-1\t<s>\t-0.5\n-0.5\t</s>\n-0.7\ta\n\n\\2-grams:\n"
	for _, c := range []struct {
		name, text string
		line       int
		msg        string
	}{
		{"garbage", "hello\n", 1, "not \\data\\"},
		{"binary", binMagic + "\n", 1, "binary model"},
		{"count", "\\data\\\nngram 2=3\n", 2, "numbered"},
		{"order1", "\\data\\\nngram 1=3\n\n", 3, "at least bigrams"},
		{"header", "\\data\\\nngram 1=1\nngram 2=1\n\n\\2-grams:\n", 5, "expected \\1-grams:"},
		{"positive", head + "0.5\t<s> a\n\\end\\\n", 12, "positive"},
		{"unknown word", head + "-0.5\t<s> zz\n\\end\\\n", 12, "not among the unigrams"},
		{"too few", head + "\\end\\\n", 12, "0 2-grams"},
		{"too many", head + "-0.5\t<s> a\n-0.5\ta a\n\\end\\\n", 13, "more 2-grams"},
		{"backoff top", head + "-0.5\t<s> a\t-1\n\\end\\\n", 12, "highest order"},
		{"fields", head + "-0.5\t<s>\n\\end\\\n", 12, "word(s)"},
		{"number", head + "x\t<s> a\n\\end\\\n", 12, "bad number"},
		{"no end", head + "-0.5\t<s> a\n", 13, "end of file"},
		{"trailing", head + "-0.5\t<s> a\n\\end\\\nmore\n", 14, "after \\end\\"},
		{"dup word", "\\data\\\nngram 1=4\nngram 2=1\n\n\\1-grams:\n-1\t<s>\n-1\t</s>\n-1\ta\n-1\ta\n", 9, "twice"},
		{"no context", "\\data\\\nngram 1=3\nngram 2=2\nngram 3=1\n\n\\1-grams:\n-1\t<s>\n-1\t</s>\n-1\ta\n\n\\2-grams:\n-1\t<s> a\n-1\ta </s>\n\n\\3-grams:\n-1\ta a </s>\n", 16, "context"},
	} {
		_, err := ReadARPA(strings.NewReader(c.text), "t.arpa")
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v is not a ParseError", c.name, err)
			continue
		}
		if pe.Line != c.line || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "t.arpa:") {
			t.Errorf("%s: %v (line %d), want line %d with %q", c.name, err, pe.Line, c.line, c.msg)
		}
	}
}

func TestBinaryErrors(t *testing.T) {
	good, err := os.ReadFile(writeOwn(t, filepath.Join("testdata", "small.arpa")))
	if err != nil {
		t.Fatal(err)
	}
	version := bytes.Clone(good)
	binary.LittleEndian.PutUint32(version[8:], 2)
	order := bytes.Clone(good)
	binary.LittleEndian.PutUint32(order[12:], 9)
	buckets := bytes.Clone(good)
	binary.LittleEndian.PutUint64(buckets[binHeaderSize(3)-8:], 1<<40)
	for _, c := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"truncated", good[:len(good)-1], "truncated"},
		{"short", good[:20], "not a ccnet binary"},
		{"version", version, "version 2"},
		{"order", order, "order 9"},
		{"buckets", buckets, "past the end"},
	} {
		if _, err := parseBinary(c.data, "m.bin"); err == nil || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), "m.bin") {
			t.Errorf("%s: %v, want an error with %q", c.name, err, c.msg)
		}
	}
	kgood, err := os.ReadFile(kenlmFile(t, filepath.Join("testdata", "small.arpa")))
	if err != nil {
		t.Fatal(err)
	}
	trie := bytes.Clone(kgood)
	trie[kenlmSanitySize+8] = 2
	kversion := bytes.Clone(kgood)
	kversion[len("mmap lm http://kheafield.com/code format version ")] = '4'
	for _, c := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"truncated", kgood[:len(kgood)-30], "past the end"},
		{"trie", trie, "model type 2"},
		{"version", kversion, "another format version"},
		{"incomplete", []byte(kenlmMagicIncomplete), "did not finish"},
	} {
		if _, err := parseKenLM(c.data, "k.bin"); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("kenlm %s: %v, want an error with %q", c.name, err, c.msg)
		}
	}
}

func ExampleModel_Score() {
	m, err := Open("testdata/small.arpa")
	if err != nil {
		panic(err)
	}
	defer m.Close()
	words, total := m.ScoreWords(nil, strings.Fields("a b c"))
	var out []string
	for _, w := range words {
		out = append(out, fmt.Sprintf("%s=%d %d %v", w.Word, w.ID, w.NgramLength, w.Prob))
	}
	fmt.Println(strings.Join(out, "\t"))
	fmt.Println("Total:", total, m.Score(strings.Fields("a b c")))
	ppl, _ := m.DocPerplexity("a b c")
	fmt.Println("perplexity:", ppl)
	// Output:
	// a=3 2 -0.3	b=4 3 -0.1	c=5 3 -0.15	</s>=2 1 -0.5
	// Total: -1.05 -1.05
	// perplexity: 1.8
}
