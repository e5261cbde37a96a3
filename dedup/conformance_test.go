package dedup

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// pythonNormalizer re-implements cc_net's text_normalizer.normalize_for_dedup
// (cc_net 1.0.0) as cc_net does it, with Python's own str.strip, str.lower
// and re. It reads hex-encoded UTF-8 lines and writes, per line, the hex of
// the normalized text and "n" when the input holds a code point that is
// unassigned (Cn) in Python's Unicode database.
const pythonNormalizer = `
import re, sys, unicodedata
UNICODE_PUNCT_KEYS = "，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►"
NON_PRINTING = "".join(map(chr, list(range(0, 32)) + list(range(127, 160))))
DIGIT_RE = re.compile(r"\d")
PUNCT_OR_NON_PRINTING_CHARS_RE = re.compile("[" + UNICODE_PUNCT_KEYS + NON_PRINTING + "]")
assert len(UNICODE_PUNCT_KEYS) == 34

def normalize_for_dedup(line):
    line = line.strip()
    if not line:
        return line
    line = line.lower()
    line = DIGIT_RE.sub("0", line)
    line = PUNCT_OR_NON_PRINTING_CHARS_RE.sub("", line)
    return line

sys.stderr.write("python %s, unicode %s\n" % (sys.version.split()[0], unicodedata.unidata_version))
out = sys.stdout
for raw in sys.stdin:
    s = bytes.fromhex(raw.strip()).decode("utf-8")
    new = any(unicodedata.category(c) == "Cn" for c in s)
    out.write(normalize_for_dedup(s).encode("utf-8").hex() + ("\tn\n" if new else "\t\n"))
`

// conformanceCase is one input and the code point it is about (-1 for the
// random strings).
type conformanceCase struct {
	in string
	cp rune
}

func conformanceCases() []conformanceCase {
	var cases []conformanceCase
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		c := string(r)
		cases = append(cases,
			conformanceCase{c, r},             // strip, lower, \d, removal
			conformanceCase{"x" + c + "x", r}, // the same inside a line
			conformanceCase{c + "Σ", r},       // Cased (and not Case_Ignorable) before Σ
			conformanceCase{"Α" + c + "Σ", r}, // Case_Ignorable or Cased before Σ
			conformanceCase{"ΑΣ" + c, r},      // after Σ, at the end
			conformanceCase{"ΑΣ" + c + "Α", r},
		)
	}
	rng := rand.New(rand.NewPCG(42, 42))
	alphabets := [][]rune{
		[]rune("abcXYZ Σσς ΑΒΓΔΟΣ ἈΣ ΆΣ İIıi ß ẞ ǅǈǋǲ 09٠٩०९０９１²³¼ \t\n\r\x00\x1c\x1f\x7f\u0080\u0085\u009f\u00a0\u00ad\u200b\u2028\u3000 '.:’‘·ʼˆ`^´∶：，。、„”“«»「」–—．～…━〈〉【】％►"),
		[]rune("Ⴀ ᏸ Ꭰ ꭰ 𐐀 𐐨 ᲐᲑ ǈ ῼ ᾈ Ω K Å ⅰ Ⅻ ⓐ Ⓐ 𝐀 ﬀ ŉ ǰ ΐ ﬁ Ꙋ ꙋ Ɫ ɫ Ɐ"),
	}
	for range 300000 {
		n := rng.IntN(24)
		var b strings.Builder
		for range n {
			switch k := rng.IntN(10); {
			case k < 5:
				a := alphabets[rng.IntN(len(alphabets))]
				b.WriteRune(a[rng.IntN(len(a))])
			case k < 8:
				b.WriteRune(rune(rng.IntN(0x3000)))
			default:
				r := rune(rng.IntN(unicode.MaxRune + 1))
				if r >= 0xd800 && r <= 0xdfff {
					r = 'z'
				}
				b.WriteRune(r)
			}
		}
		cases = append(cases, conformanceCase{b.String(), -1})
	}
	return cases
}

// TestPythonConformance compares Normalize with cc_net's normalize_for_dedup
// run by python3 over every code point (alone, inside a line, and around a
// capital sigma) and 300,000 random strings. It runs only with
// CCNET_PYTHON_CONFORMANCE=1 and python3 on the PATH. A difference is
// explained when the input holds a code point that Python's Unicode
// database does not assign (Go's is newer); any other difference fails.
func TestPythonConformance(t *testing.T) {
	if os.Getenv("CCNET_PYTHON_CONFORMANCE") != "1" {
		t.Skip("set CCNET_PYTHON_CONFORMANCE=1 (needs python3) to compare with cc_net's normalize_for_dedup")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	cases := conformanceCases()
	cmd := exec.Command(py, "-c", pythonNormalizer)
	cmd.Stderr = &testLogWriter{t}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		w := bufio.NewWriterSize(stdin, 1<<20)
		buf := make([]byte, 0, 256)
		for _, c := range cases {
			buf = hex.AppendEncode(buf[:0], []byte(c.in))
			buf = append(buf, '\n')
			w.Write(buf)
		}
		w.Flush()
		stdin.Close()
	}()

	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var (
		explained, unexplained int
		cps                    = map[rune]bool{} // code points with a difference
		randomDiffs            int
		examples               []string
		gotBuf                 []byte
	)
	i := 0
	for sc.Scan() {
		if i >= len(cases) {
			t.Fatal("python wrote more lines than it read")
		}
		c := cases[i]
		i++
		line := sc.Text()
		tab := strings.IndexByte(line, '\t')
		want, err := hex.DecodeString(line[:tab])
		if err != nil {
			t.Fatal(err)
		}
		gotBuf = AppendNormalized(gotBuf[:0], c.in)
		if string(gotBuf) == string(want) {
			continue
		}
		newInGo := line[tab+1:] == "n"
		if c.cp >= 0 {
			cps[c.cp] = true
		} else {
			randomDiffs++
		}
		if newInGo {
			explained++
		} else {
			unexplained++
			if len(examples) < 40 {
				examples = append(examples, fmt.Sprintf("%+q: go %+q, python %+q", c.in, gotBuf, want))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatal(err)
	}
	if i != len(cases) {
		t.Fatalf("python answered %d of %d inputs", i, len(cases))
	}
	list := make([]rune, 0, len(cps))
	for r := range cps {
		list = append(list, r)
	}
	slices.Sort(list)
	t.Logf("%d inputs, Go unicode %s: %d differ (%d explained by code points unassigned in Python's Unicode, %d not); %d code points involved, %d random strings",
		len(cases), unicode.Version, explained+unexplained, explained, unexplained, len(list), randomDiffs)
	t.Logf("code points: %s", runeRanges(list))
	for _, e := range examples {
		t.Errorf("unexplained difference: %s", e)
	}
}

// runeRanges formats sorted code points as ranges, with the reason each
// differs in Go: Nd (a digit), Cased/Case_Ignorable (sigma context) or
// lower-case mapping.
func runeRanges(rs []rune) string {
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j+1 < len(rs) && rs[j+1] == rs[j]+1 && why(rs[j+1]) == why(rs[i]) {
			j++
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		if i == j {
			fmt.Fprintf(&b, "%U %s", rs[i], why(rs[i]))
		} else {
			fmt.Fprintf(&b, "%U..%U %s", rs[i], rs[j], why(rs[i]))
		}
		i = j + 1
	}
	return b.String()
}

func why(r rune) string {
	switch {
	case unicode.IsDigit(r):
		return "(Nd)"
	case unicode.ToLower(r) != r:
		return "(lower)"
	case isCased(r) && isCaseIgnorable(r):
		return "(Cased+Case_Ignorable)"
	case isCased(r):
		return "(Cased)"
	case isCaseIgnorable(r):
		return "(Case_Ignorable)"
	}
	return "(?)"
}

type testLogWriter struct{ t *testing.T }

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
