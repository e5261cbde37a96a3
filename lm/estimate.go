package lm

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// EstimateOptions configures Estimate. The zero value (with Order set) is
// `lmplz -o Order` with lmplz's defaults.
type EstimateOptions struct {
	// Order is the n-gram order (lmplz -o). 0 means 5, cc_net's order.
	Order int
	// DiscountFallback, when non-nil, is lmplz's --discount_fallback: up to
	// three discounts (for adjusted counts 1, 2 and 3+, the last repeated)
	// used for any order whose closed-form discounts fail. An empty non-nil
	// slice means DefaultDiscountFallback (0.5, 1, 1.5). nil: such an order
	// is an error (ErrBadDiscount), as in lmplz.
	DiscountFallback []float64
	// MemoryBytes bounds the n-gram counting buffers (lmplz -S). When the
	// distinct n-grams of the text do not fit, sorted runs are spilled to
	// TempDir and merged. 0 means 1 GiB.
	MemoryBytes int64
	// TempDir holds the spilled runs (lmplz -T). "" means os.TempDir().
	TempDir string
	// UninterpolatedUnigrams is lmplz's --interpolate_unigrams 0: unigrams
	// are not interpolated with the uniform distribution and <unk> gets the
	// whole unigram backoff mass (SRILM's behaviour). Off by default.
	UninterpolatedUnigrams bool
	// SkipSymbols is lmplz's --skip_symbols: <s>, </s> and <unk> in the text
	// are treated as whitespace. Off, they are an error (ErrSpecialWord).
	SkipSymbols bool
}

// EstimateStats describes an estimated model.
type EstimateStats struct {
	Tokens    uint64          // words read, without </s> (lmplz "Unigram tokens")
	Types     int             // vocabulary size with <unk>, <s> and </s>
	NGrams    []uint64        // n-grams written per order, index 0 = unigrams
	Discounts []OrderDiscount // per order, index 0 = unigrams
	Runs      int             // sorted runs spilled to TempDir while counting
	PeakBytes int64           // estimate of the largest memory in use
}

const estDefaultMemory = 1 << 30

// Estimate trains an interpolated modified Kneser-Ney language model on r
// the way KenLM's lmplz does and writes it to w in ARPA format.
//
// r is lmplz input: one sentence per line, tokens separated by space, tab,
// carriage return or NUL. The model, its ARPA layout and every number in it
// follow lmplz (see the package documentation).
func Estimate(ctx context.Context, r io.Reader, w io.Writer, opt EstimateOptions) (EstimateStats, error) {
	var st EstimateStats
	order := opt.Order
	if order == 0 {
		order = 5
	}
	if order < 1 || order > 64 {
		return st, fmt.Errorf("lm: estimate: order %d out of range [1, 64]", order)
	}
	var fallback *OrderDiscount
	if opt.DiscountFallback != nil {
		values := opt.DiscountFallback
		if len(values) == 0 {
			values = DefaultDiscountFallback
		}
		d, err := estFallback(values)
		if err != nil {
			return st, err
		}
		fallback = &d
	}
	memory := opt.MemoryBytes
	if memory <= 0 {
		memory = estDefaultMemory
	}

	counter := newEstCounter(order, memory, estTempDir(opt.TempDir))
	defer counter.removeRuns()
	vocab, tokens, err := estCountText(ctx, r, counter, opt.SkipSymbols)
	if err != nil {
		return st, err
	}
	st.Tokens = tokens
	st.Types = len(vocab.words)
	st.PeakBytes = int64(len(counter.table))*4 + int64(cap(counter.recs))*8
	src, err := counter.sorted()
	if err != nil {
		return st, err
	}
	st.Runs = len(counter.runs)
	if m, ok := src.(*estMerger); ok {
		defer m.close()
	}

	model, err := estAdjust(ctx, src, order)
	if err != nil {
		return st, err
	}
	counter.recs = nil
	for k := 1; k <= order; k++ {
		d, err := estDiscount(model.coc[k], k, fallback)
		if err != nil {
			return st, err
		}
		model.disc[k] = d
		st.Discounts = append(st.Discounts, d)
		st.NGrams = append(st.NGrams, uint64(model.orders[k].len()))
	}
	model.probabilities(!opt.UninterpolatedUnigrams)
	if b := model.bytes(); b > st.PeakBytes {
		st.PeakBytes = b
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if err := estWriteARPA(w, model, vocab.words); err != nil {
		return st, err
	}
	return st, nil
}

// EstimateFile is Estimate from the file textPath to the file arpaPath.
// A path ending in ".gz" is read or written gzip-compressed (the output
// with no name or time in its header, so it is byte-identical across runs).
func EstimateFile(ctx context.Context, textPath, arpaPath string, opt EstimateOptions) (st EstimateStats, err error) {
	in, err := os.Open(textPath)
	if err != nil {
		return st, fmt.Errorf("lm: estimate: %w", err)
	}
	defer in.Close()
	var r io.Reader = in
	if strings.HasSuffix(textPath, ".gz") {
		zr, err := gzip.NewReader(in)
		if err != nil {
			return st, fmt.Errorf("lm: estimate: %s: %w", textPath, err)
		}
		defer zr.Close()
		r = zr
	}
	out, err := os.Create(arpaPath)
	if err != nil {
		return st, fmt.Errorf("lm: estimate: %w", err)
	}
	defer func() {
		if cerr := out.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("lm: estimate: %w", cerr)
		}
		if err != nil {
			os.Remove(arpaPath)
		}
	}()
	var w io.Writer = out
	var zw *gzip.Writer
	if strings.HasSuffix(arpaPath, ".gz") {
		zw = gzip.NewWriter(out)
		w = zw
	}
	st, err = Estimate(ctx, r, w, opt)
	if err != nil {
		return st, fmt.Errorf("%s: %w", textPath, err)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return st, fmt.Errorf("lm: estimate: %s: %w", arpaPath, err)
		}
	}
	return st, nil
}

// estNGrams is one order's n-grams in suffix order.
type estNGrams struct {
	k       int
	words   []uint32 // k words per n-gram
	counts  []uint32 // adjusted counts
	prob    []float32
	backoff []float32 // nil for the highest order
}

func (o *estNGrams) len() int { return len(o.counts) }

func (o *estNGrams) gram(i int) []uint32 { return o.words[i*o.k : (i+1)*o.k] }

func (o *estNGrams) add(words []uint32, count uint32) {
	o.words = append(o.words, words...)
	o.counts = append(o.counts, count)
}

// estModel is the estimated model, orders[1..order].
type estModel struct {
	order  int
	orders []*estNGrams
	coc    [][5]uint64 // counts-of-counts n[0..4] of adjusted counts per order
	disc   []OrderDiscount
}

func (m *estModel) bytes() int64 {
	var b int64
	for _, o := range m.orders[1:] {
		b += int64(cap(o.words))*4 + int64(cap(o.counts))*4 + int64(cap(o.prob))*4 + int64(cap(o.backoff))*4
	}
	return b
}

func (m *estModel) emit(k int, words []uint32, count uint32) {
	m.orders[k].add(words, count)
	if count < 5 {
		m.coc[k][count]++
	}
}

// estAdjust turns the highest-order counts (suffix order) into lmplz's
// adjusted counts (lm/builder/adjust_counts.cc): the highest order keeps
// raw counts; a lower-order n-gram counts its distinct left extensions,
// except that an n-gram starting with <s> keeps its raw count. Highest-order
// n-grams of padding (<s> <s> ...) only feed the lower orders. <unk> and <s>
// are unigrams with count 0.
func estAdjust(ctx context.Context, src estRecordSource, n int) (*estModel, error) {
	m := &estModel{order: n, orders: make([]*estNGrams, n+1), coc: make([][5]uint64, n+1), disc: make([]OrderDiscount, n+1)}
	for k := 1; k <= n; k++ {
		m.orders[k] = &estNGrams{k: k}
	}
	m.emit(1, []uint32{estUNK}, 0)
	m.emit(1, []uint32{estBOS}, 0)
	if n == 1 {
		for {
			rec, err := src.next()
			if err != nil {
				return nil, err
			}
			if rec == nil {
				return m, nil
			}
			m.emit(1, rec[:1], rec[1])
		}
	}
	prev := make([]uint32, n)
	openCount := make([]uint32, n)
	open := 0
	for i := 0; ; i++ {
		if i&0xfffff == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		rec, err := src.next()
		if err != nil {
			return nil, err
		}
		if rec == nil {
			break
		}
		g, c := rec[:n], rec[n]
		same := 0
		for same < open && g[n-1-same] == prev[n-1-same] {
			same++
		}
		for k := open; k > same; k-- {
			m.emit(k, prev[n-k:], openCount[k])
		}
		if same > 0 {
			openCount[same]++
		}
		open = same
		k := same + 1
		for ; k < n; k++ {
			open = k
			if g[n-k] == estBOS {
				openCount[k] = c
				break
			}
			openCount[k] = 1
		}
		if k == n {
			m.emit(n, g, c)
		}
		copy(prev, g)
	}
	for k := open; k >= 1; k-- {
		m.emit(k, prev[n-k:], openCount[k])
	}
	return m, nil
}

// probabilities computes every n-gram's interpolated probability and every
// context's backoff, in float32 with lmplz's operation order
// (lm/builder/initial_probabilities.cc and interpolate.cc).
func (m *estModel) probabilities(interpolateUnigrams bool) {
	uni := m.orders[1]
	d := m.disc[1]
	var denom uint64
	var nc [4]uint64
	for _, c := range uni.counts {
		denom += uint64(c)
		if c > 0 {
			nc[min(c, 3)]++
		}
	}
	gamma := estGamma(d, nc, denom)
	// Uniform over the vocabulary with <unk>, without <s>.
	uniform := float32(1.0 / float64(float32(uni.len()-1)))
	gammaAssign := gamma
	unkProb := float32(0)
	if !interpolateUnigrams {
		gammaAssign = 0
		unkProb = gamma
	}
	uni.prob = make([]float32, uni.len())
	for i, c := range uni.counts {
		var p float32
		switch uint32(i) {
		case estUNK:
			p = unkProb
		case estBOS:
			uni.prob[i] = 1
			continue
		default:
			p = d.apply(c) / float32(denom)
		}
		uni.prob[i] = p + float32(gammaAssign*uniform)
	}

	for k := 2; k <= m.order; k++ {
		lower, cur := m.orders[k-1], m.orders[k]
		d := m.disc[k]
		index := newEstIndex(lower)
		ctxIdx := make([]uint32, cur.len())
		denoms := make([]uint64, lower.len())
		ncs := make([][3]uint32, lower.len()) // N1, N2, N3+ of each context
		for i, c := range cur.counts {
			j := index.find(cur.gram(i)[:k-1])
			ctxIdx[i] = uint32(j)
			denoms[j] += uint64(c)
			if c > 0 {
				ncs[j][min(c, 3)-1]++
			}
		}
		lower.backoff = make([]float32, lower.len())
		for j := range lower.backoff {
			last := lower.words[(j+1)*lower.k-1]
			if denoms[j] == 0 || last == estEOS || last == estUNK {
				lower.backoff[j] = 1
				continue
			}
			n := ncs[j]
			lower.backoff[j] = estGamma(d, [4]uint64{0, uint64(n[0]), uint64(n[1]), uint64(n[2])}, denoms[j])
		}
		cur.prob = make([]float32, cur.len())
		suf := 0
		for i, c := range cur.counts {
			g := cur.gram(i)
			for !estEqual(lower.gram(suf), g[1:]) {
				suf++
			}
			j := ctxIdx[i]
			p := d.apply(c) / float32(denoms[j])
			cur.prob[i] = p + float32(lower.backoff[j]*lower.prob[suf])
		}
	}
}

// estGamma is the backoff weight of a context (Chen and Goodman p. 20):
// (D1 N1 + D2 N2 + D3 N3+) / denominator, accumulated in float32 as lmplz's
// AddRight does.
func estGamma(d OrderDiscount, nc [4]uint64, denom uint64) float32 {
	g := float32(0)
	for i := 1; i <= 3; i++ {
		g += float32(d.D[i] * float32(nc[i]))
	}
	return g / float32(denom)
}

// estIndex finds an n-gram's position in one order by open addressing.
type estIndex struct {
	o     *estNGrams
	slots []int32
	mask  uint32
}

func newEstIndex(o *estNGrams) *estIndex {
	size := 1
	for size < 2*o.len() {
		size <<= 1
	}
	x := &estIndex{o: o, slots: make([]int32, size), mask: uint32(size - 1)}
	for i := 0; i < o.len(); i++ {
		h := estHash(o.gram(i)) & x.mask
		for x.slots[h] != 0 {
			h = (h + 1) & x.mask
		}
		x.slots[h] = int32(i + 1)
	}
	return x
}

// find returns the index of gram, which must be present.
func (x *estIndex) find(gram []uint32) int {
	h := estHash(gram) & x.mask
	for {
		s := x.slots[h]
		if s == 0 {
			panic(errors.New("lm: estimate: context missing from the lower order"))
		}
		if estEqual(x.o.gram(int(s-1)), gram) {
			return int(s - 1)
		}
		h = (h + 1) & x.mask
	}
}
