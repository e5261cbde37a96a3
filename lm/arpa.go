package lm

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ParseError is an error in ARPA text: the file, the 1-based line and the
// cause.
type ParseError struct {
	File string
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("lm: %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// qryMaxARPALine bounds one ARPA line (a longer one is an error, not a buffer
// that grows without limit).
const qryMaxARPALine = 1 << 20

// qryUnknownMissingLogProb is KenLM's Config::unknown_missing_logprob, the
// <unk> probability of a model whose ARPA file has no <unk>.
const qryUnknownMissingLogProb = -100

// ReadARPA parses an ARPA model (plain or gzip-compressed text) into
// memory, checking it as KenLM does: counts, section headers, a prob <= 0
// on every line, no backoff on the highest order, every n-gram word among
// the unigrams, every n-gram's context present, <s> and </s> present.
// name is used in errors. The loaded model answers exactly as KenLM's
// probing model built from the same file, including its handling of
// n-grams whose suffix was pruned (KenLM's "blank" entries).
func ReadARPA(r io.Reader, name string) (*Model, error) {
	return readARPAFile(r, name, -1)
}

type arpaReader struct {
	sc   *bufio.Scanner
	name string
	line int
}

func (a *arpaReader) errorf(format string, args ...any) error {
	return &ParseError{File: a.name, Line: a.line, Err: fmt.Errorf(format, args...)}
}

// next returns the next line without its line ending.
func (a *arpaReader) next() (string, error) {
	if !a.sc.Scan() {
		a.line++
		if err := a.sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return "", a.errorf("line longer than %d bytes", qryMaxARPALine)
			}
			return "", &ParseError{File: a.name, Line: a.line, Err: err}
		}
		return "", a.errorf("unexpected end of file")
	}
	a.line++
	return strings.TrimSuffix(a.sc.Text(), "\r"), nil
}

// nextNonBlank skips lines made only of whitespace.
func (a *arpaReader) nextNonBlank() (string, error) {
	for {
		l, err := a.next()
		if err != nil || strings.TrimSpace(l) != "" {
			return l, err
		}
	}
}

// readARPA parses ARPA text of at most size bytes (-1: unknown) into
// tables of the given layout.
func readARPA(r io.Reader, name string, size int64, layout qryLayout) (*Model, error) {
	a := &arpaReader{sc: bufio.NewScanner(r), name: name}
	a.sc.Buffer(make([]byte, 64<<10), qryMaxARPALine)
	counts, err := a.readCounts()
	if err != nil {
		return nil, err
	}
	limit := uint64(1 << 16)
	if size > 0 {
		limit = max(limit, uint64(size)/qryMinLineBytes)
	}
	b := newARPABuilder(counts, limit, layout)
	var fields [MaxOrder + 2]string
	for n := 1; n <= len(counts); n++ {
		l, err := a.nextNonBlank()
		if err != nil {
			return nil, err
		}
		if want := "\\" + strconv.Itoa(n) + "-grams:"; strings.TrimSpace(l) != want {
			return nil, a.errorf("expected %s, got %q", want, l)
		}
		for i := uint64(0); i < counts[n-1]; i++ {
			l, err := a.nextNonBlank()
			if err != nil {
				return nil, err
			}
			if strings.HasPrefix(l, "\\") {
				return nil, a.errorf("%d %d-grams where the header says %d", i, n, counts[n-1])
			}
			if err := b.addLine(n, l, fields[:0]); err != nil {
				return nil, a.errorf("%d-gram %q: %w", n, l, err)
			}
		}
	}
	l, err := a.nextNonBlank()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(l) != "\\end\\" {
		if strings.HasPrefix(l, "\\") {
			return nil, a.errorf("expected \\end\\, got %q", l)
		}
		return nil, a.errorf("more %d-grams than the header's %d", len(counts), counts[len(counts)-1])
	}
	for a.sc.Scan() {
		a.line++
		if strings.TrimSpace(a.sc.Text()) != "" {
			return nil, a.errorf("text after \\end\\")
		}
	}
	if err := a.sc.Err(); err != nil {
		return nil, &ParseError{File: name, Line: a.line + 1, Err: err}
	}
	m, err := b.finish()
	if err != nil {
		return nil, &ParseError{File: name, Line: a.line, Err: err}
	}
	return m, nil
}

// readCounts reads up to the \data\ section's "ngram N=count" lines.
func (a *arpaReader) readCounts() ([]uint64, error) {
	for {
		l, err := a.next()
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l) == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if strings.TrimSpace(l) == "\\data\\" {
			break
		}
		if strings.HasPrefix(l, kenlmMagicPrefix) || strings.HasPrefix(l, binMagic) {
			return nil, a.errorf("a binary model, not ARPA text")
		}
		return nil, a.errorf("first non-empty line is %q, not \\data\\", l)
	}
	var counts []uint64
	for {
		l, err := a.next()
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l) == "" {
			break
		}
		rest, ok := strings.CutPrefix(l, "ngram ")
		n, c, ok2 := strings.Cut(strings.TrimSpace(rest), "=")
		if !ok || !ok2 {
			return nil, a.errorf("count line %q is not \"ngram N=count\"", l)
		}
		order, err1 := strconv.Atoi(strings.TrimSpace(n))
		count, err2 := strconv.ParseUint(strings.TrimSpace(c), 10, 64)
		if err1 != nil || err2 != nil || order != len(counts)+1 {
			return nil, a.errorf("count line %q: orders must be numbered 1, 2, ... with integer counts", l)
		}
		if order > MaxOrder {
			return nil, a.errorf("order %d above the maximum %d", order, MaxOrder)
		}
		if count > 1<<40 {
			return nil, a.errorf("count %d too large", count)
		}
		counts = append(counts, count)
	}
	if len(counts) < 2 {
		return nil, a.errorf("a model of order %d: KenLM needs at least bigrams", len(counts))
	}
	if counts[0] == 0 {
		return nil, a.errorf("no unigrams")
	}
	return counts, nil
}

// arpaBuilder fills a Model's tables as KenLM's HashedSearch does from an
// ARPA file (lm/search_hashed.cc), so the tables and their sign-bit flags
// are those of a KenLM probing binary.
type arpaBuilder struct {
	m       *Model
	sawUnk  bool
	next    uint32
	words   bytes.Buffer
	ids     [MaxOrder]uint32 // n-gram ids, last word first
	keys    [MaxOrder - 1]uint64
	between []qryRef
}

// qryRef points at the prob field of a stored n-gram; the backoff, if the
// entry has one, follows it.
type qryRef struct {
	b  []byte
	at int
}

func (r qryRef) prob() uint32          { return qryLE32(r.b[r.at:]) }
func (r qryRef) setProb(v uint32)      { binary.LittleEndian.PutUint32(r.b[r.at:], v) }
func (r qryRef) backoff() uint32       { return qryLE32(r.b[r.at+4:]) }
func (r qryRef) setBackoff(v uint32)   { binary.LittleEndian.PutUint32(r.b[r.at+4:], v) }
func (r qryRef) markExtendsLeft()      { r.setProb(r.prob() &^ qrySignBit) }
func (r qryRef) backoffValue() float32 { return math.Float32frombits(r.backoff()) }

// setExtension is KenLM's SetExtension: a -0.0 backoff becomes +0.0, so
// the n-gram stays in the state as a context that longer n-grams extend.
func (r qryRef) setExtension() {
	if r.backoff() == qrySignBit {
		r.setBackoff(0)
	}
}

// qryMinLineBytes is the shortest ARPA line, "p\tw\n": a file of s bytes
// holds at most s/4 n-grams.
const qryMinLineBytes = 4

// newARPABuilder prepares tables for counts, sized for at most limit
// entries each until the lines show more.
func newARPABuilder(counts []uint64, limit uint64, layout qryLayout) *arpaBuilder {
	order := len(counts)
	m := &Model{format: FormatARPA, order: order, counts: counts}
	m.vocab = newQryTable(counts[0], limit, 12, layout)
	if layout == layoutKenLM {
		m.unigrams = make([]byte, 8*(counts[0]+1))
	}
	for n := 2; n < order; n++ {
		m.middle = append(m.middle, newQryTable(counts[n-1], limit, 16, layout))
	}
	m.longest = newQryTable(counts[order-1], limit, 12, layout)
	m.bound = 1
	b := &arpaBuilder{m: m, next: 1}
	b.words.WriteString("<unk>\x00")
	return b
}

var (
	qryUnkHash    = qryMurmur64A("<unk>")
	qryUnkCapHash = qryMurmur64A("<UNK>")
)

// qrySplitARPA splits an ARPA line on tabs and spaces (KenLM's kARPASpaces).
func qrySplitARPA(l string, dst []string) ([]string, bool) {
	for i := 0; i < len(l); {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		j := i
		for j < len(l) && l[j] != ' ' && l[j] != '\t' {
			j++
		}
		if j > i {
			if len(dst) == cap(dst) {
				return dst, false
			}
			dst = append(dst, l[i:j])
		}
		i = j
	}
	return dst, true
}

// qryParseLogProb parses a float32 as KenLM's FilePiece::ReadFloat does
// (correctly rounded; "inf" and "-inf" allowed).
func qryParseLogProb(s string) (float32, error) {
	v, err := strconv.ParseFloat(s, 32)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return float32(v), nil
}

// addLine adds one n-gram line: log10 prob, n words, optional log10
// backoff.
func (b *arpaBuilder) addLine(n int, l string, fields []string) error {
	f, ok := qrySplitARPA(l, fields)
	if !ok || len(f) < n+1 || len(f) > n+2 {
		return fmt.Errorf("want a probability, %d word(s) and an optional backoff", n)
	}
	prob, err := qryParseLogProb(f[0])
	if err != nil {
		return err
	}
	if prob > 0 {
		return fmt.Errorf("positive log10 probability %v", prob)
	}
	backoff := uint32(qrySignBit) // KenLM: a zero or missing backoff is -0.0
	if len(f) == n+2 {
		bo, err := qryParseLogProb(f[n+1])
		if err != nil {
			return err
		}
		if math.IsInf(float64(bo), 0) {
			return fmt.Errorf("infinite backoff")
		}
		if n == b.m.order && bo != 0 {
			return fmt.Errorf("backoff %v on an n-gram of the highest order", bo)
		}
		if bo != 0 {
			backoff = math.Float32bits(bo)
		}
	}
	if n == 1 {
		return b.addUnigram(f[1], prob, backoff)
	}
	return b.addNgram(n, f[1:n+1], prob, backoff)
}

func (b *arpaBuilder) addUnigram(word string, prob float32, backoff uint32) error {
	h := qryMurmur64A(word)
	var id uint32
	if h == qryUnkHash || h == qryUnkCapHash {
		if b.sawUnk {
			return fmt.Errorf("<unk> listed twice")
		}
		b.sawUnk = true
	} else {
		if err := b.m.vocab.reserve(); err != nil {
			return err
		}
		off, found, err := b.m.vocab.findOrInsert(h)
		if err != nil {
			return err
		}
		if found {
			return fmt.Errorf("word %q listed twice (or its 64-bit hash collides)", word)
		}
		id = b.next
		b.next++
		b.m.bound = b.next
		binary.LittleEndian.PutUint32(b.m.vocab.data[off+8:], id)
		b.words.WriteString(word)
		b.words.WriteByte(0)
	}
	if n := 8 * (int(id) + 1); n > len(b.m.unigrams) {
		b.m.unigrams = append(b.m.unigrams, make([]byte, n-len(b.m.unigrams))...)
	}
	u := qryRef{b.m.unigrams, 8 * int(id)}
	u.setProb(math.Float32bits(prob))
	u.setBackoff(backoff)
	return nil
}

func (b *arpaBuilder) unigram(id uint32) qryRef { return qryRef{b.m.unigrams, 8 * int(id)} }

func (b *arpaBuilder) addNgram(n int, words []string, prob float32, backoff uint32) error {
	m := b.m
	v := b.ids[:n]
	for j, w := range words {
		id := m.Index(w)
		if id == 0 && w != "<unk>" && w != "<UNK>" {
			return fmt.Errorf("word %q is not among the unigrams", w)
		}
		v[n-1-j] = id
	}
	keys := b.keys[:n-1]
	keys[0] = qryCombine(uint64(v[0]), v[1])
	for h := 1; h < n-1; h++ {
		keys[h] = qryCombine(keys[h-1], v[h+1])
	}
	// Stored with the sign bit on: nothing extends it to the left yet.
	probBits := math.Float32bits(prob) | qrySignBit
	var t *qryTable
	if n == m.order {
		t = &m.longest
	} else {
		t = &m.middle[n-2]
	}
	if err := t.reserve(); err != nil {
		return err
	}
	off, found, err := t.findOrInsert(keys[n-2])
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("n-gram listed twice (or its 64-bit key collides)")
	}
	added := qryRef{t.data, off + 8}
	added.setProb(probBits)
	if n != m.order {
		added.setBackoff(backoff)
	}
	if err := b.findLower(n); err != nil {
		return err
	}
	b.adjustLower(n)
	return b.activate(n)
}

// findLower is KenLM's FindLower: from the (n-1)-gram suffix down, find
// the longest suffix that exists, inserting the missing ones as blanks on
// the way (a pruned model may lack them). between lists the blanks, then
// the suffix found.
func (b *arpaBuilder) findLower(n int) error {
	b.between = b.between[:0]
	for lower := n - 3; ; lower-- {
		if lower == -1 {
			b.between = append(b.between, b.unigram(b.ids[0]))
			return nil
		}
		t := &b.m.middle[lower]
		if err := t.reserve(); err != nil {
			return err
		}
		off, found, err := t.findOrInsert(b.keys[lower])
		if err != nil {
			return err
		}
		r := qryRef{t.data, off + 8}
		if !found {
			r.setBackoff(qrySignBit)
		}
		b.between = append(b.between, r)
		if found {
			return nil
		}
	}
}

// adjustLower is KenLM's AdjustLower with NoRestBuild: the blanks get the
// backed-off probability of their n-gram (the suffix found plus the
// backoffs of the contexts in between, in float32, in KenLM's order), and
// every entry of between is marked as extended on the left.
func (b *arpaBuilder) adjustLower(n int) {
	between := b.between
	if len(between) == 1 {
		between[0].markExtendsLeft()
		return
	}
	prob := -float32(math.Abs(float64(math.Float32frombits(between[len(between)-1].prob()))))
	basis := n - len(between)
	change := len(between) - 2
	if basis == 1 {
		u := b.unigram(b.ids[1])
		u.setExtension()
		prob += u.backoffValue()
		between[change].setProb(math.Float32bits(prob))
		basis = 2
		change--
	}
	h := uint64(b.ids[1])
	for i := 2; i <= basis; i++ {
		h = qryCombine(h, b.ids[i])
	}
	for ; basis < n-1; basis, change = basis+1, change-1 {
		t := &b.m.middle[basis-2]
		if off, ok := t.find(h); ok {
			r := qryRef{t.data, off + 8}
			r.setExtension()
			prob += r.backoffValue()
		}
		between[change].setProb(math.Float32bits(prob))
		h = qryCombine(h, b.ids[basis+1])
	}
	for _, r := range between {
		r.markExtendsLeft()
	}
}

// activate is KenLM's ActivateUnigram / ActivateLowerMiddle: the n-gram's
// context must exist, and its backoff is marked as extended on the right.
func (b *arpaBuilder) activate(n int) error {
	if n == 2 {
		b.unigram(b.ids[1]).setExtension()
		return nil
	}
	h := uint64(b.ids[1])
	for i := 2; i < n; i++ {
		h = qryCombine(h, b.ids[i])
	}
	t := &b.m.middle[n-3]
	off, ok := t.find(h)
	if !ok {
		return fmt.Errorf("its context is not among the %d-grams", n-1)
	}
	qryRef{t.data, off + 8}.setExtension()
	return nil
}

func (b *arpaBuilder) finish() (*Model, error) {
	m := b.m
	// KenLM keeps counts[0]+1 unigram entries, one for <unk> if the file
	// has none.
	if n := 8 * (int(m.counts[0]) + 1); n > len(m.unigrams) {
		m.unigrams = append(m.unigrams, make([]byte, n-len(m.unigrams))...)
	}
	for _, t := range append([]*qryTable{&m.vocab, &m.longest}, qryPointers(m.middle)...) {
		if err := t.fit(); err != nil {
			return nil, err
		}
	}
	if !b.sawUnk {
		u := b.unigram(0)
		u.setProb(math.Float32bits(qryUnknownMissingLogProb))
		u.setBackoff(0)
	}
	m.bound = b.next
	m.words = b.words.Bytes()
	m.bos, m.eos = m.Index("<s>"), m.Index("</s>")
	if m.bos == 0 {
		return nil, fmt.Errorf("the model has no <s>")
	}
	if m.eos == 0 {
		return nil, fmt.Errorf("the model has no </s>")
	}
	return m, nil
}

func qryPointers(ts []qryTable) []*qryTable {
	p := make([]*qryTable, len(ts))
	for i := range ts {
		p[i] = &ts[i]
	}
	return p
}
