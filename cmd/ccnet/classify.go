package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/ccnet-go/ccnet/classify/fasttext"
)

func init() {
	tools["classify"] = tool{
		"train":      {"train a fastText-compatible supervised classifier on '__label__x text' lines", "", classifyTrain},
		"predict":    {"print the top labels and probabilities of each stdin line, as fasttext predict-prob", "", classifyPredict},
		"build-data": {"build the Wikipedia-reference training set from cc_net documents (RedPajama v1's recipe)", "", classifyBuildData},
	}
}

func classifyTrain(fs *flag.FlagSet) func() int {
	a := fasttext.DefaultArgs()
	input := fs.String("input", "", "training file, one '__label__x text' example per line")
	out := fs.String("out", "", "model file to write (fastText .bin, version 12)")
	fs.IntVar(&a.Dim, "dim", a.Dim, "size of the embeddings (fastText -dim)")
	fs.IntVar(&a.Epoch, "epoch", a.Epoch, "epochs (-epoch)")
	fs.Float64Var(&a.LR, "lr", a.LR, "learning rate (-lr)")
	fs.IntVar(&a.WordNgrams, "word-ngrams", a.WordNgrams, "max word n-gram length (-wordNgrams)")
	fs.IntVar(&a.Minn, "minn", a.Minn, "min char n-gram length (-minn)")
	fs.IntVar(&a.Maxn, "maxn", a.Maxn, "max char n-gram length (-maxn)")
	fs.IntVar(&a.MinCount, "min-count", a.MinCount, "min word count (-minCount)")
	fs.IntVar(&a.Bucket, "bucket", a.Bucket, "hash buckets for n-grams (-bucket)")
	fs.IntVar(&a.Thread, "thread", a.Thread, "training goroutines (-thread); 1 with a seed is reproducible")
	seed := fs.Int("seed", 0, "random seed (-seed)")
	loss := fs.String("loss", "softmax", "softmax, hs, ova or ns (-loss)")
	return func() int {
		const cmd = "classify train"
		if *input == "" || *out == "" {
			return fail(cmd, 2, fmt.Errorf("--input and --out are required"))
		}
		l, err := fasttext.ParseLoss(*loss)
		if err != nil {
			return fail(cmd, 2, err)
		}
		a.Loss, a.Seed = l, int32(*seed)
		start := time.Now()
		m, err := fasttext.TrainFile(*input, a)
		if err != nil {
			return fail(cmd, 1, err)
		}
		if err := m.SaveFile(*out); err != nil {
			return fail(cmd, 1, err)
		}
		d := m.Dictionary()
		fmt.Printf("ccnet classify train: %d words, %d labels %v, %d tokens; %s in %.1fs\n",
			d.NWords(), d.NLabels(), m.Labels(), d.NTokens(), *out, time.Since(start).Seconds())
		return 0
	}
}

func classifyPredict(fs *flag.FlagSet) func() int {
	model := fs.String("model", "", "fastText .bin or .ftz model")
	k := fs.Int("k", 1, "labels per line (-1: all)")
	threshold := fs.Float64("threshold", 0, "leave out labels under this probability")
	return func() int {
		const cmd = "classify predict"
		if *model == "" {
			return fail(cmd, 2, fmt.Errorf("--model is required"))
		}
		m, err := fasttext.LoadFile(*model)
		if err != nil {
			return fail(cmd, 2, err)
		}
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		defer w.Flush()
		err = eachLine(func(line string) {
			for i, p := range m.Predict(line, *k, float32(*threshold)) {
				if i > 0 {
					w.WriteByte(' ')
				}
				w.WriteString(p.Label)
				w.WriteByte(' ')
				w.WriteString(strconv.FormatFloat(float64(p.Prob), 'g', 6, 32))
			}
			w.WriteByte('\n')
		})
		if err != nil {
			return fail(cmd, 1, err)
		}
		return 0
	}
}

func classifyBuildData(fs *flag.FlagSet) func() int {
	var pos, neg commaList
	fs.Var(&pos, "positives", "cc_net documents of pages cited by Wikipedia (.json.gz / .jsonl); globs, comma-separated")
	fs.Var(&neg, "negatives", "cc_net documents of random pages (RedPajama: head and middle files); globs, comma-separated")
	out := fs.String("out", "", "training file to write")
	cfg := fasttext.DefaultDataConfig()
	fs.IntVar(&cfg.MinPositiveChars, "min-positive-chars", cfg.MinPositiveChars, "positives need this many code points of raw_content (RedPajama: 1000)")
	return func() int {
		const cmd = "classify build-data"
		if len(pos) == 0 || len(neg) == 0 || *out == "" {
			return fail(cmd, 2, fmt.Errorf("--positives, --negatives and --out are required"))
		}
		open := func(globs []string) ([]fasttext.Source, []io.Closer, error) {
			files, err := textSource{globs: globs}.files()
			if err != nil {
				return nil, nil, err
			}
			var srcs []fasttext.Source
			var closers []io.Closer
			for _, f := range files {
				r := openDecompressed(f)
				srcs = append(srcs, fasttext.Source{Name: f, R: r})
				closers = append(closers, r)
			}
			return srcs, closers, nil
		}
		p, pc, err := open(pos)
		if err != nil {
			return fail(cmd, 2, err)
		}
		n, nc, err := open(neg)
		if err != nil {
			return fail(cmd, 2, err)
		}
		defer func() {
			for _, c := range append(pc, nc...) {
				c.Close()
			}
		}()
		f, err := os.Create(*out)
		if err != nil {
			return fail(cmd, 1, err)
		}
		st, err := fasttext.BuildData(f, p, n, cfg)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fail(cmd, 1, err)
		}
		fmt.Printf("ccnet classify build-data: %d positives (of %d read), %d negatives (at most %.1f per file) in %s\n",
			st.Positives, st.PositivesRead, st.Negatives, st.PerFile, *out)
		return 0
	}
}
