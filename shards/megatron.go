package shards

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// megatronMagic opens every .idx file (_INDEX_HEADER in Megatron-LM).
const megatronMagic = "MMIDIDX\x00\x00"

// megatronVersion is the only .idx version Megatron writes and reads.
const megatronVersion = 1

// megatronHeader is the size of the fixed .idx header: magic (9), version
// (uint64), dtype code (uint8), sequence count (uint64), document count
// (uint64). The arrays follow unaligned.
const megatronHeader = 9 + 8 + 1 + 8 + 8

// Megatron file names: a dataset is PREFIX.bin and PREFIX.idx.
const (
	binExt = ".bin"
	idxExt = ".idx"
)

// chunkTokens is how many tokens a writer encodes per write call.
const chunkTokens = 32 << 10

// MegatronWriter streams one Megatron indexed dataset in document mode:
// each document is one sequence. The .bin is written as documents arrive;
// the .idx, whose arrays grow with the number of documents only (12 bytes
// each), is written by Close. Both go to PREFIX.{bin,idx}.tmp and are
// renamed into place by Close, the .bin first, so a .idx at its final path
// means the pair is whole.
type MegatronWriter struct {
	prefix  string
	dtype   DType
	bin     *tmpFile
	lengths []int32
	docs    []int64 // document_indices, starting with 0
	tokens  int64
	scratch []byte
	err     error
	closed  bool
}

// CreateMegatron starts the dataset PREFIX.bin / PREFIX.idx with tokens of
// type dtype, an integer type (OptimalDType gives Megatron's choice).
func CreateMegatron(prefix string, dtype DType) (*MegatronWriter, error) {
	if !dtype.Integer() {
		return nil, fmt.Errorf("shards: CreateMegatron %s: dtype %v cannot hold token ids", prefix, dtype)
	}
	bin, err := createTmp(prefix + binExt)
	if err != nil {
		return nil, err
	}
	return &MegatronWriter{prefix: prefix, dtype: dtype, bin: bin, docs: []int64{0}}, nil
}

// Add appends one document as one sequence (Megatron's add_item followed
// by end_document). A token the dtype cannot hold is an error and leaves
// the dataset as it was.
func (w *MegatronWriter) Add(tokens []uint32) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return fmt.Errorf("shards: %s: Add after Close", w.prefix)
	}
	if i := checkTokens(w.dtype, tokens); i >= 0 {
		return fmt.Errorf("shards: %s: document %d: token %d = %d does not fit %v",
			w.prefix, len(w.lengths), i, tokens[i], w.dtype)
	}
	if len(tokens) > math.MaxInt32 {
		return fmt.Errorf("shards: %s: document %d: %d tokens: over the int32 length field",
			w.prefix, len(w.lengths), len(tokens))
	}
	for rest := tokens; len(rest) > 0; {
		n := min(len(rest), chunkTokens)
		w.scratch = appendTokens(w.scratch[:0], w.dtype, rest[:n])
		if _, err := w.bin.w.Write(w.scratch); err != nil {
			w.err = err
			return err
		}
		rest = rest[n:]
	}
	w.lengths = append(w.lengths, int32(len(tokens)))
	w.docs = append(w.docs, int64(len(w.lengths)))
	w.tokens += int64(len(tokens))
	return nil
}

// Append adds every sequence and document of r, which must have the same
// dtype and no sequence modes, after those already written: Megatron's
// IndexedDatasetBuilder.add_index. The .bin bytes are copied as they are.
func (w *MegatronWriter) Append(r *MegatronReader) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return fmt.Errorf("shards: %s: Append after Close", w.prefix)
	}
	if r.dtype != w.dtype {
		return fmt.Errorf("shards: %s: Append %s: dtype %v, want %v", w.prefix, r.idxPath, r.dtype, w.dtype)
	}
	if r.modes >= 0 {
		return fmt.Errorf("shards: %s: Append %s: sequence modes (multimodal) are not supported", w.prefix, r.idxPath)
	}
	if _, err := w.bin.w.Write(r.bin); err != nil {
		w.err = err
		return err
	}
	base := int64(len(w.lengths))
	for i := range r.seqs {
		w.lengths = append(w.lengths, int32(r.SequenceLength(i)))
	}
	for d := 1; d <= r.Documents(); d++ {
		w.docs = append(w.docs, base+int64(r.DocumentIndex(d)))
	}
	w.tokens += r.tokens
	return nil
}

// Documents is the number of documents added so far.
func (w *MegatronWriter) Documents() int { return len(w.docs) - 1 }

// Tokens is the number of tokens added so far.
func (w *MegatronWriter) Tokens() int64 { return w.tokens }

// Close finishes the .bin, writes the .idx and renames both into place.
// After a write error it removes the temporary files and returns the error.
func (w *MegatronWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		w.bin.abort()
		return w.err
	}
	idx, err := createTmp(w.prefix + idxExt)
	if err != nil {
		w.bin.abort()
		w.err = err
		return err
	}
	if err := w.writeIndex(idx); err != nil {
		idx.abort()
		w.bin.abort()
		w.err = err
		return err
	}
	if err := w.bin.finish(); err != nil {
		idx.abort()
		w.err = err
		return err
	}
	if err := idx.finish(); err != nil {
		w.err = err
	}
	return w.err
}

// Abort stops the writer and removes its temporary files.
func (w *MegatronWriter) Abort() {
	if !w.closed {
		w.closed = true
		w.err = errors.New("shards: writer aborted")
		w.bin.abort()
	}
}

// writeIndex writes the .idx as Megatron's _IndexWriter does: header,
// int32 sequence lengths, int64 byte pointers (running sums of
// length × item size), int64 document indices.
func (w *MegatronWriter) writeIndex(idx *tmpFile) error {
	b := make([]byte, 0, megatronHeader)
	b = append(b, megatronMagic...)
	b = binary.LittleEndian.AppendUint64(b, megatronVersion)
	b = append(b, byte(w.dtype))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(w.lengths)))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(w.docs)))
	if _, err := idx.w.Write(b); err != nil {
		return err
	}
	var buf [8]byte
	for _, n := range w.lengths {
		binary.LittleEndian.PutUint32(buf[:4], uint32(n))
		if _, err := idx.w.Write(buf[:4]); err != nil {
			return err
		}
	}
	size := int64(w.dtype.Size())
	var ptr int64
	for _, n := range w.lengths {
		binary.LittleEndian.PutUint64(buf[:], uint64(ptr))
		if _, err := idx.w.Write(buf[:]); err != nil {
			return err
		}
		ptr += int64(n) * size
	}
	for _, d := range w.docs {
		binary.LittleEndian.PutUint64(buf[:], uint64(d))
		if _, err := idx.w.Write(buf[:]); err != nil {
			return err
		}
	}
	return nil
}

// MergeMegatron writes the dataset dst as the concatenation, in the order
// given, of the datasets parts (prefixes): the same files as writing every
// part's documents into one writer. Parallel workers write parts; merging
// them in a fixed order keeps the output deterministic.
func MergeMegatron(dst string, dtype DType, parts ...string) error {
	w, err := CreateMegatron(dst, dtype)
	if err != nil {
		return err
	}
	for _, p := range parts {
		r, err := OpenMegatron(p)
		if err != nil {
			w.Abort()
			return err
		}
		err = w.Append(r)
		r.Close()
		if err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

// MegatronReader reads a Megatron indexed dataset through read-only
// mappings of its two files. OpenMegatron validates the whole index, so
// the accessors do not fail on its fields.
type MegatronReader struct {
	idxPath, binPath string
	idx, bin         []byte
	unmapIdx         func() error
	unmapBin         func() error
	dtype            DType
	seqs             int
	docCount         int   // entries of document_indices (documents + 1)
	lengthsOff       int   // offsets of the arrays in idx
	pointersOff      int   //
	docsOff          int   //
	modes            int   // offset of sequence_modes, or -1 when absent
	tokens           int64 // sum of the sequence lengths
}

// OpenMegatron opens PREFIX.idx and PREFIX.bin and checks them: magic,
// version 1, a known integer dtype code, array sizes against the file size
// (after document_indices only nothing, or exactly one int8 mode per
// sequence), non-negative lengths, pointers contiguous from 0 (each the
// previous plus its length × item size, as every Megatron builder writes
// them), a .bin exactly as long as the sequences, and document indices that
// start at 0, never decrease and end at the sequence count.
func OpenMegatron(prefix string) (*MegatronReader, error) {
	idx, unmapIdx, err := mapPath(prefix + idxExt)
	if err != nil {
		return nil, err
	}
	bin, unmapBin, err := mapPath(prefix + binExt)
	if err != nil {
		unmapIdx()
		return nil, err
	}
	r, err := parseMegatron(prefix+idxExt, prefix+binExt, idx, bin)
	if err != nil {
		unmapIdx()
		unmapBin()
		return nil, err
	}
	r.unmapIdx, r.unmapBin = unmapIdx, unmapBin
	return r, nil
}

// parseMegatron validates the contents of an .idx and a .bin (see
// OpenMegatron) and returns a reader over them without unmap functions.
func parseMegatron(idxPath, binPath string, idx, bin []byte) (*MegatronReader, error) {
	r := &MegatronReader{idxPath: idxPath, binPath: binPath, idx: idx, bin: bin, modes: -1}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *MegatronReader) validate() error {
	idx, name := r.idx, r.idxPath
	if len(idx) < megatronHeader {
		return formatErr(name, int64(len(idx)), "header", "file is %d bytes, shorter than the %d-byte header", len(idx), megatronHeader)
	}
	if string(idx[:9]) != megatronMagic {
		return formatErr(name, 0, "magic", "%q, want %q", idx[:9], megatronMagic)
	}
	if v := binary.LittleEndian.Uint64(idx[9:]); v != megatronVersion {
		return formatErr(name, 9, "version", "%d, want %d", v, megatronVersion)
	}
	r.dtype = DType(idx[17])
	if !r.dtype.Valid() {
		return formatErr(name, 17, "dtype", "unknown code %d", idx[17])
	}
	if !r.dtype.Integer() {
		return formatErr(name, 17, "dtype", "code %d (%v) cannot hold token ids", idx[17], r.dtype)
	}
	rest := uint64(len(idx) - megatronHeader)
	s := binary.LittleEndian.Uint64(idx[18:])
	if s > rest/12 {
		return formatErr(name, 18, "sequence count", "%d sequences need %d+ bytes, file has %d after the header", s, s*12, rest)
	}
	d := binary.LittleEndian.Uint64(idx[26:])
	if d > (rest-12*s)/8 {
		return formatErr(name, 26, "document count", "%d document indices do not fit the %d bytes after the sequence arrays", d, rest-12*s)
	}
	if d == 0 {
		return formatErr(name, 26, "document count", "0: document_indices must hold at least the leading 0")
	}
	r.seqs, r.docCount = int(s), int(d)
	r.lengthsOff = megatronHeader
	r.pointersOff = r.lengthsOff + 4*r.seqs
	r.docsOff = r.pointersOff + 8*r.seqs
	end := r.docsOff + 8*r.docCount
	switch extra := len(idx) - end; {
	case extra == 0:
	case extra == r.seqs:
		r.modes = end
	default:
		return formatErr(name, int64(end), "sequence modes", "%d trailing bytes, want 0 or one per sequence (%d)", extra, r.seqs)
	}
	size := int64(r.dtype.Size())
	var ptr int64
	for i := range r.seqs {
		off := r.lengthsOff + 4*i
		n := int32(binary.LittleEndian.Uint32(idx[off:]))
		if n < 0 {
			return formatErr(name, int64(off), "sequence length", "sequence %d: %d", i, n)
		}
		poff := r.pointersOff + 8*i
		if p := int64(binary.LittleEndian.Uint64(idx[poff:])); p != ptr {
			return formatErr(name, int64(poff), "sequence pointer", "sequence %d: %d, want %d (previous pointer + length × %d)", i, p, ptr, size)
		}
		ptr += int64(n) * size
		r.tokens += int64(n)
	}
	if int64(len(r.bin)) != ptr {
		return formatErr(r.binPath, int64(len(r.bin)), "size", "%d bytes, the index describes %d", len(r.bin), ptr)
	}
	var prev int64
	for i := range r.docCount {
		off := r.docsOff + 8*i
		v := int64(binary.LittleEndian.Uint64(idx[off:]))
		switch {
		case i == 0 && v != 0:
			return formatErr(name, int64(off), "document index", "entry 0: %d, want 0", v)
		case v < prev || v > int64(r.seqs):
			return formatErr(name, int64(off), "document index", "entry %d: %d, not in [%d, %d]", i, v, prev, r.seqs)
		}
		prev = v
	}
	if prev != int64(r.seqs) {
		return formatErr(name, int64(r.docsOff+8*(r.docCount-1)), "document index", "last entry %d, want the sequence count %d", prev, r.seqs)
	}
	return nil
}

// Close releases the mappings; slices returned before stay valid (they
// are copies).
func (r *MegatronReader) Close() error {
	err := r.unmapIdx()
	if e := r.unmapBin(); err == nil {
		err = e
	}
	return err
}

// DType is the element type of the .bin.
func (r *MegatronReader) DType() DType { return r.dtype }

// Sequences is the sequence count (one per document in document mode).
func (r *MegatronReader) Sequences() int { return r.seqs }

// Documents is the number of documents: document_indices has one more
// entry.
func (r *MegatronReader) Documents() int { return r.docCount - 1 }

// Tokens is the number of tokens in the .bin.
func (r *MegatronReader) Tokens() int64 { return r.tokens }

// HasModes reports whether the index carries a sequence_modes array
// (multimodal datasets).
func (r *MegatronReader) HasModes() bool { return r.modes >= 0 }

// SequenceLength is the token count of sequence i.
func (r *MegatronReader) SequenceLength(i int) int {
	return int(int32(binary.LittleEndian.Uint32(r.idx[r.lengthsOff+4*i:])))
}

// SequencePointer is the byte offset of sequence i in the .bin.
func (r *MegatronReader) SequencePointer(i int) int64 {
	return int64(binary.LittleEndian.Uint64(r.idx[r.pointersOff+8*i:]))
}

// DocumentIndex is entry i of document_indices, 0 <= i <= Documents():
// document d is the sequences [DocumentIndex(d), DocumentIndex(d+1)).
func (r *MegatronReader) DocumentIndex(i int) int {
	return int(binary.LittleEndian.Uint64(r.idx[r.docsOff+8*i:]))
}

// Mode is sequence i's mode; HasModes must be true.
func (r *MegatronReader) Mode(i int) int8 { return int8(r.idx[r.modes+i]) }

// AppendSequence appends the tokens of sequence i to dst. A value that is
// not a token id (negative in a signed dtype) is a *FormatError naming its
// offset in the .bin.
func (r *MegatronReader) AppendSequence(dst []uint32, i int) ([]uint32, error) {
	p := r.SequencePointer(i)
	size := r.dtype.Size()
	raw := r.bin[p : p+int64(r.SequenceLength(i)*size)]
	out, bad := decodeTokens(dst, r.dtype, raw)
	if bad >= 0 {
		return out, formatErr(r.binPath, p+int64(bad*size), "token", "sequence %d: not a token id in %v", i, r.dtype)
	}
	return out, nil
}

// AppendDocument appends the tokens of document d, all its sequences in
// order, to dst.
func (r *MegatronReader) AppendDocument(dst []uint32, d int) ([]uint32, error) {
	var err error
	for i := r.DocumentIndex(d); i < r.DocumentIndex(d+1) && err == nil; i++ {
		dst, err = r.AppendSequence(dst, i)
	}
	return dst, err
}
