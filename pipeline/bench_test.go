package pipeline_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/internal/shareddata"
	"github.com/ccnet-go/ccnet/output"
	"github.com/ccnet-go/ccnet/pipeline"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/warc"
)

func sharedData() string { return shareddata.Dir() }

// benchSources are the real WET and WARC files of the shared data that the
// benchmark corpus is made of.
var benchSources = []string{
	"wet/DERIVED__dolma-CC-MAIN-20190717121559-20190717143559-00140.warc.wet.gz",
	"warc/aut__example.warc.gz",
	"warc/dolma__sample-0000.warc.gz",
	"warc/dolma__sample-0001.warc.gz",
	"warc/ukwa__IAH-urls-wget.warc.gz",
	"warc/ukwa__wikipedia-post-blackout-main-page.warc.gz",
	"warc/cmoncrawl__mini.warc.gz",
}

// benchCorpus writes copies of the shared WET/WARC files, each record's
// URL made unique ("?ccnet-copy=N"), until the files on disk reach
// CCNET_BENCH_MB (default 200) megabytes. It is cached in the temp dir.
func benchCorpus(b *testing.B) (files []string, size int64) {
	data := sharedData()
	if _, err := os.Stat(filepath.Join(data, benchSources[0])); err != nil {
		b.Skip("shared data not found; set CCNET_DATA")
	}
	mb := 200
	if v, err := strconv.Atoi(os.Getenv("CCNET_BENCH_MB")); err == nil && v > 0 {
		mb = v
	}
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("ccnet-bench-corpus-%dMB", mb))
	if done, err := os.ReadFile(filepath.Join(dir, "DONE")); err == nil {
		files, _ = filepath.Glob(filepath.Join(dir, "*.gz"))
		size, _ = strconv.ParseInt(string(done), 10, 64)
		return files, size
	}
	os.RemoveAll(dir)
	os.MkdirAll(dir, 0o755)
	for copyN := 0; size < int64(mb)<<20; copyN++ {
		for _, src := range benchSources {
			dst := filepath.Join(dir, fmt.Sprintf("copy%03d-%s", copyN, filepath.Base(src)))
			n, err := copyWithUniqueURLs(filepath.Join(data, src), dst, copyN)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, dst)
			size += n
		}
	}
	os.WriteFile(filepath.Join(dir, "DONE"), []byte(strconv.FormatInt(size, 10)), 0o644)
	return files, size
}

func copyWithUniqueURLs(src, dst string, copyN int) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	r, err := warc.NewReader(in, warc.Options{})
	if err != nil {
		return 0, err
	}
	zw, _ := gzip.NewWriterLevel(bw, 6)
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if warc.IsRecoverable(err) {
				continue
			}
			return 0, err
		}
		zw.Reset(bw)
		fmt.Fprintf(zw, "%s\r\n", rec.Version)
		for _, f := range rec.Header {
			v := f.Value
			if f.Name == "WARC-Target-URI" && v != "" {
				v = rec.TargetURI() + "?ccnet-copy=" + strconv.Itoa(copyN)
			}
			fmt.Fprintf(zw, "%s: %s\r\n", f.Name, v)
		}
		zw.Write([]byte("\r\n"))
		if _, err := io.Copy(zw, rec.Body); err != nil {
			return 0, err
		}
		zw.Write([]byte("\r\n\r\n"))
		zw.Close()
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	st, err := out.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// inProcess runs the same stages as the pipeline — read and extract, the
// length gate, sorted runs, merge into gzip JSON — in plain Go on
// GOMAXPROCS goroutines, with no Beam: the baseline for Prism's overhead.
func inProcess(b *testing.B, cfg pipeline.Config, files []string) (read, kept int64) {
	var mu sync.Mutex
	var runs []*output.RunReader
	var wg sync.WaitGroup
	next := make(chan string)
	tmp := b.TempDir()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var es []output.Entry
			var size int64
			spill := func() {
				output.SortEntries(es)
				f, err := os.CreateTemp(tmp, "run")
				if err != nil {
					b.Error(err)
					return
				}
				output.WriteRun(f, es)
				f.Seek(0, 0)
				rr, _ := output.NewRunReader(f)
				mu.Lock()
				runs = append(runs, rr)
				mu.Unlock()
				es, size = nil, 0
			}
			for path := range next {
				f, err := os.Open(path)
				if err != nil {
					b.Error(err)
					continue
				}
				ingest.ReadFile(context.Background(), f, path, ingest.Options{},
					func(d document.Document) {
						if ingest.TooShort(&d, cfg.MinLength) {
							return
						}
						e := output.NewEntry(&d)
						es = append(es, e)
						size += e.Size()
						if size >= cfg.SpillBytes {
							spill()
						}
					},
					func(key string, n int64) {
						if kind, _, _ := report.SplitKey(key); kind == report.KindRead {
							mu.Lock()
							read += n
							mu.Unlock()
						}
					})
				f.Close()
			}
			if len(es) > 0 {
				spill()
			}
		}(w)
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	out, err := os.Create(filepath.Join(tmp, "all_all_0000.json.gz"))
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	st, err := output.Merge(runs, out, cfg.GzipLevel, nil)
	if err != nil {
		b.Fatal(err)
	}
	return read, st.Documents
}

// BenchmarkRun compares the whole `ccnet run` on Prism with the same stages
// in plain Go, on the same files and cores, in one benchmark run.
// SetBytes is the compressed input size; docs/s counts records read.
//
// The in-process baseline has no dedup and no language ID, so "prism" runs
// with --dedup=false --lid=false to compare the same stages; "prism-dedup"
// adds line dedup, for its cost.
func BenchmarkRun(b *testing.B) {
	files, size := benchCorpus(b)
	cfg := pipeline.Default()
	cfg.Dedup = false
	cfg.LID = false
	b.Run("prism-dedup", func(b *testing.B) {
		b.SetBytes(size)
		var read int64
		for i := 0; i < b.N; i++ {
			c := cfg
			c.Dedup = true
			c.Inputs = files
			c.Output = b.TempDir()
			res, err := pipeline.Run(context.Background(), c, nil)
			if err != nil {
				b.Fatal(err)
			}
			read += res.Report.Read
		}
		b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("prism", func(b *testing.B) {
		b.SetBytes(size)
		var read int64
		for i := 0; i < b.N; i++ {
			cfg.Inputs = files
			cfg.Output = b.TempDir()
			res, err := pipeline.Run(context.Background(), cfg, nil)
			if err != nil {
				b.Fatal(err)
			}
			read += res.Report.Read
		}
		b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "records/s")
	})
	b.Run("in-process", func(b *testing.B) {
		b.SetBytes(size)
		var read int64
		for i := 0; i < b.N; i++ {
			r, _ := inProcess(b, cfg, files)
			read += r
		}
		b.ReportMetric(float64(read)/b.Elapsed().Seconds(), "records/s")
	})
}
