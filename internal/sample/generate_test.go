package sample

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
)

var update = flag.Bool("update", false, "rewrite the files in testdata/sample from the generator")

var testdataDir = filepath.Join("..", "..", "testdata", "sample")

func generate(t *testing.T, write func(io.Writer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var writers = []struct {
	name  string
	write func(io.Writer) error
}{
	{WARCName, WriteWARC},
	{WETName, WriteWET},
}

// TestGolden checks that the generator reproduces the committed sample byte
// for byte. Run "go test ./internal/sample -update" after changing it.
func TestGolden(t *testing.T) {
	for _, w := range writers {
		got := generate(t, w.write)
		path := filepath.Join(testdataDir, w.name)
		if *update {
			if err := os.MkdirAll(testdataDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d bytes)", path, len(got))
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/sample -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: generated %d bytes differ from the committed %d bytes; run go test ./internal/sample -update if the change is intended",
				path, len(got), len(want))
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, w := range writers {
		a, b := generate(t, w.write), generate(t, w.write)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two runs differ", w.name)
		}
	}
	if total := len(generate(t, WriteWARC)) + len(generate(t, WriteWET)); total > 150<<10 {
		t.Errorf("sample is %d bytes, want under 150 KB", total)
	}
}

func proseRunes(p Page) (paragraphs, runes int) {
	for _, b := range parseBody(p.Body) {
		if b.kind != paragraph {
			continue
		}
		paragraphs++
		for _, l := range b.lines {
			runes += utf8.RuneCountInString(plain(l))
		}
	}
	return paragraphs, runes
}

func TestPages(t *testing.T) {
	langs := map[File]map[string]int{InWARC: {}, InWET: {}}
	seen := map[string]bool{}
	short := 0
	for _, p := range pages {
		u := URL(p)
		if seen[u] {
			t.Errorf("%s: duplicate URL", u)
		}
		seen[u] = true
		langs[p.In][p.Lang]++
		text := Text(p)
		if p.Short {
			short++
			if n := utf8.RuneCountInString(text); n >= 300 {
				t.Errorf("%s: short page has %d characters of text", u, n)
			}
			continue
		}
		n, runes := proseRunes(p)
		if n < 3 || n > 8 {
			t.Errorf("%s: %d paragraphs, want 3 to 8", u, n)
		}
		if runes < 400 || runes > 1500 {
			t.Errorf("%s: %d characters of prose, want 400 to 1500", u, runes)
		}
		if strings.Contains(text, "*") || strings.Contains(text, "](") {
			t.Errorf("%s: markup left in the text", u)
		}
		for _, bad := range []string{"trackingId", "loadAds", "JavaScript is switched off", "TinyCMS", "schema.org"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s: text contains %q", u, bad)
			}
		}
	}
	if short < 3 || short > 4 {
		t.Errorf("%d short pages, want 3 or 4", short)
	}
	all := map[string]bool{}
	for f, m := range langs {
		for l := range m {
			all[l] = true
		}
		if len(m) < 8 {
			t.Errorf("file %d has %d languages, want at least 8", f, len(m))
		}
	}
	if len(all) < 8 {
		t.Errorf("%d languages, want at least 8", len(all))
	}
}

// TestBoilerplate checks that every chrome line of a site is on at least
// three pages, and on pages of both files.
func TestBoilerplate(t *testing.T) {
	for _, s := range sites {
		lines := append([]string{s.Name, s.Tagline}, s.Cookie...)
		for _, n := range s.Nav {
			lines = append(lines, plain(n))
		}
		for _, f := range s.Footer {
			lines = append(lines, plain(f))
		}
		if s.Share != "" {
			lines = append(lines, s.Share)
		}
		for _, line := range lines {
			count := map[File]int{}
			for _, p := range pages {
				if p.Site == s.Key && strings.Contains("\n"+Text(p), "\n"+line+"\n") {
					count[p.In]++
				}
			}
			if count[InWARC]+count[InWET] < 3 || count[InWARC] == 0 || count[InWET] == 0 {
				t.Errorf("%s: line %q is on %d WARC and %d WET pages", s.Key, line, count[InWARC], count[InWET])
			}
		}
		if s.Share != "" {
			for _, p := range pages {
				if p.Site == s.Key && !p.Short && strings.Count(Text(p), s.Share+"\n") != 2 {
					t.Errorf("%s: share line not repeated inside the page", URL(p))
				}
			}
		}
	}
}

type warcRecord struct {
	header map[string]string
	block  []byte
	bad    bool // Content-Length is not a number
}

// readMembers reads a file of one record per gzip member, independently of
// the generator's code.
func readMembers(t *testing.T, data []byte) []warcRecord {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(data))
	var out []warcRecord
	for {
		if _, err := br.Peek(1); errors.Is(err, io.EOF) {
			return out
		}
		zr, err := gzip.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		zr.Multistream(false)
		m, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		head, rest, ok := bytes.Cut(m, []byte("\r\n\r\n"))
		if !ok {
			t.Fatalf("record %d: no end of header", len(out))
		}
		lines := strings.Split(string(head), "\r\n")
		if lines[0] != "WARC/1.0" {
			t.Fatalf("record %d: version line %q", len(out), lines[0])
		}
		r := warcRecord{header: map[string]string{}}
		for _, l := range lines[1:] {
			k, v, ok := strings.Cut(l, ": ")
			if !ok {
				t.Fatalf("record %d: bad header line %q", len(out), l)
			}
			r.header[k] = v
		}
		n, err := strconv.Atoi(r.header["Content-Length"])
		if err != nil {
			r.bad = true
			r.block = rest
		} else {
			if n+4 != len(rest) || !bytes.HasSuffix(rest, []byte("\r\n\r\n")) {
				t.Fatalf("record %d (%s): Content-Length %d, %d bytes follow the header", len(out), r.header["WARC-Target-URI"], n, len(rest))
			}
			r.block = rest[:n]
			if d, ok := r.header["WARC-Block-Digest"]; ok && d != digest(r.block) {
				t.Errorf("record %d: block digest %s, want %s", len(out), d, digest(r.block))
			}
		}
		out = append(out, r)
	}
}

func dechunk(t *testing.T, b []byte) []byte {
	t.Helper()
	var out []byte
	for {
		line, rest, ok := bytes.Cut(b, []byte("\r\n"))
		if !ok {
			t.Fatal("bad chunk framing")
		}
		n, err := strconv.ParseInt(string(line), 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			if string(rest) != "\r\n" {
				t.Fatalf("bad last chunk %q", rest)
			}
			return out
		}
		out = append(out, rest[:n]...)
		if string(rest[n:n+2]) != "\r\n" {
			t.Fatal("chunk not followed by CRLF")
		}
		b = rest[n+2:]
	}
}

func TestWARC(t *testing.T) {
	recs := readMembers(t, generate(t, WriteWARC))
	counts := map[string]int{}
	byURI := map[string][]byte{} // decoded HTML by URI
	features := map[string]bool{}
	for i, r := range recs {
		typ := r.header["WARC-Type"]
		if r.bad {
			counts["malformed"]++
			if r.header["WARC-Target-URI"] != MalformedURI || i+1 >= len(recs) {
				t.Errorf("malformed record %d is not the expected one", i)
			}
			continue
		}
		counts[typ]++
		if bytes.Contains(r.block, []byte(MalformedSentinel)) {
			t.Errorf("record %d contains the malformed record's sentinel", i)
		}
		if typ != "response" {
			continue
		}
		head, body, _ := bytes.Cut(r.block, []byte("\r\n\r\n"))
		h := strings.ToLower(string(head))
		chunked := strings.Contains(h, "transfer-encoding: chunked")
		if chunked {
			body = dechunk(t, body)
			features["chunked"] = true
		}
		if r.header["WARC-Payload-Digest"] != digest(body) {
			t.Errorf("record %d: payload digest mismatch", i)
		}
		if strings.Contains(h, "content-encoding: gzip") {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
			features["gzip"] = true
			features["both"] = features["both"] || chunked
		}
		byURI[r.header["WARC-Target-URI"]] = body
		for _, s := range []string{"image/png", "application/pdf", "text/css", "application/javascript"} {
			if strings.Contains(h, "content-type: "+s) {
				features[s] = true
			}
		}
		for _, s := range []string{"http/1.1 404", "http/1.1 301"} {
			if strings.HasPrefix(h, s) {
				features[s] = true
			}
		}
	}
	want := map[string]int{"warcinfo": 1, "request": 23, "response": 23, "metadata": 23, "revisit": 1, "resource": 1, "malformed": 1}
	for k, v := range want {
		if counts[k] != v {
			t.Errorf("%d %s records, want %d", counts[k], k, v)
		}
	}
	for _, f := range []string{"chunked", "gzip", "both", "image/png", "application/pdf", "text/css", "application/javascript", "http/1.1 404", "http/1.1 301"} {
		if !features[f] {
			t.Errorf("no response with %s", f)
		}
	}
	decoders := map[string]func([]byte) ([]byte, error){
		"":             func(b []byte) ([]byte, error) { return b, nil },
		"windows-1252": charmap.Windows1252.NewDecoder().Bytes,
		"iso-8859-2":   charmap.ISO8859_2.NewDecoder().Bytes,
		"KOI8-R":       charmap.KOI8R.NewDecoder().Bytes,
		"Shift_JIS":    japanese.ShiftJIS.NewDecoder().Bytes,
	}
	for _, p := range pages {
		if p.In != InWARC {
			continue
		}
		body, ok := byURI[URL(p)]
		if !ok {
			t.Errorf("%s: no response", URL(p))
			continue
		}
		if p.Charset != "" && utf8.Valid(body) {
			t.Errorf("%s: %s body is valid UTF-8", URL(p), p.Charset)
		}
		dec, err := decoders[p.Charset](body)
		if err != nil {
			t.Fatal(err)
		}
		// Characters the charset lacks are written as references.
		if html := HTML(p); p.Charset == "" && string(dec) != html {
			t.Errorf("%s: body is not the page's HTML", URL(p))
		} else if !strings.Contains(string(dec), "<h1>"+escapeText(p.Title, p.Entities)+"</h1>") {
			t.Errorf("%s: decoded body lacks the title", URL(p))
		}
	}
}

func TestWET(t *testing.T) {
	recs := readMembers(t, generate(t, WriteWET))
	if recs[0].header["WARC-Type"] != "warcinfo" {
		t.Fatal("first record is not warcinfo")
	}
	entries := wetEntries()
	if len(recs) != len(entries)+1 {
		t.Fatalf("%d records, want %d", len(recs), len(entries)+1)
	}
	warcURIs := map[string]bool{}
	for _, p := range pages {
		if p.In == InWARC {
			warcURIs[URL(p)] = true
		}
	}
	empty := 0
	for i, r := range recs[1:] {
		p := entries[i]
		if r.bad || r.header["WARC-Type"] != "conversion" || r.header["Content-Type"] != "text/plain" {
			t.Errorf("record %d: bad header %v", i+1, r.header)
		}
		if r.header["WARC-Target-URI"] != URL(p) || warcURIs[URL(p)] {
			t.Errorf("record %d: URI %s", i+1, r.header["WARC-Target-URI"])
		}
		if string(r.block) != Text(p) {
			t.Errorf("record %d: block is not the page's text", i+1)
		}
		if len(r.block) == 0 {
			empty++
		}
	}
	if empty != 1 {
		t.Errorf("%d empty conversion records, want 1", empty)
	}
}
