package pipeline_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/warc"
)

// Every file of the shared data's warc/, wet/ and edge/ folders goes through
// one run: no crash or hang, every record accounted for, and the 697
// documents of the DERIVED WET come out with their URL, date and digest.
func TestSharedData(t *testing.T) {
	data := sharedData()
	derived := filepath.Join(data, benchSources[0])
	if _, err := os.Stat(derived); err != nil {
		t.Skip("shared data not found; set CCNET_DATA")
	}
	var inputs []string
	for _, dir := range []string{"warc", "wet", "edge"} {
		files, _ := filepath.Glob(filepath.Join(data, dir, "*"))
		inputs = append(inputs, files...)
	}
	cfg := config(t, inputs...)
	res := run(t, cfg)
	r := res.Report
	if !r.Balanced {
		t.Fatalf("unbalanced: read %d kept %d dropped %v", r.Read, r.Kept, r.Dropped)
	}
	for _, f := range r.Files {
		base := filepath.Base(f.Path)
		isARC := strings.Contains(base, ".arc")
		if isARC && !strings.Contains(f.Error, "ARC") {
			t.Errorf("%s: ARC file without an 'unsupported' error: %q", base, f.Error)
		}
		t.Logf("%-70s read %4d kept %4d %v %s", base, f.Read, f.Kept, f.Dropped, f.Error)
	}

	// What the WET headers say, read independently of the pipeline.
	want := map[string][2]string{}
	in, err := os.Open(derived)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	wr, err := warc.NewReader(in, warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := wr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type == "conversion" {
			want[rec.TargetURI()] = [2]string{rec.Header.Get("WARC-Date"), rec.Header.Get("WARC-Block-Digest")}
		}
	}
	if len(want) != 697 {
		t.Fatalf("%d conversion records in the DERIVED WET, want 697", len(want))
	}
	var fromDerived []document.Document
	for _, data := range readDocuments(t, cfg.Output) {
		for _, d := range gunzipLines(t, data) {
			if strings.HasSuffix(d.CCSegment, filepath.Base(derived)) {
				fromDerived = append(fromDerived, d)
			}
		}
	}
	var derivedFile = findFile(t, res.Report.Files, derived)
	if derivedFile.Read != 698 || int64(len(fromDerived)) != derivedFile.Kept ||
		derivedFile.Kept+derivedFile.Dropped["too-short"]+derivedFile.Dropped["all-lines-duplicate"]+
			derivedFile.Dropped["lang-below-threshold"] != 697 {
		t.Errorf("DERIVED WET: read %d, kept %d (%d written), too-short %d",
			derivedFile.Read, derivedFile.Kept, len(fromDerived), derivedFile.Dropped["too-short"])
	}
	for _, d := range fromDerived {
		w, ok := want[d.URL]
		if !ok || d.DateDownload != w[0] || d.Digest != w[1] {
			t.Errorf("%s: date %s digest %s, the WET says %v", d.URL, d.DateDownload, d.Digest, w)
		}
	}
}

func findFile(t *testing.T, files []reportFile, path string) reportFile {
	t.Helper()
	for _, f := range files {
		if f.Path == path {
			return f
		}
	}
	t.Fatalf("%s is not in the report", path)
	return reportFile{}
}

type reportFile = report.File
