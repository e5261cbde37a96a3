// Command lmestimate runs lm.Estimate like lmplz, for the conformance script
// estimate.sh: text on stdin, ARPA on stdout, statistics on stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/ccnet-go/ccnet/lm"
)

func main() {
	order := flag.Int("o", 5, "n-gram order (lmplz -o)")
	fallback := flag.Bool("discount_fallback", false, "use the fallback discounts 0.5 1 1.5 where the closed form fails")
	memory := flag.Int64("S", 0, "counting memory in bytes (lmplz -S); 0 = default")
	temp := flag.String("T", "", "directory for spilled runs (lmplz -T)")
	skip := flag.Bool("skip_symbols", false, "treat <s>, </s> and <unk> in the text as whitespace")
	flag.Parse()
	opt := lm.EstimateOptions{Order: *order, MemoryBytes: *memory, TempDir: *temp, SkipSymbols: *skip}
	if *fallback {
		opt.DiscountFallback = []float64{}
	}
	st, err := lm.Estimate(context.Background(), os.Stdin, os.Stdout, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lmestimate:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "tokens %d types %d ngrams %v runs %d peak-bytes %d\n", st.Tokens, st.Types, st.NGrams, st.Runs, st.PeakBytes)
	for i, d := range st.Discounts {
		fmt.Fprintf(os.Stderr, "%d D1=%v D2=%v D3+=%v fallback=%v\n", i+1, d.D[1], d.D[2], d.D[3], d.Fallback)
	}
}
