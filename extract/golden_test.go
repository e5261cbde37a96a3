package extract

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/http/*.want from the current output")

// formatResult renders a Response outcome in the .want file format.
func formatResult(r Result, err error) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "status: %d\n", r.Status)
	if err != nil {
		fmt.Fprintf(&sb, "drop: %s\n", DropReason(err))
		return sb.String()
	}
	fmt.Fprintf(&sb, "type: %s\ncharset: %s\ntitle: %s\ndropped: %d\n---\n", r.ContentType, r.Charset, r.Title, r.LinesDropped)
	for _, l := range r.Lines {
		sb.WriteString(l)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// TestGolden runs Response over the hand-written HTTP blocks in
// testdata/http and compares with the reviewed .want files.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/http/*.http")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, fn := range files {
		name := strings.TrimSuffix(filepath.Base(fn), ".http")
		t.Run(name, func(t *testing.T) {
			blk, err := os.ReadFile(fn)
			if err != nil {
				t.Fatal(err)
			}
			got := formatResult(Response(blk, Options{}))
			wantFile := strings.TrimSuffix(fn, ".http") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n--- got ---\n%s--- want ---\n%s", wantFile, got, want)
			}
		})
	}
}
