package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/internal/modelfile"
	"github.com/ccnet-go/ccnet/lm"
	"github.com/ccnet-go/ccnet/shards"
	"github.com/ccnet-go/ccnet/transforms"
)

// Config is everything a run depends on. It goes into run.json whole.
type Config struct {
	Inputs []string `json:"inputs"` // globs: local paths, gs://, s3://; or https:// URLs
	Output string   `json:"output"` // output directory
	// InputPaths is a Common Crawl paths file (wet.paths.gz, warc.paths.gz;
	// gzip or plain): one path per line, relative to BaseURL. It may be a
	// local path or any filesystem URL (https://, s3://, gs://).
	InputPaths string `json:"input_paths,omitempty"`
	// BaseURL is what the paths of InputPaths are joined onto: an https://
	// or http:// URL, s3://bucket/, gs://bucket/ or a local directory.
	BaseURL string `json:"base_url,omitempty"`
	// MaxFiles keeps the first MaxFiles files of this shard's slice (after
	// NumShards/ShardIndex); 0 keeps them all.
	MaxFiles int `json:"max_files,omitempty"`
	// NumShards and ShardIndex select a slice of the inputs: in sorted
	// order, input i (from 0) belongs to shard i mod NumShards (0 counts
	// as 1). Each shard is its own run with its own output directory.
	NumShards  int `json:"num_shards,omitempty"`
	ShardIndex int `json:"shard_index,omitempty"`
	// MinLength is cc_net's min_len: documents with fewer code points of
	// raw_content are dropped before dedup (cc_net mine.py Config.min_len).
	MinLength int `json:"min_length"`
	// OutputShards is the number of files per {lang}_{bucket} group; a
	// document's file is chosen by a hash of its URL and digest.
	OutputShards int `json:"output_shards"`
	// GzipLevel of the documents files (klauspost/compress levels 1-9).
	GzipLevel int `json:"gzip_level"`
	// SpillBytes is how much a worker buffers before it spills a sorted run.
	SpillBytes int64 `json:"spill_bytes"`
	// Dedup turns cc_net's line-level deduplication on (cc_net's default).
	Dedup bool `json:"dedup"`
	// DedupGroupFiles groups that many consecutive input files (in sorted
	// order) into one dedup group, as cc_net's hash_in_mem grouped shards;
	// 0 makes the whole run one group.
	DedupGroupFiles int `json:"dedup_group_files"`
	// DedupDigest drops documents whose digest an earlier document (in input
	// order) of the run has: RedPajama v1's exact dedup, run after cc_net.
	DedupDigest bool `json:"dedup_digest"`
	// LID turns language identification on (cc_net's "lid" step).
	LID bool `json:"lid"`
	// LIDMode is "fast" (script pre-pass, a first-pass model, lingua on a
	// sample) or "lingua" (plain lingua-go, high accuracy, whole text).
	LIDMode string `json:"lid_mode"`
	// LIDLanguages restricts the candidate languages (ISO 639-1).
	LIDLanguages []string `json:"lid_languages"`
	// LIDThreshold is cc_net's lang_threshold, compared with the score
	// rounded to 2 decimals.
	LIDThreshold float64 `json:"lid_threshold"`
	// KeepLanguages is the output whitelist (RedPajama kept en).
	KeepLanguages []string `json:"keep_languages"`
	// Filters lists the heuristic filter families to apply (c4, badwords,
	// gopher-quality, gopher-repetition, mc4-paragraphs); empty turns the
	// stage off, as in cc_net.
	Filters []string `json:"filters"`
	// FiltersMode is "drop" or "annotate" (keep all, write the signals).
	FiltersMode string `json:"filters_mode"`
	// FilterLanguages are the languages the filters apply to; others pass
	// untouched (counted as filters-not-configured).
	FilterLanguages []string `json:"filter_languages"`
	// C4Mode is "tfds" (TFDS c4/en) or "datatrove" (C4QualityFilter).
	C4Mode string `json:"c4_mode"`
	// GopherMode is "gopher" (the paper's rules) or "datatrove".
	GopherMode string `json:"gopher_mode"`
	// BadWordsDir holds LDNOOBW-style word lists, one file per language.
	BadWordsDir string `json:"badwords_dir"`
	// LMDir holds cc_net's per-language models: {lang}.sp.model and
	// {lang}.arpa.bin (KenLM probing or ccnet binary) or {lang}.arpa; with
	// it, documents get a perplexity and a head/middle/tail bucket.
	LMDir string `json:"lm_dir"`
	// LMCutoffs is a cutoff.csv in cc_net's layout; "" uses LMDir/cutoff.csv
	// when it exists. Languages without cutoffs are bucket "all".
	LMCutoffs string `json:"lm_cutoffs"`
	// KeepBuckets drops documents of other buckets (RedPajama: head,middle).
	KeepBuckets []string `json:"keep_buckets"`
	// WikirefModel is a fastText model with a __label__wiki label; with it,
	// documents get wiki_prob (LLaMA's / RedPajama v1's classifier).
	WikirefModel string `json:"wikiref_model"`
	// WikirefThreshold drops documents under it (RedPajama v1: 0.25).
	WikirefThreshold float64 `json:"wikiref_threshold"`
	// WikirefMode is "drop" or "annotate".
	WikirefMode string `json:"wikiref_mode"`
	// WikirefLanguages are the languages classified (the model is trained
	// on one language's pages); empty means all.
	WikirefLanguages []string `json:"wikiref_languages"`
	// Tokenizer is a SentencePiece BPE .model; with it, the kept documents
	// are also written as training shards under OUT/shards.
	Tokenizer string `json:"tokenizer"`
	// ShardFormats lists the shard formats: "megatron", "llmc".
	ShardFormats []string `json:"shard_formats"`
	// ShardValidFraction of documents (by URL hash) go to the valid split.
	ShardValidFraction float64 `json:"shard_valid_fraction"`
	// DedupPartitions splits each group's hashes by range for the merge.
	DedupPartitions int `json:"dedup_partitions"`
	// Ingest limits.
	MaxRecordBytes        int64   `json:"max_record_bytes"`
	MaxLineBytes          int     `json:"max_line_bytes"`
	MaxDecompressionRatio float64 `json:"max_decompression_ratio"`
	// Strict makes a run with an unreadable input file end in failure (exit
	// 1); the file is counted in the report either way.
	Strict bool `json:"strict"`
	// CheckpointGroups > 0 makes the run resumable: one job per that many
	// dedup groups, each finalized under OUTPUT/.ccnet-work, then a merge
	// job (see checkpoint.go). 0 runs everything as one job.
	CheckpointGroups int `json:"checkpoint_groups,omitempty"`
	// Overwrite allows writing into an output directory that holds a run.
	Overwrite bool `json:"overwrite"`
}

// Default returns cc_net's defaults where cc_net has one.
func Default() Config {
	return Config{
		MinLength:             300, // cc_net mine.py Config.min_len
		OutputShards:          1,
		BaseURL:               DefaultBaseURL,
		NumShards:             1,
		Dedup:                 true,
		LID:                   true,
		LIDMode:               "fast",
		LIDThreshold:          0.5, // cc_net mine.py Config.lang_threshold
		DedupPartitions:       16,
		GzipLevel:             6,
		SpillBytes:            64 << 20,
		MaxRecordBytes:        64 << 20,
		MaxLineBytes:          1 << 20,
		MaxDecompressionRatio: 200,
		ShardFormats:          []string{"megatron", "llmc"},
		FiltersMode:           "drop",
		WikirefThreshold:      0.25, // RedPajama v1 filter/cc_classifier.sh
		WikirefMode:           "drop",
		WikirefLanguages:      []string{"en"},
		FilterLanguages:       []string{"en"}, // the C4 and Gopher rules were made for English
		C4Mode:                "tfds",
		GopherMode:            "gopher",
		ShardValidFraction:    shards.DefaultValidFraction,
	}
}

// Validate reports the first thing wrong with c.
func (c *Config) Validate() error {
	switch {
	case len(c.Inputs) == 0 && c.InputPaths == "":
		return errors.New("no --input or --input-paths given")
	case c.InputPaths != "" && c.BaseURL == "":
		return errors.New("--input-paths needs a --base-url")
	case c.MaxFiles < 0:
		return fmt.Errorf("--max-files %d is negative", c.MaxFiles)
	case c.NumShards < 0:
		return fmt.Errorf("--num-shards %d is negative", c.NumShards)
	case c.ShardIndex < 0 || c.ShardIndex >= max(c.NumShards, 1):
		return fmt.Errorf("--shard-index %d is not in 0..%d (--num-shards %d)", c.ShardIndex, max(c.NumShards, 1)-1, c.NumShards)
	case c.Output == "":
		return errors.New("no --output given")
	case c.MinLength < 0:
		return fmt.Errorf("--min-length %d is negative", c.MinLength)
	case c.OutputShards < 1 || c.OutputShards > 9999:
		return fmt.Errorf("--output-shards %d is not in 1..9999", c.OutputShards)
	case c.CheckpointGroups < 0:
		return fmt.Errorf("--checkpoint-groups %d is negative", c.CheckpointGroups)
	case c.CheckpointGroups > 0 && c.DedupGroupFiles == 0:
		return errors.New("--checkpoint-groups needs --dedup-group-files: with the whole run one dedup group there is one batch, nothing to resume")
	case c.DedupGroupFiles < 0:
		return fmt.Errorf("--dedup-group-files %d is negative", c.DedupGroupFiles)
	case c.DedupPartitions < 1 || c.DedupPartitions > 4096:
		return fmt.Errorf("--dedup-partitions %d is not in 1..4096", c.DedupPartitions)
	case c.LID && c.LIDMode != "fast" && c.LIDMode != "lingua":
		return fmt.Errorf("--lid-mode %q is not fast or lingua", c.LIDMode)
	case c.LIDThreshold < 0 || c.LIDThreshold > 1:
		return fmt.Errorf("--lid-threshold %v is not in 0..1", c.LIDThreshold)
	case c.GzipLevel < 1 || c.GzipLevel > 9:
		return fmt.Errorf("--gzip-level %d is not in 1..9", c.GzipLevel)
	case c.SpillBytes < 4096:
		return fmt.Errorf("--spill-bytes %d is under 4 KiB", c.SpillBytes)
	case c.MaxRecordBytes < 1024:
		return fmt.Errorf("--max-record-bytes %d is under 1 KiB", c.MaxRecordBytes)
	case c.MaxLineBytes < 80:
		return fmt.Errorf("--max-line-bytes %d is under 80", c.MaxLineBytes)
	case c.MaxDecompressionRatio < 2:
		return fmt.Errorf("--max-decompression-ratio %v is under 2", c.MaxDecompressionRatio)
	case c.ShardValidFraction < 0 || c.ShardValidFraction >= 1:
		return fmt.Errorf("--shard-valid-fraction %v is not in [0, 1)", c.ShardValidFraction)
	}
	if len(c.Filters) > 0 {
		switch {
		case c.FiltersMode != "drop" && c.FiltersMode != "annotate":
			return fmt.Errorf("--filters-mode %q is not drop or annotate", c.FiltersMode)
		case c.C4Mode != "tfds" && c.C4Mode != "datatrove":
			return fmt.Errorf("--c4-mode %q is not tfds or datatrove", c.C4Mode)
		case c.GopherMode != "gopher" && c.GopherMode != "datatrove":
			return fmt.Errorf("--gopher-mode %q is not gopher or datatrove", c.GopherMode)
		}
		// Building the filter checks the families and loads the word lists.
		if _, err := c.filterSpec().Build(); err != nil {
			return err
		}
	}
	if c.LMDir != "" {
		// A URL is only checked to exist: the models of every language can
		// be many gigabytes, which the workers copy, not the driver.
		if modelfile.IsURL(c.LMDir) {
			if err := modelfile.Exists(context.Background(), c.LMDir); err != nil {
				return fmt.Errorf("--lm-dir: %w", err)
			}
		} else if _, err := transforms.FindLMs(c.LMDir); err != nil {
			return err
		}
		if p := c.lmCutoffs(); p != "" {
			local, err := modelfile.Local(context.Background(), p)
			if err != nil {
				return fmt.Errorf("--lm-cutoffs: %w", err)
			}
			f, err := os.Open(local)
			if err != nil {
				return fmt.Errorf("--lm-cutoffs: %w", err)
			}
			_, err = lm.ReadCutoffs(f)
			f.Close()
			if err != nil {
				return fmt.Errorf("--lm-cutoffs %s: %w", p, err)
			}
		}
	}
	for _, b := range c.KeepBuckets {
		if b != "head" && b != "middle" && b != "tail" && b != "all" {
			return fmt.Errorf("--keep-buckets: %q is not head, middle, tail or all", b)
		}
	}
	if len(c.KeepBuckets) > 0 && c.LMDir == "" {
		return errors.New("--keep-buckets needs --lm-dir (without an LM every document is bucket all)")
	}
	if c.WikirefModel != "" {
		switch {
		case c.WikirefMode != "drop" && c.WikirefMode != "annotate":
			return fmt.Errorf("--wikiref-mode %q is not drop or annotate", c.WikirefMode)
		case c.WikirefThreshold < 0 || c.WikirefThreshold > 1:
			return fmt.Errorf("--wikiref-threshold %v is not in 0..1", c.WikirefThreshold)
		}
		if err := readable(c.WikirefModel, "--wikiref-model"); err != nil {
			return err
		}
	}
	if c.Tokenizer != "" {
		if _, err := c.shardFormats(); err != nil {
			return err
		}
		if err := readable(c.Tokenizer, "--tokenizer"); err != nil {
			return err
		}
	}
	return nil
}

// lmCutoffs is the cutoffs file the LM stage reads, or "".
func (c *Config) lmCutoffs() string {
	if c.LMCutoffs != "" || c.LMDir == "" {
		return c.LMCutoffs
	}
	p := modelfile.Join(c.LMDir, "cutoff.csv")
	if modelfile.Exists(context.Background(), p) == nil {
		return p
	}
	return ""
}

// bucketedLanguages are the languages with both an LM and cutoffs: the
// only ones whose documents get head, middle and tail buckets.
func (c *Config) bucketedLanguages() []string {
	if c.LMDir == "" || c.lmCutoffs() == "" {
		return nil
	}
	models, err := transforms.FindLMs(c.LMDir)
	if err != nil {
		return nil
	}
	f, err := os.Open(c.lmCutoffs())
	if err != nil {
		return nil
	}
	defer f.Close()
	cutoffs, err := lm.ReadCutoffs(f)
	if err != nil {
		return nil
	}
	var out []string
	for lang := range models {
		if _, ok := cutoffs[lang]; ok {
			out = append(out, lang)
		}
	}
	sort.Strings(out)
	return out
}

func (c *Config) filterSpec() transforms.FilterSpec {
	return transforms.FilterSpec{Families: c.Filters, Languages: c.FilterLanguages, C4Mode: c.C4Mode,
		GopherMode: c.GopherMode, BadWordsDir: c.BadWordsDir, Annotate: c.FiltersMode == "annotate"}
}

func (c *Config) shardFormats() (shards.Format, error) {
	var f shards.Format
	for _, name := range c.ShardFormats {
		switch name {
		case "megatron":
			f |= shards.Megatron
		case "llmc":
			f |= shards.LLMC
		default:
			return 0, fmt.Errorf("--shard-formats: %q is not megatron or llmc", name)
		}
	}
	if f == 0 {
		return 0, errors.New("--shard-formats is empty")
	}
	return f, nil
}

// readable checks that a model file exists before any work starts.
func readable(path, flag string) error {
	if modelfile.IsURL(path) {
		if err := modelfile.Exists(context.Background(), path); err != nil {
			return fmt.Errorf("%s: %w", flag, err)
		}
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", flag, err)
	}
	return f.Close()
}

func (c *Config) ingestOptions() ingest.Options {
	return ingest.Options{
		MaxRecordBytes:        c.MaxRecordBytes,
		MaxLineBytes:          c.MaxLineBytes,
		MaxDecompressionRatio: c.MaxDecompressionRatio,
	}
}
