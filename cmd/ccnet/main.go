// Command ccnet turns Common Crawl WARC/WET files into cc_net-compatible
// documents with a Beam pipeline (Prism, embedded, by default).
//
//	ccnet run --input 'dumps/*.warc.wet.gz' --output out/ [--config ccnet.yaml] [--runner prism]
//	ccnet version
//
// The binary is also its own Beam worker: a runner starts it as
// `ccnet --worker ...` with no subcommand, so main parses the flags and
// calls beam.Init() before anything else.
//
// Exit status: 0 done (unreadable input files are counted in the report),
// 1 the run failed (or, with --strict, an input file was unreadable),
// 2 bad flags, config or inputs, found before any work.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/ccnet-go/ccnet/internal/version"
	"github.com/ccnet-go/ccnet/pipeline"
)

const usage = `ccnet turns web crawls into LLaMA pretraining data, the CCNet way.

Usage:
  ccnet run --input GLOB [GLOB...] --output DIR [--config FILE] [flags]
  ccnet run --input-paths wet.paths.gz [--num-shards K --shard-index I] --output DIR [flags]
  ccnet langid eval --data LABELLED.tsv[.gz] [--mode fast|lingua] [--languages en,de] [--held-out] [--per-text N]
  ccnet lm train|score|cutoffs ...          n-gram LMs (KenLM-compatible) and perplexity cutoffs
  ccnet classify train|predict|build-data   the fastText-compatible Wikipedia-reference classifier
  ccnet tokenizer train|encode|decode ...   SentencePiece BPE (LLaMA's settings)
  ccnet shards inspect PATH                 check a Megatron or llm.c shard
  ccnet train --data OUT/shards --preset stories15M --steps N --out ckpt/
  ccnet generate --ckpt ckpt/ --tokenizer tok.model --prompt "..."
  ccnet export --ckpt ckpt/ --format hf|llama2c --out DIR|FILE
  ccnet version

Run 'ccnet run -h' for the run flags (Beam's own flags, such as --runner,
are accepted too).
`

func main() {
	os.Exit(realMain(os.Args[1:]))
}

func realMain(args []string) int {
	sub := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		sub, args = args[0], args[1:]
	}
	if c, ok := commands[sub]; ok {
		return runCommand(sub, c, args)
	}
	if tool, ok := tools[sub]; ok {
		// The model and data tools run no pipeline: their own flag set,
		// no Beam.
		return runTool(sub, tool, args)
	}
	var runCfg *runFlags
	switch sub {
	case "run":
		runCfg = registerRunFlags(flag.CommandLine)
		args = expandInputs(args)
	case "", "version", "help":
	default:
		fmt.Fprintf(os.Stderr, "ccnet: unknown command %q\n\n%s", sub, usage)
		return 2
	}
	flag.CommandLine.Usage = func() {
		fmt.Fprint(os.Stderr, usage)
		if runCfg != nil {
			fmt.Fprintln(os.Stderr, "\nRun flags:")
			for _, name := range runCfg.names {
				f := flag.Lookup(name)
				fmt.Fprintf(os.Stderr, "  --%s (default %q)\n      %s\n", f.Name, f.DefValue, f.Usage)
			}
		}
	}
	if err := flag.CommandLine.Parse(args); err != nil {
		return 2
	}
	// beam.Init must come before any other work: in worker mode it runs
	// the SDK harness and never returns.
	beam.Init()
	if runCfg != nil && !runCfg.verbose {
		// Prism logs every job state change at INFO; keep warnings only.
		slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	}

	switch sub {
	case "version":
		fmt.Printf("ccnet %s (Apache Beam Go SDK %s)\n", version.String(), version.BeamSDK)
		return 0
	case "", "help":
		fmt.Fprint(os.Stderr, usage)
		if sub == "help" {
			return 0
		}
		return 2
	}
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "ccnet run: unexpected argument %q\n", flag.Arg(0))
		return 2
	}
	cfg, err := runCfg.config()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ccnet run: %v\n", err)
		return 2
	}
	res, err := pipeline.Run(context.Background(), cfg, os.Stderr)
	var strict *pipeline.StrictError
	if err != nil && !errors.As(err, &strict) {
		fmt.Fprintf(os.Stderr, "ccnet run: %v\n", err)
		var ue *pipeline.UsageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	if res.DryRun {
		fmt.Printf("ccnet: dry run: the job graph over %d input files was translated into a Dataflow job and not submitted (--verbose prints it)\n",
			len(res.Manifest.Inputs))
		return 0
	}
	r := res.Report
	fmt.Printf("ccnet: %d records read from %d files: %d documents kept, %d dropped (%s)\n",
		r.Read, len(res.Manifest.Inputs), r.Kept, r.Read-r.Kept, balance(r.Balanced))
	fmt.Printf("ccnet: documents in %s/documents/\n", cfg.Output)
	fmt.Printf("ccnet: report in %s/report.html (counts in report.json, run manifest in run.json)\n", cfg.Output)
	if r.FilesWithErrors > 0 {
		fmt.Printf("ccnet: %d input files could not be read to the end; see the report\n", r.FilesWithErrors)
		if strict != nil {
			fmt.Fprintf(os.Stderr, "ccnet run: %v\n", strict)
			return 1
		}
	}
	if !r.Balanced {
		fmt.Fprintln(os.Stderr, "ccnet: the accounting does not balance: read != kept + dropped")
		return 1
	}
	return 0
}

func balance(ok bool) string {
	if ok {
		return "every record accounted for"
	}
	return "ACCOUNTING DOES NOT BALANCE"
}
