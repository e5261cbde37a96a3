package pipeline_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ccnet-go/ccnet/pipeline"
)

var errStopped = errors.New("stopped by the test")

// A checkpointed run stopped after some batches (or after all of them,
// before the merge) and run again skips the finalized batches, carries
// their counts, and writes what an uninterrupted run without checkpoints
// writes, byte for byte. Leftovers of the interrupted attempt (a half-done
// batch's files, a half-written documents file) do not leak into it.
func TestCheckpointResume(t *testing.T) {
	base, paths := writeDump(t, 3) // 6 files, 3 dedup groups of 2
	plain := dumpConfig(t, base, paths)
	run(t, plain)
	want := outputFiles(t, plain.Output)
	if len(want) < 10 {
		t.Fatalf("only %d output files", len(want))
	}

	for _, stopAfter := range []int{0, 2} {
		cfg := dumpConfig(t, base, paths)
		cfg.CheckpointGroups = 1
		pipeline.SetTestHookAfterBatch(func(b int) error {
			if b == stopAfter {
				return errStopped
			}
			return nil
		})
		_, err := pipeline.Run(context.Background(), cfg, nil)
		pipeline.SetTestHookAfterBatch(nil)
		if !errors.Is(err, errStopped) {
			t.Fatalf("stop after batch %d: Run returned %v", stopAfter, err)
		}
		work := filepath.Join(cfg.Output, ".ccnet-work")
		for b := 0; b <= stopAfter; b++ {
			if _, err := os.Stat(filepath.Join(work, batchDir(b), "done.json")); err != nil {
				t.Fatalf("batch %d not finalized: %v", b, err)
			}
		}
		if _, err := os.Stat(filepath.Join(cfg.Output, "report.json")); err == nil {
			t.Fatal("an interrupted run wrote report.json")
		}
		// What a crash mid-batch and mid-merge would leave.
		junk := filepath.Join(work, batchDir(stopAfter+1), "0badattempt", "runs", "all_all_0000", "x-0000.run")
		os.MkdirAll(filepath.Dir(junk), 0o755)
		os.WriteFile(junk, []byte("not a run"), 0o644)
		os.MkdirAll(filepath.Join(cfg.Output, "documents"), 0o755)
		os.WriteFile(filepath.Join(cfg.Output, "documents", "all_all_0000.json.gz"), []byte("half"), 0o644)

		res, err := pipeline.Run(context.Background(), cfg, nil)
		if err != nil {
			t.Fatalf("resume after batch %d: %v", stopAfter, err)
		}
		if cp := res.Manifest.Checkpoints; cp == nil || cp.Batches != 3 || cp.Resumed != stopAfter+1 {
			t.Errorf("resume after batch %d: run.json checkpoints %+v, want 3 batches, %d resumed", stopAfter, cp, stopAfter+1)
		}
		sameOutputs(t, "resumed run", outputFiles(t, cfg.Output), want)
		if _, err := os.Stat(work); !os.IsNotExist(err) {
			t.Errorf("%s is left after a finished run", work)
		}
	}
}

func batchDir(b int) string { return "batch-0000" + string(rune('0'+b)) }

// Checkpoints of a run with other flags are never used: the run stops with
// a usage error, or with --overwrite removes them and starts over.
func TestCheckpointOtherFlags(t *testing.T) {
	base, paths := writeDump(t, 2)
	cfg := dumpConfig(t, base, paths)
	cfg.CheckpointGroups = 1
	pipeline.SetTestHookAfterBatch(func(int) error { return errStopped })
	_, err := pipeline.Run(context.Background(), cfg, nil)
	pipeline.SetTestHookAfterBatch(nil)
	if !errors.Is(err, errStopped) {
		t.Fatalf("Run returned %v", err)
	}
	other := cfg
	other.MinLength = 100
	_, err = pipeline.Run(context.Background(), other, nil)
	var ue *pipeline.UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "checkpoints") {
		t.Fatalf("other flags over checkpoints: %v, want a usage error about checkpoints", err)
	}
	other.Overwrite = true
	res, err := pipeline.Run(context.Background(), other, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Manifest.Checkpoints.Resumed != 0 {
		t.Errorf("--overwrite resumed %d batches of another run", res.Manifest.Checkpoints.Resumed)
	}
}

// The ccnet binary, killed with SIGKILL once its first batch is finalized
// and started again with the same command, finishes with the output of an
// uninterrupted run.
func TestCLIKillAndResume(t *testing.T) {
	bin := ccnetBinary(t)
	base, paths := writeDump(t, 3)
	plain := dumpConfig(t, base, paths)
	run(t, plain)
	want := outputFiles(t, plain.Output)

	out := t.TempDir()
	args := []string{"run", "--input-paths", paths, "--base-url", base, "--dedup-group-files", "2",
		"--output-shards", "3", "--dedup-digest", "--checkpoint-groups", "1", "--output", out}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	first := exec.CommandContext(ctx, bin, args...)
	var firstLog bytes.Buffer
	first.Stdout, first.Stderr = &firstLog, &firstLog
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- first.Wait() }()
	done0 := filepath.Join(out, ".ccnet-work", batchDir(0), "done.json")
	for {
		// done.json is written in place: wait until it is whole (a kill
		// while it is being written leaves a batch that is redone).
		if data, err := os.ReadFile(done0); err == nil && json.Valid(data) {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("the run ended (%v) before its first batch was finalized:\n%s", err, firstLog.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	first.Process.Signal(syscall.SIGKILL)
	<-exited
	if _, err := os.Stat(filepath.Join(out, "report.json")); err == nil {
		t.Skip("the run finished before it could be killed; nothing was resumed")
	}

	second := exec.CommandContext(ctx, bin, args...)
	msg, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("ccnet run again: %v\n%s", err, msg)
	}
	if !strings.Contains(string(msg), "finalized by an earlier attempt, skipped") {
		t.Errorf("the second run did not skip the finalized batch:\n%s", msg)
	}
	sameOutputs(t, "killed and resumed", outputFiles(t, out), want)
}

// --checkpoint-groups needs dedup groups to cut into batches, and a
// checkpointed run that ends in a --strict failure has complete outputs,
// so its checkpoints are removed like any finished run's.
func TestCheckpointEdges(t *testing.T) {
	base, paths := writeDump(t, 2)
	cfg := dumpConfig(t, base, paths)
	cfg.CheckpointGroups, cfg.DedupGroupFiles = 1, 0
	if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), "--dedup-group-files") {
		t.Errorf("--checkpoint-groups without groups: %v", err)
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.warc.wet.gz"), mustRead(t, sample[1]), 0o644)
	os.WriteFile(filepath.Join(dir, "b.warc.gz"), []byte("not gzip, not a WARC file"), 0o644)
	strict := config(t, filepath.Join(dir, "*"))
	strict.Strict, strict.CheckpointGroups, strict.DedupGroupFiles = true, 1, 1
	res, err := pipeline.Run(context.Background(), strict, nil)
	var se *pipeline.StrictError
	if !errors.As(err, &se) || res == nil || res.Report.FilesWithErrors != 1 {
		t.Fatalf("--strict over a bad file: %v, %+v", err, res)
	}
	if _, err := os.Stat(filepath.Join(strict.Output, ".ccnet-work")); !os.IsNotExist(err) {
		t.Errorf("checkpoints left after a finished --strict run: %v", err)
	}
}
