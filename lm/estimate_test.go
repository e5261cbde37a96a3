package lm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// estArpaEntry is one parsed ARPA line.
type estArpaEntry struct {
	prob, backoff float64
	hasBackoff    bool
}

// estParseARPA parses ARPA text strictly enough to check the writer: the
// header counts must match the sections, and it returns the n-grams in
// file order per order.
func estParseARPA(t *testing.T, text string) (order [][]string, entries map[string]estArpaEntry) {
	t.Helper()
	lines := strings.Split(text, "\n")
	if lines[0] != `\data\` {
		t.Fatalf("first line %q", lines[0])
	}
	var counts []int
	i := 1
	for ; lines[i] != ""; i++ {
		var k, n int
		if _, err := fmt.Sscanf(lines[i], "ngram %d=%d", &k, &n); err != nil || k != len(counts)+1 {
			t.Fatalf("header line %q", lines[i])
		}
		counts = append(counts, n)
	}
	entries = map[string]estArpaEntry{}
	for k := 1; k <= len(counts); k++ {
		i++
		if lines[i] != fmt.Sprintf(`\%d-grams:`, k) {
			t.Fatalf("line %d: %q, want section %d", i+1, lines[i], k)
		}
		var grams []string
		for i++; lines[i] != ""; i++ {
			f := strings.Split(lines[i], "\t")
			want := 3
			if k == len(counts) {
				want = 2
			}
			if len(f) != want || len(strings.Split(f[1], " ")) != k {
				t.Fatalf("line %d: %q", i+1, lines[i])
			}
			var e estArpaEntry
			e.prob, _ = strconv.ParseFloat(f[0], 64)
			if want == 3 {
				e.hasBackoff = true
				e.backoff, _ = strconv.ParseFloat(f[2], 64)
			}
			entries[f[1]] = e
			grams = append(grams, f[1])
		}
		if len(grams) != counts[k-1] {
			t.Fatalf("order %d: header says %d n-grams, section has %d", k, counts[k-1], len(grams))
		}
		order = append(order, grams)
	}
	if lines[i+1] != `\end\` || lines[i+2] != "" || len(lines) != i+3 {
		t.Fatalf("bad ending %q", lines[i:])
	}
	return order, entries
}

// estRefModel is a straightforward float64 interpolated modified Kneser-Ney
// model built from the textbook definitions with maps of strings,
// independent of the sort-based implementation.
type estRefModel struct {
	prob, backoff map[string]float64
	discounts     [][4]float64
	ids           map[string]int
}

func estRefKN(t *testing.T, text string, n int, fallback []float64) estRefModel {
	t.Helper()
	ids := map[string]int{"<unk>": 0, "<s>": 1, "</s>": 2}
	raw := make([]map[string]int, n+1)
	for k := range raw {
		raw[k] = map[string]int{}
	}
	for _, line := range strings.SplitAfter(text, "\n") {
		if !strings.HasSuffix(line, "\n") {
			if strings.TrimSpace(line) != "" {
				t.Fatal("reference wants text ending in a newline")
			}
			continue
		}
		words := []string{"<s>"}
		words = append(words, strings.FieldsFunc(line, func(r rune) bool { return r < 256 && estDelims[r] })...)
		words = append(words, "</s>")
		for _, w := range words {
			if _, ok := ids[w]; !ok {
				ids[w] = len(ids)
			}
		}
		for k := 1; k <= n; k++ {
			for i := 0; i+k <= len(words); i++ {
				raw[k][strings.Join(words[i:i+k], " ")]++
			}
		}
	}
	delete(raw[1], "<s>")
	// Adjusted counts: the highest order and n-grams starting with <s>
	// keep raw counts, the others count distinct left extensions.
	adj := make([]map[string]int, n+1)
	for k := n; k >= 1; k-- {
		adj[k] = map[string]int{}
		for g, c := range raw[k] {
			if k == n || strings.HasPrefix(g, "<s> ") {
				adj[k][g] = c
			}
		}
		if k < n {
			for g := range raw[k+1] {
				if _, suffix, ok := strings.Cut(g, " "); ok && !strings.HasPrefix(suffix, "<s>") {
					adj[k][suffix]++
				}
			}
		}
	}
	adj[1]["<unk>"], adj[1]["<s>"] = 0, 0
	m := estRefModel{prob: map[string]float64{}, backoff: map[string]float64{}, ids: ids}
	m.discounts = make([][4]float64, n+1)
	for k := 1; k <= n; k++ {
		var nn [5]float64
		for _, c := range adj[k] {
			if c >= 1 && c <= 4 {
				nn[c]++
			}
		}
		y := nn[1] / (nn[1] + 2*nn[2])
		d := [4]float64{0, 1 - 2*y*nn[2]/nn[1], 2 - 3*y*nn[3]/nn[2], 3 - 4*y*nn[4]/nn[3]}
		ok := nn[1] > 0 && nn[2] > 0 && nn[3] > 0
		for j := 1; j <= 3; j++ {
			ok = ok && d[j] >= 0 && d[j] <= float64(j)
		}
		if !ok {
			if fallback == nil {
				t.Fatalf("order %d: discounts fail and no fallback", k)
			}
			for j := 1; j <= 3; j++ {
				d[j] = fallback[min(j, len(fallback))-1]
			}
		}
		m.discounts[k] = d
	}
	disc := func(k, c int) float64 { return m.discounts[k][min(c, 3)] }
	// Context sums and backoffs.
	denom := map[string]float64{}
	gamma := map[string]float64{}
	for k := 1; k <= n; k++ {
		for g, c := range adj[k] {
			ctx := ""
			if i := strings.LastIndexByte(g, ' '); i >= 0 {
				ctx = g[:i]
			}
			denom[ctx] += float64(c)
			if c > 0 {
				gamma[ctx] += disc(k, c)
			}
		}
	}
	for ctx := range gamma {
		gamma[ctx] /= denom[ctx]
	}
	vocab := float64(len(adj[1]) - 1)
	for k := 1; k <= n; k++ {
		keys := make([]string, 0, len(adj[k]))
		for g := range adj[k] {
			keys = append(keys, g)
		}
		for _, g := range keys {
			c := adj[k][g]
			ctx, lower := "", 1/vocab
			if i := strings.LastIndexByte(g, ' '); i >= 0 {
				ctx = g[:i]
				lower = m.prob[g[strings.IndexByte(g, ' ')+1:]]
			}
			p := 0.0
			if c > 0 {
				p = (float64(c) - disc(k, c)) / denom[ctx]
			}
			p += gamma[ctx] * lower
			if g == "<s>" {
				p = 1
			}
			m.prob[g] = p
			if k < n {
				m.backoff[g] = 1
				if gm, ok := gamma[g]; ok {
					m.backoff[g] = gm
				}
			}
		}
	}
	return m
}

// estSuffixKey orders n-grams as lmplz writes them: by word ids, last word
// first.
func estSuffixKey(ids map[string]int, g string) []int {
	w := strings.Split(g, " ")
	key := make([]int, len(w))
	for i := range w {
		key[i] = ids[w[len(w)-1-i]]
	}
	return key
}

func estModelText(t *testing.T, text string, opt EstimateOptions) (string, EstimateStats) {
	t.Helper()
	var out bytes.Buffer
	st, err := Estimate(context.Background(), strings.NewReader(text), &out, opt)
	if err != nil {
		t.Fatalf("Estimate: %v", err)
	}
	return out.String(), st
}

// estCheckAgainstRef compares an ARPA model with the float64 reference: the
// same n-grams in lmplz's order, and log10 values within float32 rounding.
func estCheckAgainstRef(t *testing.T, arpa string, ref estRefModel, n int) {
	t.Helper()
	order, entries := estParseARPA(t, arpa)
	if len(order) != n {
		t.Fatalf("%d orders, want %d", len(order), n)
	}
	var want [][]string
	for k := 1; k <= n; k++ {
		var grams []string
		for g := range ref.prob {
			if strings.Count(g, " ") == k-1 {
				grams = append(grams, g)
			}
		}
		slices.SortFunc(grams, func(a, b string) int {
			return slices.Compare(estSuffixKey(ref.ids, a), estSuffixKey(ref.ids, b))
		})
		want = append(want, grams)
	}
	for k := range want {
		if !slices.Equal(order[k], want[k]) {
			t.Fatalf("order %d n-grams\n got %q\nwant %q", k+1, order[k], want[k])
		}
	}
	const tol = 2e-6 // a few float32 ulps of log10 values near 1
	for g, e := range entries {
		wantProb := math.Min(0, math.Log10(ref.prob[g]))
		if math.Abs(e.prob-wantProb) > tol*math.Max(1, math.Abs(wantProb)) {
			t.Errorf("%q: log10 p = %v, reference %v", g, e.prob, wantProb)
		}
		if e.hasBackoff {
			wantBo := math.Log10(ref.backoff[g])
			if math.Abs(e.backoff-wantBo) > tol*math.Max(1, math.Abs(wantBo)) {
				t.Errorf("%q: log10 backoff = %v, reference %v", g, e.backoff, wantBo)
			}
		}
	}
}

// estZipfText makes deterministic text with Zipf-distributed words from a
// small Markov chain, so that n-grams repeat and every order has singletons,
// doubletons and tripletons.
func estZipfText(lines int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	z := rand.NewZipf(r, 1.1, 3, 3000)
	var b strings.Builder
	for range lines {
		n := 1 + r.IntN(14)
		prev := uint64(0)
		for i := range n {
			w := z.Uint64()
			if r.IntN(3) == 0 {
				w = (prev*7 + 3) % 3000
			}
			prev = w
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "w%d", w)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestEstimateMatchesReference(t *testing.T) {
	tiny := "a b\n\nb a c\na c a b\nc c\n"
	zipf := estZipfText(2000, 1)
	cases := []struct {
		name     string
		text     string
		fallback []float64
		orders   []int
	}{
		{"tiny-fallback", tiny, []float64{}, []int{2, 3, 4, 5}},
		{"tiny-fallback-custom", tiny, []float64{0.25, 0.75}, []int{2, 3, 4, 5}},
		{"zipf", zipf, nil, []int{2, 3, 4, 5}},
		{"zipf-fallback-unused", zipf, []float64{}, []int{3}},
	}
	for _, tc := range cases {
		for _, n := range tc.orders {
			t.Run(fmt.Sprintf("%s/order%d", tc.name, n), func(t *testing.T) {
				arpa, st := estModelText(t, tc.text, EstimateOptions{Order: n, DiscountFallback: tc.fallback})
				fb := tc.fallback
				if fb != nil && len(fb) == 0 {
					fb = DefaultDiscountFallback
				}
				ref := estRefKN(t, tc.text, n, fb)
				estCheckAgainstRef(t, arpa, ref, n)
				for k, d := range st.Discounts {
					if tc.name == "zipf-fallback-unused" && d.Fallback {
						t.Errorf("order %d used the fallback", k+1)
					}
					for j := 1; j <= 3; j++ {
						if math.Abs(float64(d.D[j])-ref.discounts[k+1][j]) > 1e-6 {
							t.Errorf("order %d D%d = %v, reference %v", k+1, j, d.D[j], ref.discounts[k+1][j])
						}
					}
				}
			})
		}
	}
}

func TestEstimateGolden(t *testing.T) {
	for _, tc := range []struct {
		text, golden string
		opt          EstimateOptions
	}{
		{"tiny.txt", "tiny.2.arpa", EstimateOptions{Order: 2, DiscountFallback: []float64{}}},
		{"edge.txt", "edge.3.arpa", EstimateOptions{Order: 3, DiscountFallback: []float64{}, SkipSymbols: true}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata", "estimate", tc.text))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", "estimate", tc.golden))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := estModelText(t, string(text), tc.opt)
			if estLog10IsLibm && got != string(want) {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
			if !estLog10IsLibm { // log10f emulated: the same n-grams, numbers within a float32 ulp
				gotOrder, gotE := estParseARPA(t, got)
				wantOrder, wantE := estParseARPA(t, string(want))
				if !slices.EqualFunc(gotOrder, wantOrder, slices.Equal) {
					t.Errorf("n-grams differ from %s", tc.golden)
				}
				for g, w := range wantE {
					if math.Abs(gotE[g].prob-w.prob) > 1e-6 || math.Abs(gotE[g].backoff-w.backoff) > 1e-6 {
						t.Errorf("%q: %+v, want %+v", g, gotE[g], w)
					}
				}
			}
			plain := strings.NewReplacer("<s>", " ", "</s>", " ", "<unk>", " ").Replace(string(text))
			estCheckAgainstRef(t, got, estRefKN(t, plain, tc.opt.Order, DefaultDiscountFallback), tc.opt.Order)
		})
	}
}

// TestEstimateTinyByHand checks testdata/estimate/tiny.2.arpa against the
// numbers derived by hand in testdata/estimate/README.md.
func TestEstimateTinyByHand(t *testing.T) {
	arpa, st := estModelText(t, "a b\nb\n", EstimateOptions{Order: 2, DiscountFallback: []float64{}})
	_, e := estParseARPA(t, arpa)
	want := map[string][2]float64{ // probability, backoff (NaN: none)
		"<unk>":  {0.125, 1},
		"<s>":    {1, 0.5},
		"</s>":   {0.25, 1},
		"a":      {0.25, 0.5},
		"b":      {0.375, 0.5},
		"b </s>": {0.625, math.NaN()},
		"<s> a":  {0.375, math.NaN()},
		"<s> b":  {0.4375, math.NaN()},
		"a b":    {0.6875, math.NaN()},
	}
	for g, w := range want {
		got, ok := e[g]
		if !ok {
			t.Fatalf("%q missing", g)
		}
		if math.Abs(got.prob-math.Log10(w[0])) > 1e-7 || got.hasBackoff == math.IsNaN(w[1]) ||
			(got.hasBackoff && math.Abs(got.backoff-math.Log10(w[1])) > 1e-7) {
			t.Errorf("%q = %+v, want p=%v backoff=%v", g, got, w[0], w[1])
		}
	}
	if st.Tokens != 3 || st.Types != 5 || !slices.Equal(st.NGrams, []uint64{5, 4}) {
		t.Errorf("stats %+v", st)
	}
}

func TestEstimateInputLikeLmplz(t *testing.T) {
	opt := EstimateOptions{Order: 2, DiscountFallback: []float64{}}
	cases := []struct {
		name, a, b string // a and b must give the same model
	}{
		{"crlf-and-tabs", "x y\r\n\tz  x\n", "x y\nz x\n"},
		{"nul-splits", "x\x00y\n", "x y\n"},
		{"blank-line-is-empty-sentence", "x y\n \t\r\n", "x y\n\n"},
		{"skip-symbols", "x <s> y </s>\n<unk>\n", "x y\n\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := opt
			o.SkipSymbols = true
			a, _ := estModelText(t, tc.a, o)
			b, _ := estModelText(t, tc.b, o)
			if a != b {
				t.Errorf("%q gives\n%s\n%q gives\n%s", tc.a, a, tc.b, b)
			}
		})
	}
	// Vertical tab and form feed are part of a token.
	arpa, _ := estModelText(t, "x\vy\fz\n", opt)
	if !strings.Contains(arpa, "\tx\vy\fz\t") {
		t.Errorf("vertical tab or form feed split a token:\n%q", arpa)
	}
	// A last line without a newline has its words but no </s>.
	arpa, _ = estModelText(t, "x y\nz w", opt)
	_, e := estParseARPA(t, arpa)
	if _, ok := e["w </s>"]; ok {
		t.Error("unterminated last line got </s>")
	}
	if _, ok := e["z w"]; !ok {
		t.Error("unterminated last line lost its words")
	}
	if e["w"].backoff != 0 {
		t.Errorf("w has no extension, backoff %v, want 0", e["w"].backoff)
	}
	// Empty input: <unk> and <s> only; <unk>'s 0/0 probability prints 0
	// as lmplz's std::min(0.0f, NaN) does.
	arpa, _ = estModelText(t, "", EstimateOptions{Order: 3, DiscountFallback: []float64{}})
	if !strings.Contains(arpa, "ngram 1=2\nngram 2=0\nngram 3=0\n") || !strings.Contains(arpa, "\n0\t<unk>\t0\n0\t<s>\t0\n") {
		t.Errorf("empty input:\n%s", arpa)
	}
	// Special words are an error without SkipSymbols.
	_, err := Estimate(context.Background(), strings.NewReader("x\ny </s>\n"), &bytes.Buffer{}, opt)
	if !errors.Is(err, ErrSpecialWord) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("err = %v, want ErrSpecialWord at line 2", err)
	}
}

func TestEstimateErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  EstimateOptions
		want error
	}{
		{"no-fallback", EstimateOptions{Order: 3}, ErrBadDiscount},
		{"bad-order", EstimateOptions{Order: -1}, nil},
		{"bad-fallback", EstimateOptions{Order: 2, DiscountFallback: []float64{0.5, 2.5}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Estimate(context.Background(), strings.NewReader("a b\n"), &bytes.Buffer{}, tc.opt)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Estimate(ctx, strings.NewReader(estZipfText(5000, 3)), &bytes.Buffer{}, EstimateOptions{Order: 3}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestEstimateSpillIsIdentical(t *testing.T) {
	text := estZipfText(4000, 2)
	for _, n := range []int{1, 3, 5} {
		mem, _ := estModelText(t, text, EstimateOptions{Order: n, DiscountFallback: []float64{}})
		dir := t.TempDir()
		spilled, st := estModelText(t, text, EstimateOptions{Order: n, DiscountFallback: []float64{}, MemoryBytes: 20000, TempDir: dir})
		if st.Runs < 10 {
			t.Errorf("order %d: %d runs, want many", n, st.Runs)
		}
		if mem != spilled {
			t.Errorf("order %d: spilled model differs", n)
		}
		left, _ := os.ReadDir(dir)
		if len(left) != 0 {
			t.Errorf("order %d: runs left in TempDir: %d", n, len(left))
		}
	}
}

func TestEstimateUninterpolatedUnigrams(t *testing.T) {
	text := estZipfText(500, 4)
	arpa, _ := estModelText(t, text, EstimateOptions{Order: 2, DiscountFallback: []float64{}, UninterpolatedUnigrams: true})
	_, e := estParseARPA(t, arpa)
	ref := estRefKN(t, text, 2, DefaultDiscountFallback)
	// <unk> gets the whole unigram backoff mass, the others no uniform share.
	unk := ref.prob["<unk>"] * float64(len(ref.ids)-1)
	if math.Abs(e["<unk>"].prob-math.Log10(unk)) > 1e-6 {
		t.Errorf("<unk> = %v, want %v", e["<unk>"].prob, math.Log10(unk))
	}
	w1 := ref.prob["w1"] - ref.prob["<unk>"]
	if math.Abs(e["w1"].prob-math.Log10(w1)) > 1e-6 {
		t.Errorf("w1 = %v, want %v", e["w1"].prob, math.Log10(w1))
	}
}

func TestEstimateFileGzip(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "text.txt")
	if err := os.WriteFile(in, []byte(estZipfText(200, 5)), 0o644); err != nil {
		t.Fatal(err)
	}
	opt := EstimateOptions{Order: 3, DiscountFallback: []float64{}}
	plain := filepath.Join(dir, "m.arpa")
	if _, err := EstimateFile(context.Background(), in, plain, opt); err != nil {
		t.Fatal(err)
	}
	gz1, gz2 := filepath.Join(dir, "a.arpa.gz"), filepath.Join(dir, "b.arpa.gz")
	for _, p := range []string{gz1, gz2} {
		if _, err := EstimateFile(context.Background(), in, p, opt); err != nil {
			t.Fatal(err)
		}
	}
	a, _ := os.ReadFile(gz1)
	b, _ := os.ReadFile(gz2)
	p, _ := os.ReadFile(plain)
	if !bytes.Equal(a, b) || len(a) == 0 || a[0] != 0x1f || a[1] != 0x8b || len(a) >= len(p) {
		t.Errorf("gzip output not deterministic or not gzip (%d vs %d bytes)", len(a), len(p))
	}
	if _, err := EstimateFile(context.Background(), filepath.Join(dir, "missing.txt"), plain, opt); err == nil {
		t.Error("missing input: no error")
	}
}

func ExampleEstimate() {
	text := "a b\nb\n"
	opt := EstimateOptions{Order: 2, DiscountFallback: []float64{}} // lmplz -o 2 --discount_fallback
	st, err := Estimate(context.Background(), strings.NewReader(text), os.Stdout, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("tokens", st.Tokens, "n-grams", st.NGrams)
	// Output:
	// \data\
	// ngram 1=5
	// ngram 2=4
	//
	// \1-grams:
	// -0.90309	<unk>	0
	// 0	<s>	-0.30103
	// -0.60206	</s>	0
	// -0.60206	a	-0.30103
	// -0.42596874	b	-0.30103
	//
	// \2-grams:
	// -0.20412	b </s>
	// -0.42596874	<s> a
	// -0.35902193	<s> b
	// -0.1627273	a b
	//
	// \end\
	// tokens 3 n-grams [5 4]
}
