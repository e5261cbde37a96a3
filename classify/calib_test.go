package classify

import (
	"flag"
	"fmt"
	"sort"
	"strings"
	"testing"
)

var calibrate = flag.Bool("calibrate", false, "print the first-pass calibration tables")

// TestCalibrate prints agreement of the first pass with plain lingua (web
// documents) and with the gold labels (held-out sentences) by margin.
// Run: go test -run Calibrate -v ./classify -args -calibrate
func TestCalibrate(t *testing.T) {
	if !*calibrate {
		t.Skip("run with -calibrate")
	}
	fast, _ := NewLangID(LangOptions{})
	plain, _ := NewLangID(LangOptions{Mode: ModeLingua})
	type row struct {
		margin float64
		n      int
		agree  bool
		s      string
	}
	var rows []row
	for _, d := range webDocs(t) {
		sample := Sample(d, fast.maxChars)
		if _, ok, pure := fast.byScript(sample); ok || !pure {
			continue
		}
		v := fast.nbVerdict(sample)
		if v.second < 0 {
			continue
		}
		p := plain.Identify(d)
		rows = append(rows, row{v.margin, v.features, Label(fast.nb.langs[v.best]) == p.Label, fmt.Sprintf("nb %s lingua %s %.60q", Label(fast.nb.langs[v.best]), p.Label, d)})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].margin < rows[j].margin })
	for _, r := range rows {
		if !r.agree {
			t.Logf("margin %.3f feats %d: %s", r.margin, r.n, r.s)
		}
	}
	for _, th := range []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5} {
		dec, ag := 0, 0
		for _, r := range rows {
			if r.margin >= th && r.n >= nbMinFeatures {
				dec++
				if r.agree {
					ag++
				}
			}
		}
		t.Logf("web th %.2f: decides %d/%d, agrees %d", th, dec, len(rows), ag)
	}
	data := heldOutSentences(t, 40)
	var srows []row
	for line := range strings.Lines(data) {
		gold, text, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if gold == "nb" {
			gold = "no"
		}
		sample := Sample(text, fast.maxChars)
		if _, ok, pure := fast.byScript(sample); ok || !pure {
			continue
		}
		v := fast.nbVerdict(sample)
		if v.second < 0 {
			continue
		}
		srows = append(srows, row{v.margin, v.features, Label(fast.nb.langs[v.best]) == gold, ""})
	}
	for _, th := range []float64{0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5} {
		for _, mf := range []int{20, 40, 60} {
			dec, ag := 0, 0
			for _, r := range srows {
				if r.margin >= th && r.n >= mf {
					dec++
					if r.agree {
						ag++
					}
				}
			}
			t.Logf("sentences th %.2f minfeat %d: decides %d/%d, correct %d", th, mf, dec, len(srows), ag)
		}
	}
}
