package extract

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/ccnet-go/ccnet/internal/shareddata"
)

// dataDir is the shared real-data folder (see internal/shareddata).
func dataDir() string { return shareddata.Dir() }

type realPage struct {
	File string `json:"file"`
	HTML string `json:"html"`
}

// readRealPages reads web-html/trafilatura-cache-pages.part1.jsonl.gz; the
// error wraps fs.ErrNotExist when the shared data is absent.
func readRealPages() ([]realPage, error) {
	fn := filepath.Join(dataDir(), "web-html", "trafilatura-cache-pages.part1.jsonl.gz")
	f, err := os.Open(fn)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	var pages []realPage
	for sc.Scan() {
		var p realPage
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return nil, fmt.Errorf("%s: %w", fn, err)
		}
		pages = append(pages, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, fmt.Errorf("%s: no pages", fn)
	}
	return pages, nil
}

// loadRealPages returns the real pages, or skips when the shared data is absent.
func loadRealPages(tb testing.TB) []realPage {
	tb.Helper()
	pages, err := readRealPages()
	if errors.Is(err, fs.ErrNotExist) {
		tb.Skipf("shared data absent: %v", err)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return pages
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestConformanceRealPages extracts every real page and checks that no
// script or style text and no markup leaks into the output.
func TestConformanceRealPages(t *testing.T) {
	pages := loadRealPages(t)
	totalLines := 0
	for _, p := range pages {
		// The JSONL holds already-decoded text, so the body is UTF-8 whatever
		// the page's <meta> says: the header charset wins over <meta>.
		r, err := HTML([]byte(p.HTML), "text/html; charset=utf-8", Options{})
		if err != nil {
			t.Errorf("%s: %v", p.File, err)
			continue
		}
		totalLines += len(r.Lines)
		if !utf8.ValidString(r.Title) {
			t.Errorf("%s: invalid UTF-8 title", p.File)
		}
		for _, l := range r.Lines {
			if !utf8.ValidString(l) || l == "" || l != strings.TrimSpace(l) {
				t.Errorf("%s: bad line %q", p.File, l)
			}
		}
		out := strings.Join(r.Lines, " ")
		lower := strings.ToLower(out)
		srcLower := strings.ToLower(p.HTML)
		for _, m := range []string{"<script", "<style", "</div>"} {
			escaped := "&lt;" + strings.TrimPrefix(m, "<")
			if strings.Contains(lower, m) && !strings.Contains(srcLower, escaped) {
				t.Errorf("%s: markup %q leaked", p.File, m)
			}
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.HTML))
		if err != nil {
			t.Fatalf("%s: goquery: %v", p.File, err)
		}
		doc.Find("script, style").Each(func(_ int, s *goquery.Selection) {
			code := s.Text()
			if n := normalizeSpace(code); len(n) >= 40 && strings.Contains(out, n) {
				t.Errorf("%s: <%s> text leaked: %.80q", p.File, goquery.NodeName(s), n)
				return
			}
			for _, line := range strings.Split(code, "\n") {
				if n := normalizeSpace(line); len(n) >= 40 && strings.Contains(out, n) {
					t.Errorf("%s: <%s> line leaked: %.80q", p.File, goquery.NodeName(s), n)
					return
				}
			}
		})
	}
	t.Logf("%d pages, %d lines", len(pages), totalLines)
}

// TestConformancePinned pins real visible sentences of three pages (read by
// hand in the page source).
func TestConformancePinned(t *testing.T) {
	pages := loadRealPages(t)
	pins := map[string]struct {
		title string
		lines []string // each must be contained in some output line
	}{
		"blog.python.org.html": {"Python Insider: Python 3.6.0 is now available!", []string{
			"Python 3.6.0 is the newest major release of the Python language, and it contains many new features and optimizations.",
			"Maintenance releases for the 3.6 series will follow at regular intervals starting in the first quarter of 2017.",
			"Posted by Ned Deily at 5:11 AM",
		}},
		"en.wikipedia.org.tsne.html": {"t-distributed stochastic neighbor embedding - Wikipedia", []string{
			"From Wikipedia, the free encyclopedia",
			"It is a nonlinear dimensionality reduction technique well-suited for embedding high-dimensional data for visualization in a low-dimensional space of two or three dimensions.",
		}},
		"heise.de.lithium.html": {"Lithium aus dem Schredder | heise online", []string{
			"Nach dem Schreddern erhält man ein Granulat aus unterschiedlichen Materialien.",
			"Übrig bleibt ein feines schwarzes Pulver.",
		}},
	}
	found := 0
	for _, p := range pages {
		pin, ok := pins[p.File]
		if !ok {
			continue
		}
		found++
		r, err := HTML([]byte(p.HTML), "text/html; charset=utf-8", Options{})
		if err != nil {
			t.Fatalf("%s: %v", p.File, err)
		}
		if r.Title != pin.title {
			t.Errorf("%s: title %q, want %q", p.File, r.Title, pin.title)
		}
		for _, want := range pin.lines {
			hit := false
			for _, l := range r.Lines {
				if strings.Contains(l, want) {
					hit = true
					break
				}
			}
			if !hit {
				t.Errorf("%s: no line contains %q", p.File, want)
			}
		}
	}
	if found != len(pins) {
		t.Errorf("found %d of %d pinned pages", found, len(pins))
	}
}

// readWARCResponses returns the blocks of the response records of a WARC
// file (a minimal reader for tests: gzip or plain, Content-Length framing).
func readWARCResponses(tb testing.TB, path string) (blocks [][]byte, uris []string) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	br := bufio.NewReaderSize(r, 1<<16)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		if !strings.HasPrefix(line, "WARC/") {
			continue
		}
		typ, uri, clen := "", "", -1
		for {
			h, err := br.ReadString('\n')
			if err != nil {
				return
			}
			h = strings.TrimRight(h, "\r\n")
			if h == "" {
				break
			}
			k, v, _ := strings.Cut(h, ":")
			v = strings.TrimSpace(v)
			switch strings.ToLower(k) {
			case "warc-type":
				typ = v
			case "warc-target-uri":
				uri = strings.Trim(v, "<>")
			case "content-length":
				clen, _ = strconv.Atoi(v)
			}
		}
		if clen < 0 {
			continue
		}
		blk := make([]byte, clen)
		n, _ := io.ReadFull(br, blk)
		if typ == "response" && strings.HasPrefix(uri, "http") {
			blocks = append(blocks, blk[:n])
			uris = append(uris, uri)
		}
	}
}

// TestConformanceWARC runs Response over every HTTP response record of the
// shared WARC files (real crawls and edge cases): no panic, valid UTF-8,
// and a few pinned outcomes.
func TestConformanceWARC(t *testing.T) {
	var files []string
	for _, dir := range []string{"warc", "edge"} {
		m, _ := filepath.Glob(filepath.Join(dataDir(), dir, "*.warc*"))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("shared data absent")
	}
	type outcome struct {
		r   Result
		err error
	}
	results := map[string][]outcome{}
	tally := map[string]int{}
	for _, fn := range files {
		blocks, _ := readWARCResponses(t, fn)
		for _, b := range blocks {
			r, err := Response(b, Options{})
			if err != nil && DropReason(err) == "" {
				t.Errorf("%s: non-Drop error %v", fn, err)
			}
			reason := DropReason(err)
			if reason == "" {
				reason = "ok"
			}
			tally[reason]++
			if !utf8.ValidString(r.Title) {
				t.Errorf("%s: invalid title", fn)
			}
			for _, l := range r.Lines {
				if !utf8.ValidString(l) {
					t.Errorf("%s: invalid line", fn)
				}
			}
			results[filepath.Base(fn)] = append(results[filepath.Base(fn)], outcome{r, err})
		}
	}
	t.Logf("%d files: %v", len(files), tally)
	has := func(file, line string) {
		t.Helper()
		outs, ok := results[file]
		if !ok {
			t.Logf("%s absent", file)
			return
		}
		for _, o := range outs {
			for _, l := range o.r.Lines {
				if strings.Contains(l, line) {
					return
				}
			}
		}
		t.Errorf("%s: no record has a line containing %q", file, line)
	}
	has("warcio__example-wrong-chunks.warc.gz", "This domain is established to be used for illustrative examples")
	has("warcio__example-bad-non-chunked.warc.gz", "This domain is established to be used for illustrative examples")
	has("pywb__example2.warc.gz", "This domain is established to be used for illustrative examples")
	has("warcio__example-iana.org-chunked.warc", "Internet Assigned Numbers Authority")
	has("resiliparse__clueweb-quirk.warc.gz", "吉田カバン")
	for _, o := range results["resiliparse__clueweb-quirk.warc.gz"] {
		if o.err == nil && o.r.Charset != "euc-jp" {
			t.Errorf("clueweb: charset %q, want euc-jp", o.r.Charset)
		}
	}
}
