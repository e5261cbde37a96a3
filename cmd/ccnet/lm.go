package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/lm"
	"github.com/ccnet-go/ccnet/tokenizer"
	"github.com/ccnet-go/ccnet/transforms"
)

func init() {
	tools["lm"] = tool{
		"train":   {"train a language's LM as cc_net did: normalize, SentencePiece, 5-gram Kneser-Ney (lmplz), binary", "", lmTrain},
		"score":   {"score stdin, one sentence per line, as KenLM's query does (log10, <s> context, </s> scored)", "", lmScore},
		"cutoffs": {"perplexity percentiles per language over documents: cc_net's cutoff.csv", "", lmCutoffs},
	}
}

func lmTrain(fs *flag.FlagSet) func() int {
	lang := fs.String("lang", "", "language code: the models are written as DIR/{lang}.sp.model, .arpa, .arpa.bin")
	var text commaList
	fs.Var(&text, "text", "training text: plain (one document per line), JSONL (text / raw_content), or a CirrusSearch dump (opening_text); globs, comma-separated")
	field := fs.String("field", "", "JSON field to read (default: raw_content, text or opening_text)")
	out := fs.String("out", "", "output directory")
	order := fs.Int("order", 5, "n-gram order (lmplz -o)")
	vocab := fs.Int("vocab-size", 65536, "SentencePiece pieces (cc_net intended 65536)")
	coverage := fs.Float64("character-coverage", 0.9995, "SentencePiece character coverage (cc_net: 0.9995)")
	spModel := fs.String("sp-model", "", "use this SentencePiece model instead of training one")
	pretok := fs.Bool("pretokenized", false, "the text is already whitespace tokens: skip normalize and SentencePiece, read it as lmplz does")
	memory := fs.Int64("memory", 1<<30, "counting memory budget in bytes (lmplz -S)")
	fallback := fs.Bool("discount-fallback", true, "use 0.5/1/1.5 when a discount is out of range (lmplz --discount_fallback, as cc_net)")
	return func() int {
		const cmd = "lm train"
		if *lang == "" || len(text) == 0 || *out == "" {
			return fail(cmd, 2, fmt.Errorf("--lang, --text and --out are required"))
		}
		src := textSource{globs: text, field: *field}
		if _, err := src.files(); err != nil {
			return fail(cmd, 2, err)
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			return fail(cmd, 1, err)
		}
		ctx := context.Background()
		start := time.Now()
		base := filepath.Join(*out, *lang)
		tokens := base + ".tokens.txt"
		if *pretok {
			files, _ := src.files()
			if len(files) != 1 {
				return fail(cmd, 2, fmt.Errorf("--pretokenized takes one text file, read as is"))
			}
			tokens = files[0]
		} else {
			// cc_net: normalize() the whole text (newlines go), one per line.
			normalized := base + ".normalized.txt"
			if err := writeLines(normalized, src.linesReader(true, lm.Normalize)); err != nil {
				return fail(cmd, 1, err)
			}
			defer os.Remove(normalized)
			sp, err := lmTokenizer(ctx, *spModel, normalized, base+".sp.model", *vocab, *coverage)
			if err != nil {
				return fail(cmd, 1, err)
			}
			if err := encodePieces(sp, normalized, tokens); err != nil {
				return fail(cmd, 1, err)
			}
			defer os.Remove(tokens)
		}
		st, err := lm.EstimateFile(ctx, tokens, base+".arpa", lm.EstimateOptions{Order: *order,
			DiscountFallback: fallbackValues(*fallback), MemoryBytes: *memory, TempDir: *out})
		if err != nil {
			return fail(cmd, 1, err)
		}
		if err := lm.WriteBinaryFile(base+".arpa.bin", base+".arpa"); err != nil {
			return fail(cmd, 1, err)
		}
		fmt.Printf("ccnet lm train: %s: %d tokens, %d types, n-grams %v; %s.arpa and %s.arpa.bin in %.1fs\n",
			*lang, st.Tokens, st.Types, st.NGrams, base, base, time.Since(start).Seconds())
		return 0
	}
}

func fallbackValues(on bool) []float64 {
	if on {
		return []float64{}
	}
	return nil
}

func writeLines(path string, r io.ReadCloser) error {
	defer r.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := bufio.NewReaderSize(r, 1<<20).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// lmTokenizer loads the given SentencePiece model or trains a BPE one on
// the normalized text (cc_net trained a unigram model with spm_train; this
// project trains BPE: see package tokenizer) and writes it beside the LM.
func lmTokenizer(ctx context.Context, given, text, out string, vocab int, coverage float64) (*tokenizer.Model, error) {
	if given != "" {
		m, err := tokenizer.Load(given)
		if err != nil {
			return nil, err
		}
		return m, os.WriteFile(out, m.Marshal(), 0o644)
	}
	f, err := os.Open(text)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	opts := tokenizer.DefaultTrainOptions()
	opts.VocabSize = vocab
	opts.CharacterCoverage = float32(coverage)
	m, err := tokenizer.Train(ctx, f, opts)
	if err != nil {
		return nil, err
	}
	return m, os.WriteFile(out, m.Marshal(), 0o644)
}

func encodePieces(sp *tokenizer.Model, in, out string) error {
	r, err := os.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	w, err := os.Create(out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	var pieces []string
	for sc.Scan() {
		pieces = sp.AppendEncodePieces(pieces[:0], sc.Text())
		bw.WriteString(strings.Join(pieces, " "))
		bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		w.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

func lmScore(fs *flag.FlagSet) func() int {
	model := fs.String("model", "", "ARPA (.arpa, .arpa.gz), ccnet binary or KenLM probing binary")
	sp := fs.String("sp-model", "", "normalize (cc_net) and encode each line with this SentencePiece model first")
	verbose := fs.Bool("words", false, "print every word's score, as query -v word")
	return func() int {
		const cmd = "lm score"
		if *model == "" {
			return fail(cmd, 2, fmt.Errorf("--model is required"))
		}
		m, err := lm.Open(*model)
		if err != nil {
			return fail(cmd, 2, err)
		}
		defer m.Close()
		var enc *tokenizer.Model
		if *sp != "" {
			if enc, err = tokenizer.Load(*sp); err != nil {
				return fail(cmd, 2, err)
			}
		}
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		defer w.Flush()
		var total, oovLogs float64
		var tokens, oovs, oovsTotal int
		var scores []lm.WordScore
		err = eachLine(func(line string) {
			if enc != nil {
				line = strings.Join(enc.EncodePieces(lm.Normalize(line)), " ")
			}
			words := strings.Fields(line)
			var sum float32
			scores, sum = m.ScoreWords(scores[:0], words)
			oovs = 0
			for _, s := range scores {
				if s.ID == 0 {
					oovs++
					oovLogs += float64(s.Prob)
				}
				if *verbose {
					fmt.Fprintf(w, "%s=%d %d %s\t", s.Word, s.ID, s.NgramLength, strconv.FormatFloat(float64(s.Prob), 'g', 6, 32))
				}
			}
			// query prints floats as C++ streams do: 6 significant digits.
			fmt.Fprintf(w, "Total: %s OOV: %d\n", strconv.FormatFloat(float64(sum), 'g', 6, 32), oovs)
			total += float64(sum)
			tokens += len(words) + 1
			oovsTotal += oovs
		})
		if err != nil {
			return fail(cmd, 1, err)
		}
		if tokens > 0 {
			fmt.Fprintf(w, "Perplexity including OOVs:\t%s\n", strconv.FormatFloat(math.Pow(10, -total/float64(tokens)), 'g', 6, 64))
		}
		if tokens > oovsTotal {
			fmt.Fprintf(w, "Perplexity excluding OOVs:\t%s\n", strconv.FormatFloat(math.Pow(10, -(total-oovLogs)/float64(tokens-oovsTotal)), 'g', 6, 64))
		}
		fmt.Fprintf(w, "OOVs:\t%d\nTokens:\t%d\n", oovsTotal, tokens)
		return 0
	}
}

func lmCutoffs(fs *flag.FlagSet) func() int {
	dir := fs.String("lm-dir", "", "the models: {lang}.sp.model + {lang}.arpa.bin per language")
	var input commaList
	fs.Var(&input, "input", "documents: cc_net JSON lines (.json.gz) with language, or plain text with --lang; globs, comma-separated")
	lang := fs.String("lang", "", "language of every input text (default: each document's language field)")
	out := fs.String("out", "", "cutoff.csv to write (default: stdout)")
	return func() int {
		const cmd = "lm cutoffs"
		if *dir == "" || len(input) == 0 {
			return fail(cmd, 2, fmt.Errorf("--lm-dir and --input are required"))
		}
		models, err := transforms.LoadLMs(*dir)
		if err != nil {
			return fail(cmd, 2, err)
		}
		ppl := map[string][]float64{}
		src := textSource{globs: input}
		files, err := src.files()
		if err != nil {
			return fail(cmd, 2, err)
		}
		score := func(l, text string) {
			if m, ok := models[l]; ok {
				if p, ok := m.LM.DocPerplexity(m.Tokenized(text)); ok {
					ppl[l] = append(ppl[l], p)
				}
			}
		}
		for _, f := range files {
			var err error
			if isJSONLines(f) && *lang == "" {
				err = eachDocumentFile(f, func(d *document.Document) { score(d.Language, d.RawContent) })
			} else {
				err = src.file(f, func(text string) error { score(*lang, text); return nil })
			}
			if err != nil {
				return fail(cmd, 1, err)
			}
		}
		var langs []string
		for l, ps := range ppl {
			sort.Float64s(ps)
			langs = append(langs, l)
		}
		if len(langs) == 0 {
			return fail(cmd, 1, fmt.Errorf("no document of a language with a model"))
		}
		sort.Strings(langs)
		var b strings.Builder
		b.WriteString("," + strings.Join(langs, ",") + "\n")
		for p := 0; p < 100; p++ {
			b.WriteString(strconv.Itoa(p))
			for _, l := range langs {
				b.WriteString("," + strconv.FormatFloat(lm.Percentile(ppl[l], float64(p)), 'f', 1, 64))
			}
			b.WriteByte('\n')
		}
		if *out == "" {
			fmt.Print(b.String())
		} else if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
			return fail(cmd, 1, err)
		}
		for _, l := range langs {
			fmt.Fprintf(os.Stderr, "ccnet lm cutoffs: %s: %d documents, p30 %.1f, p60 %.1f\n", l, len(ppl[l]),
				lm.Percentile(ppl[l], lm.PercentileHead), lm.Percentile(ppl[l], lm.PercentileTail))
		}
		return 0
	}
}

// eachDocumentFile calls fn with every cc_net document of a JSON-lines file.
func eachDocumentFile(path string, fn func(*document.Document)) error {
	return textSource{globs: []string{path}}.rawLines(path, func(line []byte) error {
		d, err := document.ParseJSON(line)
		if err != nil {
			return err
		}
		fn(&d)
		return nil
	})
}
