package transforms

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/internal/modelfile"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/shards"
	"github.com/ccnet-go/ccnet/tokenizer"
)

// DocFile is one documents file the merge wrote.
type DocFile struct {
	Name string // "en_head_0003"
	Path string
}

// bucketRank orders the buckets in shard numbering (see ShardsFn). In a
// language with perplexity cutoffs a document without a perplexity (empty
// normalized text) is in "all" beside head, middle and tail, so "all" has a
// rank of its own there; in other languages every document is in "all",
// rank 0.
var bucketRank = map[string]int{"head": 0, "middle": 1, "tail": 2, "all": 3}

// ShardIndex is the shard number of documents file name ({lang}_{bucket}_{NNNN}):
// rank(bucket)·shardsPerGroup + NNNN, so every documents file has its own
// shard number in its language without any coordination between workers.
// bucketed lists the languages with cutoffs (see bucketRank).
func ShardIndex(name string, shardsPerGroup int, bucketed []string) (lang string, index int, err error) {
	parts := strings.Split(name, "_")
	if len(parts) != 3 {
		return "", 0, fmt.Errorf("documents file %q is not named {lang}_{bucket}_{NNNN}", name)
	}
	rank, ok := bucketRank[parts[1]]
	if !slices.Contains(bucketed, parts[0]) {
		rank = 0
	}
	n, err := strconv.Atoi(parts[2])
	if !ok || err != nil {
		return "", 0, fmt.Errorf("documents file %q is not named {lang}_{bucket}_{NNNN}", name)
	}
	return parts[0], rank*shardsPerGroup + n, nil
}

// ShardsFn tokenizes one documents file and writes its documents, in the
// file's order, to the training shards of its language: train or valid by a
// hash of the URL (shards.SplitOf), Megatron and/or llm.c format. The shard
// of documents/{lang}_{bucket}_{NNNN}.json.gz is shards/{format}/{lang}/
// {split}_{MMMM} with MMMM = ShardIndex; so shards, like documents, do not
// depend on the runner or on bundles.
type ShardsFn struct {
	OutDir         string
	Tokenizer      string // SentencePiece BPE .model
	Formats        int    // shards.Format bits
	ValidFraction  float64
	ShardsPerGroup int
	Bucketed       []string // languages with perplexity cutoffs

	tok *tokenizer.Model
}

// Setup loads (or shares) the tokenizer.
func (f *ShardsFn) Setup() error {
	tok, err := shared("tokenizer|"+f.Tokenizer, func() (*tokenizer.Model, error) {
		local, err := modelfile.Local(context.Background(), f.Tokenizer)
		if err != nil {
			return nil, fmt.Errorf("--tokenizer: %w", err)
		}
		return tokenizer.Load(local)
	})
	f.tok = tok
	return err
}

const shardBatch = 256

// ProcessElement writes the shards of one documents file.
func (f *ShardsFn) ProcessElement(ctx context.Context, df DocFile, count func(Count)) error {
	if strings.Contains(f.OutDir, "://") {
		return fmt.Errorf("training shards are written to local disk only; --output %q is remote", f.OutDir)
	}
	lang, index, err := ShardIndex(df.Name, f.ShardsPerGroup, f.Bucketed)
	if err != nil {
		return err
	}
	cfg := shards.Config{Formats: shards.Format(f.Formats), Vocab: f.tok.VocabSize(),
		Framing: shards.Framing{BOS: f.tok.BosID(), EOS: f.tok.EosID()}, ValidFraction: f.ValidFraction,
		MaxShardTokens: shards.LLMCMaxTokens}
	root := strings.TrimSuffix(f.OutDir, "/") + "/shards"
	var writers [2]*shards.ShardWriter
	defer func() {
		for _, w := range writers {
			if w != nil {
				w.Abort()
			}
		}
	}()

	rc, err := openRead(ctx, df.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	zr, err := gzip.NewReader(bufio.NewReaderSize(rc, 1<<20))
	if err != nil {
		return fmt.Errorf("%s: %w", df.Path, err)
	}
	br := bufio.NewReaderSize(zr, 1<<20)

	var docs []document.Document
	tokens := make([][]int, shardBatch)
	var buf []uint32
	flush := func() error {
		parallel(len(docs), func(i int) { tokens[i] = f.tok.AppendEncode(tokens[i][:0], docs[i].RawContent) })
		for i := range docs {
			split := shards.SplitOf(docs[i].URL, f.ValidFraction)
			w := writers[split]
			if w == nil {
				if w, err = shards.CreateShard(root, lang, split, index, cfg); err != nil {
					return err
				}
				writers[split] = w
			}
			buf = buf[:0]
			for _, t := range tokens[i] {
				buf = append(buf, uint32(t))
			}
			if err := w.Add(buf); err != nil {
				return fmt.Errorf("%s: %w", df.Path, err)
			}
		}
		docs = docs[:0]
		return nil
	}
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			d, perr := document.ParseJSON(b)
			if perr != nil {
				return fmt.Errorf("%s: line %d: %w", df.Path, line, perr)
			}
			docs = append(docs, d)
			if len(docs) == shardBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", df.Path, err)
		}
	}
	if err := flush(); err != nil {
		return err
	}
	for split, w := range writers {
		if w == nil {
			continue
		}
		if err := w.Close(); err != nil {
			return err
		}
		writers[split] = nil
		name := lang + "/" + shards.Split(split).String()
		count(Count{Key: report.Key(report.KindStat, "shard-documents/"+name, ""), N: int64(w.Documents())})
		count(Count{Key: report.Key(report.KindStat, "shard-tokens/"+name, ""), N: w.Tokens()})
	}
	return nil
}
