package pipeline_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	jobpb "github.com/apache/beam/sdks/v2/go/pkg/beam/model/jobmanagement_v1"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/ccnet-go/ccnet/pipeline"
)

// The portable (universal) runner against Prism's own job server, with the
// SDK worker in this process (LOOPBACK), gives the embedded run's
// documents and report.json byte for byte.
//
// Prism's job server takes only a port and listens on every interface; the
// port is one the test could bind on 127.0.0.1, and the runner reaches it
// there. The server lives until the test binary exits (Prism has no stop
// call in its public API).
func TestUniversalRunnerOnPrismJobServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	port, jobs := startJobServer(ctx, t)

	base, paths := writeDump(t, 2)
	embedded := dumpConfig(t, base, paths)
	run(t, embedded)

	// The Beam flags are globals: set them as --runner=universal
	// --endpoint=127.0.0.1:PORT --environment_type=LOOPBACK would, and put
	// them back for the other tests.
	defer func(r, e, env string) { *runners.Runner, *jobopts.Endpoint, *jobopts.EnvironmentType = r, e, env }(
		*runners.Runner, *jobopts.Endpoint, *jobopts.EnvironmentType)
	*runners.Runner = "universal"
	*jobopts.Endpoint = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	*jobopts.EnvironmentType = "LOOPBACK"
	portable := dumpConfig(t, base, paths)
	res := run(t, portable)
	if res.Manifest.Runner != "universal" {
		t.Errorf("run.json runner %q, want universal", res.Manifest.Runner)
	}
	// The job went through this job server, not an embedded one.
	list, err := jobs.GetJobs(ctx, &jobpb.GetJobsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.GetJobInfo()) != 1 || list.GetJobInfo()[0].GetState() != jobpb.JobState_DONE {
		t.Errorf("the job server holds %v, want one job, done", list.GetJobInfo())
	}
	want := outputFiles(t, embedded.Output)
	if len(want) < 10 {
		t.Fatalf("only %d output files", len(want))
	}
	sameOutputs(t, "universal runner", outputFiles(t, portable.Output), want)
}

// startJobServer starts Prism's job server in this process on a port free
// on 127.0.0.1, or skips the test.
func startJobServer(ctx context.Context, t *testing.T) (int, jobpb.JobServiceClient) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1, so no job server: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	jobs, err := prism.CreateJobServer(ctx, prism.Options{Port: port})
	if err != nil {
		t.Skipf("cannot start Prism's job server on port %d: %v", port, err)
	}
	return port, jobs
}

// The ccnet binary, built here, runs a paths-file dump through the
// universal runner on Prism's job server with the flags a user would type,
// and writes what the embedded run in this process writes.
func TestCLIUniversalRunner(t *testing.T) {
	bin := ccnetBinary(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	port, _ := startJobServer(ctx, t)

	// Slice 2 of 3 of the six sorted files: segment 1's WARC file and
	// segment 2's WET file.
	base, paths := writeDump(t, 3)
	embedded := dumpConfig(t, base, paths)
	embedded.NumShards, embedded.ShardIndex = 3, 2
	run(t, embedded)

	out := t.TempDir()
	cmd := exec.CommandContext(ctx, bin, "run", "--input-paths", paths, "--base-url", base,
		"--num-shards", "3", "--shard-index", "2", "--dedup-group-files", "2", "--output-shards", "3",
		"--output", out, "--runner=universal", "--endpoint=127.0.0.1:"+strconv.Itoa(port),
		"--environment_type=LOOPBACK")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ccnet run: %v\n%s", err, msg)
	}
	want := outputFiles(t, embedded.Output)
	if len(want) < 10 {
		t.Fatalf("only %d output files", len(want))
	}
	sameOutputs(t, "ccnet run --runner=universal", outputFiles(t, out), want)
}

// The portable runner against Beam's Flink job server (a Java process with
// an embedded Flink mini-cluster, --flink-master=[local]) and the SDK
// worker in this process gives the embedded run's documents and
// report.json byte for byte. It needs the job server's Java classpath in
// a file named by CCNET_FLINK_CLASSPATH; conformance/flink/run.sh resolves
// it with Maven and runs this test (CI does). The job server is asked to
// listen on 127.0.0.1 (--job-host); its artifact service takes only a
// port, so both ports are ones free on 127.0.0.1.
func TestUniversalRunnerOnFlinkJobServer(t *testing.T) {
	cpFile := os.Getenv("CCNET_FLINK_CLASSPATH")
	if cpFile == "" {
		t.Skip("CCNET_FLINK_CLASSPATH is not set; run conformance/flink/run.sh")
	}
	cp, err := os.ReadFile(cpFile)
	if err != nil {
		t.Fatal(err)
	}
	java, err := exec.LookPath("java")
	if err != nil {
		t.Fatal("CCNET_FLINK_CLASSPATH is set but java is not on PATH")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	jobPort, artifactPort := freePort(t), freePort(t)
	logPath := filepath.Join(t.TempDir(), "jobserver.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	server := exec.CommandContext(ctx, java,
		"--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
		"-cp", strings.TrimSpace(string(cp)), "org.apache.beam.runners.flink.FlinkJobServerDriver",
		"--flink-master=[local]", "--job-host=127.0.0.1", "--job-port="+strconv.Itoa(jobPort),
		"--artifact-port="+strconv.Itoa(artifactPort), "--expansion-port=0")
	server.Stdout, server.Stderr = logFile, logFile
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		server.Process.Kill()
		server.Wait()
	}()
	endpoint := net.JoinHostPort("127.0.0.1", strconv.Itoa(jobPort))
	if err := waitListening(ctx, endpoint, 3*time.Minute); err != nil {
		logTail, _ := os.ReadFile(logPath)
		t.Fatalf("the Flink job server did not listen on %s: %v\n%s", endpoint, err, logTail)
	}

	base, paths := writeDump(t, 2)
	embedded := dumpConfig(t, base, paths)
	run(t, embedded)

	defer func(r, e, env string) { *runners.Runner, *jobopts.Endpoint, *jobopts.EnvironmentType = r, e, env }(
		*runners.Runner, *jobopts.Endpoint, *jobopts.EnvironmentType)
	*runners.Runner = "flink"
	*jobopts.Endpoint = endpoint
	*jobopts.EnvironmentType = "LOOPBACK"
	onFlink := dumpConfig(t, base, paths)
	res, err := pipeline.Run(ctx, onFlink, nil)
	if err != nil {
		logTail, _ := os.ReadFile(logPath)
		t.Fatalf("run on Flink: %v\njob server log:\n%s", err, logTail)
	}
	if res.Manifest.Runner != "flink" {
		t.Errorf("run.json runner %q, want flink", res.Manifest.Runner)
	}
	want := outputFiles(t, embedded.Output)
	if len(want) < 10 {
		t.Fatalf("only %d output files", len(want))
	}
	sameOutputs(t, "Flink job server", outputFiles(t, onFlink.Output), want)
}

// freePort is a TCP port free on 127.0.0.1 a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitListening polls addr until it accepts a connection.
func waitListening(ctx context.Context, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(500 * time.Millisecond)
	}
}
