package pipeline_test

import (
	"bytes"
	"context"
	"debug/elf"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binLog  []byte
)

// ccnetBinary builds the ccnet command once per test binary, with cgo off
// as a Dataflow or Flink worker binary is built (the same file serves as
// the submitting program and the worker), or skips under -short.
func ccnetBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the ccnet binary (about 15 s warm); skipped with -short")
	}
	binOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		dir, err := os.MkdirTemp("", "ccnet-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "ccnet")
		build := exec.Command(goTool, "build", "-o", binPath, "github.com/ccnet-go/ccnet/cmd/ccnet")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		binLog, binErr = build.CombinedOutput()
	})
	if binErr != nil {
		t.Fatalf("go build: %v\n%s", binErr, binLog)
	}
	return binPath
}

// The Dataflow runner, given --dry_run, builds the job graph of a run over
// a Common Crawl paths file on gs://, translates it into a Dataflow job
// and prints it without submitting anything. The only network use is the
// runner's check of the staging bucket's soft-delete policy, which goes to
// a fake Cloud Storage on 127.0.0.1 (STORAGE_EMULATOR_HOST) that answers
// 404; nothing leaves the machine.
func TestDataflowDryRun(t *testing.T) {
	bin := ccnetBinary(t)
	if runtime.GOOS == "linux" {
		f, err := elf.Open(bin)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Errorf("%s has a dynamic loader: not a static (CGO_ENABLED=0) worker binary", bin)
			}
		}
		f.Close()
	}
	var mu sync.Mutex
	var asked []string
	gcs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Method+" "+r.URL.Path)
		mu.Unlock()
		http.Error(w, `{"error":{"code":404,"message":"no such bucket"}}`, http.StatusNotFound)
	}))
	defer gcs.Close()

	_, paths := writeDump(t, 2)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run", "--verbose",
		"--input-paths", paths, "--base-url", "gs://ccnet-test-bucket/", "--output", "gs://ccnet-test-bucket/out",
		"--dedup-digest", "--output-shards", "4",
		"--runner=dataflow", "--dry_run", "--project=ccnet-test", "--region=us-central1",
		"--staging_location=gs://ccnet-test-bucket/staging", "--temp_location=gs://ccnet-test-bucket/tmp",
		"--worker_binary="+bin)
	cmd.Env = append(os.Environ(), "STORAGE_EMULATOR_HOST="+strings.TrimPrefix(gcs.URL, "http://"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("ccnet run --runner=dataflow --dry_run: %v\n%s\n%s", err, stdout.String(), tail(stderr.String(), 3000))
	}
	if !strings.Contains(stdout.String(), "dry run") {
		t.Errorf("stdout does not say it was a dry run:\n%s", stdout.String())
	}
	log := stderr.String()
	for _, want := range []string{
		"Dry-run: not submitting job!",
		// the translated job: the project, and the Go SDK's worker image
		`\"project\"`, "ccnet-test",
		"beam_go_sdk:2.77.0",
		// the pipeline's stages in the job graph
		`unique_name:\"Read/transforms.ReadFileFn\"`,
		`unique_name:\"Dedup/HashPass/transforms.DedupSpillFn\"`,
		`unique_name:\"LanguageID/transforms.LangIDFn\"`,
		`unique_name:\"DigestDedup/FirstOfDigest`,
		`unique_name:\"Output/Merge/transforms.MergeFn\"`,
		`unique_name:\"Report/WriteReport/transforms.WriteReportFn\"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the dry run's log lacks %s", want)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) == 0 {
		t.Errorf("the runner never asked the fake Cloud Storage: was STORAGE_EMULATOR_HOST used?")
	}
	for _, a := range asked {
		if !strings.Contains(a, "ccnet-test-bucket") {
			t.Errorf("unexpected request to Cloud Storage: %s", a)
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
