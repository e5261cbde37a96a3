package lm

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"os"
	"strings"

	"github.com/ccnet-go/ccnet/internal/mmapfile"
)

// qrySignBit is the float32 sign bit. On a stored probability it means "no
// longer n-gram extends this one to the left" (KenLM's independent_left);
// the probability itself is always negative and read with the bit set.
const qrySignBit = 1 << 31

// qryLayout chooses how a hash table maps a key to its ideal bucket.
type qryLayout int

const (
	// layoutOwn: the high word of key*buckets (a multiply, no division).
	layoutOwn qryLayout = iota
	// layoutKenLM: key % buckets, KenLM's util::DivMod.
	layoutKenLM
)

// qryProbingMultiplier is the ratio of buckets to entries, KenLM's default
// (build_binary -p 1.5).
const qryProbingMultiplier float32 = 1.5

// qryBuckets is KenLM's ProbingHashTable::Size in buckets: max(entries+1,
// multiplier*entries), the product in float32 as KenLM computes it.
func qryBuckets(entries uint64, multiplier float32) uint64 {
	return max(entries+1, uint64(multiplier*float32(entries)))
}

// qryTable is a linear-probing hash table of fixed-size entries over bytes
// (heap or mmapped), each entry starting with its little-endian uint64 key;
// key 0 marks an empty bucket, as in KenLM.
type qryTable struct {
	data    []byte
	buckets uint64
	entry   int
	layout  qryLayout
	used    uint64 // entries inserted, while building
}

// newQryTable makes a table for entries entries, or for limit entries if
// that is less (an ARPA header's counts are not trusted beyond what the
// file can hold). KenLM's layout is sized once, as KenLM sizes it; this
// package's grows (reserve) and is resized to fit (fit) when built.
func newQryTable(entries, limit uint64, entrySize int, layout qryLayout) qryTable {
	if layout == layoutOwn {
		entries = min(entries, limit)
	}
	return qryTableOf(qryBuckets(entries, qryProbingMultiplier), entrySize, layout)
}

func qryTableOf(buckets uint64, entrySize int, layout qryLayout) qryTable {
	return qryTable{data: make([]byte, buckets*uint64(entrySize)), buckets: buckets, entry: entrySize, layout: layout}
}

func (t *qryTable) ideal(key uint64) uint64 {
	if t.layout == layoutKenLM {
		return key % t.buckets
	}
	hi, _ := bits.Mul64(key, t.buckets)
	return hi
}

// find returns the byte offset of key's entry. The probe stops at an empty
// bucket, or after every bucket for a (corrupt) table with none.
func (t *qryTable) find(key uint64) (int, bool) {
	if t.buckets == 0 {
		return 0, false
	}
	return t.findFrom(key, t.ideal(key))
}

// first loads the key stored at key's ideal bucket: scoring issues these
// loads for all orders before it walks them, so their cache misses
// overlap instead of following one another.
func (t *qryTable) first(key uint64) (i uint64, stored uint64) {
	if t.buckets == 0 {
		return 0, 0
	}
	i = t.ideal(key)
	return i, binary.LittleEndian.Uint64(t.data[int(i)*t.entry:])
}

// findFrom is find from bucket i on.
func (t *qryTable) findFrom(key, i uint64) (int, bool) {
	for range t.buckets {
		off := int(i) * t.entry
		k := binary.LittleEndian.Uint64(t.data[off:])
		if k == key {
			return off, true
		}
		if k == 0 {
			return 0, false
		}
		if i++; i == t.buckets {
			i = 0
		}
	}
	return 0, false
}

// errTableFull is KenLM's ProbingSizeException.
var errTableFull = errors.New("hash table full: too many n-grams missing from lower orders (pruned)")

// findOrInsert returns key's entry, inserting it (key only, zero values)
// when absent. Like KenLM it keeps one bucket empty.
func (t *qryTable) findOrInsert(key uint64) (off int, found bool, err error) {
	i := t.ideal(key)
	for {
		off := int(i) * t.entry
		k := binary.LittleEndian.Uint64(t.data[off:])
		if k == key {
			return off, true, nil
		}
		if k == 0 {
			if t.used+1 >= t.buckets {
				return 0, false, errTableFull
			}
			t.used++
			binary.LittleEndian.PutUint64(t.data[off:], key)
			return off, false, nil
		}
		if i++; i == t.buckets {
			i = 0
		}
	}
}

// rehash copies every entry of t into a table of the given layout sized
// for its entries as KenLM sizes tables.
func (t *qryTable) rehash(layout qryLayout) (qryTable, error) {
	var n uint64
	for off := 0; off < len(t.data); off += t.entry {
		if binary.LittleEndian.Uint64(t.data[off:]) != 0 {
			n++
		}
	}
	return t.rehashTo(qryBuckets(n, qryProbingMultiplier), layout)
}

// reserve doubles a table of this package's layout that is 80% full, so
// that one more entry finds room quickly.
func (t *qryTable) reserve() error {
	if t.layout != layoutOwn || (t.used+1)*5 <= t.buckets*4 {
		return nil
	}
	nt, err := t.rehashTo(2*t.buckets, layoutOwn)
	if err == nil {
		*t = nt
	}
	return err
}

// fit resizes a table of this package's layout to the size rehash gives.
func (t *qryTable) fit() error {
	if t.layout != layoutOwn || t.buckets == qryBuckets(t.used, qryProbingMultiplier) {
		return nil
	}
	nt, err := t.rehash(layoutOwn)
	if err == nil {
		*t = nt
	}
	return err
}

func (t *qryTable) rehashTo(buckets uint64, layout qryLayout) (qryTable, error) {
	nt := qryTableOf(buckets, t.entry, layout)
	for off := 0; off < len(t.data); off += t.entry {
		key := binary.LittleEndian.Uint64(t.data[off:])
		if key == 0 {
			continue
		}
		to, found, err := nt.findOrInsert(key)
		if err != nil {
			return qryTable{}, err
		}
		if found {
			return qryTable{}, fmt.Errorf("duplicate key %#x", key)
		}
		copy(nt.data[to+8:to+nt.entry], t.data[off+8:off+t.entry])
	}
	return nt, nil
}

func qryLE32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// The binary format, version 1, all integers little-endian:
//
//	0   [8]byte  magic "ccnet-lm"
//	8   uint32   version (1)
//	12  uint32   order N (2..MaxOrder)
//	16  uint32   vocabulary size V, <unk> included (ids 0..V-1; <unk> is 0)
//	20  uint32   id of <s>
//	24  uint32   id of </s>
//	28  uint32   0 (reserved)
//	32  uint64   unigram entries U (>= V)
//	40  uint64   bytes of vocabulary strings W
//	48  uint64   file size
//	56  uint64   n-gram counts per order [N]
//	..  uint64   buckets of the vocabulary table, then of orders 2..N [N]
//
// then, each section starting at a multiple of 8 bytes, zero padded:
//
//	vocabulary  buckets × {uint64 MurmurHash64A(word), uint32 id}
//	unigrams    U × {float32 log10 prob, float32 log10 backoff}, by id
//	orders 2..N-1, each buckets × {uint64 key, float32 prob, float32 backoff}
//	order N     buckets × {uint64 key, float32 prob}
//	strings     W bytes: every word NUL-terminated, in id order
//
// The tables use linear probing, key 0 for an empty bucket, and put key k
// first at bucket ⌊k·buckets/2^64⌋. An n-gram's key folds its word ids
// with KenLM's CombineWordHash from the last word backwards; values carry
// KenLM's sign-bit flags (see qrySignBit, qryHasExtension).
const (
	binMagic      = "ccnet-lm"
	binVersion    = 1
	binHeaderBase = 56
)

func binHeaderSize(order int) int { return binHeaderBase + 16*order }

func qryAlign8(n uint64) uint64 { return (n + 7) &^ 7 }

// WriteBinary writes m in this package's binary format (see Open). Models
// read from ARPA are written as they are; models read from KenLM binaries
// have their tables rebuilt for this format first.
func WriteBinary(w io.Writer, m *Model) error {
	tables := make([]qryTable, 0, m.order)
	tables = append(tables, m.vocab)
	tables = append(tables, m.middle...)
	tables = append(tables, m.longest)
	for i := range tables {
		if tables[i].layout == layoutOwn {
			continue
		}
		t, err := tables[i].rehash(layoutOwn)
		if err != nil {
			return fmt.Errorf("lm: write binary: %w", err)
		}
		tables[i] = t
	}
	hdr := make([]byte, binHeaderSize(m.order))
	copy(hdr, binMagic)
	binary.LittleEndian.PutUint32(hdr[8:], binVersion)
	binary.LittleEndian.PutUint32(hdr[12:], uint32(m.order))
	binary.LittleEndian.PutUint32(hdr[16:], m.bound)
	binary.LittleEndian.PutUint32(hdr[20:], m.bos)
	binary.LittleEndian.PutUint32(hdr[24:], m.eos)
	binary.LittleEndian.PutUint64(hdr[32:], uint64(len(m.unigrams)/8))
	binary.LittleEndian.PutUint64(hdr[40:], uint64(len(m.words)))
	sections := [][]byte{tables[0].data, m.unigrams}
	for _, t := range tables[1:] {
		sections = append(sections, t.data)
	}
	sections = append(sections, m.words)
	size := uint64(len(hdr))
	for _, s := range sections {
		size = qryAlign8(size) + uint64(len(s))
	}
	binary.LittleEndian.PutUint64(hdr[48:], size)
	for i, c := range m.counts {
		binary.LittleEndian.PutUint64(hdr[binHeaderBase+8*i:], c)
	}
	for i, t := range tables {
		binary.LittleEndian.PutUint64(hdr[binHeaderBase+8*m.order+8*i:], t.buckets)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.Write(hdr)
	at := uint64(len(hdr))
	var zero [8]byte
	for _, s := range sections {
		bw.Write(zero[:qryAlign8(at)-at])
		at = qryAlign8(at)
		bw.Write(s)
		at += uint64(len(s))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("lm: write binary: %w", err)
	}
	return nil
}

// WriteBinaryFile converts the model at src (any format Open reads) to this
// package's binary format at dst.
func WriteBinaryFile(dst, src string) error {
	m, err := Open(src)
	if err != nil {
		return err
	}
	defer m.Close()
	f, err := os.Create(dst)
	if err != nil {
		return fmt.Errorf("lm: %w", err)
	}
	if err := WriteBinary(f, m); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("lm: %w", err)
	}
	return nil
}

// qryBinaryError is an error in a binary model file at a byte offset.
func qryBinaryError(name string, offset uint64, format string, args ...any) error {
	return fmt.Errorf("lm: %s: offset %d: %s", name, offset, fmt.Sprintf(format, args...))
}

// parseBinary checks the header of a binary model in data and points the
// model's tables into it; nothing else is read, so it takes microseconds
// whatever the model's size.
func parseBinary(data []byte, name string) (*Model, error) {
	if len(data) < binHeaderBase || string(data[:8]) != binMagic {
		return nil, qryBinaryError(name, 0, "not a ccnet binary model")
	}
	if v := qryLE32(data[8:]); v != binVersion {
		return nil, qryBinaryError(name, 8, "binary format version %d, this reader knows version %d", v, binVersion)
	}
	order := int(qryLE32(data[12:]))
	if order < 2 || order > MaxOrder {
		return nil, qryBinaryError(name, 12, "order %d outside 2..%d", order, MaxOrder)
	}
	if len(data) < binHeaderSize(order) {
		return nil, qryBinaryError(name, 0, "truncated header")
	}
	le64 := func(off int) uint64 { return binary.LittleEndian.Uint64(data[off:]) }
	m := &Model{format: FormatBinary, order: order, bound: qryLE32(data[16:]), bos: qryLE32(data[20:]), eos: qryLE32(data[24:])}
	nUni, nWords, size := le64(32), le64(40), le64(48)
	if size != uint64(len(data)) {
		return nil, qryBinaryError(name, 48, "header says %d bytes, file has %d (truncated?)", size, len(data))
	}
	if m.bound == 0 || uint64(m.bound) > nUni || m.bos >= m.bound || m.eos >= m.bound {
		return nil, qryBinaryError(name, 16, "vocabulary size %d, unigrams %d, <s> %d, </s> %d inconsistent", m.bound, nUni, m.bos, m.eos)
	}
	for i := range order {
		m.counts = append(m.counts, le64(binHeaderBase+8*i))
	}
	at := uint64(binHeaderSize(order))
	section := func(n, entry uint64, field int) ([]byte, error) {
		at = qryAlign8(at)
		if n > size/max(entry, 1) || n*entry > size-min(at, size) {
			return nil, qryBinaryError(name, uint64(field), "section of %d×%d bytes at %d runs past the end of the file", n, entry, at)
		}
		s := data[at : at+n*entry : at+n*entry]
		at += n * entry
		return s, nil
	}
	table := func(i int, entry int) (qryTable, error) {
		field := binHeaderBase + 8*order + 8*i
		b := le64(field)
		if b == 0 {
			return qryTable{}, qryBinaryError(name, uint64(field), "hash table with no bucket")
		}
		s, err := section(b, uint64(entry), field)
		return qryTable{data: s, buckets: b, entry: entry, layout: layoutOwn}, err
	}
	var err error
	if m.vocab, err = table(0, 12); err != nil {
		return nil, err
	}
	if m.unigrams, err = section(nUni, 8, 32); err != nil {
		return nil, err
	}
	for i := 1; i < order-1; i++ {
		t, err := table(i, 16)
		if err != nil {
			return nil, err
		}
		m.middle = append(m.middle, t)
	}
	if m.longest, err = table(order-1, 12); err != nil {
		return nil, err
	}
	if m.words, err = section(nWords, 1, 40); err != nil {
		return nil, err
	}
	if at != size {
		return nil, qryBinaryError(name, at, "%d bytes after the last section", size-at)
	}
	return m, nil
}

// openMapped maps f and hands the bytes to parse; the mapping is released
// by Model.Close, or at once when parse fails.
func openMapped(f *os.File, name string, parse func([]byte, string) (*Model, error)) (*Model, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("lm: %w", err)
	}
	if fi.Size() > math.MaxInt || fi.Size() == 0 {
		return nil, qryBinaryError(name, 0, "bad file size %d", fi.Size())
	}
	data, unmap, err := mmapfile.Map(f, int(fi.Size()))
	if err != nil {
		return nil, fmt.Errorf("lm: %s: map: %w", name, err)
	}
	m, err := parse(data, name)
	if err != nil {
		unmap()
		return nil, err
	}
	m.closer = unmap
	return m, nil
}

// Vocabulary returns the model's words in id order (index 0 is "<unk>"),
// or nil when the file stores no strings.
func (m *Model) Vocabulary() []string {
	if len(m.words) == 0 {
		return nil
	}
	ws := strings.Split(strings.TrimSuffix(string(m.words), "\x00"), "\x00")
	return ws
}
