package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/internal/shareddata"
)

func sharedData() string { return shareddata.Dir() }

// Sentences of visible text read off the real pages of the shared WARCs:
// each must come out of its file whole, on one line.
var pinned = map[string][]string{
	"aut__example.warc.gz": {
		"The Internet Archive is building a digital library of Internet sites and other cultural artifacts in digital form.",
		"Browse through 85 billion web pages archived from 1996 to a few months ago.",
		"Writing in 1939, the author reviews the period 1937 to 1939 when the Nazis were able to obtain all of their desires for expansion",
	},
	"dolma__sample-0000.warc.gz": {
		"We are an interdisciplinary research team focused on AI, HCI, ML, NLP, accessibility and computational social science",
		"Daniel S. Weld is Professor Emeritus at the Paul G. Allen School of Computer Science & Engineering",
		"I completed my Ph.D. in computer science at Georgetown University in 2018",
	},
	"dolma__sample-0001.warc.gz": {
		"New challenges to open sharing are emerging.",
		"CC Joins Civil Society Letter Urging U.S. to Support Openness and Transparency in AI",
		"Last week, Creative Commons (CC) participated in the 45th session of the World Intellectual Property Organization (WIPO)",
	},
	"ukwa__IAH-20080430204825-00000-blackbook-truncated.warc.gz": {
		"Like a paper library, we provide free access to researchers, historians, scholars, and the general public.",
	},
	"ukwa__IAH-urls-wget.warc.gz": {
		"The Internet Archive, a 501(c)(3) non-profit, is building a digital library of Internet sites and other cultural artifacts in digital form.",
	},
	"ukwa__wikipedia-post-blackout-main-page.warc.gz": {
		"Nick Drake (1948–1974) was an English singer-songwriter and musician, best known for his sombre guitar-based songs.",
	},
}

func TestRealWARCText(t *testing.T) {
	dir := filepath.Join(sharedData(), "warc")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared data not found; set CCNET_DATA")
	}
	for name, sentences := range pinned {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		var docs []document.Document
		err = ReadFile(context.Background(), f, name, Options{}, func(d document.Document) {
			docs = append(docs, d)
			lines = append(lines, strings.Split(d.RawContent, "\n")...)
		}, func(string, int64) {})
		f.Close()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, s := range sentences {
			found := false
			for _, l := range lines {
				if strings.Contains(l, s) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("%s: sentence not extracted: %q", name, s)
			}
		}
		for _, d := range docs {
			// Files served as text/plain are text as they are: robots.txt,
			// and archive.org's csshover.htc, a script sent as text/plain.
			// (faqs.php shows "&lt;p&gt;" as text, so "<p>" is not checked.)
			if strings.HasSuffix(d.URL, ".txt") || strings.HasSuffix(d.URL, ".htc") {
				continue
			}
			for _, leak := range []string{"<script", "<style", "</div>", "function(", "{display:"} {
				if strings.Contains(d.RawContent, leak) {
					t.Errorf("%s %s: markup or code leaks: %q", name, d.URL, leak)
				}
			}
		}
	}
}
