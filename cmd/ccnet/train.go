package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ccnet-go/ccnet/llama"
	"github.com/ccnet-go/ccnet/tokenizer"
)

// commands are the top-level tools with a single verb: the reference
// trainer's.
var commands = map[string]verb{
	"train":    {"train the reference LLaMA on the pipeline's shards (resumes from --out)", "", trainCmd},
	"generate": {"sample text from a trained checkpoint", "", generateCmd},
	"export":   {"export a checkpoint as llama2.c's model.bin or a Hugging Face LlamaForCausalLM folder", "", exportCmd},
}

func trainCmd(fs *flag.FlagSet) func() int {
	c := llama.DefaultTrainConfig()
	fs.StringVar(&c.Data, "data", "", "the pipeline's shards folder (OUT/shards)")
	fs.StringVar(&c.Lang, "lang", "", "train on this language's shards (default: every language)")
	fs.StringVar(&c.Format, "format", "", "megatron or llmc (default: Megatron when present)")
	fs.StringVar(&c.Preset, "preset", c.Preset, "model shape: "+strings.Join(presetNames(), ", "))
	tok := fs.String("tokenizer", "", "the SentencePiece model the shards were written with: sets the vocabulary size")
	fs.IntVar(&c.Vocab, "vocab", 0, "vocabulary size (instead of --tokenizer)")
	fs.IntVar(&c.Batch, "batch", c.Batch, "rows per micro-batch")
	fs.IntVar(&c.SeqLen, "seq-len", c.SeqLen, "tokens per row")
	fs.IntVar(&c.GradAccum, "grad-accum", c.GradAccum, "micro-batches per optimizer step")
	fs.IntVar(&c.Steps, "steps", c.Steps, "optimizer steps")
	fs.Float64Var(&c.LR, "lr", c.LR, "peak learning rate (linear warmup, cosine decay to --final-lr-frac of it)")
	fs.IntVar(&c.Warmup, "warmup", c.Warmup, "warmup steps")
	fs.Float64Var(&c.FinalLRFrac, "final-lr-frac", c.FinalLRFrac, "final learning rate over peak (LLaMA: 0.1)")
	fs.Float64Var(&c.WeightDecay, "weight-decay", c.WeightDecay, "AdamW weight decay on matrices (LLaMA: 0.1)")
	fs.Float64Var(&c.Clip, "clip", c.Clip, "gradient norm clip (LLaMA: 1.0)")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the initialization and the data windows")
	fs.IntVar(&c.EvalEvery, "eval-every", c.EvalEvery, "steps between validation losses (0: at the end)")
	fs.IntVar(&c.EvalBatches, "eval-batches", c.EvalBatches, "validation batches")
	fs.StringVar(&c.Out, "out", "", "checkpoint folder; a run resumes from the checkpoint there")
	fs.IntVar(&c.SaveEvery, "save-every", c.SaveEvery, "steps between checkpoints (0: at the end)")
	return func() int {
		const cmd = "train"
		if c.Data == "" {
			return fail(cmd, 2, fmt.Errorf("--data is required"))
		}
		if *tok != "" {
			m, err := tokenizer.Load(*tok)
			if err != nil {
				return fail(cmd, 2, err)
			}
			c.Vocab = m.VocabSize()
		}
		c.Resume = c.Out != ""
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		if err := llama.Train(ctx, c, os.Stdout); err != nil {
			return fail(cmd, 1, err)
		}
		return 0
	}
}

func presetNames() []string {
	return slices.Sorted(maps.Keys(llama.Presets))
}

func checkpointPath(p string) string {
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		return filepath.Join(p, llama.CheckpointName)
	}
	return p
}

func generateCmd(fs *flag.FlagSet) func() int {
	ckpt := fs.String("ckpt", "", "checkpoint file or folder (ccnet train --out)")
	tok := fs.String("tokenizer", "", "SentencePiece model of the training shards")
	prompt := fs.String("prompt", "", "text to continue")
	g := llama.GenerateConfig{MaxTokens: 64, Temperature: 0.8, TopP: 0.9, Seed: 1}
	fs.IntVar(&g.MaxTokens, "max-tokens", g.MaxTokens, "new tokens")
	fs.Float64Var(&g.Temperature, "temperature", g.Temperature, "sampling temperature (0: greedy)")
	fs.Float64Var(&g.TopP, "top-p", g.TopP, "nucleus sampling mass")
	fs.Uint64Var(&g.Seed, "seed", g.Seed, "sampling seed")
	return func() int {
		const cmd = "generate"
		if *ckpt == "" || *tok == "" {
			return fail(cmd, 2, fmt.Errorf("--ckpt and --tokenizer are required"))
		}
		m, err := llama.LoadModel(checkpointPath(*ckpt))
		if err != nil {
			return fail(cmd, 2, err)
		}
		t, err := tokenizer.Load(*tok)
		if err != nil {
			return fail(cmd, 2, err)
		}
		g.StopAtEOS = t.EosID()
		text, err := llama.GenerateText(m, t, *prompt, g)
		if err != nil {
			return fail(cmd, 1, err)
		}
		fmt.Println(*prompt + text)
		return 0
	}
}

func exportCmd(fs *flag.FlagSet) func() int {
	ckpt := fs.String("ckpt", "", "checkpoint file or folder (ccnet train --out)")
	format := fs.String("format", "hf", "hf (config.json + model.safetensors) or llama2c (run.c's model.bin)")
	out := fs.String("out", "", "folder (hf) or file (llama2c) to write")
	return func() int {
		const cmd = "export"
		if *ckpt == "" || *out == "" {
			return fail(cmd, 2, fmt.Errorf("--ckpt and --out are required"))
		}
		m, err := llama.LoadModel(checkpointPath(*ckpt))
		if err != nil {
			return fail(cmd, 2, err)
		}
		switch *format {
		case "hf":
			err = llama.ExportHF(*out, m)
		case "llama2c":
			var f *os.File
			if f, err = os.Create(*out); err == nil {
				err = llama.ExportLlama2C(f, m)
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
		default:
			return fail(cmd, 2, fmt.Errorf("--format %q is not hf or llama2c", *format))
		}
		if err != nil {
			return fail(cmd, 1, err)
		}
		fmt.Printf("ccnet export: %s written\n", *out)
		return 0
	}
}
