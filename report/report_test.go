package report

import (
	"bytes"
	"strings"
	"testing"
)

func TestBuildFunnel(t *testing.T) {
	counts := map[string]int64{
		Key(KindRead, "", "a.warc.gz"):                   10,
		Key(KindRead, "", "b.wet.gz"):                    5,
		Key(KindDrop, "record-request", "a.warc.gz"):     4,
		Key(KindDrop, "not-text", "a.warc.gz"):           1,
		Key(KindDrop, "too-short", "a.warc.gz"):          2,
		Key(KindDrop, "too-short", "b.wet.gz"):           1,
		Key(KindKept, "all_all", "a.warc.gz"):            3,
		Key(KindKept, "all_all", "b.wet.gz"):             4,
		Key(KindKeptChars, "all_all", ""):                1234,
		Key(KindLines, "line-too-long", "b.wet.gz"):      2,
		Key(KindError, "offset 99: unexpected EOF", "b"): 1,
		Key(KindBytes, "", "a.warc.gz"):                  100,
		Key(KindStat, "dedup-lines-in", ""):              40,
		Key(KindStat, "dedup-lines-removed", ""):         10,
	}
	r, err := Build(counts)
	if err != nil {
		t.Fatal(err)
	}
	if r.Read != 15 || r.Kept != 7 || !r.Balanced {
		t.Fatalf("read %d kept %d balanced %v", r.Read, r.Kept, r.Balanced)
	}
	wantStages := []struct {
		name    string
		in, out int64
	}{{"read", 15, 11}, {"extract", 11, 10}, {"length", 10, 7}}
	for i, w := range wantStages {
		st := r.Stages[i]
		if st.Name != w.name || st.In != w.in || st.Out != w.out {
			t.Errorf("stage %d = %+v, want %+v", i, st, w)
		}
	}
	if r.FilesWithErrors != 1 || len(r.Files) != 3 || r.Files[0].Path != "a.warc.gz" {
		t.Errorf("files %+v", r.Files)
	}
	a := r.Files[0]
	if a.Read != 10 || a.Kept != 3 || a.Dropped["too-short"] != 2 || a.Bytes != 100 {
		t.Errorf("file a %+v", a)
	}
	j1, _ := r.JSON()
	r2, _ := Build(counts)
	j2, _ := r2.JSON()
	if !bytes.Equal(j1, j2) {
		t.Error("report.json is not deterministic")
	}
	back, err := Parse(j1)
	if err != nil || back.Read != 15 {
		t.Fatalf("parse: %v", err)
	}
	html, err := r.HTML(Run{Version: "test", Runner: "prism"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<svg", "too-short", "balanced", "offset 99: unexpected EOF", "all_all", "10 of 40 lines removed (25.0%)"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(html), "<script") {
		t.Error("report.html must need no script")
	}
}

func TestUnbalancedAndUnknown(t *testing.T) {
	r, err := Build(map[string]int64{Key(KindRead, "", "f"): 2, Key(KindKept, "all_all", "f"): 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Balanced {
		t.Error("a lost record must show as unbalanced")
	}
	if _, err := Build(map[string]int64{Key(KindDrop, "no-such-reason", "f"): 1}); err == nil {
		t.Error("an unregistered reason must be an error")
	}
}

func TestReasonsUniqueAndStaged(t *testing.T) {
	seen := map[string]bool{}
	stages := map[string]bool{}
	for _, s := range Stages {
		stages[s] = true
	}
	for _, r := range Reasons {
		if seen[r.Name] {
			t.Errorf("reason %q twice", r.Name)
		}
		seen[r.Name] = true
		if !stages[r.Stage] {
			t.Errorf("reason %q has unknown stage %q", r.Name, r.Stage)
		}
	}
}

func TestHistograms(t *testing.T) {
	counts := map[string]int64{
		Key(KindRead, "", "f"): 4, Key(KindKept, "en_head", "f"): 4,
	}
	for _, v := range []float64{0.01, 0.26, 0.99, 1.0} {
		counts[HistKey(SeriesWikiProb, v)]++
	}
	counts[HistKey(SeriesPerplexity+"en", 340)] += 2
	counts[HistKey(SeriesPerplexity+"en", 0.5)]++ // below the range: first bin
	r, err := Build(counts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Histograms) != 2 || r.Histograms[0].Series != "perplexity/en" || r.Histograms[1].Series != "wiki_prob" {
		t.Fatalf("histograms %+v", r.Histograms)
	}
	wp := r.Histograms[1]
	if wp.Counts[0] != 1 || wp.Counts[5] != 1 || wp.Counts[19] != 2 || wp.Total() != 4 {
		t.Errorf("wiki_prob counts %v", wp.Counts)
	}
	if wp.Edges[5] != 0.25 || wp.AtLeast(5) != 0.75 {
		t.Errorf("edge %v keeps %v, want 0.25 and 0.75", wp.Edges[5], wp.AtLeast(5))
	}
	pp := r.Histograms[0]
	// 50 bins over log10 [0, 5]: 340 → floor(log10(340)*10) = 25.
	if pp.Counts[25] != 2 || pp.Counts[0] != 1 {
		t.Errorf("perplexity counts %v", pp.Counts)
	}
	if _, err := Build(map[string]int64{Key(KindHist, "nope:1", ""): 1}); err == nil {
		t.Error("an unknown series was accepted")
	}
	html, err := r.HTML(Run{})
	if err != nil || !bytes.Contains(html, []byte("<polyline")) {
		t.Errorf("report.html has no threshold curve (err %v)", err)
	}
}
