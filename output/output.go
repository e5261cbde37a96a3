package output

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"sort"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/ccnet-go/ccnet/document"
)

// Group is the {lang}_{bucket} part of a document's file name; "all" stands
// for a stage that has not run (cc_net names files so too).
func Group(d *document.Document) string {
	lang, bucket := d.Language, d.Bucket
	if lang == "" {
		lang = "all"
	}
	if bucket == "" {
		bucket = "all"
	}
	return lang + "_" + bucket
}

// Shard picks one of n files of a group by a hash of the document's URL and
// digest, so the choice depends on the document only.
func Shard(d *document.Document, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New64a()
	io.WriteString(h, d.URL)
	h.Write([]byte{0})
	io.WriteString(h, d.Digest)
	return int(h.Sum64() % uint64(n))
}

// Name is an output file's base name without extension: "en_head_0003".
func Name(group string, shard int) string {
	return fmt.Sprintf("%s_%04d", group, shard)
}

// Entry is one document ready to be written: its sort key and its JSON line.
type Entry struct {
	File   string
	Offset int64
	Chars  int64 // code points of raw_content, for the report
	JSON   []byte
}

func less(a, b *Entry) bool {
	if a.File != b.File {
		return a.File < b.File
	}
	return a.Offset < b.Offset
}

// NewEntry encodes d.
func NewEntry(d *document.Document) Entry {
	return Entry{File: d.File, Offset: d.Offset, Chars: int64(utf8.RuneCountInString(d.RawContent)),
		JSON: document.AppendJSON(nil, d)}
}

// Size is the memory an entry holds, for spill budgets.
func (e *Entry) Size() int64 { return int64(len(e.File) + len(e.JSON) + 64) }

// SortEntries sorts a run in output order.
func SortEntries(es []Entry) {
	sort.Slice(es, func(i, j int) bool { return less(&es[i], &es[j]) })
}

// WriteRun writes sorted entries as one run: zstd over records of
// uvarint(len File) File uvarint(Offset) uvarint(Chars) uvarint(len JSON) JSON.
func WriteRun(w io.Writer, es []Entry) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20))
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(zw, 64<<10)
	var tmp [binary.MaxVarintLen64]byte
	putU := func(v uint64) {
		n := binary.PutUvarint(tmp[:], v)
		bw.Write(tmp[:n])
	}
	for i := range es {
		e := &es[i]
		putU(uint64(len(e.File)))
		bw.WriteString(e.File)
		putU(uint64(e.Offset))
		putU(uint64(e.Chars))
		putU(uint64(len(e.JSON)))
		bw.Write(e.JSON)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// RunReader reads a run back, entry by entry.
type RunReader struct {
	zr  *zstd.Decoder
	br  *bufio.Reader
	cur Entry
}

// NewRunReader opens a run written by WriteRun.
func NewRunReader(r io.Reader) (*RunReader, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(8<<20))
	if err != nil {
		return nil, err
	}
	return &RunReader{zr: zr, br: bufio.NewReaderSize(zr, 64<<10)}, nil
}

// Next reads the next entry; io.EOF at the end. The entry's JSON is fresh.
func (r *RunReader) Next() (*Entry, error) {
	n, err := binary.ReadUvarint(r.br)
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, fmt.Errorf("run: %w", err)
	}
	file := make([]byte, n)
	if _, err := io.ReadFull(r.br, file); err != nil {
		return nil, fmt.Errorf("run: %w", noEOF(err))
	}
	off, err := binary.ReadUvarint(r.br)
	if err != nil {
		return nil, fmt.Errorf("run: %w", noEOF(err))
	}
	chars, err := binary.ReadUvarint(r.br)
	if err != nil {
		return nil, fmt.Errorf("run: %w", noEOF(err))
	}
	jn, err := binary.ReadUvarint(r.br)
	if err != nil {
		return nil, fmt.Errorf("run: %w", noEOF(err))
	}
	js := make([]byte, jn)
	if _, err := io.ReadFull(r.br, js); err != nil {
		return nil, fmt.Errorf("run: %w", noEOF(err))
	}
	r.cur = Entry{File: string(file), Offset: int64(off), Chars: int64(chars), JSON: js}
	return &r.cur, nil
}

// Close frees the decoder.
func (r *RunReader) Close() { r.zr.Close() }

func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

type mergeItem struct {
	e   *Entry
	src int
}

type mergeHeap []mergeItem

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if less(h[i].e, h[j].e) {
		return true
	}
	if less(h[j].e, h[i].e) {
		return false
	}
	return h[i].src < h[j].src
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(mergeItem)) }
func (h *mergeHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// Stats is what a merge wrote, per input file.
type Stats struct {
	Docs      map[string]int64 // input file → documents written
	Skipped   map[string]int64 // input file → documents the skip function refused
	Chars     int64
	Documents int64
}

// Merge k-way merges sorted runs into w as gzip JSON lines (cc_net's
// format), at the given gzip level, with a zero gzip header time. Entries
// for which skip (if not nil) says true are left out and counted.
func Merge(runs []*RunReader, w io.Writer, level int, skip func(*Entry) bool) (Stats, error) {
	st := Stats{Docs: map[string]int64{}, Skipped: map[string]int64{}}
	zw, err := gzip.NewWriterLevel(w, level)
	if err != nil {
		return st, err
	}
	bw := bufio.NewWriterSize(zw, 256<<10)
	h := make(mergeHeap, 0, len(runs))
	for i, r := range runs {
		e, err := r.Next()
		if err == io.EOF {
			continue
		}
		if err != nil {
			return st, err
		}
		h = append(h, mergeItem{e: e, src: i})
	}
	heap.Init(&h)
	for len(h) > 0 {
		it := h[0]
		if skip != nil && skip(it.e) {
			st.Skipped[it.e.File]++
		} else {
			bw.Write(it.e.JSON)
			bw.WriteByte('\n')
			st.Docs[it.e.File]++
			st.Chars += it.e.Chars
			st.Documents++
		}
		e, err := runs[it.src].Next()
		switch {
		case err == io.EOF:
			heap.Pop(&h)
		case err != nil:
			return st, err
		default:
			h[0].e = e
			heap.Fix(&h, 0)
		}
	}
	if err := bw.Flush(); err != nil {
		return st, err
	}
	return st, zw.Close()
}
