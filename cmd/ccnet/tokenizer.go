package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ccnet-go/ccnet/shards"
	"github.com/ccnet-go/ccnet/tokenizer"
)

func init() {
	tools["tokenizer"] = tool{
		"train":  {"train a SentencePiece BPE model (LLaMA's settings) on text or cc_net documents", "", tokenizerTrain},
		"encode": {"encode stdin, one line at a time, to ids or pieces (like spm_encode)", "", tokenizerEncode},
		"decode": {"decode ids or pieces from stdin, one line at a time (like spm_decode)", "", tokenizerDecode},
	}
	tools["shards"] = tool{
		"inspect": {"check a Megatron or llm.c shard and print its counts and a decoded sample", "PATH", shardsInspect},
	}
}

func tokenizerTrain(fs *flag.FlagSet) func() int {
	var in commaList
	opts := tokenizer.DefaultTrainOptions()
	fs.Var(&in, "input", "text (one sentence per line) or JSON lines (.jsonl, cc_net .json.gz: raw_content); globs, comma-separated")
	field := fs.String("field", "", "JSON field to read (default: raw_content, text or opening_text)")
	out := fs.String("out", "", "the .model file to write")
	fs.IntVar(&opts.VocabSize, "vocab-size", opts.VocabSize, "pieces in the model, meta and byte pieces included (LLaMA: 32000)")
	cov := fs.Float64("character-coverage", float64(opts.CharacterCoverage), "share of characters covered by single-character pieces")
	fs.IntVar(&opts.InputSentenceSize, "input-sentence-size", opts.InputSentenceSize, "at most this many lines are used (0: all)")
	seed := fs.Uint64("seed", 0, "seed of the line sample when the input has more than --input-sentence-size lines")
	return func() int {
		if len(in) == 0 || *out == "" {
			return fail("tokenizer train", 2, fmt.Errorf("--input and --out are required"))
		}
		opts.CharacterCoverage = float32(*cov)
		opts.Seed = *seed
		src := textSource{globs: in, field: *field}
		if _, err := src.files(); err != nil {
			return fail("tokenizer train", 2, err)
		}
		start := time.Now()
		r := src.linesReader(false, nil)
		defer r.Close()
		m, err := tokenizer.Train(context.Background(), r, opts)
		if err != nil {
			return fail("tokenizer train", 1, err)
		}
		f, err := os.Create(*out)
		if err == nil {
			err = m.Write(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			return fail("tokenizer train", 1, err)
		}
		fmt.Printf("ccnet tokenizer train: %d pieces written to %s in %.1fs\n", m.VocabSize(), *out, time.Since(start).Seconds())
		return 0
	}
}

func loadTokenizer(cmd, path string) (*tokenizer.Model, int) {
	if path == "" {
		return nil, fail(cmd, 2, fmt.Errorf("--model is required"))
	}
	m, err := tokenizer.Load(path)
	if err != nil {
		return nil, fail(cmd, 2, err)
	}
	return m, 0
}

func tokenizerEncode(fs *flag.FlagSet) func() int {
	model := fs.String("model", "", "SentencePiece .model file")
	format := fs.String("output-format", "id", "id or piece")
	return func() int {
		m, st := loadTokenizer("tokenizer encode", *model)
		if m == nil {
			return st
		}
		if *format != "id" && *format != "piece" {
			return fail("tokenizer encode", 2, fmt.Errorf("--output-format %q is not id or piece", *format))
		}
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		defer w.Flush()
		var ids []int
		var pieces []string
		err := eachLine(func(line string) {
			if *format == "piece" {
				pieces = m.AppendEncodePieces(pieces[:0], line)
				w.WriteString(strings.Join(pieces, " "))
			} else {
				ids = m.AppendEncode(ids[:0], line)
				for i, id := range ids {
					if i > 0 {
						w.WriteByte(' ')
					}
					w.WriteString(strconv.Itoa(id))
				}
			}
			w.WriteByte('\n')
		})
		if err != nil {
			return fail("tokenizer encode", 1, err)
		}
		return 0
	}
}

func tokenizerDecode(fs *flag.FlagSet) func() int {
	model := fs.String("model", "", "SentencePiece .model file")
	format := fs.String("input-format", "id", "id or piece")
	return func() int {
		m, st := loadTokenizer("tokenizer decode", *model)
		if m == nil {
			return st
		}
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		defer w.Flush()
		var bad error
		lineNo := 0
		err := eachLine(func(line string) {
			lineNo++
			var ids []int
			for _, f := range strings.Fields(line) {
				id := -1
				if *format == "piece" {
					id = m.PieceToID(f)
				} else if n, err := strconv.Atoi(f); err == nil && n >= 0 && n < m.VocabSize() {
					id = n
				}
				if id < 0 && bad == nil {
					bad = fmt.Errorf("line %d: %q is not a %s of the model", lineNo, f, *format)
				}
				ids = append(ids, max(id, m.UnkID()))
			}
			w.WriteString(m.Decode(ids))
			w.WriteByte('\n')
		})
		if err == nil {
			err = bad
		}
		if err != nil {
			return fail("tokenizer decode", 1, err)
		}
		return 0
	}
}

// eachLine calls fn with every line of standard input, without its "\n".
func eachLine(fn func(string)) error {
	br := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			fn(strings.TrimSuffix(line, "\n"))
		}
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

func shardsInspect(fs *flag.FlagSet) func() int {
	model := fs.String("tokenizer", "", "SentencePiece .model to decode a sample with (optional)")
	sample := fs.Int("sample", 2, "documents to print")
	bos := fs.Int("bos", 1, "BOS id that starts each document in an llm.c shard (-1: none)")
	eos := fs.Int("eos", 2, "EOS id that ends each document in an llm.c shard (-1: none)")
	return func() int {
		if fs.NArg() != 1 {
			return fail("shards inspect", 2, fmt.Errorf("give one shard path (PREFIX, .bin or .idx)"))
		}
		framing := shards.Framing{BOS: *bos, EOS: *eos}
		info, err := shards.Inspect(fs.Arg(0), framing)
		if err != nil {
			return fail("shards inspect", 1, err)
		}
		fmt.Println(info)
		if *sample <= 0 {
			return 0
		}
		docs, err := shards.ReadDocuments(fs.Arg(0), framing, *sample)
		if err != nil {
			return fail("shards inspect", 1, err)
		}
		var m *tokenizer.Model
		if *model != "" {
			if m, err = tokenizer.Load(*model); err != nil {
				return fail("shards inspect", 2, err)
			}
		}
		for i, doc := range docs {
			fmt.Printf("--- document %d: %d tokens\n", i, len(doc))
			if m == nil {
				fmt.Println(doc)
				continue
			}
			ids := make([]int, len(doc))
			for j, t := range doc {
				ids[j] = int(t)
			}
			fmt.Println(m.Decode(ids))
		}
		return 0
	}
}
