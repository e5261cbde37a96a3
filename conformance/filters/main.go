// Command filters writes the English documents of the shared WET files as
// JSON lines, each with the decisions of ccnet's datatrove modes (C4,
// Gopher quality, Gopher repetition, each run alone on the document's
// raw_content), for compare.py to check against datatrove. See run.sh.
//
// A document is English when the project's language identifier
// (classify, fast mode, all languages) labels its raw_content "en".
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"

	"github.com/ccnet-go/ccnet/classify"
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/filters"
	"github.com/ccnet-go/ccnet/ingest"
	"github.com/ccnet-go/ccnet/internal/shareddata"
)

type record struct {
	ID     int               `json:"id"`
	URL    string            `json:"url"`
	Text   string            `json:"text"`
	Go     map[string]string `json:"go"`      // family -> drop reason, "" for kept
	C4Text string            `json:"c4_text"` // the C4-cleaned text when kept
	Words  []string          `json:"words,omitempty"`
}

func main() {
	dataDir := flag.String("data", filepath.Join(shareddata.Dir(), "wet"), "folder of WET files")
	out := flag.String("out", "docs.jsonl", "output JSON lines")
	words := flag.Bool("words", false, "also write ccnet's datatrove-mode words of each document")
	funnel := flag.Bool("funnel", false, "also print the funnel of ccnet's default English rules (bad words from the shared LDNOOBW lists)")
	flag.Parse()
	if err := run(*dataDir, *out, *words, *funnel); err != nil {
		log.Fatal(err)
	}
}

func run(dataDir, out string, withWords, withFunnel bool) error {
	files, err := filepath.Glob(filepath.Join(dataDir, "*.wet*"))
	if err != nil {
		return err
	}
	sort.Strings(files)
	lid, err := classify.NewLangID(classify.LangOptions{})
	if err != nil {
		return err
	}
	family := map[string]*filters.Filter{}
	full := filters.DefaultDatatrove().Languages["en"]
	for name, rules := range map[string]filters.LangRules{
		"c4": {C4: full.C4}, "gopher_quality": {GopherQuality: full.GopherQuality},
		"gopher_repetition": {GopherRepetition: full.GopherRepetition},
	} {
		f, err := filters.New(filters.Config{Languages: map[string]filters.LangRules{"en": rules}}, nil)
		if err != nil {
			return err
		}
		family[name] = f
	}
	var def *filters.Filter
	reasons := map[string]int{}
	linesRemoved := make([]int, len(filters.LineReasons))
	if withFunnel {
		bw, err := filters.LoadBadWords(filepath.Join(shareddata.Dir(), "wordlists", "ldnoobw"), "en")
		if err != nil {
			return err
		}
		if def, err = filters.New(filters.Default(), bw); err != nil {
			return err
		}
	}
	fo, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(fo)
	enc := json.NewEncoder(w)
	n, read := 0, 0
	for _, path := range files {
		fi, err := os.Open(path)
		if err != nil {
			return err
		}
		var docs []document.Document
		err = ingest.ReadFile(context.Background(), fi, path, ingest.Options{}, func(d document.Document) { docs = append(docs, d) },
			func(string, int64) {})
		fi.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, d := range docs {
			read++
			if lid.Identify(d.RawContent).Label != "en" {
				continue
			}
			d.Language = "en"
			rec := record{ID: n, URL: d.URL, Text: d.RawContent, Go: map[string]string{}}
			for name, f := range family {
				doc := d
				o := f.Apply(&doc)
				rec.Go[name] = o.Reason
				if name == "c4" && o.Kept {
					rec.C4Text = doc.RawContent
				}
			}
			if def != nil {
				doc := d
				o := def.Apply(&doc)
				reasons[o.Reason]++
				for i, n := range o.LinesRemoved {
					linesRemoved[i] += n
				}
			}
			if withWords {
				rec.Words = filters.DatatroveWords(d.RawContent)
			}
			if err := enc.Encode(&rec); err != nil {
				return err
			}
			n++
		}
	}
	if err := w.Flush(); err != nil {
		return err
	}
	log.Printf("%d documents read from %d files, %d English written to %s", read, len(files), n, out)
	if def != nil {
		fmt.Printf("default English rules on %d documents: kept %d\n", n, reasons[""])
		for _, r := range filters.Reasons {
			if reasons[r.Name] > 0 {
				fmt.Printf("  %-28s %d\n", r.Name, reasons[r.Name])
			}
		}
		for i, r := range filters.LineReasons {
			fmt.Printf("  lines %-22s %d\n", r.Name, linesRemoved[i])
		}
	}
	return fo.Close()
}
