package pipeline

import (
	"errors"
	"fmt"

	"github.com/ccnet-go/ccnet/ingest"
)

// Config is everything a run depends on. It goes into run.json whole.
type Config struct {
	Inputs []string `json:"inputs"` // globs: local paths, gs://, s3://
	Output string   `json:"output"` // output directory
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
	// DedupPartitions splits each group's hashes by range for the merge.
	DedupPartitions int `json:"dedup_partitions"`
	// Ingest limits.
	MaxRecordBytes        int64   `json:"max_record_bytes"`
	MaxLineBytes          int     `json:"max_line_bytes"`
	MaxDecompressionRatio float64 `json:"max_decompression_ratio"`
	// Strict makes a run with an unreadable input file end in failure (exit
	// 1); the file is counted in the report either way.
	Strict bool `json:"strict"`
	// Overwrite allows writing into an output directory that holds a run.
	Overwrite bool `json:"overwrite"`
}

// Default returns cc_net's defaults where cc_net has one.
func Default() Config {
	return Config{
		MinLength:             300, // cc_net mine.py Config.min_len
		OutputShards:          1,
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
	}
}

// Validate reports the first thing wrong with c.
func (c *Config) Validate() error {
	switch {
	case len(c.Inputs) == 0:
		return errors.New("no --input given")
	case c.Output == "":
		return errors.New("no --output given")
	case c.MinLength < 0:
		return fmt.Errorf("--min-length %d is negative", c.MinLength)
	case c.OutputShards < 1 || c.OutputShards > 9999:
		return fmt.Errorf("--output-shards %d is not in 1..9999", c.OutputShards)
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
	}
	return nil
}

func (c *Config) ingestOptions() ingest.Options {
	return ingest.Options{
		MaxRecordBytes:        c.MaxRecordBytes,
		MaxLineBytes:          c.MaxLineBytes,
		MaxDecompressionRatio: c.MaxDecompressionRatio,
	}
}
