package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/ccnet-go/ccnet/classify/fasttext"
	"github.com/ccnet-go/ccnet/extract"
	"github.com/ccnet-go/ccnet/warc"
)

// sharedData writes a labelled set from the shared data folder: Wikipedia
// paragraphs (the English xquad paragraphs and the wikitext-2 validation
// paragraphs with WikiText's " @-@ "-style joins and <unk> removed) as
// __label__wiki, the documents of every WET file under wet/ as __label__cc
// (their raw_content, title line excluded, as cc_net has it), each text
// joined to one line as RedPajama does. The lines are shuffled with the
// seed and split 80/20 into train and test.
func sharedData(args []string) error {
	fs := flag.NewFlagSet("shared-data", flag.ContinueOnError)
	dir := fs.String("dir", "", "shared data folder")
	train := fs.String("train", "", "training file")
	testF := fs.String("test", "", "test file")
	seed := fs.Uint64("seed", 1, "shuffle seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var lines []string
	add := func(label, text string) {
		if text = strings.TrimSpace(fasttext.JoinLines(text)); text != "" {
			lines = append(lines, label+" "+text)
		}
	}
	wiki, err := wikiParagraphs(*dir)
	if err != nil {
		return err
	}
	for _, p := range wiki {
		add(fasttext.WikiLabel, p)
	}
	web, err := wetDocuments(filepath.Join(*dir, "wet"))
	if err != nil {
		return err
	}
	for _, d := range web {
		add(fasttext.CCLabel, d)
	}
	fmt.Fprintf(os.Stderr, "shared-data: %d wiki paragraphs, %d web documents\n", len(wiki), len(web))
	rng := rand.New(rand.NewPCG(*seed, 3))
	rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
	cut := len(lines) * 4 / 5
	if err := os.WriteFile(*train, []byte(strings.Join(lines[:cut], "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(*testF, []byte(strings.Join(lines[cut:], "\n")+"\n"), 0o644)
}

// wikiTextJoin matches WikiText's tokenized joins (" @-@ ", " @,@ ",
// " @.@ ") and <unk>.
var (
	wikiTextJoin = regexp.MustCompile(` @([-,.])@ `)
	wikiTextUnk  = regexp.MustCompile(` ?<unk>`)
)

func wikiParagraphs(dir string) ([]string, error) {
	var out []string
	f, err := os.Open(filepath.Join(dir, "wiki", "xquad-12lang-paragraphs.jsonl.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(zr)
	for {
		var p struct{ Lang, Text string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("xquad: %w", err)
		}
		if p.Lang == "en" {
			out = append(out, p.Text)
		}
	}
	wt, err := os.Open(filepath.Join(dir, "wiki", "wikitext-2__valid.txt"))
	if err != nil {
		return nil, err
	}
	defer wt.Close()
	sc := bufio.NewScanner(wt)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "=") {
			continue
		}
		line = wikiTextJoin.ReplaceAllString(line, "$1")
		line = wikiTextUnk.ReplaceAllString(line, "")
		out = append(out, line)
	}
	return out, sc.Err()
}

func wetDocuments(dir string) ([]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.wet*"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		r, err := warc.NewReader(f, warc.Options{})
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if warc.IsRecoverable(err) {
				continue
			}
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			if rec.Type != "conversion" {
				continue
			}
			block, err := io.ReadAll(rec.Body)
			var pe *warc.ParseError
			if errors.As(err, &pe) {
				continue
			}
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", p, err)
			}
			out = append(out, strings.Join(extract.WET(block, 0).Lines, "\n"))
		}
		f.Close()
	}
	return out, nil
}

// curve prints the model's held-out accuracy on a labelled file and, for
// thresholds 0.05..0.95, the fraction of each label's lines whose
// probability of __label__wiki (RedPajama's wiki_prob) is >= the
// threshold.
func curve(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("want MODEL TESTFILE")
	}
	m, err := fasttext.LoadFile(args[0])
	if err != nil {
		return err
	}
	f, err := os.Open(args[1])
	if err != nil {
		return err
	}
	defer f.Close()
	byLabel := map[string][]float64{}
	var all []float64
	correct, n := 0, 0
	r := fasttext.NewExampleReader(f, "")
	for r.Scan() {
		ex := r.Example()
		if len(ex.Labels) != 1 {
			continue
		}
		p := m.WikiProb(ex.Text)
		byLabel[ex.Labels[0]] = append(byLabel[ex.Labels[0]], p)
		all = append(all, p)
		n++
		if (p >= 0.5) == (ex.Labels[0] == fasttext.WikiLabel) {
			correct++
		}
	}
	if r.Err() != nil {
		return r.Err()
	}
	fmt.Printf("held-out: %d lines, accuracy (wiki_prob >= 0.5) %.4f\n", n, float64(correct)/float64(n))
	var th []float64
	for t := 0.05; t < 0.96; t += 0.05 {
		th = append(th, t)
	}
	kw := fasttext.KeptFraction(byLabel[fasttext.WikiLabel], th)
	kc := fasttext.KeptFraction(byLabel[fasttext.CCLabel], th)
	ka := fasttext.KeptFraction(all, th)
	fmt.Printf("threshold\tkept(all)\tkept(wiki)\tkept(cc)\n")
	for i, t := range th {
		fmt.Printf("%.2f\t%.4f\t%.4f\t%.4f\n", t, ka[i], kw[i], kc[i])
	}
	return nil
}
