package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/pipeline"
)

func TestMain(m *testing.M) { ptest.Main(m) }

var sample = []string{"../testdata/sample/sample.warc.gz", "../testdata/sample/sample.warc.wet.gz"}

func run(t *testing.T, cfg pipeline.Config) *pipeline.Result {
	t.Helper()
	res, err := pipeline.Run(context.Background(), cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func config(t *testing.T, inputs ...string) pipeline.Config {
	cfg := pipeline.Default()
	cfg.Inputs = inputs
	cfg.Output = t.TempDir()
	return cfg
}

// readDocuments returns every line of every documents file, by file name.
func readDocuments(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "documents", "*.json.gz"))
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out
}

func gunzipLines(t *testing.T, data []byte) []document.Document {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var docs []document.Document
	for _, l := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		if l == "" {
			continue
		}
		d, err := document.ParseJSON([]byte(l))
		if err != nil {
			t.Fatalf("%v in %q", err, l)
		}
		// Each line must be exactly what the cc_net writer gives back.
		if again := document.AppendJSON(nil, &d); string(again) != l {
			t.Fatalf("line is not in cc_net form:\n%s\n%s", l, again)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestSampleRun(t *testing.T) {
	cfg := config(t, sample...)
	res := run(t, cfg)
	r := res.Report
	if !r.Balanced || r.Read == 0 || r.Kept == 0 {
		t.Fatalf("read %d kept %d balanced %v", r.Read, r.Kept, r.Balanced)
	}
	// The sample holds every kind of record the reader must account for.
	for _, reason := range []string{"record-warcinfo", "record-request", "record-metadata",
		"record-revisit", "record-malformed", "not-text", "http-status", "too-short"} {
		if r.Dropped[reason] == 0 {
			t.Errorf("no record dropped as %s: %v", reason, r.Dropped)
		}
	}
	var dropped int64
	for _, n := range r.Dropped {
		dropped += n
	}
	if r.Read != r.Kept+dropped {
		t.Errorf("read %d != kept %d + dropped %d", r.Read, r.Kept, dropped)
	}
	files := readDocuments(t, cfg.Output)
	var docs []document.Document
	for name, data := range files {
		got := gunzipLines(t, data)
		for _, d := range got {
			if want := d.Language + "_all_0000.json.gz"; d.Language == "" || name != want {
				t.Errorf("%s (language %q) is in %s", d.URL, d.Language, name)
			}
		}
		docs = append(docs, got...)
	}
	// The sample's pages are in 12 languages (internal/sample/pages.go).
	if len(files) != 12 {
		names := []string{}
		for n := range files {
			names = append(names, n)
		}
		t.Errorf("documents files: %v", names)
	}
	if int64(len(docs)) != r.Kept {
		t.Fatalf("%d documents written, report says %d", len(docs), r.Kept)
	}
	for _, d := range docs {
		if d.URL == "" || d.DateDownload == "" || !strings.HasPrefix(d.Digest, "sha1:") || d.SourceDomain == "" {
			t.Errorf("document lacks cc_net fields: %+v", d)
		}
		// cc_net gates on length before dedup and never again, so a kept
		// document may be shorter now; its length before dedup (kept in
		// original_length, in bytes or code points, both ≥ the gate) may not.
		if !d.HasDedup || d.OriginalLength < int64(cfg.MinLength) {
			t.Errorf("%s: original_length %d is under the length gate", d.URL, d.OriginalLength)
		}
		for _, leak := range []string{"<script", "<style", "function(", "trackingId", "</div>"} {
			if strings.Contains(d.RawContent, leak) {
				t.Errorf("%s leaks %q", d.URL, leak)
			}
		}
	}
	for _, name := range []string{"report.json", "report.html", "run.json"} {
		if _, err := os.Stat(filepath.Join(cfg.Output, name)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(cfg.Output, ".ccnet-tmp")); !os.IsNotExist(err) {
		t.Error("temporary runs were left behind")
	}
}

// The output does not depend on how the work was split: spilling after
// every few documents (many runs) gives the same bytes as one run.
func TestDeterministic(t *testing.T) {
	a := config(t, sample...)
	a.OutputShards = 3
	b := a
	b.Output = t.TempDir()
	b.SpillBytes = 4096
	run(t, a)
	run(t, b)
	da, db := readDocuments(t, a.Output), readDocuments(t, b.Output)
	if len(da) == 0 || len(da) != len(db) {
		t.Fatalf("files %d vs %d", len(da), len(db))
	}
	for name, data := range da {
		if !bytes.Equal(data, db[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
	ra, _ := os.ReadFile(filepath.Join(a.Output, "report.json"))
	rb, _ := os.ReadFile(filepath.Join(b.Output, "report.json"))
	if !bytes.Equal(ra, rb) {
		t.Error("report.json differs between runs")
	}
}

func TestUsageErrors(t *testing.T) {
	cfg := config(t, "does/not/exist/*.warc.gz")
	_, err := pipeline.Run(context.Background(), cfg, nil)
	var ue *pipeline.UsageError
	if !errors.As(err, &ue) {
		t.Fatalf("no-match input: got %v, want a usage error", err)
	}
	cfg = config(t, sample...)
	run(t, cfg)
	if _, err := pipeline.Run(context.Background(), cfg, nil); !errors.As(err, &ue) {
		t.Fatalf("second run into the same directory: got %v, want a usage error", err)
	}
	cfg.Overwrite = true
	run(t, cfg)
}

// An unreadable file is counted with its error and the run goes on.
func TestBadFileCounted(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.warc.gz")
	good, _ := os.ReadFile(sample[1])
	os.WriteFile(bad, good[:len(good)/2], 0o644)
	arc := filepath.Join(dir, "old.arc")
	os.WriteFile(arc, []byte("filedesc://x.arc 0.0.0.0 20080430204825 text/plain 76\n1 0 Example\n"), 0o644)
	cfg := config(t, bad, arc, sample[0])
	res := run(t, cfg)
	r := res.Report
	if !r.Balanced || r.FilesWithErrors != 2 {
		t.Fatalf("balanced %v, files with errors %d", r.Balanced, r.FilesWithErrors)
	}
	var errs []string
	for _, f := range r.Files {
		if f.Error != "" {
			errs = append(errs, f.Error)
		}
	}
	sort.Strings(errs)
	if !strings.Contains(strings.Join(errs, "|"), "offset") || !strings.Contains(strings.Join(errs, "|"), "ARC") {
		t.Errorf("errors do not name the offset or the format: %q", errs)
	}
	cfg = config(t, bad)
	cfg.Strict = true
	res, err := pipeline.Run(context.Background(), cfg, nil)
	var strict *pipeline.StrictError
	if !errors.As(err, &strict) || strict.Files != 1 || res == nil || !res.Report.Balanced {
		t.Errorf("--strict on an unreadable file: %v", err)
	}
}
