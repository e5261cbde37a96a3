package dedup

import (
	"bytes"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// wetDoc is a document as cc_net's parse_doc leaves it: nlines and length
// from the WET record (length in bytes).
func wetDoc(raw string) document.Document {
	return document.Document{
		URL:        "http://example.com/" + strconv.Itoa(len(raw)),
		RawContent: raw,
		NLines:     strings.Count(raw, "\n") + 1,
		Length:     int64(len(raw)),
	}
}

// The two-shard example of reference §12.
func twoShardGroup() (shards [][]document.Document, want []document.Document) {
	shards = [][]document.Document{
		{wetDoc("Menu\nHome\nUnique A1\nUnique A1\nShared footer"), wetDoc("Menu\nUnique B1")},
		{wetDoc("Shared footer\nUnique C1"), wetDoc("Only once here\nMenu")},
	}
	type w struct {
		raw string
		ids []int
	}
	for i, x := range []w{
		{"Home\nUnique A1", []int{1, 2}},
		{"Unique B1", []int{1}},
		{"Unique C1", []int{1}},
		{"Only once here", []int{0}},
	} {
		src := shards[i/2][i%2]
		d := src
		d.RawContent = x.raw
		d.NLines = len(x.ids)
		d.Length = int64(utf8.RuneCountInString(x.raw))
		d.LineIDs = x.ids
		d.HasDedup = true
		d.OriginalNLines = src.NLines
		d.OriginalLength = src.Length
		want = append(want, d)
	}
	return shards, want
}

func TestReferenceTwoShards(t *testing.T) {
	shards, want := twoShardGroup()
	docs := slices.Concat(shards...)
	before := slices.Clone(docs)
	got, dropped := Reference(docs)
	if dropped != 0 {
		t.Errorf("dropped = %d, want 0", dropped)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Reference:\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(docs, before) {
		t.Error("Reference modified its input")
	}
}

// scalableDedup runs the disk-backed path over one group: every shard's
// documents contribute their distinct line hashes to hash runs (split at
// arbitrary points, each run sorted), the runs are merged, duplicates go to
// one duplicate-set file per partition, the set is mapped and Apply runs.
func scalableDedup(t testing.TB, docs []document.Document, runSize, partitions int, rng *rand.Rand) ([]document.Document, int) {
	dir := t.TempDir()
	var all []uint64
	var distinct []uint64
	for _, d := range docs {
		if d.RawContent == "" {
			continue
		}
		distinct = AppendDistinct(distinct[:0], LineHashes(d.RawContent, nil))
		all = append(all, distinct...)
	}
	var runs []*HashRunReader
	for start := 0; start < len(all) || start == 0; {
		n := 1 + rng.IntN(runSize)
		end := min(start+n, len(all))
		run := slices.Clone(all[start:end])
		slices.Sort(run)
		var buf bytes.Buffer
		if err := WriteHashRun(&buf, run); err != nil {
			t.Fatal(err)
		}
		r, err := NewHashRunReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
		start = end
		if end == len(all) {
			break
		}
	}
	paths := make([]string, partitions)
	writers := make([]*DupSetWriter, partitions)
	_, _, _, err := MergeDuplicates(runs, func(h uint64) error {
		p := Partition(h, partitions)
		if writers[p] == nil {
			paths[p] = filepath.Join(dir, "dup-"+strconv.Itoa(p))
			w, err := NewDupSetWriter(paths[p])
			if err != nil {
				return err
			}
			writers[p] = w
		}
		return writers[p].Add(h)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range runs {
		r.Close()
	}
	for _, w := range writers {
		if w != nil {
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	set, err := OpenDupSet(paths, partitions)
	if err != nil {
		t.Fatal(err)
	}
	defer set.Close()
	if err := set.Verify(); err != nil {
		t.Fatal(err)
	}
	var kept []document.Document
	dropped := 0
	for _, d := range docs {
		if d.RawContent == "" {
			dropped++
			continue
		}
		if ok, _, _ := Apply(&d, LineHashes(d.RawContent, nil), set.Contains); ok {
			kept = append(kept, d)
		} else {
			dropped++
		}
	}
	return kept, dropped
}

func TestScalableTwoShards(t *testing.T) {
	shards, want := twoShardGroup()
	docs := slices.Concat(shards...)
	rng := rand.New(rand.NewPCG(1, 1))
	for _, parts := range []int{1, 3, 64} {
		for _, runSize := range []int{1, 3, 100} {
			got, dropped := scalableDedup(t, docs, runSize, parts, rng)
			if dropped != 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("partitions %d, run size %d: dropped %d\n got %+v\nwant %+v", parts, runSize, dropped, got, want)
			}
		}
	}
}

// randomGroup makes documents from a small vocabulary of lines, so that
// lines repeat inside and across documents, with empty lines, variants
// that normalize alike, all-duplicate and empty documents.
func randomGroup(rng *rand.Rand, n int) []document.Document {
	vocab := []string{"Menu", "menu", "  MENU ", "Home", "", "   ", "—", "Copyright © 2019", "Copyright © 2023",
		"ΟΔΟΣ", "οδος", "Tab\there", "Tabhere", "İstanbul", "東京。", "東京"}
	for i := 0; i < 40; i++ {
		vocab = append(vocab, "unique line "+letters(rng.IntN(1<<30)))
	}
	docs := make([]document.Document, n)
	for i := range docs {
		k := rng.IntN(12)
		lines := make([]string, k)
		for j := range lines {
			if rng.IntN(3) == 0 {
				lines[j] = "doc " + letters(i) + " line " + letters(j)
			} else {
				lines[j] = vocab[rng.IntN(len(vocab))]
			}
		}
		docs[i] = wetDoc(strings.Join(lines, "\n"))
		if rng.IntN(10) == 0 { // already went through dedup once
			docs[i].HasDedup = true
			docs[i].OriginalNLines = 99
			docs[i].OriginalLength = 999
			docs[i].LineIDs = make([]int, strings.Count(docs[i].RawContent, "\n")+1)
			for j := range docs[i].LineIDs {
				docs[i].LineIDs[j] = 10 + 2*j
			}
		}
	}
	return docs
}

func TestScalableEqualsReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for iter := 0; iter < 30; iter++ {
		docs := randomGroup(rng, 1+rng.IntN(60))
		want, wantDropped := Reference(docs)
		for _, parts := range []int{1, 7, 64} {
			got, dropped := scalableDedup(t, docs, 1+rng.IntN(50), parts, rng)
			if dropped != wantDropped || !reflect.DeepEqual(got, want) {
				t.Fatalf("iteration %d, %d partitions: scalable path differs from Reference", iter, parts)
			}
		}
	}
}

func TestApply(t *testing.T) {
	dupSet := func(hs ...uint64) func(uint64) bool {
		return func(h uint64) bool { return slices.Contains(hs, h) }
	}
	none := dupSet()
	tests := []struct {
		name         string
		doc          document.Document
		dups         []string // lines whose hash is a duplicate
		kept         bool
		raw          string
		ids          []int
		lines, bytes int
	}{
		{
			name: "intra-document repeat keeps the first copy",
			doc:  wetDoc("a\nb\na\nA\nc"), kept: true,
			raw: "a\nb\nc", ids: []int{0, 1, 4}, lines: 2, bytes: 4,
		},
		{
			name: "repeat up to normalization",
			doc:  wetDoc("Copyright 2019\nx\ncopyright 2023  "), kept: true,
			raw: "Copyright 2019\nx", ids: []int{0, 1}, lines: 1, bytes: 17,
		},
		{
			name: "empty line kept once when not a duplicate",
			doc:  wetDoc("a\n\nb\n   \nc"), kept: true,
			raw: "a\n\nb\nc", ids: []int{0, 1, 2, 4}, lines: 1, bytes: 4,
		},
		{
			name: "empty lines removed when the empty line is a duplicate",
			doc:  wetDoc("a\n\nb\n—\nc"), dups: []string{""}, kept: true,
			raw: "a\nb\nc", ids: []int{0, 2, 4}, lines: 2, bytes: 5,
		},
		{
			name: "duplicates removed, all copies",
			doc:  wetDoc("menu\na\nMenu\nb"), dups: []string{"menu"}, kept: true,
			raw: "a\nb", ids: []int{1, 3}, lines: 2, bytes: 10,
		},
		{
			name: "all lines duplicate",
			doc:  wetDoc("menu\nfooter\nMENU"), dups: []string{"menu", "footer"}, kept: false,
			lines: 3, bytes: 16,
		},
		{
			name: "trailing newline: the last empty line",
			doc:  wetDoc("a\n"), kept: true,
			raw: "a\n", ids: []int{0, 1}, lines: 0, bytes: 0,
		},
		{
			name: "length in code points",
			doc:  wetDoc("ΟΔΟΣ\nmenu\n東京"), dups: []string{"menu"}, kept: true,
			raw: "ΟΔΟΣ\n東京", ids: []int{0, 2}, lines: 1, bytes: 5,
		},
		{
			name: "empty raw_content is dropped",
			doc:  wetDoc(""), kept: false,
		},
	}
	for _, tt := range tests {
		var hs []uint64
		for _, l := range tt.dups {
			hs = append(hs, HashLine(l))
		}
		isDup := none
		if len(hs) > 0 {
			isDup = dupSet(hs...)
		}
		d := tt.doc
		orig := d
		kept, lines, nbytes := Apply(&d, LineHashes(d.RawContent, nil), isDup)
		if kept != tt.kept || lines != tt.lines || nbytes != tt.bytes {
			t.Errorf("%s: Apply = %v, %d, %d; want %v, %d, %d", tt.name, kept, lines, nbytes, tt.kept, tt.lines, tt.bytes)
		}
		if !kept {
			if !reflect.DeepEqual(d, orig) {
				t.Errorf("%s: dropped document was modified", tt.name)
			}
			continue
		}
		want := orig
		want.RawContent = tt.raw
		want.NLines = len(tt.ids)
		want.Length = int64(utf8.RuneCountInString(tt.raw))
		want.LineIDs = tt.ids
		want.HasDedup = true
		want.OriginalNLines = orig.NLines
		want.OriginalLength = orig.Length
		if !reflect.DeepEqual(d, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, d, want)
		}
	}
}

func TestApplySetdefault(t *testing.T) {
	// A document that went through dedup keeps original_* and its line_ids
	// are composed (cc_net: setdefault, doc.get("line_ids", range(n))).
	d := wetDoc("a\nmenu\nb")
	d.HasDedup, d.OriginalNLines, d.OriginalLength, d.LineIDs = true, 10, 1000, []int{2, 5, 7}
	kept, _, _ := Apply(&d, LineHashes(d.RawContent, nil), func(h uint64) bool { return h == HashLine("menu") })
	if !kept || d.OriginalNLines != 10 || d.OriginalLength != 1000 || !reflect.DeepEqual(d.LineIDs, []int{2, 7}) ||
		d.RawContent != "a\nb" || d.NLines != 2 || d.Length != 3 {
		t.Errorf("got %+v", d)
	}
	// The first pass takes the WET values, even when they disagree with
	// raw_content (cc_net keeps the WET Content-Length in bytes).
	d = wetDoc("é\nb")
	d.NLines, d.Length = 7, 4242
	Apply(&d, LineHashes(d.RawContent, nil), func(uint64) bool { return false })
	if d.OriginalNLines != 7 || d.OriginalLength != 4242 || d.Length != 3 || d.NLines != 2 {
		t.Errorf("got %+v", d)
	}
}

// letters spells k in base 26 with a..z: digits would all normalize to 0.
func letters(k int) string {
	s := ""
	for {
		s = string(rune('a'+k%26)) + s
		k /= 26
		if k == 0 {
			return s
		}
	}
}

func TestApplyManyLines(t *testing.T) {
	// More than 16 lines: the hash-table path for intra-document repeats.
	var lines []string
	var wantLines []string
	var wantIDs []int
	for i := 0; i < 500; i++ {
		l := "line " + letters(i%137)
		lines = append(lines, l)
		if i < 137 && i%10 != 3 {
			wantLines = append(wantLines, l)
			wantIDs = append(wantIDs, i)
		}
	}
	isDup := func(h uint64) bool {
		for k := 3; k < 137; k += 10 {
			if h == HashLine("line "+letters(k)) {
				return true
			}
		}
		return false
	}
	d := wetDoc(strings.Join(lines, "\n"))
	kept, removed, _ := Apply(&d, LineHashes(d.RawContent, nil), isDup)
	if !kept || d.RawContent != strings.Join(wantLines, "\n") || !reflect.DeepEqual(d.LineIDs, wantIDs) || removed != 500-len(wantIDs) {
		t.Errorf("kept %v removed %d, %d lines", kept, removed, d.NLines)
	}
}

func TestApplyHashCountMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	d := wetDoc("a\nb")
	Apply(&d, []uint64{1}, func(uint64) bool { return false })
}

func TestApplyNoAllocsBeyondResult(t *testing.T) {
	d0 := wetDoc(strings.Join(benchLines(100), "\n"))
	hs := LineHashes(d0.RawContent, nil)
	n := testing.AllocsPerRun(50, func() {
		d := d0
		Apply(&d, hs, func(uint64) bool { return false })
	})
	if n > 2 { // the new raw_content and line_ids
		t.Errorf("Apply: %v allocs per run, want <= 2", n)
	}
}
