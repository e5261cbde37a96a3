package lm

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// TestEstCounterSortsAndMerges counts random n-grams (word ids past 65535
// too, so both radix digits are used) with and without spilling and checks
// the records against a map.
func TestEstCounterSortsAndMerges(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const order = 3
	want := map[[order]uint32]uint32{}
	var grams [][order]uint32
	for range 5000 {
		var g [order]uint32
		for i := range g {
			g[i] = uint32(r.IntN(4))
			if r.IntN(5) == 0 {
				g[i] = 70000 + uint32(r.IntN(3))
			}
		}
		grams = append(grams, g)
		want[g]++
	}
	for _, memory := range []int64{1 << 20, 2000} {
		c := newEstCounter(order, memory, t.TempDir())
		for _, g := range grams {
			if err := c.add(g[:]); err != nil {
				t.Fatal(err)
			}
		}
		src, err := c.sorted()
		if err != nil {
			t.Fatal(err)
		}
		if (memory == 2000) != (len(c.runs) > 1) {
			t.Errorf("memory %d: %d runs", memory, len(c.runs))
		}
		var prev []uint32
		got := 0
		for {
			rec, err := src.next()
			if err != nil {
				t.Fatal(err)
			}
			if rec == nil {
				break
			}
			g := [order]uint32(rec[:order])
			if rec[order] != want[g] {
				t.Errorf("memory %d: %v counted %d, want %d", memory, g, rec[order], want[g])
			}
			if prev != nil && !estSuffixLess(prev, rec[:order]) {
				t.Fatalf("memory %d: %v then %v: not in suffix order", memory, prev, rec[:order])
			}
			prev = slices.Clone(rec[:order])
			got++
		}
		if got != len(want) {
			t.Errorf("memory %d: %d distinct n-grams, want %d", memory, got, len(want))
		}
		if m, ok := src.(*estMerger); ok {
			m.close()
		}
		c.removeRuns()
	}
}

func TestEstCountTextVocabularyOrder(t *testing.T) {
	c := newEstCounter(2, 1<<20, "")
	vocab, tokens, err := estCountText(context.Background(), strings.NewReader("b a\n\na c b\n"), c, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(vocab.words, []string{"<unk>", "<s>", "</s>", "b", "a", "c"}) || tokens != 5 {
		t.Errorf("vocab %q tokens %d", vocab.words, tokens)
	}
}

func FuzzEstimate(f *testing.F) {
	for _, s := range []string{"a b\nb\n", "x\r\ny\x00z\n\n", "<s> a </s>\n", "a\vb c", ""} {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, order uint8) {
		opt := EstimateOptions{Order: 1 + int(order%5), DiscountFallback: []float64{}, SkipSymbols: true, MemoryBytes: 4096}
		var out bytes.Buffer
		if _, err := Estimate(context.Background(), strings.NewReader(text), &out, opt); err != nil {
			t.Fatalf("Estimate: %v", err)
		}
		if !strings.HasPrefix(out.String(), "\\data\\\n") || !strings.HasSuffix(out.String(), "\\end\\\n") {
			t.Fatalf("not an ARPA file:\n%s", out.String())
		}
	})
}

// estBenchText is about 10 MB of real text when the shared data is present
// (wikitext-2 validation repeated), else synthetic Zipf text.
func estBenchText(b *testing.B) []byte {
	var unit []byte
	if dir := shareddata.Dir(); dir != "" {
		unit, _ = os.ReadFile(filepath.Join(dir, "wiki", "wikitext-2__valid.txt"))
	}
	if len(unit) == 0 {
		unit = []byte(estZipfText(20000, 9))
	}
	var buf bytes.Buffer
	for buf.Len() < 10<<20 {
		buf.Write(unit)
	}
	return buf.Bytes()
}

func BenchmarkEstimate(b *testing.B) {
	text := estBenchText(b)
	for _, order := range []int{3, 5} {
		b.Run(fmt.Sprintf("order%d", order), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			var st EstimateStats
			for b.Loop() {
				var err error
				st, err = Estimate(context.Background(), bytes.NewReader(text), io.Discard, EstimateOptions{Order: order, DiscountFallback: []float64{}, SkipSymbols: true})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.Tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
		})
	}
}
