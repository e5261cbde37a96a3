// Command fasttext-conformance is ccnet's side of the fastText conformance
// script (run.sh): it generates a labelled data set, trains, predicts and
// tests with package classify/fasttext, and compares prediction files.
//
//	fasttext-conformance gen -train F -test F [-n N] [-seed S]
//	fasttext-conformance supervised -input F -output PREFIX [fastText flags]
//	fasttext-conformance predict-prob [-digits N] MODEL FILE [k]
//	fasttext-conformance test MODEL FILE [k]
//	fasttext-conformance compare A B [tol]
//	fasttext-conformance accuracy-close ACC_A ACC_B max_points
//	fasttext-conformance shared-data -dir DATA -train F -test F [-seed S]
//	fasttext-conformance curve MODEL TESTFILE
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ccnet-go/ccnet/classify/fasttext"
)

func main() {
	if len(os.Args) < 2 {
		fatalf("usage: fasttext-conformance gen|supervised|predict-prob|test|compare|accuracy-close ...")
	}
	args := os.Args[2:]
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(args)
	case "supervised":
		err = supervised(args)
	case "predict-prob":
		err = predictProb(args)
	case "test":
		err = test(args)
	case "compare":
		err = compare(args)
	case "accuracy-close":
		err = accuracyClose(args)
	case "shared-data":
		err = sharedData(args)
	case "curve":
		err = curve(args)
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fatalf("%s: %v", os.Args[1], err)
	}
}

func fatalf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "fasttext-conformance: "+format+"\n", a...)
	os.Exit(1)
}

// gen writes a synthetic three-label data set: each label draws its words
// from a shared Zipf-like vocabulary most of the time and from its own
// words otherwise, so the labels overlap and accuracy stays below 100%.
// Some words are non-ASCII, so hashing of bytes >= 0x80 is exercised.
func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	train := fs.String("train", "", "training file")
	testF := fs.String("test", "", "test file")
	n := fs.Int("n", 20000, "training lines")
	seed := fs.Uint64("seed", 1, "seed")
	nlabels := fs.Int("labels", 3, "number of labels (3 gives wiki, cc and other)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 7))
	stems := []string{"data", "café", "naïve", "日本", "straße", "über", "wiki", "web", "ref", "page", "год", "niño"}
	word := func(i int) string { return stems[i%len(stems)] + strconv.Itoa(i) }
	labels := []string{"__label__wiki", "__label__cc", "__label__other"}
	weights := []float64{0.5, 0.35, 0.15}
	if *nlabels != 3 {
		labels, weights = nil, nil
		for i := range *nlabels {
			labels = append(labels, "__label__l"+strconv.Itoa(i))
			weights = append(weights, 1/float64(*nlabels))
		}
	}
	own := 1000 // words of each label's own vocabulary
	if len(labels) > 3 {
		own = 50
	}
	zipf := func(max int) int { return int(math.Floor(math.Pow(rng.Float64(), 3) * float64(max))) }
	write := func(path string, lines int) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		for range lines {
			r := rng.Float64()
			li := 0
			for li < len(labels)-1 && r > weights[li] {
				r -= weights[li]
				li++
			}
			w.WriteString(labels[li])
			for range 10 + rng.IntN(40) {
				var id int
				if rng.Float64() < 0.9 {
					id = zipf(3000)
				} else {
					id = 3000 + li*own + zipf(own)
				}
				w.WriteString(" ")
				w.WriteString(word(id))
			}
			w.WriteString("\n")
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	if err := write(*train, *n); err != nil {
		return err
	}
	return write(*testF, *n/4)
}

// supervised trains like `fasttext supervised` with the same flags and
// writes PREFIX.bin.
func supervised(args []string) error {
	a := fasttext.DefaultArgs()
	fs := flag.NewFlagSet("supervised", flag.ContinueOnError)
	input := fs.String("input", "", "training file")
	output := fs.String("output", "", "output prefix")
	fs.IntVar(&a.Dim, "dim", a.Dim, "")
	fs.IntVar(&a.Epoch, "epoch", a.Epoch, "")
	fs.Float64Var(&a.LR, "lr", a.LR, "")
	fs.IntVar(&a.WordNgrams, "wordNgrams", a.WordNgrams, "")
	fs.IntVar(&a.MinCount, "minCount", a.MinCount, "")
	fs.IntVar(&a.Minn, "minn", a.Minn, "")
	fs.IntVar(&a.Maxn, "maxn", a.Maxn, "")
	fs.IntVar(&a.Bucket, "bucket", a.Bucket, "")
	fs.IntVar(&a.Thread, "thread", a.Thread, "")
	fs.IntVar(&a.Neg, "neg", a.Neg, "")
	seed := fs.Int("seed", 0, "")
	loss := fs.String("loss", "softmax", "")
	if err := fs.Parse(args); err != nil {
		return err
	}
	a.Seed = int32(*seed)
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lr" {
			// fastText parses -lr with std::stof.
			a.LR = float64(float32(a.LR))
		}
	})
	l, err := fasttext.ParseLoss(*loss)
	if err != nil {
		return err
	}
	a.Loss = l
	start := time.Now()
	m, err := fasttext.TrainFile(*input, a)
	if err != nil {
		return err
	}
	el := time.Since(start)
	words := float64(m.Dictionary().NTokens()) * float64(a.Epoch)
	fmt.Fprintf(os.Stderr, "ccnet: trained in %.2fs, %.0f words/sec/thread\n",
		el.Seconds(), words/el.Seconds()/float64(a.Thread))
	return m.SaveFile(*output + ".bin")
}

// predictProb prints each line's predictions as fastText's predict-prob
// does: C++'s default float output, 6 significant digits like %g (with
// -digits N, N digits).
func predictProb(args []string) error {
	fs := flag.NewFlagSet("predict-prob", flag.ContinueOnError)
	digits := fs.Int("digits", 6, "significant digits")
	if err := fs.Parse(args); err != nil {
		return err
	}
	args = fs.Args()
	if len(args) < 2 {
		return fmt.Errorf("want [-digits N] MODEL FILE [k]")
	}
	k := 1
	if len(args) > 2 {
		var err error
		if k, err = strconv.Atoi(args[2]); err != nil {
			return err
		}
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
	br := bufio.NewReaderSize(f, 1<<20)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	for {
		line, err := br.ReadString('\n')
		if line == "" && err != nil {
			break
		}
		for i, p := range m.Predict(line, k, 0) {
			if i > 0 {
				w.WriteByte(' ')
			}
			fmt.Fprintf(w, "%s %.*g", p.Label, *digits, float64(p.Prob))
		}
		w.WriteByte('\n')
	}
	return nil
}

// test prints N, P@k and R@k like `fasttext test`.
func test(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("want MODEL FILE [k]")
	}
	k := 1
	if len(args) > 2 {
		var err error
		if k, err = strconv.Atoi(args[2]); err != nil {
			return err
		}
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
	r, err := m.Test(f, k, 0)
	if err != nil {
		return err
	}
	fmt.Printf("N\t%d\nP@%d\t%.3f\nR@%d\t%.3f\n", r.N, k, r.Precision, k, r.Recall)
	return nil
}

// compare checks that two predict-prob outputs give every label of every
// line the same probability within tol.
func compare(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("want A B [tol]")
	}
	tol := 1e-5
	if len(args) > 2 {
		var err error
		if tol, err = strconv.ParseFloat(args[2], 64); err != nil {
			return err
		}
	}
	a, err := readPredictions(args[0])
	if err != nil {
		return err
	}
	b, err := readPredictions(args[1])
	if err != nil {
		return err
	}
	if len(a) != len(b) {
		return fmt.Errorf("%s has %d lines, %s %d", args[0], len(a), args[1], len(b))
	}
	worst, bad := 0.0, 0
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return fmt.Errorf("line %d: %d labels vs %d", i+1, len(a[i]), len(b[i]))
		}
		for l, p := range a[i] {
			q, ok := b[i][l]
			if !ok {
				return fmt.Errorf("line %d: label %s missing from %s", i+1, l, args[1])
			}
			d := math.Abs(p - q)
			worst = max(worst, d)
			if d > tol {
				if bad < 5 {
					fmt.Fprintf(os.Stderr, "line %d: %s %g vs %g\n", i+1, l, p, q)
				}
				bad++
			}
		}
	}
	fmt.Printf("%d lines, max |diff| %.3g, %d over %g\n", len(a), worst, bad, tol)
	if bad > 0 {
		return fmt.Errorf("%d probabilities differ by more than %g", bad, tol)
	}
	return nil
}

func readPredictions(path string) ([]map[string]float64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []map[string]float64
	for n, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Fields(line)
		if len(f)%2 != 0 {
			return nil, fmt.Errorf("%s:%d: odd number of fields", path, n+1)
		}
		m := map[string]float64{}
		for i := 0; i < len(f); i += 2 {
			p, err := strconv.ParseFloat(f[i+1], 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
			}
			m[f[i]] = p
		}
		out = append(out, m)
	}
	return out, nil
}

// accuracyClose fails when two accuracies (fractions, as `fasttext test`
// prints P@1) differ by more than max points (percentage points).
func accuracyClose(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("want ACC_A ACC_B max_points")
	}
	var v [3]float64
	for i, s := range args {
		var err error
		if v[i], err = strconv.ParseFloat(s, 64); err != nil {
			return err
		}
	}
	d := math.Abs(v[0]-v[1]) * 100
	fmt.Printf("accuracy %.3f vs %.3f: %.2f points apart (max %.2f)\n", v[0], v[1], d, v[2])
	if d > v[2] {
		return fmt.Errorf("accuracies %.2f points apart", d)
	}
	return nil
}
