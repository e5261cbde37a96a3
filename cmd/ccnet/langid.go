package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"syscall"

	"github.com/klauspost/compress/gzip"

	"github.com/ccnet-go/ccnet/classify"
)

type langidFlags struct {
	data      string
	mode      string
	languages commaList
	heldOut   bool
	maxChars  int
	perText   int
}

func langidEval(fs *flag.FlagSet) func() int {
	l := &langidFlags{}
	fs.StringVar(&l.data, "data", "", "labelled TSV: lang<TAB>text per line, or a header line naming a text column (last) and a bcp47, lang or label column, as udhr-532-paragraphs.tsv.gz; .gz read as gzip")
	fs.StringVar(&l.mode, "mode", classify.ModeFast, "fast or lingua")
	fs.Var(&l.languages, "languages", "candidate languages, comma-separated ISO 639-1 (default: all)")
	fs.BoolVar(&l.heldOut, "held-out", false, "score only the held-out split (the lines the first-pass model was not trained on)")
	fs.IntVar(&l.maxChars, "max-chars", 0, "sample cap of the fast mode in runes (0: default)")
	fs.IntVar(&l.perText, "per-text", 0, "files with a header: score at most this many lines per text (its code column; 0: all)")
	return l.eval
}

// langidEval prints accuracy per language, the macro average, documents/s
// and peak memory for a labelled TSV.
func (l *langidFlags) eval() int {
	if l.data == "" {
		fmt.Fprintln(os.Stderr, "ccnet langid eval: --data is required")
		return 2
	}
	f, err := os.Open(l.data)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ccnet langid eval: %v\n", err)
		return 2
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(l.data, ".gz") {
		zr, err := gzip.NewReader(r)
		if err != nil {
			fmt.Fprintf(os.Stderr, "ccnet langid eval: %s: %v\n", l.data, err)
			return 2
		}
		r = zr
	}
	lid, err := classify.NewLangID(classify.LangOptions{Languages: l.languages, Mode: l.mode, MaxChars: l.maxChars})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ccnet langid eval: %v\n", err)
		return 2
	}
	opts := classify.EvalOptions{PerText: l.perText}
	if l.heldOut {
		opts.Keep = func(_, text string) bool { return classify.HeldOut(text) }
	}
	res, err := classify.EvaluateWith(lid, r, opts)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ccnet langid eval: %v\n", err)
		return 1
	}
	fmt.Printf("%-6s %8s %8s\n", "lang", "docs", "accuracy")
	for _, s := range res.PerLang {
		fmt.Printf("%-6s %8d %8.4f\n", s.Label, s.Total, s.Accuracy())
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("macro accuracy %.4f over %d languages, %d documents, %.0f documents/s (one goroutine), peak RSS %d MB\n",
		res.Macro(), len(res.PerLang), res.Docs, res.DocsPerSecond(), ru.Maxrss/1024)
	fmt.Printf("deciding paths: %v\n", res.Paths)
	if len(res.Unsupported) > 0 {
		fmt.Printf("skipped, labels lingua cannot produce: %v\n", res.Unsupported)
	}
	return 0
}
