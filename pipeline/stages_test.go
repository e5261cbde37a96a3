package pipeline_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
	"github.com/ccnet-go/ccnet/classify/fasttext"
	"github.com/ccnet-go/ccnet/lm"
	"github.com/ccnet-go/ccnet/pipeline"
	"github.com/ccnet-go/ccnet/shards"
	"github.com/ccnet-go/ccnet/tokenizer"
)

// demoModels are small models trained from testdata/demo, once per test
// binary, as `make demo-models` trains them.
type demoModels struct {
	dir, tokenizer, lmDir, wikiref string
}

var (
	demoOnce sync.Once
	demo     demoModels
	demoErr  error
)

func models(t *testing.T) demoModels {
	t.Helper()
	demoOnce.Do(func() { demo, demoErr = trainDemo() })
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demo
}

func readLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n"), nil
}

func trainDemo() (demoModels, error) {
	dir, err := os.MkdirTemp("", "ccnet-demo-models")
	if err != nil {
		return demoModels{}, err
	}
	m := demoModels{dir: dir, tokenizer: filepath.Join(dir, "tokenizer.model"),
		lmDir: filepath.Join(dir, "lm"), wikiref: filepath.Join(dir, "wikiref.bin")}
	ref, err := readLines("../testdata/demo/reference-en.txt")
	if err != nil {
		return m, err
	}
	web, err := readLines("../testdata/demo/web-en.txt")
	if err != nil {
		return m, err
	}
	ctx := context.Background()
	opts := tokenizer.DefaultTrainOptions()
	opts.VocabSize = 1000
	tok, err := tokenizer.Train(ctx, strings.NewReader(strings.Join(append(ref, web...), "\n")), opts)
	if err != nil {
		return m, err
	}
	if err := os.WriteFile(m.tokenizer, tok.Marshal(), 0o644); err != nil {
		return m, err
	}
	// The LM as `ccnet lm train` makes it: normalize, SentencePiece, lmplz.
	os.MkdirAll(m.lmDir, 0o755)
	var norm []string
	for _, p := range ref {
		norm = append(norm, lm.Normalize(p))
	}
	opts.VocabSize = 800
	sp, err := tokenizer.Train(ctx, strings.NewReader(strings.Join(norm, "\n")), opts)
	if err != nil {
		return m, err
	}
	var pieces strings.Builder
	for _, n := range norm {
		pieces.WriteString(strings.Join(sp.EncodePieces(n), " ") + "\n")
	}
	var arpa bytes.Buffer
	if _, err := lm.Estimate(ctx, strings.NewReader(pieces.String()), &arpa, lm.EstimateOptions{Order: 3, DiscountFallback: []float64{}}); err != nil {
		return m, err
	}
	os.WriteFile(filepath.Join(m.lmDir, "en.sp.model"), sp.Marshal(), 0o644)
	os.WriteFile(filepath.Join(m.lmDir, "en.arpa"), arpa.Bytes(), 0o644)
	// Cutoffs in cc_net's layout: head under 300, middle under 400.
	var csv strings.Builder
	csv.WriteString(",en\n")
	for p := range 100 {
		fmt.Fprintf(&csv, "%d,%d\n", p, 100+p*10)
	}
	os.WriteFile(filepath.Join(m.lmDir, "cutoff.csv"), []byte(csv.String()), 0o644)
	// The classifier: reference paragraphs against web text.
	var train strings.Builder
	for i := range max(len(ref), len(web)) {
		if i < len(ref) {
			train.WriteString("__label__wiki " + ref[i] + "\n")
		}
		if i < len(web) {
			train.WriteString("__label__cc " + web[i] + "\n")
		}
	}
	a := fasttext.DefaultArgs()
	a.Thread, a.Epoch = 1, 10
	text := train.String()
	cls, err := fasttext.Train(strings.NewReader(text), int64(len(text)), a)
	if err != nil {
		return m, err
	}
	return m, cls.SaveFile(m.wikiref)
}

func allStages(t *testing.T) pipeline.Config {
	m := models(t)
	cfg := config(t, sample...)
	cfg.Filters = []string{"c4", "gopher-quality", "gopher-repetition"}
	cfg.LMDir = m.lmDir
	cfg.WikirefModel = m.wikiref
	cfg.WikirefMode = "annotate"
	cfg.Tokenizer = m.tokenizer
	return cfg
}

// shardTree returns every shard file's bytes by path under dir/shards.
func shardTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.Walk(filepath.Join(dir, "shards"), func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = b
		}
		return nil
	})
	return out
}

func TestAllStages(t *testing.T) {
	cfg := allStages(t)
	res := run(t, cfg)
	r := res.Report
	if !r.Balanced {
		t.Fatalf("unbalanced: read %d kept %d dropped %v", r.Read, r.Kept, r.Dropped)
	}
	if r.Stats["filters-not-configured"] == 0 {
		t.Error("no document of another language passed the filters untouched")
	}
	docs := readDocuments(t, cfg.Output)
	var en, bucketed int
	for name, data := range docs {
		for _, d := range gunzipLines(t, data) {
			if !strings.HasPrefix(name, d.Language+"_"+d.Bucket+"_") {
				t.Errorf("%s holds a %s/%s document", name, d.Language, d.Bucket)
			}
			if d.Language != "en" {
				if d.HasPerplexity || d.HasWikiProb || d.Bucket != "all" {
					t.Errorf("%s document %s has en-only fields", d.Language, d.URL)
				}
				continue
			}
			en++
			if !d.HasPerplexity || !d.HasWikiProb || d.WikiProb < 0 || d.WikiProb > 1 {
				t.Errorf("en document %s: perplexity %v, wiki_prob %v", d.URL, d.HasPerplexity, d.WikiProb)
			}
			want := "tail"
			if d.Perplexity < 400 {
				want = "middle"
			}
			if d.Perplexity < 300 {
				want = "head"
			}
			if d.Bucket != want {
				t.Errorf("perplexity %v in bucket %s, want %s", d.Perplexity, d.Bucket, want)
			}
			bucketed++
		}
	}
	if en == 0 || bucketed == 0 {
		t.Fatal("no English document came out")
	}
	var hists []string
	for _, h := range r.Histograms {
		hists = append(hists, h.Series)
	}
	if strings.Join(hists, ",") != "perplexity/en,wiki_prob" {
		t.Errorf("histograms %v", hists)
	}

	// Every kept document is in one shard, framed; the report counts them.
	var shardDocs, shardTokens int64
	for path := range shardTree(t, cfg.Output) {
		if !strings.HasPrefix(path, filepath.Join("shards", "megatron")) || !strings.HasSuffix(path, ".idx") {
			continue
		}
		info, err := shards.Inspect(filepath.Join(cfg.Output, path), shards.LlamaFraming())
		if err != nil {
			t.Fatal(err)
		}
		shardDocs += int64(info.Documents)
		shardTokens += info.Tokens
	}
	var statDocs, statTokens int64
	for k, n := range r.Stats {
		switch {
		case strings.HasPrefix(k, "shard-documents/"):
			statDocs += n
		case strings.HasPrefix(k, "shard-tokens/"):
			statTokens += n
		}
	}
	if shardDocs != r.Kept || statDocs != r.Kept || shardTokens != statTokens || shardTokens == 0 {
		t.Errorf("shards hold %d documents and %d tokens; report: %d kept, %d in shards, %d tokens",
			shardDocs, shardTokens, r.Kept, statDocs, statTokens)
	}

	// Same input and config, same bytes: documents and shards.
	cfg2 := cfg
	cfg2.Output = t.TempDir()
	run(t, cfg2)
	if !sameFiles(readDocuments(t, cfg.Output), readDocuments(t, cfg2.Output)) ||
		!sameFiles(shardTree(t, cfg.Output), shardTree(t, cfg2.Output)) {
		t.Error("a second run wrote different documents or shards")
	}
}

func sameFiles(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func TestStageDrops(t *testing.T) {
	cfg := allStages(t)
	cfg.Tokenizer = ""
	cfg.KeepBuckets = []string{"head"}
	cfg.WikirefMode = "drop"
	cfg.WikirefThreshold = 1 // a probability under 1 is dropped: every English one here
	r := run(t, cfg).Report
	if !r.Balanced {
		t.Fatalf("unbalanced: %+v", r)
	}
	for _, reason := range []string{"bucket-not-kept", "wikiref-below-threshold"} {
		if r.Dropped[reason] == 0 {
			t.Errorf("nothing dropped as %s: %v", reason, r.Dropped)
		}
	}
	var outs []string
	for o := range r.Outputs {
		outs = append(outs, o)
	}
	sort.Strings(outs)
	for _, o := range outs {
		if o != "en_head" {
			t.Errorf("output %s kept with --keep-buckets head", o)
		}
	}
}

func TestStageUsageErrors(t *testing.T) {
	m := models(t)
	for name, mut := range map[string]func(*pipeline.Config){
		"unknown filter":     func(c *pipeline.Config) { c.Filters = []string{"c5"} },
		"badwords no dir":    func(c *pipeline.Config) { c.Filters = []string{"badwords"} },
		"lm dir empty":       func(c *pipeline.Config) { c.LMDir = t.TempDir() },
		"buckets without lm": func(c *pipeline.Config) { c.KeepBuckets = []string{"head"} },
		"bad bucket":         func(c *pipeline.Config) { c.LMDir = m.lmDir; c.KeepBuckets = []string{"top"} },
		"missing wikiref":    func(c *pipeline.Config) { c.WikirefModel = "/nonexistent.bin" },
		"missing tokenizer":  func(c *pipeline.Config) { c.Tokenizer = "/nonexistent.model" },
		"bad shard format":   func(c *pipeline.Config) { c.Tokenizer = m.tokenizer; c.ShardFormats = []string{"npy"} },
	} {
		cfg := config(t, sample...)
		mut(&cfg)
		if err := cfg.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// Models named by URL (here memfs://, Beam's in-memory filesystem, which
// the in-process workers share; on a cluster gs:// or s3://) are copied to
// each worker and give the run with local model paths byte for byte.
func TestModelsByURL(t *testing.T) {
	local := allStages(t)
	run(t, local)

	m := models(t)
	put := func(src, url string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		memfs.Write(url, data)
	}
	put(m.tokenizer, "memfs://ccnet-models/tokenizer.model")
	put(m.wikiref, "memfs://ccnet-models/wikiref.bin")
	lmFiles, _ := filepath.Glob(filepath.Join(m.lmDir, "*"))
	for _, f := range lmFiles {
		put(f, "memfs://ccnet-models/lm/"+filepath.Base(f))
	}
	byURL := allStages(t)
	byURL.LMDir = "memfs://ccnet-models/lm"
	byURL.WikirefModel = "memfs://ccnet-models/wikiref.bin"
	byURL.Tokenizer = "memfs://ccnet-models/tokenizer.model"
	run(t, byURL)

	if !sameFiles(readDocuments(t, byURL.Output), readDocuments(t, local.Output)) {
		t.Error("documents differ between local and URL models")
	}
	if got, want := shardTree(t, byURL.Output), shardTree(t, local.Output); len(want) == 0 || !sameFiles(got, want) {
		t.Errorf("shards differ between local and URL models (%d files, want %d)", len(got), len(want))
	}
	for _, flag := range []func(*pipeline.Config){
		func(c *pipeline.Config) { c.Tokenizer = "memfs://ccnet-models/none.model" },
		func(c *pipeline.Config) { c.LMDir = "memfs://ccnet-models/no-lm" },
	} {
		bad := allStages(t)
		flag(&bad)
		var ue *pipeline.UsageError
		if _, err := pipeline.Run(context.Background(), bad, nil); !errors.As(err, &ue) {
			t.Errorf("a missing model URL: %v, want a usage error", err)
		}
	}
}
