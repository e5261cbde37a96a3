// Command gen writes the sample dump of ccnet-go: sample.warc.gz and
// sample.warc.wet.gz, into the directory given by -out.
//
//	go run ./internal/sample/gen -out testdata/sample
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ccnet-go/ccnet/internal/sample"
)

func main() {
	out := flag.String("out", "testdata/sample", "directory to write the sample files into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{sample.WARCName, sample.WriteWARC},
		{sample.WETName, sample.WriteWET},
	} {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			return err
		}
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d bytes)\n", path, b.Len())
	}
	return nil
}
