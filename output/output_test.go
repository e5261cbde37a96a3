package output

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
)

func doc(file string, off int64) document.Document {
	return document.Document{URL: fmt.Sprintf("http://%s/%d", file, off), Digest: "sha1:X",
		RawContent: fmt.Sprintf("text of %s at %d", file, off), File: file, Offset: off}
}

// Splitting the same documents into runs in any way gives the same file.
func TestMergeIndependentOfRuns(t *testing.T) {
	var all []document.Document
	for f := 0; f < 5; f++ {
		for off := int64(0); off < 40; off++ {
			all = append(all, doc(fmt.Sprintf("in/%d.warc.gz", f), off*1000))
		}
	}
	merged := func(seed int64, nRuns int) []byte {
		rng := rand.New(rand.NewSource(seed))
		perm := rng.Perm(len(all))
		runs := make([][]Entry, nRuns)
		for i, p := range perm {
			runs[i%nRuns] = append(runs[i%nRuns], NewEntry(&all[p]))
		}
		var readers []*RunReader
		for _, es := range runs {
			SortEntries(es)
			var buf bytes.Buffer
			if err := WriteRun(&buf, es); err != nil {
				t.Fatal(err)
			}
			rr, err := NewRunReader(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			readers = append(readers, rr)
		}
		var out bytes.Buffer
		st, err := Merge(readers, &out, 6, nil)
		if err != nil {
			t.Fatal(err)
		}
		if st.Documents != int64(len(all)) || len(st.Docs) != 5 {
			t.Fatalf("stats %+v", st)
		}
		return out.Bytes()
	}
	a, b := merged(1, 1), merged(2, 7)
	if !bytes.Equal(a, b) {
		t.Fatal("merge output depends on how documents were split into runs")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if !zr.Header.ModTime.IsZero() || zr.Header.Name != "" {
		t.Errorf("gzip header carries a time or name: %+v", zr.Header)
	}
	text, _ := io.ReadAll(zr)
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != len(all) {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		d, err := document.ParseJSON([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if want := all[i].URL; d.URL != want {
			t.Fatalf("line %d is %s, want %s (sorted by file, offset)", i, d.URL, want)
		}
	}
}

func TestShardAndName(t *testing.T) {
	d := doc("a", 1)
	if s := Shard(&d, 1); s != 0 {
		t.Errorf("one shard: %d", s)
	}
	counts := make([]int, 8)
	for i := int64(0); i < 8000; i++ {
		d := doc("a", i)
		counts[Shard(&d, 8)]++
	}
	for i, c := range counts {
		if c < 800 || c > 1200 {
			t.Errorf("shard %d got %d of 8000", i, c)
		}
	}
	d.Language, d.Bucket = "en", "head"
	if got := Name(Group(&d), 3); got != "en_head_0003" {
		t.Errorf("name %s", got)
	}
	if got := Name(Group(&document.Document{}), 0); got != "all_all_0000" {
		t.Errorf("name %s", got)
	}
}

func TestRunReaderTruncated(t *testing.T) {
	d := doc("a", 1)
	var buf bytes.Buffer
	if err := WriteRun(&buf, []Entry{NewEntry(&d), NewEntry(&d)}); err != nil {
		t.Fatal(err)
	}
	rr, err := NewRunReader(bytes.NewReader(buf.Bytes()[:buf.Len()-3]))
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Close()
	for {
		_, err := rr.Next()
		if err == io.EOF {
			t.Fatal("a truncated run read to a clean end")
		}
		if err != nil {
			return
		}
	}
}

func BenchmarkWriteMerge(b *testing.B) {
	var es []Entry
	var size int64
	for i := int64(0); i < 2000; i++ {
		d := doc("in/x.warc.wet.gz", i)
		d.RawContent = strings.Repeat("A line of ordinary web text, with some words in it.\n", 40)
		e := NewEntry(&d)
		size += int64(len(e.JSON))
		es = append(es, e)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		var run bytes.Buffer
		if err := WriteRun(&run, es); err != nil {
			b.Fatal(err)
		}
		rr, err := NewRunReader(&run)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Merge([]*RunReader{rr}, io.Discard, 6, nil); err != nil {
			b.Fatal(err)
		}
		rr.Close()
	}
}
