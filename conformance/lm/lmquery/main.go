// Command lmquery scores stdin with an n-gram model the way KenLM's query
// does, for conformance/lm/query.sh: one sentence per line, <s> and </s>
// added, and, per line, "word=id ngram_length log10prob" for every word and
// </s> (tab-separated) then "Total: t OOV: n" (only the latter with
// -sentence, as query -v sentence). With -ppl it prints instead
// cc_net's rounded document perplexity of each line (lm.DocPerplexity).
// With -write-binary it converts the model to the lm package's format;
// with -normalize it maps JSON strings through lm.Normalize.
//
//	go run ./conformance/lm/lmquery MODEL < text
//	go run ./conformance/lm/lmquery -sentence MODEL < text
//	go run ./conformance/lm/lmquery -ppl MODEL < text
//	go run ./conformance/lm/lmquery -write-binary OUT MODEL
//	go run ./conformance/lm/lmquery -normalize < json-strings
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/ccnet-go/ccnet/lm"
)

func main() {
	ppl := flag.Bool("ppl", false, "print cc_net's rounded perplexity of each line")
	sentence := flag.Bool("sentence", false, "print only the Total lines, as query -v sentence")
	normalize := flag.Bool("normalize", false, "read JSON strings, one a line, and print lm.Normalize of each as JSON (no MODEL)")
	writeBinary := flag.String("write-binary", "", "convert MODEL to the lm binary format at this path and exit")
	flag.Parse()
	if *normalize {
		normalizeJSON()
		return
	}
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: lmquery [-ppl | -sentence] [-write-binary OUT] MODEL < text")
		os.Exit(2)
	}
	if *writeBinary != "" {
		if err := lm.WriteBinaryFile(*writeBinary, flag.Arg(0)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	m, err := lm.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer m.Close()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	var ws []lm.WordScore
	for in.Scan() {
		line := in.Text()
		if *ppl {
			p, _ := m.DocPerplexity(line)
			fmt.Fprintln(out, strconv.FormatFloat(p, 'f', -1, 64))
			continue
		}
		var total float32
		ws, total = m.ScoreWords(ws[:0], strings.FieldsFunc(line, isKenLMSpace))
		oov := 0
		for _, w := range ws {
			if w.ID == 0 {
				oov++
			}
			if *sentence {
				continue
			}
			fmt.Fprintf(out, "%s=%d %d %s\t", w.Word, w.ID, w.NgramLength, strconv.FormatFloat(float64(w.Prob), 'g', -1, 32))
		}
		fmt.Fprintf(out, "Total: %s OOV: %d\n", strconv.FormatFloat(float64(total), 'g', -1, 32), oov)
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// normalizeJSON maps every JSON string line of stdin through lm.Normalize.
func normalizeJSON() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<26)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for in.Scan() {
		var s string
		if err := json.Unmarshal(in.Bytes(), &s); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		b, _ := json.Marshal(lm.Normalize(s))
		out.Write(append(b, '\n'))
	}
}

// isKenLMSpace: query splits words on the ASCII spaces \t \n \v \f \r and
// space.
func isKenLMSpace(r rune) bool { return r == ' ' || r >= '\t' && r <= '\r' }
