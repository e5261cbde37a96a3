package classify

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/pemistahl/lingua-go"
)

// The first-pass model: a multinomial naive Bayes over hashed character
// 1- to 3-grams of space-padded lower-case words, trained by
// TestTrainModel (go test -run TrainModel -train) on the lingua sentences
// for which HeldOut is false.
//
//go:embed nbmodel.bin.gz
var nbModelData []byte

const nbMagic = "ccnet-nb1"

// nbQuant: log-probabilities are stored as uint8 multiples of -1/nbQuant.
const nbQuant = 8

// nbModel is read-only after loading and shared by goroutines.
type nbModel struct {
	langs  []lingua.Language
	unseen []float64 // per language: log-prob of a feature it never saw
	// slots is an open-addressing table: feature hash << 32 | entry, 0 an
	// empty slot. entry is the offset in postings + 1, or, for a feature
	// seen by at least nbDenseMin languages, nbDenseFlag | its row in dense.
	slots    []uint64
	postings []byte // at offset: count n, then n × (language index, quantised log-prob)
	// dense holds, for the features most languages saw (a few thousand,
	// but nearly all the postings a text meets), rows of denseWords words:
	// language li's 32-bit lane (the low half of word li/2 for even li, the
	// high half for odd) is q | 1<<16 if li saw the feature, else 0.
	dense      []uint64
	denseWords int
}

// Dense rows: features with at least nbDenseMin languages (measured on the
// web documents, 97 % of the postings a text meets are in features at least
// 40 of the 75 languages saw); entry flag.
const (
	nbDenseMin  = 32
	nbDenseFlag = 1 << 31
	// nbDenseFlush: dense lanes are moved to the per-language totals every
	// nbDenseFlush features, before a lane's 16-bit q total (at most 255
	// per feature) can overflow into its seen count.
	nbDenseFlush = 256
)

// nbFeatures calls f with the hash of every 1- to 3-gram of the words of
// text and returns how many there were.
func nbFeatures(text string, f func(uint32)) int {
	n := 0
	var w [3]rune // the last three runes, w[2] newest
	filled := 0
	emit := func(r rune) {
		w[0], w[1], w[2] = w[1], w[2], r
		if filled < 3 {
			filled++
		}
		h := uint32(2166136261)
		for k := 1; k <= filled; k++ { // n-grams ending at r: r, w1 r, w0 w1 r
			h ^= uint32(w[3-k])
			h *= 16777619
			if k == 1 && r == ' ' {
				continue // a lone space is not a feature
			}
			f(h ^ uint32(k))
			n++
		}
	}
	in := false
	for _, r := range text {
		if unicode.IsLetter(r) || (in && unicode.Is(unicode.M, r)) {
			if !in {
				filled = 0
				emit(' ')
				in = true
			}
			emit(unicode.ToLower(r))
			continue
		}
		if in {
			emit(' ')
			in = false
		}
	}
	if in {
		emit(' ')
	}
	return n
}

// lookup returns the entry of feature h (see nbModel.slots).
func (m *nbModel) lookup(h uint32) (uint32, bool) {
	mask := uint32(len(m.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch e := m.slots[i]; {
		case e == 0:
			return 0, false
		case uint32(e>>32) == h:
			return uint32(e), true
		}
	}
}

func (m *nbModel) insert(h, entry uint32) {
	mask := uint32(len(m.slots) - 1)
	i := h & mask
	for m.slots[i] != 0 && uint32(m.slots[i]>>32) != h {
		i = (i + 1) & mask
	}
	m.slots[i] = uint64(h)<<32 | uint64(entry)
}

// addScores adds to s (one per model language) the log-likelihood of text;
// it returns the number of features.
//
// A feature language li saw adds its log-prob, -q/nbQuant; one it never saw
// adds unseen[li]. The sums are kept in integers: per language one uint64
// whose low 32 bits total q and whose high 32 bits count the seen features
// (one addition per posting; neither half can overflow for a text under
// 16 million features). A dense feature adds its row to lanes holding two
// languages per word (nbModel.dense), moved to the totals every
// nbDenseFlush dense features: denseWords additions instead of one per
// language that saw it.
func (m *nbModel) addScores(text string, s []float64) int {
	var acc [256]uint64 // indexed by the byte language index
	var lanes [128]uint64
	dl := lanes[:m.denseWords]
	inLanes := 0
	flush := func() {
		for w, x := range dl {
			acc[2*w] += uint64(x>>16&0xffff)<<32 | x&0xffff
			acc[2*w+1] += uint64(x>>48)<<32 | x>>32&0xffff
			dl[w] = 0
		}
		inLanes = 0
	}
	n := nbFeatures(text, func(h uint32) {
		e, ok := m.lookup(h)
		if !ok {
			return
		}
		if e&nbDenseFlag != 0 {
			row := int(e&^nbDenseFlag) * len(dl)
			for w, x := range m.dense[row : row+len(dl)] {
				dl[w] += x
			}
			if inLanes++; inLanes == nbDenseFlush {
				flush()
			}
			return
		}
		p := m.postings[e-1:]
		cnt := int(p[0])
		p = p[1 : 1+2*cnt]
		for i := 0; i+1 < len(p); i += 2 {
			acc[p[i]] += 1<<32 | uint64(p[i+1])
		}
	})
	flush()
	for i := range s {
		qsum, seen := uint32(acc[i]), int(acc[i]>>32)
		s[i] += -float64(qsum)/nbQuant + float64(n-seen)*m.unseen[i]
	}
	return n
}

// loadNBModel reads a model written by writeNBModel; features at least
// denseMin languages saw get dense rows (NewLangID: nbDenseMin).
func loadNBModel(data []byte, denseMin int) (*nbModel, error) {
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("classify: first-pass model: %w", err)
	}
	r := bufio.NewReader(z)
	magic := make([]byte, len(nbMagic))
	if _, err := io.ReadFull(r, magic); err != nil || string(magic) != nbMagic {
		return nil, errors.New("classify: first-pass model: bad magic")
	}
	var hdr struct{ Langs, Features, Postings uint32 }
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("classify: first-pass model header: %w", err)
	}
	size := 1
	for size < 2*int(hdr.Features) {
		size *= 2
	}
	m := &nbModel{slots: make([]uint64, size)}
	if hdr.Langs > 256 {
		return nil, fmt.Errorf("classify: first-pass model: %d languages, at most 256", hdr.Langs)
	}
	for range hdr.Langs {
		var code [2]byte
		var unseen float32
		if _, err := io.ReadFull(r, code[:]); err != nil {
			return nil, fmt.Errorf("classify: first-pass model languages: %w", err)
		}
		if err := binary.Read(r, binary.LittleEndian, &unseen); err != nil {
			return nil, fmt.Errorf("classify: first-pass model languages: %w", err)
		}
		g, ok := FromLabel(string(code[:]))
		if !ok {
			return nil, fmt.Errorf("classify: first-pass model: unknown language %q", code)
		}
		m.langs = append(m.langs, g)
		m.unseen = append(m.unseen, float64(unseen))
	}
	hashes := make([]uint32, hdr.Features)
	offsets := make([]uint32, hdr.Features)
	if err := binary.Read(r, binary.LittleEndian, hashes); err != nil {
		return nil, fmt.Errorf("classify: first-pass model features: %w", err)
	}
	if err := binary.Read(r, binary.LittleEndian, offsets); err != nil {
		return nil, fmt.Errorf("classify: first-pass model features: %w", err)
	}
	m.postings = make([]byte, hdr.Postings)
	if _, err := io.ReadFull(r, m.postings); err != nil {
		return nil, fmt.Errorf("classify: first-pass model postings: %w", err)
	}
	m.denseWords = (len(m.langs) + 1) / 2
	for i, h := range hashes {
		off := offsets[i]
		if off >= hdr.Postings || int(off)+1+2*int(m.postings[off]) > len(m.postings) {
			return nil, errors.New("classify: first-pass model: postings out of range")
		}
		p := m.postings[off+1 : int(off)+1+2*int(m.postings[off])]
		for j := 0; j < len(p); j += 2 {
			if int(p[j]) >= len(m.langs) {
				return nil, fmt.Errorf("classify: first-pass model: language index %d out of range", p[j])
			}
		}
		if len(p)/2 < denseMin {
			m.insert(h, off+1)
			continue
		}
		row := len(m.dense) / m.denseWords
		m.dense = append(m.dense, make([]uint64, m.denseWords)...)
		for j := 0; j < len(p); j += 2 {
			li, lane := int(p[j]), uint64(p[j+1])|1<<16
			m.dense[row*m.denseWords+li/2] |= lane << (32 * (li % 2))
		}
		m.insert(h, nbDenseFlag|uint32(row))
	}
	return m, nil
}

// writeNBModel serialises a model trained from counts[lang][hash].
func writeNBModel(w io.Writer, codes []string, counts []map[uint32]uint32, minCount uint32) error {
	total := map[uint32]uint32{}
	for _, c := range counts {
		for h, n := range c {
			total[h] += n
		}
	}
	var hashes []uint32
	for h, n := range total {
		if n >= minCount {
			hashes = append(hashes, h)
		}
	}
	slices.Sort(hashes)
	vocab := float64(len(hashes))
	const alpha = 0.5
	unseen := make([]float64, len(codes))
	denom := make([]float64, len(codes))
	for i, c := range counts {
		sum := 0.0
		for _, h := range hashes {
			sum += float64(c[h])
		}
		denom[i] = sum + alpha*vocab
		unseen[i] = math.Log(alpha / denom[i])
	}
	var postings []byte
	offsets := make([]uint32, len(hashes))
	for fi, h := range hashes {
		offsets[fi] = uint32(len(postings))
		start := len(postings)
		postings = append(postings, 0)
		for li, c := range counts {
			n := c[h]
			if n == 0 {
				continue
			}
			q := math.Round(-math.Log((float64(n)+alpha)/denom[li]) * nbQuant)
			q = min(q, 255)
			postings = append(postings, byte(li), byte(q))
			postings[start]++
		}
	}
	z := gzip.NewWriter(w)
	z.Write([]byte(nbMagic))
	binary.Write(z, binary.LittleEndian, struct{ Langs, Features, Postings uint32 }{uint32(len(codes)), uint32(len(hashes)), uint32(len(postings))})
	for i, code := range codes {
		z.Write([]byte(code))
		binary.Write(z, binary.LittleEndian, float32(unseen[i]))
	}
	binary.Write(z, binary.LittleEndian, hashes)
	binary.Write(z, binary.LittleEndian, offsets)
	z.Write(postings)
	return z.Close()
}

// Decision rule of the first pass: it decides when the sample has at least
// nbMinFeatures n-grams and the log-likelihood of the best candidate beats
// the second by at least nbMinMargin nats per n-gram. Calibrated against
// plain lingua on the held-out sentences and the web documents (doc.go).
const (
	nbMinFeatures = 60
	nbMinMargin   = 0.3
	// nbShortlist: when the first pass is not confident, lingua chooses
	// among its nbShortlist best candidates only.
	nbShortlist = 8
	// nbNearShortlist: the shortlist when the margin is at least
	// nbNearMargin; lingua's answer is then nearly always the first
	// pass's first or second.
	nbNearShortlist = 3
	nbNearMargin    = 0.15
	// nearChars: with the near shortlist lingua scores only the first
	// nearChars runes of the sample.
	nearChars = 600
	// Early stop of the first pass (nbVerdict): checked after each chunk of
	// about nbChunk bytes once nbEarlyFeatures n-grams are scored.
	nbChunk         = 200
	nbEarlyFeatures = 300
	nbEarlyMargin   = 0.5
	// farGap: below nbNearMargin the shortlist keeps, after the first
	// nbNearShortlist, only candidates within farGap nats per n-gram of
	// the best (in the web documents lingua's answer trailed the first
	// pass's best by at most 0.3).
	farGap = 0.35
)

// nbVerdict is the first pass's view of a sample.
type nbVerdict struct {
	best, second int     // model language indices, -1 if none
	features     int     // n-grams scored
	margin       float64 // (best - second) log-likelihood per n-gram
	prob         float64 // softmax probability of best among the candidates
	scores       []float64
}

// shortlist returns the k best candidate languages by first-pass score.
func (l *LangID) shortlist(v nbVerdict, k int) []lingua.Language {
	return l.shortlistWithin(v, k, k, math.Inf(1))
}

// shortlistWithin is shortlist(v, k) without the candidates after the
// first minK whose score trails the best by more than gap nats per n-gram.
func (l *LangID) shortlistWithin(v nbVerdict, k, minK int, gap float64) []lingua.Language {
	var idx []int
	for i, ok := range l.nbCand {
		if ok {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool { return v.scores[idx[a]] > v.scores[idx[b]] })
	out := make([]lingua.Language, 0, k)
	for n, i := range idx[:min(k, len(idx))] {
		if n >= minK && (v.scores[idx[0]]-v.scores[i])/float64(v.features) > gap {
			break
		}
		out = append(out, l.nb.langs[i])
	}
	return out
}

// nbVerdict scores sample in chunks of about nbChunk bytes, cut at spaces
// (so the n-grams are those of the whole sample), and stops early once at
// least nbEarlyFeatures n-grams give the leader a margin of nbEarlyMargin.
func (l *LangID) nbVerdict(sample string) nbVerdict {
	s := make([]float64, len(l.nb.langs))
	v := nbVerdict{best: -1, second: -1, scores: s}
	for rest := sample; rest != ""; {
		chunk := rest
		if len(rest) > nbChunk {
			i := strings.IndexByte(rest[nbChunk:], ' ')
			if i >= 0 {
				chunk = rest[:nbChunk+i]
			}
		}
		rest = rest[len(chunk):]
		v.features += l.nb.addScores(chunk, s)
		if rest != "" && v.features >= nbEarlyFeatures {
			if l.rank(&v); v.second >= 0 && v.margin >= nbEarlyMargin {
				break
			}
		}
	}
	if v.features == 0 {
		return v
	}
	l.rank(&v)
	if v.best < 0 || v.second < 0 {
		return v
	}
	sum := 0.0
	for i, ok := range l.nbCand {
		if ok {
			sum += math.Exp(s[i] - s[v.best])
		}
	}
	v.prob = 1 / sum
	return v
}

// rank sets v's best, second and margin from v.scores.
func (l *LangID) rank(v *nbVerdict) {
	s := v.scores
	v.best, v.second = -1, -1
	for i, ok := range l.nbCand {
		if !ok {
			continue
		}
		switch {
		case v.best < 0 || s[i] > s[v.best]:
			v.best, v.second = i, v.best
		case v.second < 0 || s[i] > s[v.second]:
			v.second = i
		}
	}
	if v.second >= 0 {
		v.margin = (s[v.best] - s[v.second]) / float64(v.features)
	}
}

// firstPass applies the naive Bayes model's verdict on a sample. When it is
// confident it decides; otherwise it returns the shortlist lingua should
// choose from (nil: all candidates) and the runes of the sample lingua
// should score (0: all).
func (l *LangID) firstPass(v nbVerdict) (LangResult, []lingua.Language, int, bool) {
	if v.second < 0 {
		return LangResult{}, nil, 0, false
	}
	if v.features < nbMinFeatures || v.margin < nbMinMargin {
		if v.margin >= nbNearMargin {
			return LangResult{}, l.shortlist(v, nbNearShortlist), nearChars, false
		}
		return LangResult{}, l.shortlistWithin(v, nbShortlist, nbNearShortlist, farGap), 0, false
	}
	return LangResult{Label: Label(l.nb.langs[v.best]), Score: Round2(v.prob), Path: PathModel}, nil, 0, true
}
