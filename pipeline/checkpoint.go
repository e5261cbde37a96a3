package pipeline

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/ccnet-go/ccnet/internal/version"
	"github.com/ccnet-go/ccnet/transforms"
)

// A checkpointed run (--checkpoint-groups N) is resumable. Line dedup
// couples every file of a dedup group, so the unit of work is the dedup
// group: the inputs' groups are cut into batches of N consecutive groups,
// and each batch is one Beam job that runs every per-document stage and
// spills the kept documents as sorted runs under
// OUTPUT/.ccnet-work/batch-NNNNN/ATTEMPT/, with the list of its runs and
// its summed counts. When the job has succeeded, the driver writes the
// batch's done.json (the attempt, its runs and its counts): the batch is
// finalized. A last job merges the runs of every batch into the documents
// files (dropping later copies of a digest, found by reading the runs
// back), writes the training shards, and sums the batches' counts with its
// own into report.json.
//
// Run again with the same flags and inputs, a checkpointed run skips every
// batch that has a done.json, removes what unfinished attempts left, and
// carries the finished batches' counts into the report. The output equals
// that of an uninterrupted run without checkpoints, byte for byte: the
// merge orders documents by input file and offset whatever runs they come
// in. OUTPUT/.ccnet-work/plan.json holds a fingerprint of the flags, the
// input list and the ccnet version; checkpoints with another fingerprint
// are never used (--overwrite removes them, else the run stops).

// Checkpoints is what run.json says of a checkpointed run.
type Checkpoints struct {
	GroupsPerBatch int `json:"groups_per_batch"`
	Batches        int `json:"batches"`
	// Resumed counts the batches finalized by an earlier, interrupted
	// attempt of this run and skipped by this one.
	Resumed int `json:"resumed"`
}

// plan is OUTPUT/.ccnet-work/plan.json.
type plan struct {
	Fingerprint string `json:"fingerprint"`
	Batches     int    `json:"batches"`
}

// batchDone is a batch's done.json.
type batchDone struct {
	Attempt string               `json:"attempt"`
	Runs    []transforms.RunFile `json:"runs"`
	Counts  []transforms.Count   `json:"counts"`
}

// testHookAfterBatch, when set, runs after each batch is finalized; an
// error it returns stops the run there, as a crash would.
var testHookAfterBatch func(batch int) error

// fingerprint names what a run's outputs depend on: the config (but not
// --overwrite), the inputs in order, and the ccnet version.
func fingerprint(cfg Config, files []string) string {
	cfg.Overwrite = false
	h := sha256.New()
	json.NewEncoder(h).Encode(struct {
		Version string
		Config  Config
		Files   []string
	}{version.String(), cfg, files})
	return hex.EncodeToString(h.Sum(nil))
}

// batchesOf cuts the files, in order, into batches of whole dedup groups.
func batchesOf(files []string, groupFiles, groupsPerBatch int) [][]string {
	var out [][]string
	last := -1
	for i, f := range files {
		b := transforms.GroupOf(i, groupFiles) / groupsPerBatch
		if b != last {
			out = append(out, nil)
			last = b
		}
		out[len(out)-1] = append(out[len(out)-1], f)
	}
	return out
}

func runCheckpointed(ctx context.Context, cfg Config, inputs []Input, progress io.Writer) (*Result, error) {
	files := inputPaths(inputs)
	groups := groupsOf(files, cfg.DedupGroupFiles)
	batches := batchesOf(files, cfg.DedupGroupFiles, cfg.CheckpointGroups)
	work := cfg.Output + "/.ccnet-work"
	want := plan{Fingerprint: fingerprint(cfg, files), Batches: len(batches)}

	var have plan
	data, err := readFile(ctx, work+"/plan.json")
	resuming := err == nil && json.Unmarshal(data, &have) == nil && have == want
	switch {
	case resuming:
		// The final outputs, if any, are an interrupted merge's: redone.
		c := cfg
		c.Overwrite = true
		if err := prepareOutput(ctx, c); err != nil {
			return nil, err
		}
	case err == nil && !cfg.Overwrite:
		return nil, &UsageError{fmt.Errorf("--output %q holds checkpoints of a run with other flags, inputs or ccnet version (%s); pass --overwrite to remove them", cfg.Output, work)}
	default:
		if err := prepareOutput(ctx, cfg); err != nil {
			return nil, err
		}
		removeAll(ctx, work)
		pj, _ := json.Marshal(want)
		if err := writeBytes(ctx, work+"/plan.json", append(pj, '\n')); err != nil {
			return nil, err
		}
	}

	m := newManifest(cfg, inputs)
	cp := &Checkpoints{GroupsPerBatch: cfg.CheckpointGroups, Batches: len(batches)}
	m.Checkpoints = cp
	var runs []transforms.RunFile
	sums := map[string]int64{}
	for b, batch := range batches {
		dir := fmt.Sprintf("%s/batch-%05d", work, b)
		done, err := readDone(ctx, dir)
		if err != nil {
			if progress != nil {
				fmt.Fprintf(progress, "ccnet: batch %d/%d: %d files\n", b+1, len(batches), len(batch))
			}
			removeAll(ctx, dir)
			if done, err = runBatch(ctx, cfg, batch, groups, dir, progress); err != nil {
				return nil, fmt.Errorf("batch %d/%d (%s … %s): %w; run the same command again to resume",
					b+1, len(batches), batch[0], batch[len(batch)-1], err)
			}
		} else {
			cp.Resumed++
			if progress != nil {
				fmt.Fprintf(progress, "ccnet: batch %d/%d: finalized by an earlier attempt, skipped\n", b+1, len(batches))
			}
		}
		runs = append(runs, done.Runs...)
		for _, c := range done.Counts {
			sums[c.Key] += c.N
		}
		if testHookAfterBatch != nil {
			if err := testHookAfterBatch(b); err != nil {
				return nil, err
			}
		}
	}

	counts := make([]transforms.Count, 0, len(sums))
	for k, n := range sums {
		counts = append(counts, transforms.Count{Key: k, N: n})
	}
	p, s := beam.NewPipelineWithRoot()
	buildFinal(s, cfg, runs, counts)
	if progress != nil {
		fmt.Fprintf(progress, "ccnet: merging the runs of %d batches\n", len(batches))
	}
	if _, err := beamx.RunWithMetrics(ctx, p); err != nil {
		return nil, fmt.Errorf("merge: %w; run the same command again to resume", err)
	}
	res, err := finish(ctx, cfg, m)
	var strict *StrictError
	if err != nil && !errors.As(err, &strict) {
		return res, err
	}
	// The outputs are complete (a --strict failure included).
	removeAll(ctx, work)
	return res, err
}

// readDone reads a finalized batch's done.json; an error means the batch
// must be (re)done.
func readDone(ctx context.Context, dir string) (batchDone, error) {
	var d batchDone
	data, err := readFile(ctx, dir+"/done.json")
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return d, err
	}
	if d.Attempt == "" || len(d.Counts) == 0 {
		return d, errors.New("incomplete done.json")
	}
	return d, nil
}

// runBatch runs one batch's job into a fresh attempt directory and
// finalizes it.
func runBatch(ctx context.Context, cfg Config, files []string, groups map[string]int, dir string, progress io.Writer) (batchDone, error) {
	id, err := newID()
	if err != nil {
		return batchDone{}, err
	}
	attempt := dir + "/" + id
	// The job carries only its own files and their groups.
	own := make(map[string]int, len(files))
	for _, f := range files {
		own[f] = groups[f]
	}
	p, s := beam.NewPipelineWithRoot()
	kept, counts := buildDocs(s, cfg, files, own, attempt)
	runs := writeRuns(s.Scope("Output"), cfg, attempt, kept)
	cs := s.Scope("Checkpoint")
	beam.ParDo0(cs.Scope("WriteRunList"), &transforms.WriteRunListFn{Path: attempt + "/runs.json"},
		beam.Combine(cs.Scope("CollectRuns"), &transforms.CollectRunsFn{}, runs))
	beam.ParDo0(cs.Scope("WriteCounts"), &transforms.WriteCountsFn{Path: attempt + "/counts.json"},
		beam.Combine(cs.Scope("SumCounts"), &transforms.SumCountsFn{}, beam.Flatten(cs, counts...)))
	stop := startProgress(progress, len(files), time.Now())
	_, err = beamx.RunWithMetrics(ctx, p)
	stop()
	if err != nil {
		return batchDone{}, err
	}

	done := batchDone{Attempt: id}
	// A batch that kept no document writes no run list.
	if data, err := readFile(ctx, attempt+"/runs.json"); err == nil {
		if err := json.Unmarshal(data, &done.Runs); err != nil {
			return batchDone{}, fmt.Errorf("%s/runs.json: %w", attempt, err)
		}
	}
	data, err := readFile(ctx, attempt+"/counts.json")
	if err != nil {
		return batchDone{}, err
	}
	if err := json.Unmarshal(data, &done.Counts); err != nil {
		return batchDone{}, fmt.Errorf("%s/counts.json: %w", attempt, err)
	}
	dj, err := json.Marshal(done)
	if err != nil {
		return batchDone{}, err
	}
	if err := writeBytes(ctx, dir+"/done.json", append(dj, '\n')); err != nil {
		return batchDone{}, err
	}
	// The spilled documents and hashes of line dedup are no longer needed.
	removeAll(ctx, attempt+"/dedup")
	return done, nil
}

// buildFinal is the last job of a checkpointed run: the batches' runs
// merged into the documents files, the shards, and the report.
func buildFinal(s beam.Scope, cfg Config, runFiles []transforms.RunFile, counts []transforms.Count) {
	out := s.Scope("Output")
	runs := beam.CreateList(out.Scope("Runs"), runFiles)
	losers := noLosers(out)
	if cfg.DedupDigest {
		ds := s.Scope("DigestDedup")
		losers = laterCopies(ds, beam.ParDo(ds.Scope("ReadDigests"), &transforms.RunDigestsFn{},
			beam.Reshuffle(ds.Scope("SpreadRuns"), runs)))
	}
	carried := beam.CreateList(s.Scope("Report").Scope("Batches"), counts)
	buildOutput(s, out, cfg, runs, losers, []beam.PCollection{carried})
}

func newID() (string, error) {
	var id [6]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(id[:]), nil
}
