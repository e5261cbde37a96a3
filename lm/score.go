package lm

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/ccnet-go/ccnet/document"
)

// MaxOrder is the highest n-gram order a Model holds: KenLM's default
// build (KENLM_MAX_ORDER=6). cc_net's models are 5-grams.
const MaxOrder = 6

// Format names the file format a Model was read from.
type Format int

// The formats Open recognizes, by their first bytes.
const (
	FormatARPA   Format = iota // ARPA text, plain or gzip
	FormatBinary               // this package's own mmapped format
	FormatKenLM                // KenLM build_binary, probing hash tables
)

func (f Format) String() string {
	switch f {
	case FormatARPA:
		return "arpa"
	case FormatBinary:
		return "binary"
	case FormatKenLM:
		return "kenlm-probing"
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// Model is a backoff n-gram language model, queried like KenLM's probing
// model. It is read-only once opened and safe for concurrent use; scoring
// allocates nothing.
type Model struct {
	format   Format
	order    int
	counts   []uint64 // n-grams per order, as the file's header states
	bound    uint32   // vocabulary size including <unk>: valid ids are < bound
	bos, eos uint32
	vocab    qryTable // word hash -> id
	unigrams []byte   // per id: prob float32, backoff float32
	middle   []qryTable
	longest  qryTable
	words    []byte // vocabulary strings, NUL-terminated, in id order (may be empty)
	closer   func() error
}

// Open reads the model at path, recognizing the format by its first bytes:
// this package's binary format and KenLM probing binaries are mapped into
// memory (nothing is read until queried), ARPA text (plain or gzip) is
// parsed into memory.
func Open(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lm: %w", err)
	}
	var head [len(kenlmMagic)]byte
	n, err := io.ReadFull(f, head[:])
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, fmt.Errorf("lm: %s: %w", path, err)
	}
	switch {
	case n >= len(binMagic) && string(head[:len(binMagic)]) == binMagic:
		defer f.Close()
		return openMapped(f, path, parseBinary)
	case n >= len(kenlmMagicPrefix) && string(head[:len(kenlmMagicPrefix)]) == kenlmMagicPrefix:
		defer f.Close()
		return openMapped(f, path, parseKenLM)
	}
	defer f.Close()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("lm: %s: %w", path, err)
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return readARPAFile(f, path, size)
}

// readARPAFile parses ARPA text from r, gunzipping it when it starts with
// the gzip magic; size is r's length if known, else -1.
func readARPAFile(r io.Reader, name string, size int64) (*Model, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	if p, _ := br.Peek(2); bytes.Equal(p, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("lm: %s: %w", name, err)
		}
		defer zr.Close()
		return readARPA(zr, name, -1, layoutOwn)
	}
	return readARPA(br, name, size, layoutOwn)
}

// Close releases the file mapping. The Model must not be used afterwards.
func (m *Model) Close() error {
	if m.closer == nil {
		return nil
	}
	err := m.closer()
	m.closer = nil
	m.vocab, m.longest, m.middle, m.unigrams, m.words = qryTable{}, qryTable{}, nil, nil, nil
	return err
}

// Order is the model's n-gram order.
func (m *Model) Order() int { return m.order }

// Format is the format the model was read from.
func (m *Model) Format() Format { return m.format }

// Counts returns the number of n-grams of each order as the file states
// them (index 0: unigrams).
func (m *Model) Counts() []uint64 { return append([]uint64(nil), m.counts...) }

// VocabSize is the number of word ids, <unk> (id 0) included.
func (m *Model) VocabSize() int { return int(m.bound) }

// Index is the id of word: 0 (<unk>) when the model does not know it, as
// KenLM's ProbingVocabulary::Index. "<UNK>" is also 0.
func (m *Model) Index(word string) uint32 {
	off, ok := m.vocab.find(qryMurmur64A(word))
	if !ok {
		return 0
	}
	id := qryLE32(m.vocab.data[off+8:])
	if id >= m.bound {
		return 0
	}
	return id
}

// BeginSentence is the id of <s>, EndSentence the id of </s>.
func (m *Model) BeginSentence() uint32 { return m.bos }

// EndSentence is the id of </s>.
func (m *Model) EndSentence() uint32 { return m.eos }

// State is the right context KenLM keeps after a word: the most recent
// words first, only as many as can still extend to a longer n-gram, with
// their backoffs (a -0.0 backoff marks an n-gram nothing extends).
type State struct {
	Words   [MaxOrder - 1]uint32
	Backoff [MaxOrder - 1]float32
	Length  uint8
}

// BeginSentenceState is the state after <s>: KenLM's BeginSentenceState,
// length 1 whatever <s>'s backoff.
func (m *Model) BeginSentenceState() State {
	var s State
	s.Length = 1
	s.Words[0] = m.bos
	s.Backoff[0] = m.uniBackoff(m.bos)
	return s
}

// NullContextState is the empty context (query -n).
func (m *Model) NullContextState() State { return State{} }

func (m *Model) uniProb(id uint32) (prob float32, independentLeft bool) {
	bits := qryLE32(m.unigrams[8*int(id):])
	return math.Float32frombits(bits | qrySignBit), bits&qrySignBit != 0
}

func (m *Model) uniBackoff(id uint32) float32 {
	return math.Float32frombits(qryLE32(m.unigrams[8*int(id)+4:]))
}

// FullScore is KenLM's GenericModel::FullScore: the log10 probability of
// word after the context in, the length of the n-gram matched, and the
// state after word in out (out may be in). The probability is that of the
// longest n-gram found, plus, in float32 and in this order, the backoffs of
// the context n-grams longer than the match that in still holds.
func (m *Model) FullScore(in *State, word uint32, out *State) (prob float32, ngramLength int) {
	if word >= m.bound {
		word = 0
	}
	ctx := *in
	prob, ngramLength = m.scoreExceptBackoff(&ctx, word, out)
	for i := ngramLength - 1; i < int(ctx.Length); i++ {
		prob += ctx.Backoff[i]
	}
	return prob, ngramLength
}

// scoreExceptBackoff is KenLM's ScoreExceptBackoff with ResumeScore: the
// search goes from the unigram up, one context word at a time, and stops
// at the first missing n-gram or at one that no longer n-gram extends.
func (m *Model) scoreExceptBackoff(in *State, word uint32, out *State) (float32, int) {
	prob, independentLeft := m.uniProb(word)
	ngramLength := 1
	out.Backoff[0] = m.uniBackoff(word)
	out.Length = 0
	if qryHasExtension(out.Backoff[0]) {
		out.Length = 1
	}
	out.Words[0] = word
	n := int(in.Length)
	if n == 0 {
		return prob, ngramLength
	}
	// The keys of every n-gram the context allows, and the first bucket of
	// each, loaded before the walk (see qryTable.first).
	var keys, ideal, stored [MaxOrder - 1]uint64
	node := uint64(word)
	deep := min(n, m.order-1)
	for i := range deep {
		node = qryCombine(node, in.Words[i])
		keys[i] = node
	}
	for i := range deep {
		ideal[i], stored[i] = m.table(i).first(keys[i])
	}
	i := 0
	for ; ; i++ {
		if i == n || independentLeft {
			m.copyHistory(in, out)
			return prob, ngramLength
		}
		if i == m.order-2 {
			break
		}
		t := &m.middle[i]
		off, ok := int(ideal[i])*t.entry, stored[i] == keys[i]
		if !ok && stored[i] != 0 {
			off, ok = t.findFrom(keys[i], ideal[i])
		}
		if !ok {
			m.copyHistory(in, out)
			return prob, ngramLength
		}
		bits := qryLE32(t.data[off+8:])
		backoff := math.Float32frombits(qryLE32(t.data[off+12:]))
		out.Backoff[i+1] = backoff
		prob = math.Float32frombits(bits | qrySignBit)
		independentLeft = bits&qrySignBit != 0
		ngramLength = i + 2
		if qryHasExtension(backoff) {
			out.Length = uint8(i + 2)
		}
	}
	t := &m.longest
	off, ok := int(ideal[i])*t.entry, stored[i] == keys[i]
	if !ok && stored[i] != 0 {
		off, ok = t.findFrom(keys[i], ideal[i])
	}
	if ok {
		prob = math.Float32frombits(qryLE32(t.data[off+8:]) | qrySignBit)
		ngramLength = m.order
	}
	m.copyHistory(in, out)
	return prob, ngramLength
}

// table is the hash table of the n-grams of order i+2.
func (m *Model) table(i int) *qryTable {
	if i == m.order-2 {
		return &m.longest
	}
	return &m.middle[i]
}

// copyHistory is KenLM's CopyRemainingHistory: out keeps the new word and
// then the first out.Length-1 words of in.
func (m *Model) copyHistory(in, out *State) {
	for j := 1; j < int(out.Length); j++ {
		out.Words[j] = in.Words[j-1]
	}
}

// qryHasExtension is KenLM's HasExtension: every backoff but -0.0 (the bit
// pattern, not the value) means the n-gram may be extended on the right.
func qryHasExtension(backoff float32) bool {
	return math.Float32bits(backoff) != qrySignBit
}

// Score is the log10 probability of the sentence words followed by </s>
// given <s>, summed in float32 from left to right: kenlm.Model.score(s,
// bos=True, eos=True) and the "Total:" of KenLM's query. Unknown words
// score as <unk>.
func (m *Model) Score(words []string) float32 {
	s := m.BeginSentenceState()
	var total float32
	for _, w := range words {
		p, _ := m.FullScore(&s, m.Index(w), &s)
		total += p
	}
	p, _ := m.FullScore(&s, m.eos, &s)
	return total + p
}

// ScoreSentence is Score over the tokens of line split on KenLM's spaces
// (the bytes \t \n \v \f \r and space), without allocating: what cc_net's
// DocLM gets from model.score(line).
func (m *Model) ScoreSentence(line string) float32 {
	s := m.BeginSentenceState()
	var total float32
	for i := 0; i < len(line); {
		for i < len(line) && isKenLMSpace(line[i]) {
			i++
		}
		j := i
		for j < len(line) && !isKenLMSpace(line[j]) {
			j++
		}
		if j > i {
			p, _ := m.FullScore(&s, m.Index(line[i:j]), &s)
			total += p
		}
		i = j
	}
	p, _ := m.FullScore(&s, m.eos, &s)
	return total + p
}

// isKenLMSpace is util::kSpaces, the separators of kenlm's Python score().
func isKenLMSpace(c byte) bool {
	return c == ' ' || c >= '\t' && c <= '\r'
}

// WordScore is one line of KenLM `query -v word` output: the word, its id
// (0 for an unknown word), the length of the n-gram matched and the log10
// probability.
type WordScore struct {
	Word        string
	ID          uint32
	NgramLength int
	Prob        float32
}

// ScoreWords appends to dst the score of every word and then of </s>, as
// query -v word prints them, and returns the extended slice and the
// sentence total (the sum in float32, in this order).
func (m *Model) ScoreWords(dst []WordScore, words []string) ([]WordScore, float32) {
	s := m.BeginSentenceState()
	var total float32
	for _, w := range words {
		id := m.Index(w)
		p, n := m.FullScore(&s, id, &s)
		total += p
		dst = append(dst, WordScore{Word: w, ID: id, NgramLength: n, Prob: p})
	}
	p, n := m.FullScore(&s, m.eos, &s)
	dst = append(dst, WordScore{Word: "</s>", ID: m.eos, NgramLength: n, Prob: p})
	return dst, total + p
}

// DocPerplexity is cc_net's DocLM on one document's "tokenized" field (the
// SentencePiece pieces joined by spaces): every "\n"-separated line is
// scored with ScoreSentence, the float32 scores are summed in float64 as
// Python does, the length is len(line.split()) + 1 per line (Python's
// Unicode whitespace), and the result is Perplexity rounded to one decimal
// as round(x, 1). ok is false for an empty text, which cc_net leaves
// without a perplexity (its bucket is then "all").
func (m *Model) DocPerplexity(tokenized string) (ppl float64, ok bool) {
	if tokenized == "" {
		return 0, false
	}
	var logScore float64
	length := 0
	for line := range strings.SplitSeq(tokenized, "\n") {
		logScore += float64(m.ScoreSentence(line))
		length += pySplitCount(line) + 1
	}
	return RoundPerplexity(Perplexity(logScore, length)), true
}

// Perplexity is cc_net's pp(log_score, length) = 10 ** (-log_score /
// length), unrounded. Go's math.Pow may differ from C's pow by one ulp,
// which matters only when the value sits on a rounding boundary.
func Perplexity(logScore float64, length int) float64 {
	return math.Pow(10, -logScore/float64(length))
}

// RoundPerplexity is Python's round(x, 1): the correctly rounded decimal,
// ties to even on the exact binary value.
func RoundPerplexity(x float64) float64 {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return x
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 1, 64), 64)
	return r
}

// pySplitCount is len(s.split()) in Python: runs of Unicode whitespace
// (plus U+001C..U+001F) separate the words.
func pySplitCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		if document.IsPySpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
