package transforms

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/output"
	"github.com/ccnet-go/ccnet/report"
)

// RunFile names one sorted run of documents bound for one output file.
type RunFile struct {
	Output string // output file name without extension, e.g. "all_all_0003"
	Path   string
	Docs   int64
}

// WriteRunsFn buffers the documents of a bundle, and spills them as sorted
// runs, one per output file, whenever the buffer passes BudgetBytes and at
// the end of the bundle. It emits the name of every run it wrote; runs of a
// failed bundle attempt are never emitted, so they are ignored (and removed
// with the temporary directory).
type WriteRunsFn struct {
	TempDir     string
	Shards      int
	BudgetBytes int64

	buf  map[string][]output.Entry
	size int64
	id   string
	seq  int
}

// StartBundle starts an empty buffer under a fresh id.
func (f *WriteRunsFn) StartBundle(ctx context.Context, emit func(RunFile)) error {
	f.buf = map[string][]output.Entry{}
	f.size, f.seq = 0, 0
	var err error
	f.id, err = randomID()
	return err
}

// ProcessElement buffers one document.
func (f *WriteRunsFn) ProcessElement(ctx context.Context, d document.Document, emit func(RunFile)) error {
	name := output.Name(output.Group(&d), output.Shard(&d, f.Shards))
	e := output.NewEntry(&d)
	f.buf[name] = append(f.buf[name], e)
	f.size += e.Size()
	if f.size >= f.BudgetBytes {
		return f.spill(ctx, emit)
	}
	return nil
}

// FinishBundle spills what is left.
func (f *WriteRunsFn) FinishBundle(ctx context.Context, emit func(RunFile)) error {
	return f.spill(ctx, emit)
}

func (f *WriteRunsFn) spill(ctx context.Context, emit func(RunFile)) error {
	for name, es := range f.buf {
		output.SortEntries(es)
		path := fmt.Sprintf("%s/runs/%s/%s-%04d.run", strings.TrimSuffix(f.TempDir, "/"), name, f.id, f.seq)
		f.seq++
		if err := writeFile(ctx, path, func(w writer) error { return output.WriteRun(w, es) }); err != nil {
			return err
		}
		emit(RunFile{Output: name, Path: path, Docs: int64(len(es))})
	}
	f.buf = map[string][]output.Entry{}
	f.size = 0
	return nil
}

type writer interface {
	Write([]byte) (int, error)
}

// writeFile creates path through Beam's filesystems (local, gs://, s3://).
func writeFile(ctx context.Context, path string, fill func(w writer) error) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return err
	}
	if err := fill(w); err != nil {
		w.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// KeyRunFn keys a run by its output file.
func KeyRunFn(r RunFile) (string, RunFile) { return r.Output, r }

// MergeFn merges the runs of one output file into OutDir/name.json.gz,
// counts what it wrote, per input file, and emits the file for the stages
// that read the documents back (training shards).
type MergeFn struct {
	OutDir    string
	GzipLevel int

	skip skipper
}

// ProcessElement merges the runs of output name. losers lists the
// documents of this file that exact digest dedup drops (none without it).
func (f *MergeFn) ProcessElement(ctx context.Context, name string, runs func(*RunFile) bool, losers func(*DocKey) bool, written func(DocFile), count func(Count)) error {
	f.skip.load(losers)
	var paths []string
	var r RunFile
	for runs(&r) {
		paths = append(paths, r.Path)
	}
	// Runs are read in path order so the merge's tie-break does not depend
	// on the order the runner delivers them in.
	sort.Strings(paths)
	var readers []*output.RunReader
	var closers []func() error
	defer func() {
		for _, rr := range readers {
			rr.Close()
		}
		for _, c := range closers {
			c()
		}
	}()
	for _, p := range paths {
		rc, err := openRead(ctx, p)
		if err != nil {
			return err
		}
		closers = append(closers, rc.Close)
		rr, err := output.NewRunReader(rc)
		if err != nil {
			return err
		}
		readers = append(readers, rr)
	}
	group := name[:strings.LastIndexByte(name, '_')]
	final := strings.TrimSuffix(f.OutDir, "/") + "/documents/" + name + ".json.gz"
	var st output.Stats
	err := writeFile(ctx, final, func(w writer) error {
		var err error
		st, err = output.Merge(readers, w, f.GzipLevel, f.skip.skip)
		return err
	})
	if err != nil {
		return err
	}
	for file, n := range st.Docs {
		count(Count{Key: report.Key(report.KindKept, group, file), N: n})
	}
	count(Count{Key: report.Key(report.KindKeptChars, group, ""), N: st.Chars})
	countSkipped(st, count)
	DocsWritten.Add(st.Documents)
	if st.Documents > 0 {
		written(DocFile{Name: name, Path: final})
	}
	return nil
}
