package transforms

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/ccnet-go/ccnet/output"
)

// The transforms of a checkpointed run (pipeline --checkpoint-groups): each
// batch job writes the list of its sorted runs and its summed counts; the
// final job finds the later copies of each digest by reading the runs back.

// RunList collects the runs a batch wrote; a struct so its coder is Beam's
// schema coder.
type RunList struct {
	Runs []RunFile
}

// CollectRunsFn gathers every run of a job into one list, sorted by output
// file and path so the list does not depend on bundle order.
type CollectRunsFn struct{}

// CreateAccumulator starts an empty list.
func (CollectRunsFn) CreateAccumulator() RunList { return RunList{} }

// AddInput adds one run.
func (CollectRunsFn) AddInput(a RunList, r RunFile) RunList {
	a.Runs = append(a.Runs, r)
	return a
}

// MergeAccumulators joins two lists.
func (CollectRunsFn) MergeAccumulators(a, b RunList) RunList {
	a.Runs = append(a.Runs, b.Runs...)
	return a
}

// ExtractOutput sorts the list.
func (CollectRunsFn) ExtractOutput(a RunList) []RunFile {
	sort.Slice(a.Runs, func(i, j int) bool {
		if a.Runs[i].Output != a.Runs[j].Output {
			return a.Runs[i].Output < a.Runs[j].Output
		}
		return a.Runs[i].Path < a.Runs[j].Path
	})
	return a.Runs
}

// WriteRunListFn writes a job's run list as JSON to Path.
type WriteRunListFn struct {
	Path string
}

// ProcessElement writes the list.
func (f *WriteRunListFn) ProcessElement(ctx context.Context, runs []RunFile) error {
	return writeJSON(ctx, f.Path, runs)
}

// WriteCountsFn writes a job's summed counts as JSON to Path.
type WriteCountsFn struct {
	Path string
}

// ProcessElement writes the counts.
func (f *WriteCountsFn) ProcessElement(ctx context.Context, counts []Count) error {
	return writeJSON(ctx, f.Path, counts)
}

func writeJSON(ctx context.Context, path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return writeFile(ctx, path, func(w writer) error {
		_, err := w.Write(append(data, '\n'))
		return err
	})
}

// RunDigestsFn keys every document of a run by its digest, as DigestKeyFn
// keys the documents themselves, for exact document dedup over runs that
// earlier jobs wrote.
type RunDigestsFn struct{}

// ProcessElement reads one run.
func (RunDigestsFn) ProcessElement(ctx context.Context, r RunFile, emit func(string, DocKey)) error {
	rc, err := openRead(ctx, r.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	rr, err := output.NewRunReader(rc)
	if err != nil {
		return fmt.Errorf("%s: %w", r.Path, err)
	}
	defer rr.Close()
	var doc struct {
		Digest string `json:"digest"`
	}
	for n := 0; ; n++ {
		e, err := rr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", r.Path, err)
		}
		doc.Digest = ""
		if err := json.Unmarshal(e.JSON, &doc); err != nil {
			return fmt.Errorf("%s: document %d: %w", r.Path, n, err)
		}
		emit(doc.Digest, DocKey{File: e.File, Offset: e.Offset, Output: r.Output})
	}
}
