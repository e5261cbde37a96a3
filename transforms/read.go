package transforms

import (
	"context"
	"io"
	"sync/atomic"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/report"
)

// Progress counters of this process, read by the progress printer of a
// local run (on remote workers nobody reads them; the per-file log lines
// serve there).
var (
	FilesDone   atomic.Int64
	RecordsRead atomic.Int64
	DocsWritten atomic.Int64
)

// ReadFileFn reads one input file (its path is the element) into documents.
// A file that cannot be read to its end is counted with its error (and the
// records read before it keep their outcome); it never fails the bundle, so
// one bad file among thousands does not stop a dump. --strict is applied by
// the driver once the run is over.
type ReadFileFn struct {
	Opts ingest.Options
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ProcessElement reads the file at path.
func (f *ReadFileFn) ProcessElement(ctx context.Context, path string, emit func(document.Document), count func(Count)) error {
	counter := func(key string, n int64) {
		if kind, _, _ := report.SplitKey(key); kind == report.KindRead {
			RecordsRead.Add(n)
		}
		count(Count{Key: key, N: n})
	}
	rc, err := openRead(ctx, path)
	if err != nil {
		return f.fileError(ctx, path, err, counter)
	}
	defer rc.Close()
	cr := &countingReader{r: rc}
	err = ingest.ReadFile(ctx, cr, path, f.Opts, emit, counter)
	counter(report.Key(report.KindBytes, "", path), cr.n)
	FilesDone.Add(1)
	if err != nil {
		log.Warnf(ctx, "ccnet: %v", err)
		return nil
	}
	log.Debugf(ctx, "ccnet: read %s", path)
	return nil
}

func (f *ReadFileFn) fileError(ctx context.Context, path string, err error, counter ingest.Counter) error {
	log.Warnf(ctx, "ccnet: %s: %v", path, err)
	counter(report.Key(report.KindError, err.Error(), path), 1)
	FilesDone.Add(1)
	return nil
}

// LengthGateFn is cc_net's min_len: documents whose raw_content has fewer
// than MinLength code points are dropped as "too-short". cc_net checks it
// when reading the WET file, before dedup, and never again.
type LengthGateFn struct {
	MinLength int
}

// ProcessElement passes or drops one document.
func (f *LengthGateFn) ProcessElement(d document.Document, emit func(document.Document), count func(Count)) {
	if ingest.TooShort(&d, f.MinLength) {
		count(Count{Key: report.Key(report.KindDrop, "too-short", d.File), N: 1})
		return
	}
	emit(d)
}
