package filters

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/internal/shareddata"
)

func sharedWordlists(tb testing.TB) string {
	tb.Helper()
	return shareddata.Path(tb, filepath.Join("wordlists", "ldnoobw"))
}

// sharedDocs reads the documents of the shared multilingual WET file (697
// Common Crawl pages), or skips.
func sharedDocs(tb testing.TB) []document.Document {
	tb.Helper()
	path := shareddata.Path(tb, filepath.Join("wet", "DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz"))
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var docs []document.Document
	err = ingest.ReadFile(context.Background(), f, path, ingest.Options{Workers: 1},
		func(d document.Document) { docs = append(docs, d) }, func(string, int64) {})
	if err != nil {
		tb.Fatal(err)
	}
	return docs
}
