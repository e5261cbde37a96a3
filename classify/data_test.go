package classify

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/warc"
)

// dataDir is the shared data folder (env CCNET_DATA, default
// ../../shared/data); tests using it skip when it is absent.
func dataDir(tb testing.TB) string {
	dir, ok := sharedDataDir()
	if !ok {
		tb.Skipf("no shared data at %s (set CCNET_DATA)", dir)
	}
	return dir
}

// sharedDataDir is CCNET_DATA (default ../../shared/data) and whether it
// exists.
func sharedDataDir() (string, bool) {
	dir := os.Getenv("CCNET_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	_, err := os.Stat(dir)
	return dir, err == nil
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
		for line := range strings.Lines(readGzip(tb, name)) {
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

// udhrParagraphs returns up to perText paragraphs of each translation of
// the Universal Declaration of Human Rights into a language lingua
// supports, as "label\ttext" lines in file order, and the translations
// left out. The label is the primary subtag of the file's BCP 47 tag (so
// the individual languages cmn, arb, pes, swh, ekk, lvs, azj, khk and uzn
// count as zh, ar, fa, sw, et, lv, az, mn and uz; nb as no); every
// translation the file gives that tag is kept, dialects and other scripts
// included. None of these texts trained the first-pass model.
func udhrParagraphs(tb testing.TB, perText int) (string, map[string]bool) {
	name := filepath.Join(dataDir(tb), "langid", "udhr-532-paragraphs.tsv.gz")
	if _, err := os.Stat(name); err != nil {
		tb.Skipf("no UDHR paragraphs in shared data: %v", err)
	}
	all := readGzip(tb, name)
	var b strings.Builder
	n := map[string]int{}
	missing := map[string]bool{}
	for i, line := range slices.Collect(strings.Lines(all)) {
		// code, iso6393, bcp47, name, para_idx, text
		cols := strings.SplitN(strings.TrimSuffix(line, "\n"), "\t", 6)
		if i == 0 || len(cols) != 6 {
			continue
		}
		label, _, _ := strings.Cut(cols[2], "-")
		if label == "nb" {
			label = "no"
		}
		if _, ok := FromLabel(label); !ok {
			missing[cols[0]] = true
			continue
		}
		if n[cols[0]] >= perText || strings.TrimSpace(cols[5]) == "" {
			continue
		}
		n[cols[0]]++
		b.WriteString(label + "\t" + strings.ReplaceAll(cols[5], "\t", " ") + "\n")
	}
	return b.String(), missing
}

// readGzip returns the whole decompressed text of a gzip file.
func readGzip(tb testing.TB, name string) string {
	tb.Helper()
	f, err := os.Open(name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	all, err := io.ReadAll(z)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return string(all)
}
