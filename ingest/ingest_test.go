package ingest

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/report"
)

// record writes one WARC record as its own gzip member.
func record(w *bytes.Buffer, typ, uri string, extra []string, block string) {
	var rec bytes.Buffer
	fmt.Fprintf(&rec, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-01-02T03:04:05Z\r\n", typ, uri)
	for _, h := range extra {
		rec.WriteString(h + "\r\n")
	}
	fmt.Fprintf(&rec, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	zw := gzip.NewWriter(w)
	zw.Write(rec.Bytes())
	zw.Close()
}

func html(title, body string) string {
	page := "<html><head><title>" + title + "</title><script>var x = 1;</script></head><body>" + body + "</body></html>"
	return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
		fmt.Sprint(len(page)) + "\r\n\r\n" + page
}

type collected struct {
	docs   []document.Document
	counts map[string]int64
}

func readAll(t *testing.T, data []byte, opts Options) (collected, error) {
	t.Helper()
	c := collected{counts: map[string]int64{}}
	err := ReadFile(context.Background(), bytes.NewReader(data), "in.warc.gz", opts,
		func(d document.Document) { c.docs = append(c.docs, d) },
		func(k string, n int64) { c.counts[k] += n })
	return c, err
}

func testArchive() []byte {
	var buf bytes.Buffer
	record(&buf, "warcinfo", "", nil, "software: test\r\n")
	for i := 0; i < 20; i++ {
		uri := fmt.Sprintf("http://example.com/%d", i)
		record(&buf, "request", uri, nil, "GET / HTTP/1.1\r\n\r\n")
		record(&buf, "response", uri, nil, html(fmt.Sprintf("Page %d", i),
			fmt.Sprintf("<p>First paragraph of page %d.</p><p>Second<br>line</p>", i)))
		record(&buf, "metadata", uri, nil, "fetchTimeMs: 1\r\n")
	}
	record(&buf, "response", "http://example.com/img", nil,
		"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n")
	record(&buf, "conversion", "http://example.com/wet", []string{"WARC-Block-Digest: sha1:ABC"},
		"A WET title\nline one\nline two\n")
	return buf.Bytes()
}

func TestReadFileOutcomes(t *testing.T) {
	c, err := readAll(t, testArchive(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	k := func(kind, name string) int64 { return c.counts[report.Key(kind, name, "in.warc.gz")] }
	if k(report.KindRead, "") != 63 {
		t.Errorf("read %d records, want 63", k(report.KindRead, ""))
	}
	for reason, want := range map[string]int64{"record-warcinfo": 1, "record-request": 20, "record-metadata": 20, "not-text": 1} {
		if got := k(report.KindDrop, reason); got != want {
			t.Errorf("%s: %d, want %d", reason, got, want)
		}
	}
	if len(c.docs) != 21 {
		t.Fatalf("%d documents, want 21", len(c.docs))
	}
	d := c.docs[3]
	if d.URL != "http://example.com/3" || d.Title != "Page 3" || d.SourceDomain != "example.com" ||
		d.RawContent != "First paragraph of page 3.\nSecond\nline" || d.NLines != 3 {
		t.Errorf("document 3: %+v", d)
	}
	// Common Crawl's WET block for it: title line, then the text lines.
	if d.Length != int64(len("Page 3\nFirst paragraph of page 3.\nSecond\nline\n")) || !strings.HasPrefix(d.Digest, "sha1:") {
		t.Errorf("length %d digest %s", d.Length, d.Digest)
	}
	w := c.docs[20]
	if w.Title != "A WET title" || w.RawContent != "line one\nline two" || w.Digest != "sha1:ABC" || w.Length != 30 {
		t.Errorf("WET document: %+v", w)
	}
	for i := 1; i < len(c.docs); i++ {
		if c.docs[i].Offset <= c.docs[i-1].Offset {
			t.Fatal("documents are not in record order")
		}
	}
}

// The number of extraction workers changes nothing in the output.
func TestReadFileWorkersInvariant(t *testing.T) {
	data := testArchive()
	one, _ := readAll(t, data, Options{Workers: 1})
	many, _ := readAll(t, data, Options{Workers: 7, InFlightBytes: 100})
	if !reflect.DeepEqual(one, many) {
		t.Error("output depends on the number of workers")
	}
}

func TestReadFileLimits(t *testing.T) {
	var buf bytes.Buffer
	record(&buf, "response", "http://a/big", nil, html("Big", "<p>"+strings.Repeat("x", 5000)+"</p>"))
	record(&buf, "response", "http://a/ok", nil, html("Ok", "<p>fine</p>"))
	c, err := readAll(t, buf.Bytes(), Options{MaxRecordBytes: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if c.counts[report.Key(report.KindDrop, "record-too-large", "in.warc.gz")] != 1 || len(c.docs) != 1 {
		t.Errorf("counts %v docs %d", c.counts, len(c.docs))
	}
}

func TestReadFileTruncated(t *testing.T) {
	data := testArchive()
	c, err := readAll(t, data[:len(data)-40], Options{})
	if err == nil || !strings.Contains(err.Error(), "in.warc.gz") {
		t.Fatalf("error %v does not name the file", err)
	}
	var read, out int64
	for key, n := range c.counts {
		switch kind, _, _ := report.SplitKey(key); kind {
		case report.KindRead:
			read += n
		case report.KindDrop:
			out += n
		}
	}
	if read != out+int64(len(c.docs)) {
		t.Errorf("read %d != dropped %d + kept %d", read, out, len(c.docs))
	}
	if c.counts[report.Key(report.KindError, err.Error(), "in.warc.gz")] != 1 {
		t.Error("the file error is not counted")
	}
}

func TestTooShort(t *testing.T) {
	d := &document.Document{RawContent: strings.Repeat("é", 299)}
	if !TooShort(d, 300) {
		t.Error("299 code points pass a 300 gate")
	}
	d.RawContent += "é"
	if TooShort(d, 300) {
		t.Error("300 code points fail a 300 gate")
	}
}

func TestSegment(t *testing.T) {
	if got := Segment("s3://commoncrawl/crawl-data/CC-MAIN-2019-09/segments/1/wet/x.warc.wet.gz"); got != "crawl-data/CC-MAIN-2019-09/segments/1/wet/x.warc.wet.gz" {
		t.Error(got)
	}
	if got := Segment("local/x.warc.gz"); got != "local/x.warc.gz" {
		t.Error(got)
	}
}
