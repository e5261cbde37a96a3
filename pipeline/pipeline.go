package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"   // gs:// inputs and outputs
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local" // local paths
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"    // s3:// inputs and outputs
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	_ "github.com/ccnet-go/ccnet/internal/httpfs" // https:// and http:// inputs
	"github.com/ccnet-go/ccnet/internal/version"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/transforms"
)

// UsageError is a problem with the flags, the config or the inputs, found
// before any work starts (exit status 2).
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Build adds the ccnet graph over the given input files to s. tmpDir holds
// the sorted runs between the writing and merging stages.
func Build(s beam.Scope, cfg Config, files []string, tmpDir string) {
	kept, counts := buildDocs(s, cfg, files, groupsOf(files, cfg.DedupGroupFiles), tmpDir)
	out := s.Scope("Output")
	// Exact document dedup (RedPajama v1, after cc_net): the later copies
	// of a digest, in input order, go to the merge of the file they were
	// bound for, which leaves them out.
	losers := noLosers(out)
	if cfg.DedupDigest {
		ds := s.Scope("DigestDedup")
		losers = laterCopies(ds, beam.ParDo(ds, &transforms.DigestKeyFn{Shards: cfg.OutputShards}, kept))
	}
	runs := writeRuns(out, cfg, tmpDir, kept)
	buildOutput(s, out, cfg, runs, losers, counts)
}

// groupsOf maps each input file to its dedup group: files in the given
// (sorted) order, groupFiles to a group.
func groupsOf(files []string, groupFiles int) map[string]int {
	groups := make(map[string]int, len(files))
	for i, f := range files {
		groups[f] = transforms.GroupOf(i, groupFiles)
	}
	return groups
}

// buildDocs is every per-document stage, from the input files to the kept
// documents, with the count collections of each stage.
func buildDocs(s beam.Scope, cfg Config, files []string, groups map[string]int, tmpDir string) (beam.PCollection, []beam.PCollection) {
	paths := beam.CreateList(s.Scope("Inputs"), files)
	paths = beam.Reshuffle(s.Scope("SpreadFiles"), paths)
	docs, readCounts := beam.ParDo2(s.Scope("Read"),
		&transforms.ReadFileFn{Opts: cfg.ingestOptions()}, paths)
	kept, gateCounts := beam.ParDo2(s.Scope("LengthGate"),
		&transforms.LengthGateFn{MinLength: cfg.MinLength}, docs)
	counts := []beam.PCollection{readCounts, gateCounts}
	if cfg.Dedup {
		var dedupCounts []beam.PCollection
		kept, dedupCounts = lineDedup(s.Scope("Dedup"), cfg, groups, tmpDir, kept)
		counts = append(counts, dedupCounts...)
	}

	if cfg.LID {
		var lidCounts beam.PCollection
		kept, lidCounts = beam.ParDo2(s.Scope("LanguageID"), &transforms.LangIDFn{Languages: cfg.LIDLanguages,
			Mode: cfg.LIDMode, Threshold: cfg.LIDThreshold, Keep: cfg.KeepLanguages}, kept)
		counts = append(counts, lidCounts)
	}

	if len(cfg.Filters) > 0 {
		var filterCounts beam.PCollection
		kept, filterCounts = beam.ParDo2(s.Scope("Filters"), &transforms.FiltersFn{Spec: cfg.filterSpec()}, kept)
		counts = append(counts, filterCounts)
	}

	if cfg.LMDir != "" {
		var lmCounts beam.PCollection
		kept, lmCounts = beam.ParDo2(s.Scope("Perplexity"), &transforms.PerplexityFn{LMDir: cfg.LMDir,
			Cutoffs: cfg.lmCutoffs(), Keep: cfg.KeepBuckets}, kept)
		counts = append(counts, lmCounts)
	}
	if cfg.WikirefModel != "" {
		var wrCounts beam.PCollection
		kept, wrCounts = beam.ParDo2(s.Scope("WikipediaReference"), &transforms.WikirefFn{Model: cfg.WikirefModel,
			Threshold: cfg.WikirefThreshold, Annotate: cfg.WikirefMode == "annotate", Languages: cfg.WikirefLanguages}, kept)
		counts = append(counts, wrCounts)
	}
	return kept, counts
}

// noLosers is the empty list of later copies, when digest dedup is off.
func noLosers(out beam.Scope) beam.PCollection {
	return beam.ParDo(out.Scope("NoLosers"), transforms.KeyLoserFn, beam.CreateList(out, []transforms.DocKey{}))
}

// laterCopies turns (digest, DocKey) pairs into the later copies of each
// digest, keyed by the documents file they were bound for.
func laterCopies(ds beam.Scope, keyed beam.PCollection) beam.PCollection {
	firsts := beam.CombinePerKey(ds.Scope("FirstOfDigest"), &transforms.FirstOfDigestFn{}, keyed)
	return beam.ParDo(ds.Scope("LaterCopies"), transforms.LaterCopiesFn, firsts)
}

// writeRuns spills the kept documents as sorted runs under tmpDir.
func writeRuns(out beam.Scope, cfg Config, tmpDir string, kept beam.PCollection) beam.PCollection {
	return beam.ParDo(out.Scope("WriteRuns"),
		&transforms.WriteRunsFn{TempDir: tmpDir, Shards: cfg.OutputShards, BudgetBytes: cfg.SpillBytes}, kept)
}

// buildOutput merges the runs of each documents file (leaving the losers
// out), writes the training shards, and sums every count into the report.
func buildOutput(s, out beam.Scope, cfg Config, runs, losers beam.PCollection, counts []beam.PCollection) {
	grouped := beam.CoGroupByKey(out.Scope("GroupRuns"), beam.ParDo(out, transforms.KeyRunFn, runs), losers)
	docFiles, mergeCounts := beam.ParDo2(out.Scope("Merge"),
		&transforms.MergeFn{OutDir: cfg.Output, GzipLevel: cfg.GzipLevel}, grouped)
	counts = append(counts, mergeCounts)
	if cfg.Tokenizer != "" {
		formats, _ := cfg.shardFormats()
		sh := s.Scope("Shards")
		counts = append(counts, beam.ParDo(sh.Scope("Tokenize"), &transforms.ShardsFn{OutDir: cfg.Output,
			Tokenizer: cfg.Tokenizer, Formats: int(formats), ValidFraction: cfg.ShardValidFraction,
			ShardsPerGroup: cfg.OutputShards, Bucketed: cfg.bucketedLanguages()}, beam.Reshuffle(sh.Scope("SpreadFiles"), docFiles)))
	}

	rep := s.Scope("Report")
	all := beam.Flatten(rep, counts...)
	summed := beam.Combine(rep.Scope("SumCounts"), &transforms.SumCountsFn{}, all)
	beam.ParDo0(rep.Scope("WriteReport"), &transforms.WriteReportFn{OutDir: cfg.Output}, summed)
}

// lineDedup is cc_net's line-level dedup in two passes: the hash pass
// spills documents and sorted hash runs; the runs of each (group,
// partition) merge into the set of hashes seen in two documents or more;
// the apply pass reads the documents back and removes those lines. See
// package dedup and transforms.DedupSpillFn.
func lineDedup(s beam.Scope, cfg Config, groups map[string]int, tmpDir string, docs beam.PCollection) (beam.PCollection, []beam.PCollection) {
	docRuns, hashRuns := beam.ParDo2(s.Scope("HashPass"), &transforms.DedupSpillFn{TempDir: tmpDir,
		Partitions: cfg.DedupPartitions, BudgetBytes: cfg.SpillBytes, Groups: groups}, docs)
	byPart := beam.GroupByKey(s.Scope("GroupHashRuns"), beam.ParDo(s, transforms.KeyHashRunFn, hashRuns))
	dupFiles, mergeCounts := beam.ParDo2(s.Scope("MergeHashes"), &transforms.MergeHashesFn{TempDir: tmpDir}, byPart)
	docRuns = beam.Reshuffle(s.Scope("SpreadDocRuns"), docRuns)
	deduped, applyCounts := beam.ParDo2(s.Scope("Apply"), &transforms.ApplyDedupFn{Partitions: cfg.DedupPartitions},
		docRuns, beam.SideInput{Input: dupFiles})
	return deduped, []beam.PCollection{mergeCounts, applyCounts}
}

// Input is one input file of a run.
type Input struct {
	Path  string `json:"path"`
	Bytes int64  `json:"bytes"`
}

// ListInputs expands the input globs through Beam's filesystems, in sorted
// order without repeats. A glob that matches nothing is a usage error.
func ListInputs(ctx context.Context, globs []string) ([]Input, error) {
	seen := map[string]bool{}
	var out []Input
	for _, g := range globs {
		fs, err := filesystem.New(ctx, g)
		if err != nil {
			return nil, &UsageError{fmt.Errorf("--input %q: %w", g, err)}
		}
		files, err := fs.List(ctx, g)
		if err != nil {
			fs.Close()
			return nil, &UsageError{fmt.Errorf("--input %q: %w", g, err)}
		}
		if len(files) == 0 {
			fs.Close()
			return nil, &UsageError{fmt.Errorf("--input %q matches no file", g)}
		}
		for _, f := range files {
			if seen[f] {
				continue
			}
			seen[f] = true
			size, err := fs.Size(ctx, f)
			if err != nil {
				size = -1
			}
			if isDir(f) {
				continue
			}
			out = append(out, Input{Path: f, Bytes: size})
		}
		fs.Close()
	}
	if len(out) == 0 {
		return nil, &UsageError{errors.New("the inputs match only directories")}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func isDir(path string) bool {
	if strings.Contains(path, "://") {
		return false
	}
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// Manifest is run.json: what ran, on what, with which settings, how long.
type Manifest struct {
	Schema         int       `json:"schema"`
	Version        string    `json:"ccnet_version"`
	GoVersion      string    `json:"go_version"`
	BeamSDK        string    `json:"beam_sdk"`
	Runner         string    `json:"runner"`
	Config         Config    `json:"config"`
	Inputs         []Input   `json:"inputs"`
	Models         []string  `json:"models"`
	Started        time.Time `json:"started"`
	Finished       time.Time `json:"finished"`
	Seconds        float64   `json:"seconds"`
	RecordsPerSec  float64   `json:"records_per_second"`
	Read           int64     `json:"records_read"`
	Kept           int64     `json:"documents_kept"`
	FilesWithError int       `json:"files_with_errors"`
	// Checkpoints describes a run made with --checkpoint-groups.
	Checkpoints *Checkpoints `json:"checkpoints,omitempty"`
}

// Result is what Run hands back to the command.
type Result struct {
	Manifest Manifest
	Report   *report.Report // nil after a dry run
	// DryRun is set when --runner=dataflow --dry_run translated the job
	// graph into a Dataflow job and stopped without submitting it.
	DryRun bool
}

// dataflowDryRun is --runner=dataflow --dry_run: the Dataflow runner
// builds, translates and prints the job, and submits nothing, so no
// output is written and none is read back.
func dataflowDryRun() bool {
	if r := runnerName(); r != "dataflow" && r != "DataflowRunner" {
		return false
	}
	f := flag.Lookup("dry_run")
	return f != nil && f.Value.String() == "true"
}

func runnerName() string {
	if *runners.Runner == "" {
		return "prism"
	}
	return *runners.Runner
}

// Run lists the inputs, runs the graph, and writes report.html and run.json.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, &UsageError{err}
	}
	cfg.Output = strings.TrimSuffix(cfg.Output, "/")
	inputs, err := SelectInputs(ctx, cfg)
	if err != nil {
		return nil, err
	}
	dryRun := dataflowDryRun()
	if cfg.CheckpointGroups > 0 && !dryRun {
		return runCheckpointed(ctx, cfg, inputs, progress)
	}
	if !dryRun {
		if err := prepareOutput(ctx, cfg); err != nil {
			return nil, err
		}
	}
	id, err := newID()
	if err != nil {
		return nil, err
	}
	tmpDir := cfg.Output + "/.ccnet-tmp/" + id
	files := inputPaths(inputs)

	p, s := beam.NewPipelineWithRoot()
	Build(s, cfg, files, tmpDir)

	m := newManifest(cfg, inputs)
	stop := startProgress(progress, len(inputs), m.Started)
	_, runErr := beamx.RunWithMetrics(ctx, p)
	stop()
	if dryRun {
		if runErr != nil {
			return nil, fmt.Errorf("dry run: %w", runErr)
		}
		m.Finished = time.Now().UTC()
		m.Seconds = m.Finished.Sub(m.Started).Seconds()
		return &Result{Manifest: m, DryRun: true}, nil
	}
	removeAll(ctx, cfg.Output+"/.ccnet-tmp")
	if runErr != nil {
		return nil, fmt.Errorf("pipeline failed: %w", runErr)
	}
	return finish(ctx, cfg, m)
}

func inputPaths(inputs []Input) []string {
	files := make([]string, len(inputs))
	for i, in := range inputs {
		files[i] = in.Path
	}
	return files
}

func newManifest(cfg Config, inputs []Input) Manifest {
	return Manifest{Schema: 1, Version: version.String(), GoVersion: runtime.Version(),
		BeamSDK: version.BeamSDK, Runner: runnerName(), Config: cfg, Inputs: inputs, Models: []string{},
		Started: time.Now().UTC()}
}

// finish reads the report.json the job wrote, and writes report.html and
// run.json.
func finish(ctx context.Context, cfg Config, m Manifest) (*Result, error) {
	m.Finished = time.Now().UTC()
	m.Seconds = m.Finished.Sub(m.Started).Seconds()
	data, err := readFile(ctx, cfg.Output+"/report.json")
	if err != nil {
		return nil, fmt.Errorf("reading the report: %w", err)
	}
	rep, err := report.Parse(data)
	if err != nil {
		return nil, err
	}
	m.Read, m.Kept, m.FilesWithError = rep.Read, rep.Kept, rep.FilesWithErrors
	if m.Seconds > 0 {
		m.RecordsPerSec = float64(rep.Read) / m.Seconds
	}
	html, err := rep.HTML(report.Run{Version: m.Version, Runner: m.Runner,
		Started: m.Started.Format(time.RFC3339), Seconds: m.Seconds, Inputs: len(m.Inputs),
		Output: cfg.Output, RecordsPerS: m.RecordsPerSec})
	if err != nil {
		return nil, err
	}
	if err := writeBytes(ctx, cfg.Output+"/report.html", html); err != nil {
		return nil, err
	}
	mj, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeBytes(ctx, cfg.Output+"/run.json", append(mj, '\n')); err != nil {
		return nil, err
	}
	res := &Result{Manifest: m, Report: rep}
	if cfg.Strict && rep.FilesWithErrors > 0 {
		return res, &StrictError{Files: rep.FilesWithErrors}
	}
	return res, nil
}

// StrictError says that, with --strict, some input files could not be read
// to their end; the run's outputs and report are complete for the rest.
type StrictError struct{ Files int }

func (e *StrictError) Error() string {
	return fmt.Sprintf("--strict: %d input files could not be read to their end (see the report)", e.Files)
}

// prepareOutput refuses to mix two runs in one directory unless told to
// overwrite, in which case it removes the previous run's files.
func prepareOutput(ctx context.Context, cfg Config) error {
	previous := []string{"report.json", "report.html", "run.json"}
	fs, err := filesystem.New(ctx, cfg.Output+"/report.json")
	if err != nil {
		return &UsageError{fmt.Errorf("--output %q: %w", cfg.Output, err)}
	}
	defer fs.Close()
	docs, _ := fs.List(ctx, cfg.Output+"/documents/*.json.gz")
	var found []string
	for _, name := range previous {
		if l, _ := fs.List(ctx, cfg.Output+"/"+name); len(l) > 0 {
			found = append(found, l...)
		}
	}
	found = append(found, docs...)
	for _, pattern := range []string{"/shards/megatron/*/*", "/shards/llmc/*/*"} {
		shardFiles, _ := fs.List(ctx, cfg.Output+pattern)
		found = append(found, shardFiles...)
	}
	if len(found) == 0 {
		return nil
	}
	if !cfg.Overwrite {
		return &UsageError{fmt.Errorf("--output %q holds a previous run (%s); pass --overwrite to replace it", cfg.Output, found[0])}
	}
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return &UsageError{fmt.Errorf("--output %q: this filesystem cannot remove files; use an empty directory", cfg.Output)}
	}
	for _, f := range found {
		if err := rm.Remove(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// removeAll removes dir and everything under it. Beam's filesystems list
// by glob, and what "*" matches differs (on s3 it stops at "/"), so the
// tree is listed one depth at a time, as deep as ccnet's temporary trees
// go and more.
func removeAll(ctx context.Context, dir string) {
	if !strings.Contains(dir, "://") {
		os.RemoveAll(filepath.Clean(dir))
		return
	}
	fs, err := filesystem.New(ctx, dir)
	if err != nil {
		return
	}
	defer fs.Close()
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return
	}
	for depth := 1; depth <= 8; depth++ {
		files, _ := fs.List(ctx, dir+strings.Repeat("/*", depth))
		for _, f := range files {
			rm.Remove(ctx, f)
		}
	}
}

func readFile(ctx context.Context, path string) ([]byte, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	return filesystem.Read(ctx, fs, path)
}

func writeBytes(ctx context.Context, path string, data []byte) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	return filesystem.Write(ctx, fs, path, data)
}

// startProgress prints files done and records/s every few seconds while a
// run goes on. The counters are this process's: they move when the workers
// run here (Prism, and the portable runner with LOOPBACK workers). With
// workers elsewhere (Dataflow, or a portable runner's DOCKER or PROCESS
// environment) it prints the elapsed time once a minute and points at the
// runner's own console.
func startProgress(w io.Writer, files int, start time.Time) (stop func()) {
	if w == nil {
		return func() {}
	}
	local := workersInProcess()
	every := 5 * time.Second
	if !local {
		every = time.Minute
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				secs := now.Sub(start).Seconds()
				if !local {
					fmt.Fprintf(w, "ccnet: %s job running, %.0fs (its workers are not in this process: see the runner's console)\n",
						runnerName(), secs)
					continue
				}
				recs := transforms.RecordsRead.Load()
				fmt.Fprintf(w, "ccnet: %d/%d files, %d records read (%.0f/s), %d documents written, %.0fs\n",
					transforms.FilesDone.Load(), files, recs, float64(recs)/secs,
					transforms.DocsWritten.Load(), secs)
			}
		}
	}()
	return func() { close(done); <-finished }
}

// workersInProcess reports whether the SDK workers run in this process:
// always on the embedded Prism runner; with a portable runner only in the
// LOOPBACK environment; never on Dataflow.
func workersInProcess() bool {
	switch runnerName() {
	case "prism", "direct":
		return true
	case "dataflow", "DataflowRunner":
		return false
	}
	return jobopts.IsLoopback()
}
