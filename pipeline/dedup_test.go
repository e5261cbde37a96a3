package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/dedup"
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/pipeline"
	"github.com/ccnet-go/ccnet/transforms"
	"github.com/ccnet-go/ccnet/warc"
)

// referenceRun is the whole run done the plain way: read every file, gate
// on length, then cc_net's dedup in memory, group by group.
func referenceRun(t *testing.T, cfg pipeline.Config) []string {
	t.Helper()
	inputs, err := pipeline.ListInputs(context.Background(), cfg.Inputs)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[int][]document.Document{}
	for i, in := range inputs {
		f, err := os.Open(in.Path)
		if err != nil {
			t.Fatal(err)
		}
		g := transforms.GroupOf(i, cfg.DedupGroupFiles)
		ingest.ReadFile(context.Background(), f, in.Path, ingest.Options{}, func(d document.Document) {
			if !ingest.TooShort(&d, cfg.MinLength) {
				groups[g] = append(groups[g], d)
			}
		}, func(string, int64) {})
		f.Close()
	}
	var lines []string
	for _, docs := range groups {
		kept, _ := dedup.Reference(docs)
		for i := range kept {
			lines = append(lines, string(document.AppendJSON(nil, &kept[i])))
		}
	}
	sort.Strings(lines)
	return lines
}

func outputLines(t *testing.T, dir string) []string {
	var lines []string
	for _, data := range readDocuments(t, dir) {
		for _, d := range gunzipLines(t, data) {
			lines = append(lines, string(document.AppendJSON(nil, &d)))
		}
	}
	sort.Strings(lines)
	return lines
}

func sameLines(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d documents, the reference keeps %d", len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("document %d differs from the reference:\n%s\n%s", i, got[i], want[i])
		}
	}
}

// The Beam dedup (hash runs, partition merges, mmapped duplicate sets)
// gives exactly what the in-memory reference gives, for one group and for
// per-file groups, however the work is spilled.
func TestDedupMatchesReference(t *testing.T) {
	for _, groupFiles := range []int{0, 1} {
		for _, spill := range []int64{4096, 64 << 20} {
			cfg := config(t, sample...)
			cfg.DedupGroupFiles = groupFiles
			cfg.SpillBytes = spill
			cfg.DedupPartitions = 7
			cfg.LID = false // the reference has no language stage
			res := run(t, cfg)
			if res.Report.Stats["dedup-lines-removed"] == 0 {
				t.Error("the sample's boilerplate lines were not removed")
			}
			sameLines(t, outputLines(t, cfg.Output), referenceRun(t, cfg))
		}
	}
}

// writeWETCopy writes the conversion records of src with new URLs; when
// change is set, every tenth line of each document is made unique.
func writeWETCopy(t *testing.T, src, dst string, copyN int, change bool) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	r, err := warc.NewReader(in, warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for doc := 0; ; doc++ {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rec.Body)
		if rec.Type != "conversion" {
			continue
		}
		text := string(body)
		if change {
			lines := strings.Split(text, "\n")
			for i := 1; i < len(lines); i += 10 {
				// Letters, not digits: dedup's normalization maps every digit to 0.
				lines[i] = fmt.Sprintf("changed line %s of document %s in copy %s", letters(i), letters(doc), letters(copyN))
			}
			text = strings.Join(lines, "\n")
		}
		zw := gzip.NewWriter(&out)
		fmt.Fprintf(zw, "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: %s?copy=%d\r\nWARC-Date: %s\r\n"+
			"WARC-Block-Digest: %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			rec.TargetURI(), copyN, rec.Header.Get("WARC-Date"), rec.Header.Get("WARC-Block-Digest"), len(text), text)
		zw.Close()
	}
	if err := os.WriteFile(dst, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The DERIVED WET three times with new URLs, copies 2 and 3 with a tenth
// of each document's lines changed: every line shared between documents
// is gone from all three copies, the first included; the changed lines
// survive; the output equals the reference.
func TestDedupThreeCopies(t *testing.T) {
	src := filepath.Join(sharedData(), benchSources[0])
	if _, err := os.Stat(src); err != nil {
		t.Skip("shared data not found; set CCNET_DATA")
	}
	dir := t.TempDir()
	var inputs []string
	for c := 1; c <= 3; c++ {
		p := filepath.Join(dir, fmt.Sprintf("copy%d.warc.wet.gz", c))
		writeWETCopy(t, src, p, c, c > 1)
		inputs = append(inputs, p)
	}
	cfg := config(t, inputs...)
	cfg.LID = false // the reference has no language stage
	res := run(t, cfg)
	got := outputLines(t, cfg.Output)
	sameLines(t, got, referenceRun(t, cfg))

	// Count in how many documents (after the length gate) each line is.
	docsPerLine := map[uint64]int{}
	for _, p := range inputs {
		f, _ := os.Open(p)
		ingest.ReadFile(context.Background(), f, p, ingest.Options{}, func(d document.Document) {
			if ingest.TooShort(&d, cfg.MinLength) {
				return
			}
			for _, h := range dedup.AppendDistinct(nil, dedup.LineHashes(d.RawContent, nil)) {
				docsPerLine[h]++
			}
		}, func(string, int64) {})
		f.Close()
	}
	changed := 0
	for _, l := range got {
		d, _ := document.ParseJSON([]byte(l))
		for _, line := range strings.Split(d.RawContent, "\n") {
			if n := docsPerLine[dedup.HashLine(line)]; n != 1 {
				t.Fatalf("%s keeps a line found in %d documents: %q", d.URL, n, line)
			}
			if strings.HasPrefix(line, "changed line ") {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Error("no changed line survived")
	}
	if res.Report.Stats["dedup-lines-removed"] == 0 {
		t.Error("no line removed")
	}
	t.Logf("%d documents kept of %d read; %d changed lines kept; stats %v", res.Report.Kept, res.Report.Read, changed, res.Report.Stats)
}

func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}

// Exact digest dedup across dedup groups: a second copy of the sample WET
// (new URLs, same digests) in its own group survives line dedup and is
// then dropped as duplicate-digest; the first copy is kept whole.
func TestDigestDedup(t *testing.T) {
	dir := t.TempDir()
	second := filepath.Join(dir, "zz-second.warc.wet.gz")
	writeWETCopy(t, sample[1], second, 2, false)
	one := config(t, sample[1])
	one.DedupGroupFiles = 1
	alone := run(t, one).Report

	both := config(t, sample[1], second)
	both.DedupGroupFiles = 1
	both.DedupDigest = true
	r := run(t, both).Report
	if !r.Balanced {
		t.Fatal("unbalanced")
	}
	if r.Kept != alone.Kept || r.Dropped["duplicate-digest"] != alone.Kept {
		t.Errorf("kept %d (alone %d), duplicate-digest %d", r.Kept, alone.Kept, r.Dropped["duplicate-digest"])
	}
	for _, f := range r.Files {
		if f.Path == second && f.Kept != 0 {
			t.Errorf("the second copy kept %d documents", f.Kept)
		}
	}
}
