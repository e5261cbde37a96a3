package classify

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/warc"
)

// dataDir is the shared data folder (env CCNET_DATA, default
// ../../shared/data); tests using it skip when it is absent.
func dataDir(tb testing.TB) string {
	dir := os.Getenv("CCNET_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("no shared data at %s (set CCNET_DATA)", dir)
	}
	return dir
}

// webDocs reads the conversion records of the DERIVED dolma WET file and
// drops each body's first line (the title), as cc_net does.
func webDocs(tb testing.TB) []string {
	files, _ := filepath.Glob(filepath.Join(dataDir(tb), "wet", "DERIVED__*.warc.wet.gz"))
	if len(files) == 0 {
		tb.Skip("no DERIVED__*.warc.wet.gz in shared data")
	}
	var docs []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		r, err := warc.NewReader(f, warc.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				tb.Fatal(err)
			}
			if rec.Type != "conversion" {
				continue
			}
			body, err := io.ReadAll(rec.Body)
			if err != nil {
				tb.Fatal(err)
			}
			_, text, _ := strings.Cut(string(body), "\n")
			docs = append(docs, text)
		}
		f.Close()
	}
	return docs
}

// heldOutSentences returns up to perLang held-out lingua sentences per
// language, as "lang\ttext" lines.
func heldOutSentences(tb testing.TB, perLang int) string {
	files, _ := filepath.Glob(filepath.Join(dataDir(tb), "langid", "lingua-sentences-*.tsv.gz"))
	if len(files) == 0 {
		tb.Skip("no lingua-sentences in shared data")
	}
	var b strings.Builder
	n := map[string]int{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		z, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		all, err := io.ReadAll(z)
		if err != nil {
			tb.Fatal(err)
		}
		f.Close()
		for line := range strings.Lines(string(all)) {
			lang, text, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
			if !ok || !HeldOut(text) || n[lang] >= perLang {
				continue
			}
			n[lang]++
			b.WriteString(lang + "\t" + text + "\n")
		}
	}
	return b.String()
}
