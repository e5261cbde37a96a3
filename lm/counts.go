package lm

import (
	"bufio"
	"container/heap"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Word ids as lmplz assigns them (lm/vocab.hh GrowableVocab): <unk>, <s> and
// </s> are forced to 0, 1 and 2, every other word gets the next id on its
// first appearance in the text.
const (
	estUNK uint32 = 0
	estBOS uint32 = 1
	estEOS uint32 = 2
)

// estDelims are the bytes lmplz splits tokens on
// (lm/builder/corpus_count.cc: BoolCharacter::Build("\0\t\n\r ")). Vertical
// tab, form feed and non-ASCII spaces are part of tokens.
var estDelims = [256]bool{0: true, '\t': true, '\n': true, '\r': true, ' ': true}

// ErrSpecialWord reports <s>, </s> or <unk> in the training text while
// EstimateOptions.SkipSymbols is off, as lmplz refuses them without
// --skip_symbols.
var ErrSpecialWord = errors.New("lm: special word <s>, </s> or <unk> in the training text (set SkipSymbols to treat it as whitespace)")

// estVocab maps words to lmplz word ids.
type estVocab struct {
	ids   map[string]uint32
	words []string
}

func newEstVocab() *estVocab {
	v := &estVocab{ids: make(map[string]uint32, 1<<16)}
	for _, w := range []string{"<unk>", "<s>", "</s>"} {
		v.ids[w] = uint32(len(v.words))
		v.words = append(v.words, w)
	}
	return v
}

func (v *estVocab) id(w []byte) uint32 {
	if id, ok := v.ids[string(w)]; ok {
		return id
	}
	id := uint32(len(v.words))
	s := string(w)
	v.ids[s] = id
	v.words = append(v.words, s)
	return id
}

// estCounter counts the highest-order n-grams of the padded text in blocks:
// an open-addressing hash table combines repeats inside a block, a full block
// is radix-sorted in suffix order and, if more follow, written to a sorted run
// in TempDir. Memory is bounded by the block size.
type estCounter struct {
	order   int
	stride  int      // order words + count
	recs    []uint32 // flat records
	scratch []uint32 // radix sort buffer
	table   []int32  // hash slots: record index + 1, 0 = empty
	mask    uint32
	maxRecs int
	tempDir string
	runs    []string
}

// estBytesPerRecord is the counting memory per distinct n-gram of a block:
// record, radix scratch and up to four hash slots (the table doubles when
// half full).
func estBytesPerRecord(order int) int64 { return int64(8*(order+1) + 16) }

func newEstCounter(order int, memory int64, tempDir string) *estCounter {
	maxRecs := memory / estBytesPerRecord(order)
	if maxRecs < 16 {
		maxRecs = 16
	}
	if maxRecs > 1<<30 {
		maxRecs = 1 << 30
	}
	slots := 1 << 12
	return &estCounter{
		order:   order,
		stride:  order + 1,
		maxRecs: int(maxRecs),
		table:   make([]int32, slots),
		mask:    uint32(slots - 1),
		tempDir: tempDir,
	}
}

// grow doubles the hash table, keeping it at most half full.
func (c *estCounter) grow() {
	c.table = make([]int32, 2*len(c.table))
	c.mask = uint32(len(c.table) - 1)
	for r := 0; r < len(c.recs)/c.stride; r++ {
		i := estHash(c.recs[r*c.stride:r*c.stride+c.order]) & c.mask
		for c.table[i] != 0 {
			i = (i + 1) & c.mask
		}
		c.table[i] = int32(r + 1)
	}
}

func estHash(words []uint32) uint32 {
	h := uint64(0x9E3779B97F4A7C15)
	for _, w := range words {
		h = (h ^ uint64(w)) * 0xff51afd7ed558ccd
	}
	return uint32(h ^ h>>32)
}

// add counts one occurrence of the n-gram gram (len order).
func (c *estCounter) add(gram []uint32) error {
	n := c.order
	i := estHash(gram) & c.mask
	for {
		slot := c.table[i]
		if slot == 0 {
			break
		}
		rec := c.recs[int(slot-1)*c.stride:]
		if estEqual(rec[:n], gram) {
			rec[n]++
			return nil
		}
		i = (i + 1) & c.mask
	}
	c.recs = append(c.recs, gram...)
	c.recs = append(c.recs, 1)
	nrec := len(c.recs) / c.stride
	c.table[i] = int32(nrec)
	if nrec >= c.maxRecs {
		return c.spill()
	}
	if 2*nrec > len(c.table) {
		c.grow()
	}
	return nil
}

func estEqual(a, b []uint32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sortBlock sorts the block's records in lmplz's suffix order (last word
// first) with an LSD radix sort, 16 bits a pass, skipping passes whose digit
// is the same in every record.
func (c *estCounter) sortBlock() {
	n := len(c.recs) / c.stride
	if n == 0 {
		return
	}
	if cap(c.scratch) < len(c.recs) {
		c.scratch = make([]uint32, len(c.recs), cap(c.recs))
	}
	src, dst := c.recs, c.scratch[:len(c.recs)]
	var hist [1 << 16]int
	for w := 0; w < c.order; w++ {
		for shift := uint(0); shift < 32; shift += 16 {
			clear(hist[:])
			for r := 0; r < n; r++ {
				hist[(src[r*c.stride+w]>>shift)&0xffff]++
			}
			if hist[(src[w]>>shift)&0xffff] == n {
				continue
			}
			pos := 0
			for d := range hist {
				cnt := hist[d]
				hist[d] = pos
				pos += cnt
			}
			for r := 0; r < n; r++ {
				rec := src[r*c.stride : (r+1)*c.stride]
				d := (rec[w] >> shift) & 0xffff
				copy(dst[hist[d]*c.stride:], rec)
				hist[d]++
			}
			src, dst = dst, src
		}
	}
	c.recs, c.scratch = src, dst
}

// spill sorts the block and writes it to a new run file.
func (c *estCounter) spill() error {
	c.sortBlock()
	f, err := os.CreateTemp(c.tempDir, "lm-estimate-run-*")
	if err != nil {
		return fmt.Errorf("lm: estimate: spilling counts: %w", err)
	}
	c.runs = append(c.runs, f.Name())
	bw := bufio.NewWriterSize(f, 1<<20)
	var b [4]byte
	for _, v := range c.recs {
		binary.LittleEndian.PutUint32(b[:], v)
		bw.Write(b[:])
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("lm: estimate: writing run %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("lm: estimate: writing run %s: %w", f.Name(), err)
	}
	c.recs = c.recs[:0]
	clear(c.table)
	return nil
}

// removeRuns deletes the run files.
func (c *estCounter) removeRuns() {
	for _, name := range c.runs {
		os.Remove(name)
	}
	c.runs = nil
}

// estRecordSource yields distinct n-grams with counts in suffix order.
type estRecordSource interface {
	// next returns the next record (order words then count) or nil at the
	// end. The slice is valid until the following call.
	next() ([]uint32, error)
}

// sorted finishes counting and returns the merged, combined records. With
// no spill the last block is sorted in memory; otherwise it is spilled too
// and the runs are merged k-way.
func (c *estCounter) sorted() (estRecordSource, error) {
	if len(c.runs) == 0 {
		c.sortBlock()
		c.table = nil
		c.scratch = nil
		return &estMemSource{recs: c.recs, stride: c.stride}, nil
	}
	if len(c.recs) > 0 {
		if err := c.spill(); err != nil {
			return nil, err
		}
	}
	c.recs, c.scratch, c.table = nil, nil, nil
	return newEstMerger(c.runs, c.order)
}

type estMemSource struct {
	recs   []uint32
	stride int
	pos    int
}

func (s *estMemSource) next() ([]uint32, error) {
	if s.pos >= len(s.recs) {
		return nil, nil
	}
	r := s.recs[s.pos : s.pos+s.stride]
	s.pos += s.stride
	return r, nil
}

// estRun reads one sorted run file.
type estRun struct {
	name string
	f    *os.File
	br   *bufio.Reader
	rec  []uint32
	buf  []byte
}

func (r *estRun) advance() (bool, error) {
	if _, err := io.ReadFull(r.br, r.buf); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("lm: estimate: reading run %s: %w", r.name, err)
	}
	for i := range r.rec {
		r.rec[i] = binary.LittleEndian.Uint32(r.buf[4*i:])
	}
	return true, nil
}

// estMerger merges runs in suffix order and sums the counts of equal
// n-grams.
type estMerger struct {
	order int
	h     estRunHeap
	out   []uint32
}

func newEstMerger(names []string, order int) (*estMerger, error) {
	m := &estMerger{order: order, out: make([]uint32, order+1)}
	m.h.order = order
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			m.close()
			return nil, fmt.Errorf("lm: estimate: opening run: %w", err)
		}
		r := &estRun{name: name, f: f, br: bufio.NewReaderSize(f, 256<<10),
			rec: make([]uint32, order+1), buf: make([]byte, 4*(order+1))}
		ok, err := r.advance()
		if err != nil {
			f.Close()
			m.close()
			return nil, err
		}
		if ok {
			m.h.runs = append(m.h.runs, r)
		} else {
			f.Close()
		}
	}
	heap.Init(&m.h)
	return m, nil
}

func (m *estMerger) next() ([]uint32, error) {
	if len(m.h.runs) == 0 {
		return nil, nil
	}
	copy(m.out, m.h.runs[0].rec)
	for {
		if err := m.pop(); err != nil {
			return nil, err
		}
		if len(m.h.runs) == 0 || !estEqual(m.h.runs[0].rec[:m.order], m.out[:m.order]) {
			return m.out, nil
		}
		m.out[m.order] += m.h.runs[0].rec[m.order]
	}
}

// pop advances the smallest run.
func (m *estMerger) pop() error {
	top := m.h.runs[0]
	ok, err := top.advance()
	if err != nil {
		return err
	}
	if ok {
		heap.Fix(&m.h, 0)
		return nil
	}
	top.f.Close()
	heap.Pop(&m.h)
	return nil
}

func (m *estMerger) close() {
	for _, r := range m.h.runs {
		r.f.Close()
	}
	m.h.runs = nil
}

type estRunHeap struct {
	order int
	runs  []*estRun
}

func (h *estRunHeap) Len() int { return len(h.runs) }
func (h *estRunHeap) Less(i, j int) bool {
	return estSuffixLess(h.runs[i].rec[:h.order], h.runs[j].rec[:h.order])
}
func (h *estRunHeap) Swap(i, j int) { h.runs[i], h.runs[j] = h.runs[j], h.runs[i] }
func (h *estRunHeap) Push(x any)    { h.runs = append(h.runs, x.(*estRun)) }
func (h *estRunHeap) Pop() any {
	r := h.runs[len(h.runs)-1]
	h.runs = h.runs[:len(h.runs)-1]
	return r
}

// estSuffixLess is lmplz's SuffixOrder: compare the last words first.
func estSuffixLess(a, b []uint32) bool {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// estCountText reads lmplz-style text (one sentence per line) and counts the
// padded highest-order n-grams. It returns the vocabulary and the number of
// tokens (words, not counting </s>), as lmplz reports them.
//
// As lmplz: each line gets order-1 <s> of left context and ends with </s>;
// an empty or blank line is the sentence "<s> </s>"; a last line without a
// newline has its words counted but gets no </s> (util::FilePiece reports
// EOF before ReadLine returns it).
func estCountText(ctx context.Context, r io.Reader, c *estCounter, skipSymbols bool) (*estVocab, uint64, error) {
	vocab := newEstVocab()
	br := bufio.NewReaderSize(r, 1<<20)
	n := c.order
	gram := make([]uint32, n)
	var tokens uint64
	var long []byte
	lineNo := 0
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			long = append(long[:0], line...)
			for err == bufio.ErrBufferFull {
				line, err = br.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return nil, 0, fmt.Errorf("lm: estimate: reading text line %d: %w", lineNo+1, err)
		}
		if len(line) == 0 && err == io.EOF {
			break
		}
		lineNo++
		if lineNo&0xfff == 0 {
			if cerr := ctx.Err(); cerr != nil {
				return nil, 0, cerr
			}
		}
		newline := line[len(line)-1] == '\n'
		for i := 0; i < n-1; i++ {
			gram[i] = estBOS
		}
		for i := 0; i < len(line); {
			for i < len(line) && estDelims[line[i]] {
				i++
			}
			j := i
			for j < len(line) && !estDelims[line[j]] {
				j++
			}
			if j == i {
				break
			}
			id := vocab.id(line[i:j])
			i = j
			if id <= estEOS {
				if !skipSymbols {
					return nil, 0, fmt.Errorf("line %d: %w", lineNo, ErrSpecialWord)
				}
				continue
			}
			gram[n-1] = id
			if err := c.add(gram); err != nil {
				return nil, 0, err
			}
			copy(gram, gram[1:])
			tokens++
		}
		if newline {
			gram[n-1] = estEOS
			if err := c.add(gram); err != nil {
				return nil, 0, err
			}
		}
		if err == io.EOF {
			break
		}
	}
	return vocab, tokens, nil
}

// estTempDir returns dir, or the system temporary directory when empty.
func estTempDir(dir string) string {
	if dir == "" {
		return os.TempDir()
	}
	return filepath.Clean(dir)
}
