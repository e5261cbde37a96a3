package fasttext

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"sync"
	"sync/atomic"
)

// TrainFile trains a supervised model on a file of labelled lines (see
// Train).
func TrainFile(path string, a Args) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m, err := Train(f, st.Size(), a)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Train trains a supervised model on size bytes of labelled lines
// ("__label__x __label__y some text", fastText's format) read from input,
// as `fasttext supervised` does (fasttext.cc FastText::train):
//
//   - one pass counts words and labels (minCount, minCountLabel);
//   - when WordNgrams <= 1 and Maxn == 0, Bucket is set to 0, as fastText's
//     command line does, so the model has no n-gram rows;
//   - the input matrix is drawn uniformly in ±1/Dim, fastText's way: the
//     matrix is cut in 10 blocks and block b < Thread is drawn from
//     minstd_rand(b + Seed); blocks at or past Thread stay zero (with one
//     thread only the first tenth is random); the output matrix is zero;
//   - Thread goroutines start at offsets i*size/Thread and read the data
//     round and round, updating the shared matrices without locks
//     (Hogwild), with the learning rate LR*(1 - progress) updated every
//     LRUpdateRate tokens, until Epoch times the token count is consumed;
//     goroutine i draws from minstd_rand(i + Seed).
//
// With Thread = 1 the result depends only on the data and Args, and is
// reproducible; with more threads it depends on scheduling.
func Train(input io.ReaderAt, size int64, a Args) (*Model, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	if a.WordNgrams <= 1 && a.Maxn == 0 {
		a.Bucket = 0
	}
	d, err := readDictionary(io.NewSectionReader(input, 0, size), &a)
	if err != nil {
		return nil, err
	}
	m := &Model{args: a, dict: d}
	in := newDense(int64(d.nwords)+int64(a.Bucket), int64(a.Dim))
	in.uniform(float32(1.0/float64(a.Dim)), a.Thread, a.Seed)
	out := newDense(int64(d.nlabels), int64(a.Dim))
	m.input, m.output = in, out
	if a.Loss == LossHS {
		m.tree = buildTree(d.labelCounts())
	}
	t := &trainer{m: m, in: in, out: out, input: input, size: size}
	if a.Loss == LossNS {
		t.negatives = negativeTable(d.labelCounts())
	}
	if err := t.run(); err != nil {
		return nil, err
	}
	return m, nil
}

// readDictionary counts the tokens of r (Dictionary::readFromFile).
func readDictionary(r io.Reader, a *Args) (*Dictionary, error) {
	d := newDictionary(a)
	d.rebuildTable(0)
	wr := newWordReader(r)
	minThreshold := int64(1)
	for {
		tok, ok := wr.next()
		if !ok {
			break
		}
		d.add(tok)
		if float64(len(d.words)) > 0.75*maxVocabSize {
			minThreshold++
			d.threshold(minThreshold, minThreshold)
		}
	}
	if wr.err != nil {
		return nil, fmt.Errorf("reading training data: %w", wr.err)
	}
	d.threshold(int64(a.MinCount), int64(a.MinCountLabel))
	d.initNgrams()
	if len(d.words) == 0 {
		return nil, errors.New("empty vocabulary; try a smaller minCount")
	}
	if d.nlabels == 0 {
		return nil, fmt.Errorf("no labels (prefix %q) in the training data", a.Label)
	}
	return d, nil
}

// labelCounts are the label counts in label order (Dictionary::getCounts).
func (d *Dictionary) labelCounts() []int64 {
	c := make([]int64, 0, d.nlabels)
	for _, e := range d.words[d.nwords:] {
		c = append(c, e.count)
	}
	return c
}

// uniform fills the matrix as DenseMatrix::uniform(a, thread, seed).
func (d *denseMatrix) uniform(a float32, thread int, seed int32) {
	blocks := max(1, thread)
	blockSize := d.m * d.n / 10
	var wg sync.WaitGroup
	for b := range blocks {
		wg.Go(func() {
			rng := newMinstd(int32(b) + seed)
			lo, hi := blockSize*int64(b), min(d.m*d.n, blockSize*int64(b+1))
			for i := lo; i < hi; i++ {
				d.data[i] = float32(rng.uniformReal(float64(-a), float64(a)))
			}
		})
	}
	wg.Wait()
}

// negativeTableSize is loss.h NEGATIVE_TABLE_SIZE.
const negativeTableSize = 10000000

// negativeRuns is NegativeSamplingLoss's table of labels, each repeated in
// proportion to the square root of its count, kept as run ends: entry u of
// fastText's table is the first label whose end exceeds u.
type negativeRuns struct {
	ends []uint64
}

func negativeTable(counts []int64) negativeRuns {
	var z float32
	for _, c := range counts {
		z = float32(float64(z) + math.Pow(float64(c), 0.5))
	}
	var r negativeRuns
	var total uint64
	for _, c := range counts {
		cs := float32(math.Pow(float64(c), 0.5))
		limit := cs * negativeTableSize / z
		// fastText pushes while float32(j) < limit, j counting from 0.
		j := uint64(0)
		for float32(j) < limit {
			j++
		}
		total += j
		r.ends = append(r.ends, total)
	}
	return r
}

func (r negativeRuns) size() uint64 { return r.ends[len(r.ends)-1] }

func (r negativeRuns) at(u uint64) int32 {
	lo, hi := 0, len(r.ends)
	for lo < hi {
		mid := (lo + hi) / 2
		if r.ends[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return int32(lo)
}

// errNaN is fastText's EncounteredNaNError: the weights diverged (a learning
// rate too high for the data).
var errNaN = errors.New("encountered NaN; try a smaller learning rate")

// trainer holds what the training goroutines share.
type trainer struct {
	m          *Model
	in, out    *denseMatrix
	input      io.ReaderAt
	size       int64
	negatives  negativeRuns
	tokenCount atomic.Int64
	failed     atomic.Bool
	errOnce    sync.Once
	err        error
}

func (t *trainer) run() error {
	n := t.m.args.Thread
	if n == 1 {
		t.thread(0)
	} else {
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() { t.thread(i) })
		}
		wg.Wait()
	}
	return t.err
}

func (t *trainer) fail(err error) {
	t.errOnce.Do(func() { t.err = err })
	t.failed.Store(true)
}

// trainState is one goroutine's scratch (Model::State).
type trainState struct {
	line   lineScratch
	hidden []float32
	output []float32
	grad   []float32
	rng    *minstd
}

// thread is FastText::trainThread for a supervised model.
func (t *trainer) thread(id int) {
	a := &t.m.args
	dim := a.Dim
	st := &trainState{
		hidden: make([]float32, dim),
		output: make([]float32, t.out.m),
		grad:   make([]float32, dim),
		rng:    newMinstd(int32(id) + a.Seed),
	}
	start := int64(id) * t.size / int64(a.Thread)
	wr := newWordReader(io.NewSectionReader(t.input, start, t.size-start))
	total := int64(a.Epoch) * t.m.dict.ntokens
	local := int64(0)
	for t.tokenCount.Load() < total && !t.failed.Load() {
		progress := float32(t.tokenCount.Load()) / float32(total)
		lr := float32(a.LR * (1.0 - float64(progress)))
		if wr.eof {
			wr.reset(io.NewSectionReader(t.input, 0, t.size))
		}
		n, err := t.getLine(wr, &st.line)
		if err != nil {
			t.fail(err)
			return
		}
		local += n
		t.supervised(st, lr)
		if local > int64(a.LRUpdateRate) {
			t.tokenCount.Add(local)
			local = 0
		}
	}
}

// getLine reads the next line of training data into s and returns its
// number of tokens.
func (t *trainer) getLine(wr *wordReader, s *lineScratch) (int64, error) {
	n := t.m.dict.readLine(wr, s)
	if wr.err != nil {
		return n, fmt.Errorf("reading training data: %w", wr.err)
	}
	return n, nil
}

// supervised is FastText::supervised then Model::update: one SGD step on
// the line's features towards one of its labels (all of them with
// LossOVA).
func (t *trainer) supervised(st *trainState, lr float32) {
	words, labels := st.line.words, st.line.labels
	if len(labels) == 0 || len(words) == 0 {
		return
	}
	target := int32(-1)
	if t.m.args.Loss != LossOVA {
		target = labels[st.rng.uniformInt(uint64(len(labels)))]
	}
	hidden, grad := st.hidden, st.grad
	clear(hidden)
	for _, w := range words {
		addTo(hidden, t.in.row(w))
	}
	scale(hidden, float32(1.0/float64(len(words))))
	clear(grad)
	switch t.m.args.Loss {
	case LossSoftmax:
		t.softmaxStep(st, target, lr)
	case LossOVA:
		for i := range int32(t.out.m) {
			t.binaryLogistic(st, i, contains(labels, i), lr)
		}
	case LossHS:
		rows, codes := hsPath(t.m.tree, target)
		for i, r := range rows {
			t.binaryLogistic(st, r, codes[i], lr)
		}
	case LossNS:
		t.binaryLogistic(st, target, true, lr)
		for range t.m.args.Neg {
			neg := target
			for neg == target {
				neg = t.negatives.at(st.rng.uniformInt(t.negatives.size()))
			}
			t.binaryLogistic(st, neg, false, lr)
		}
	}
	scale(grad, float32(1.0/float64(len(words))))
	for _, w := range words {
		addTo(t.in.row(w), grad)
	}
}

// softmaxStep is SoftmaxLoss::forward with backprop.
func (t *trainer) softmaxStep(st *trainState, target int32, lr float32) {
	out := st.output
	for i := range out {
		out[i] = dot(t.out.row(int32(i)), st.hidden)
		if out[i] != out[i] {
			t.fail(errNaN)
			return
		}
	}
	softmax(out)
	for i := range out {
		var label float32
		if int32(i) == target {
			label = 1
		}
		alpha := lr * (label - out[i])
		row := t.out.row(int32(i))
		addScaled(st.grad, alpha, row)
		addScaled(row, alpha, st.hidden)
	}
}

// binaryLogistic is BinaryLogisticLoss::binaryLogistic with backprop.
func (t *trainer) binaryLogistic(st *trainState, target int32, positive bool, lr float32) {
	row := t.out.row(target)
	d := dot(row, st.hidden)
	if d != d {
		t.fail(errNaN)
		return
	}
	score := sigmoid(d)
	var label float32
	if positive {
		label = 1
	}
	alpha := lr * (label - score)
	addScaled(st.grad, alpha, row)
	addScaled(row, alpha, st.hidden)
}

func contains(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
