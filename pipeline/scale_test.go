package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/pipeline"
)

// writeDump lays the sample out as a small Common Crawl dump: segments
// copies of the WARC and WET files under crawl-data/, and a gzipped paths
// file naming them (out of order, as nothing promises a paths file is
// sorted). It returns the base directory and the paths file.
func writeDump(t *testing.T, segments int) (base, paths string) {
	t.Helper()
	base = t.TempDir()
	warcData, err := os.ReadFile(sample[0])
	if err != nil {
		t.Fatal(err)
	}
	wetData, err := os.ReadFile(sample[1])
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for s := segments - 1; s >= 0; s-- {
		seg := fmt.Sprintf("crawl-data/CC-MAIN-2024-10/segments/1709000000%03d.%d", s, s)
		for _, f := range []struct {
			dir, name string
			data      []byte
		}{
			{"warc", fmt.Sprintf("CC-MAIN-20240304-%05d.warc.gz", s), warcData},
			{"wet", fmt.Sprintf("CC-MAIN-20240304-%05d.warc.wet.gz", s), wetData},
		} {
			r := seg + "/" + f.dir + "/" + f.name
			p := filepath.Join(base, filepath.FromSlash(r))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				t.Fatal(err)
			}
			rel = append(rel, r)
		}
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(strings.Join(rel, "\n") + "\n"))
	zw.Close()
	paths = filepath.Join(base, "wet.paths.gz")
	if err := os.WriteFile(paths, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return base, paths
}

func dumpConfig(t *testing.T, base, paths string) pipeline.Config {
	cfg := pipeline.Default()
	cfg.InputPaths = paths
	cfg.BaseURL = base
	cfg.Output = t.TempDir()
	// Each segment's WARC and WET files are one dedup group, as the
	// sample's pair is in the other tests, so every segment's copy keeps
	// its documents (with its own cc_segment).
	cfg.DedupGroupFiles = 2
	cfg.OutputShards = 3
	// The segments are copies of one another, so exact digest dedup drops
	// every copy but the first segment's: the losers must reach the merge
	// however the run is split.
	cfg.DedupDigest = true
	return cfg
}

// outputFiles is every file under OUT/documents plus report.json, by
// name: what must not depend on how the run was split. (run.json holds
// timings and the config, so it is left out.)
func outputFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := readDocuments(t, dir)
	rep, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	out["report.json"] = rep
	return out
}

func sameOutputs(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d output files, want %d", what, len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s: %s differs (%d bytes, want %d)", what, name, len(got[name]), len(data))
		}
	}
}

func TestSelectInputs(t *testing.T) {
	base, paths := writeDump(t, 4)
	ctx := context.Background()
	cfg := dumpConfig(t, base, paths)
	all, err := pipeline.SelectInputs(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 8 {
		t.Fatalf("%d inputs, want 8", len(all))
	}
	for i, in := range all {
		if i > 0 && all[i-1].Path >= in.Path {
			t.Errorf("inputs not sorted: %s before %s", all[i-1].Path, in.Path)
		}
		if _, err := os.Stat(in.Path); err != nil || !strings.HasPrefix(in.Path, base) {
			t.Errorf("input %s is not a file under the base: %v", in.Path, err)
		}
	}
	// Shard k of 3 holds inputs k, k+3, k+6 of the sorted list.
	for k := range 3 {
		c := cfg
		c.NumShards, c.ShardIndex = 3, k
		got, err := pipeline.SelectInputs(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		var want []pipeline.Input
		for i := k; i < len(all); i += 3 {
			want = append(want, all[i])
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("shard %d of 3: %v, want %v", k, got, want)
		}
		c.MaxFiles = 1
		if got, _ := pipeline.SelectInputs(ctx, c); len(got) != 1 || got[0] != want[0] {
			t.Errorf("shard %d of 3, --max-files 1: %v, want [%v]", k, got, want[0])
		}
	}
	// A plain paths file with a comment and blank lines, and a --input
	// naming a file the paths file names too: the same inputs, once each.
	plain := filepath.Join(t.TempDir(), "wet.paths")
	var rel []string
	for _, in := range all {
		rel = append(rel, filepath.ToSlash(strings.TrimPrefix(in.Path, base+string(filepath.Separator))))
	}
	os.WriteFile(plain, []byte("# a comment\n\n"+strings.Join(rel, "\r\n")+"\n"), 0o644)
	c := cfg
	c.InputPaths = plain
	c.Inputs = []string{all[3].Path}
	got, err := pipeline.SelectInputs(ctx, c)
	if err != nil || len(got) != len(all) {
		t.Fatalf("plain paths file + --input: %v, %v", got, err)
	}
	for i := range got {
		if got[i].Path != all[i].Path {
			t.Errorf("plain paths file + --input: input %d is %s, want %s", i, got[i].Path, all[i].Path)
		}
	}
	// The --input entry keeps the size its listing found.
	if got[3].Bytes != int64(len(mustRead(t, all[3].Path))) {
		t.Errorf("%s: %d bytes", got[3].Path, got[3].Bytes)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSelectInputsErrors(t *testing.T) {
	base, paths := writeDump(t, 1)
	empty := filepath.Join(t.TempDir(), "empty.paths")
	os.WriteFile(empty, []byte("\n# nothing\n"), 0o644)
	glob := filepath.Join(t.TempDir(), "glob.paths")
	os.WriteFile(glob, []byte("crawl-data/*/x.warc.gz\n"), 0o644)
	for _, tc := range []struct {
		name   string
		change func(*pipeline.Config)
		want   string
	}{
		{"missing paths file", func(c *pipeline.Config) { c.InputPaths = base + "/nope.paths.gz" }, "nope.paths.gz"},
		{"empty paths file", func(c *pipeline.Config) { c.InputPaths = empty }, "names no file"},
		{"glob in paths file", func(c *pipeline.Config) { c.InputPaths = glob }, "line 1"},
		{"shard index too big", func(c *pipeline.Config) { c.NumShards, c.ShardIndex = 2, 2 }, "--shard-index 2"},
		{"negative shard index", func(c *pipeline.Config) { c.ShardIndex = -1 }, "--shard-index -1"},
		{"negative max files", func(c *pipeline.Config) { c.MaxFiles = -1 }, "--max-files"},
		{"no base", func(c *pipeline.Config) { c.BaseURL = "" }, "--base-url"},
		{"empty shard", func(c *pipeline.Config) { c.NumShards, c.ShardIndex = 5, 4 }, "holds none"},
		{"no inputs", func(c *pipeline.Config) { c.InputPaths = "" }, "--input-paths"},
	} {
		cfg := dumpConfig(t, base, paths)
		tc.change(&cfg)
		_, err := pipeline.Run(context.Background(), cfg, nil)
		var ue *pipeline.UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want a usage error naming %q", tc.name, err, tc.want)
		}
	}
}

// The same dump run with one or two OS threads, with many small spilled
// runs, and with 1 or 61 dedup partitions gives the same documents files
// and report.json, byte for byte.
func TestScaleOutDeterministic(t *testing.T) {
	base, paths := writeDump(t, 3)
	runWith := func(procs int, change func(*pipeline.Config)) map[string][]byte {
		t.Helper()
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		cfg := dumpConfig(t, base, paths)
		change(&cfg)
		res := run(t, cfg)
		if !res.Report.Balanced || res.Report.Kept == 0 {
			t.Fatalf("read %d kept %d balanced %v", res.Report.Read, res.Report.Kept, res.Report.Balanced)
		}
		// Three copies of the sample: the later two lose every document.
		if dup := res.Report.Dropped["duplicate-digest"]; dup != 2*res.Report.Kept {
			t.Errorf("%d documents dropped as duplicate-digest, want 2 × %d kept", dup, res.Report.Kept)
		}
		return outputFiles(t, cfg.Output)
	}
	want := runWith(2, func(*pipeline.Config) {})
	if len(want) < 10 {
		t.Fatalf("only %d output files", len(want))
	}
	sameOutputs(t, "GOMAXPROCS 1", runWith(1, func(*pipeline.Config) {}), want)
	sameOutputs(t, "--spill-bytes 4096 --dedup-partitions 1", runWith(2, func(c *pipeline.Config) {
		c.SpillBytes, c.DedupPartitions = 4096, 1
	}), want)
	sameOutputs(t, "GOMAXPROCS 1 --dedup-partitions 61 --spill-bytes 65536", runWith(1, func(c *pipeline.Config) {
		c.DedupPartitions, c.SpillBytes = 61, 65536
	}), want)
}

// The dump read over http (the paths file too) gives the documents the
// local run gives, byte for byte, with the same cc_segment.
func TestHTTPInputs(t *testing.T) {
	base, paths := writeDump(t, 2)
	var requests, ranged int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		if r.Header.Get("Range") != "" {
			ranged++
		}
		http.FileServer(http.Dir(base)).ServeHTTP(w, r)
	}))
	defer srv.Close()

	sameAsLocal(t, base, paths, srv.URL+"/")
	if requests < 5 || ranged != 0 {
		t.Errorf("%d requests (%d with Range), want the paths file and 4 data files, no retries", requests, ranged)
	}
}

// A run, and a checkpointed run, whose --output is on s3:// or gs://
// write there what a run with a local output writes, byte for byte, and
// leave no temporary file behind.
func TestBucketOutputs(t *testing.T) {
	base, paths := writeDump(t, 2)
	local := dumpConfig(t, base, paths)
	run(t, local)
	want := outputFiles(t, local.Output)
	for _, store := range []struct {
		scheme string
		start  func() func(prefix string) map[string][]byte
	}{
		{"s3", func() func(string) map[string][]byte { return startFakeS3(t, map[string][]byte{}).under }},
		{"gs", func() func(string) map[string][]byte { return startFakeGCS(t, map[string][]byte{}).under }},
	} {
		under := store.start()
		for _, checkpoints := range []int{0, 1} {
			what := fmt.Sprintf("output on %s, checkpoints %d", store.scheme, checkpoints)
			cfg := dumpConfig(t, base, paths)
			cfg.CheckpointGroups = checkpoints
			cfg.Output = fmt.Sprintf("%s://ccnet-out/run%d", store.scheme, checkpoints)
			run(t, cfg)
			got := map[string][]byte{}
			for name, data := range under(fmt.Sprintf("ccnet-out/run%d/", checkpoints)) {
				switch {
				case strings.HasPrefix(name, "documents/"):
					got[strings.TrimPrefix(name, "documents/")] = data
				case name == "report.json":
					got[name] = data
				case name == "report.html" || name == "run.json":
				default:
					t.Errorf("%s: %s left in the output", what, name)
				}
			}
			sameOutputs(t, what, got, want)
		}
	}
}

// A dump read from s3:// and gs:// through Beam's S3 and Cloud Storage
// filesystems (the AWS SDK pointed at a fake S3 on 127.0.0.1 by
// AWS_ENDPOINT_URL_S3 with made-up credentials, the Cloud Storage client at
// a fake by STORAGE_EMULATOR_HOST) gives the run over the local directory
// byte for byte, as `--input-paths s3://commoncrawl/.../wet.paths.gz
// --base-url s3://commoncrawl/` would inside AWS.
func TestBucketInputs(t *testing.T) {
	base, paths := writeDump(t, 2)
	for _, store := range []struct {
		scheme string
		start  func(map[string][]byte) *objectStore
	}{
		{"s3", func(files map[string][]byte) *objectStore { return &startFakeS3(t, files).objectStore }},
		{"gs", func(files map[string][]byte) *objectStore { return &startFakeGCS(t, files).objectStore }},
	} {
		fake := store.start(dumpObjects(t, base, "commoncrawl/"))
		sameAsLocal(t, base, paths, store.scheme+"://commoncrawl/")
		if n := fake.gets("/commoncrawl/"); n < 5 {
			t.Errorf("the fake %s saw %v, want GETs of the paths file and 4 data files", store.scheme, fake.asked)
		}
	}
}

// dumpObjects is every file under base as objects named prefix+path.
func dumpObjects(t *testing.T, base, prefix string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.Walk(base, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			rel, _ := filepath.Rel(base, p)
			files[prefix+filepath.ToSlash(rel)] = mustRead(t, p)
		}
		return nil
	})
	return files
}

// sameAsLocal runs the dump laid out under base twice, from base and from
// remote (a URL serving base's files), and checks the documents are equal
// byte for byte, the report names the remote files, and cc_segment is the
// path from crawl-data/ on, whatever the base.
func sameAsLocal(t *testing.T, base, paths, remote string) {
	t.Helper()
	local := dumpConfig(t, base, paths)
	run(t, local)
	byURL := dumpConfig(t, remote, remote+"wet.paths.gz")
	res := run(t, byURL)
	got, want := readDocuments(t, byURL.Output), readDocuments(t, local.Output)
	if len(want) == 0 {
		t.Fatal("no documents")
	}
	sameOutputs(t, "from "+remote, got, want)
	for _, f := range res.Report.Files {
		if !strings.HasPrefix(f.Path, remote+"crawl-data/") || f.Error != "" {
			t.Errorf("report file %s: %q", f.Path, f.Error)
		}
	}
	for _, data := range got {
		for _, d := range gunzipLines(t, data) {
			if !strings.HasPrefix(d.CCSegment, "crawl-data/CC-MAIN-2024-10/segments/") {
				t.Fatalf("cc_segment %q", d.CCSegment)
			}
		}
	}
}
