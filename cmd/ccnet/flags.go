package main

import (
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/ccnet-go/ccnet/pipeline"
	"github.com/ccnet-go/ccnet/transforms"
)

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// commaList is a flag of comma-separated values; a config file may give a
// YAML list instead (each item is Set in turn).
type commaList []string

func (l *commaList) String() string { return strings.Join(*l, ",") }
func (l *commaList) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// replacingList is a commaList whose first Set replaces the default.
type replacingList struct {
	l   *[]string
	set bool
}

func replaceList(l *[]string) *replacingList { return &replacingList{l: l} }

func (r *replacingList) String() string {
	if r == nil || r.l == nil {
		return ""
	}
	return strings.Join(*r.l, ",")
}

func (r *replacingList) Set(v string) error {
	if !r.set {
		*r.l, r.set = nil, true
	}
	return (*commaList)(r.l).Set(v)
}

type runFlags struct {
	fs         *flag.FlagSet
	cfg        pipeline.Config
	inputs     stringList
	configFile string
	verbose    bool
	names      []string
}

func registerRunFlags(fs *flag.FlagSet) *runFlags {
	r := &runFlags{fs: fs, cfg: pipeline.Default()}
	c := &r.cfg
	add := func(name string) { r.names = append(r.names, name) }
	fs.Var(&r.inputs, "input", "input files: a glob (local, gs://, s3://) or an https:// URL; repeat the flag or list several after it")
	add("input")
	fs.StringVar(&c.InputPaths, "input-paths", c.InputPaths, "a Common Crawl paths file (wet.paths.gz, warc.paths.gz; gzip or plain; local or a URL): one path a line, joined onto --base-url")
	add("input-paths")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "where the --input-paths paths live: https://data.commoncrawl.org/, s3://commoncrawl/, gs://BUCKET/ or a local directory")
	add("base-url")
	fs.IntVar(&c.NumShards, "num-shards", c.NumShards, "split the sorted inputs into this many slices: input i goes to slice i mod N")
	add("num-shards")
	fs.IntVar(&c.ShardIndex, "shard-index", c.ShardIndex, "which slice this run reads (0..num-shards-1)")
	add("shard-index")
	fs.IntVar(&c.MaxFiles, "max-files", c.MaxFiles, "read only the first N inputs of the slice (0: all)")
	add("max-files")
	fs.StringVar(&c.Output, "output", "", "output directory")
	add("output")
	fs.StringVar(&r.configFile, "config", "", "YAML file whose keys are flag names; flags given on the command line win")
	add("config")
	fs.IntVar(&c.MinLength, "min-length", c.MinLength, "drop documents with fewer code points of text (cc_net min_len)")
	add("min-length")
	fs.BoolVar(&c.Dedup, "dedup", c.Dedup, "cc_net line-level dedup: remove lines found in two documents or more of a group")
	add("dedup")
	fs.IntVar(&c.DedupGroupFiles, "dedup-group-files", c.DedupGroupFiles, "dedup group = this many consecutive input files (cc_net hash_in_mem); 0 = the whole run")
	add("dedup-group-files")
	fs.BoolVar(&c.DedupDigest, "dedup-digest", c.DedupDigest, "exact document dedup: keep the first document of each digest, in input order (RedPajama v1)")
	add("dedup-digest")
	fs.IntVar(&c.DedupPartitions, "dedup-partitions", c.DedupPartitions, "hash-range partitions of each group's hash merge")
	add("dedup-partitions")
	fs.BoolVar(&c.LID, "lid", c.LID, "language identification (lingua-go): sets language and language_score, drops under --lid-threshold")
	add("lid")
	fs.StringVar(&c.LIDMode, "lid-mode", c.LIDMode, "fast (script pre-pass, first-pass model, lingua on a sample) or lingua (plain lingua-go)")
	add("lid-mode")
	fs.Var((*commaList)(&c.LIDLanguages), "lid-languages", "candidate languages, comma-separated ISO 639-1 codes (default: all lingua knows)")
	add("lid-languages")
	fs.Float64Var(&c.LIDThreshold, "lid-threshold", c.LIDThreshold, "drop documents whose rounded language score is below this (cc_net 0.5)")
	add("lid-threshold")
	fs.Var((*commaList)(&c.KeepLanguages), "keep-languages", "keep only these languages, comma-separated (RedPajama: en)")
	add("keep-languages")
	fs.Var((*commaList)(&c.Filters), "filters", "heuristic filters, comma-separated: "+strings.Join(transforms.FilterFamilies, ", ")+" (default: none, as cc_net)")
	add("filters")
	fs.StringVar(&c.FiltersMode, "filters-mode", c.FiltersMode, "drop, or annotate: keep every document and write each signal into quality_signals")
	add("filters-mode")
	fs.Var(replaceList(&c.FilterLanguages), "filter-languages", "languages the filters apply to; others pass untouched")
	add("filter-languages")
	fs.StringVar(&c.C4Mode, "c4-mode", c.C4Mode, "tfds (TFDS c4/en clean_page) or datatrove (C4QualityFilter defaults)")
	add("c4-mode")
	fs.StringVar(&c.GopherMode, "gopher-mode", c.GopherMode, "gopher (the paper's rules) or datatrove (its Gopher filters' defaults)")
	add("gopher-mode")
	fs.StringVar(&c.BadWordsDir, "badwords-dir", c.BadWordsDir, "LDNOOBW-style bad-words lists, one file per language (for --filters badwords)")
	add("badwords-dir")
	fs.StringVar(&c.LMDir, "lm-dir", c.LMDir, "per-language LMs ({lang}.sp.model + {lang}.arpa.bin or .arpa): adds perplexity and bucket")
	add("lm-dir")
	fs.StringVar(&c.LMCutoffs, "lm-cutoffs", c.LMCutoffs, "perplexity cutoffs, cc_net's cutoff.csv layout (default: LM-DIR/cutoff.csv if present)")
	add("lm-cutoffs")
	fs.Var((*commaList)(&c.KeepBuckets), "keep-buckets", "keep only these buckets, comma-separated (RedPajama: head,middle)")
	add("keep-buckets")
	fs.StringVar(&c.WikirefModel, "wikiref-model", c.WikirefModel, "fastText model with __label__wiki: adds wiki_prob (LLaMA / RedPajama v1 classifier)")
	add("wikiref-model")
	fs.Float64Var(&c.WikirefThreshold, "wikiref-threshold", c.WikirefThreshold, "drop documents whose wiki_prob is below this (RedPajama v1: 0.25)")
	add("wikiref-threshold")
	fs.StringVar(&c.WikirefMode, "wikiref-mode", c.WikirefMode, "drop, or annotate (write wiki_prob, drop nothing)")
	add("wikiref-mode")
	fs.Var(replaceList(&c.WikirefLanguages), "wikiref-languages", "languages the classifier applies to (the model's language); others pass")
	add("wikiref-languages")
	fs.StringVar(&c.Tokenizer, "tokenizer", c.Tokenizer, "SentencePiece BPE .model: also write the kept documents as training shards (OUT/shards)")
	add("tokenizer")
	fs.Var(replaceList(&c.ShardFormats), "shard-formats", "training shard formats, comma-separated: megatron, llmc")
	add("shard-formats")
	fs.Float64Var(&c.ShardValidFraction, "shard-valid-fraction", c.ShardValidFraction, "fraction of documents (by URL hash) in the valid split of the shards")
	add("shard-valid-fraction")
	fs.IntVar(&c.OutputShards, "output-shards", c.OutputShards, "files per {lang}_{bucket} output group")
	add("output-shards")
	fs.IntVar(&c.GzipLevel, "gzip-level", c.GzipLevel, "gzip level of the documents files (1-9)")
	add("gzip-level")
	fs.Int64Var(&c.SpillBytes, "spill-bytes", c.SpillBytes, "documents a worker buffers before spilling a sorted run")
	add("spill-bytes")
	fs.Int64Var(&c.MaxRecordBytes, "max-record-bytes", c.MaxRecordBytes, "records with a bigger body are dropped (record-too-large)")
	add("max-record-bytes")
	fs.IntVar(&c.MaxLineBytes, "max-line-bytes", c.MaxLineBytes, "longer lines are left out of documents and counted")
	add("max-line-bytes")
	fs.Float64Var(&c.MaxDecompressionRatio, "max-decompression-ratio", c.MaxDecompressionRatio, "abandon a file that inflates past this ratio")
	add("max-decompression-ratio")
	fs.BoolVar(&c.Strict, "strict", false, "fail the run on an unreadable input file instead of counting it")
	add("strict")
	fs.IntVar(&c.CheckpointGroups, "checkpoint-groups", c.CheckpointGroups, "resumable run: one job per this many dedup groups, finalized under OUTPUT/.ccnet-work; the same command again skips finished batches (0 = one job)")
	add("checkpoint-groups")
	fs.BoolVar(&c.Overwrite, "overwrite", false, "replace a previous run in --output")
	add("overwrite")
	fs.BoolVar(&r.verbose, "verbose", false, "keep the runner's informational log lines")
	add("verbose")
	return r
}

// expandInputs lets several values follow one --input, as a shell glob
// expands them: "--input a b --output o" means two inputs.
func expandInputs(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		out = append(out, a)
		if a == "--input" || a == "-input" {
			if i+1 < len(args) {
				i++
				out = append(out, args[i])
			}
			for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
				i++
				out = append(out, a, args[i])
			}
		}
	}
	return out
}

// config applies the config file under the command line and returns the
// effective configuration.
func (r *runFlags) config() (pipeline.Config, error) {
	if r.configFile != "" {
		if err := r.applyFile(r.configFile); err != nil {
			return pipeline.Config{}, err
		}
	}
	r.cfg.Inputs = r.inputs
	return r.cfg, r.cfg.Validate()
}

func (r *runFlags) applyFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--config: %w", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("--config %s: %w", path, err)
	}
	set := map[string]bool{}
	r.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "config" {
			return fmt.Errorf("--config %s: a config file cannot name another", path)
		}
		f := r.fs.Lookup(k)
		if f == nil {
			return fmt.Errorf("--config %s: unknown key %q (keys are flag names)", path, k)
		}
		if set[k] {
			continue
		}
		values := []any{m[k]}
		if list, ok := m[k].([]any); ok {
			values = list
		}
		for _, v := range values {
			if err := f.Value.Set(fmt.Sprint(v)); err != nil {
				return fmt.Errorf("--config %s: key %q: %w", path, k, err)
			}
		}
	}
	return nil
}
