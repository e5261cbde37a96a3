package shards

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
)

// llm.c token shards (karpathy/llm.c dev/data/data_common.py write_datafile,
// llmc/dataloader.h): a header of 256 little-endian int32 (1,024 bytes),
// zero but for magic, version and token count, then the tokens.
const (
	// LLMCMagic16 and LLMCVersion16 mark uint16 tokens (llm.c's "gpt-2").
	LLMCMagic16   = 20240520
	LLMCVersion16 = 1
	// LLMCMagic32 and LLMCVersion32 mark uint32 tokens (llm.c's "llama-3").
	LLMCMagic32   = 20240801
	LLMCVersion32 = 7
	// LLMCHeaderSize is the header size in bytes.
	LLMCHeaderSize = 256 * 4
	// LLMCMaxTokens is the most tokens a shard holds: the count is an
	// int32 (write_datafile asserts len(toks) < 2**31).
	LLMCMaxTokens = math.MaxInt32
)

// ErrEmpty is returned by LLMCWriter.Close for a shard without tokens:
// llm.c's loader asserts ntok > 0, so no file is written.
var ErrEmpty = errors.New("shards: llm.c shard has no tokens")

// LLMCTokenSize is the token width for a vocabulary of vocab ids: 2 bytes
// when every id fits uint16, else 4.
func LLMCTokenSize(vocab int) int {
	if vocab <= math.MaxUint16+1 {
		return 2
	}
	return 4
}

// LLMCWriter streams one llm.c shard: a zero header, the tokens, then, at
// Close, the header with the token count. It writes PATH.tmp and renames
// it to PATH on Close.
type LLMCWriter struct {
	file      *tmpFile
	tokenSize int
	tokens    int64
	scratch   []byte
	err       error
	closed    bool
}

// CreateLLMC starts the shard at path with tokens of tokenSize bytes (2 or
// 4, see LLMCTokenSize).
func CreateLLMC(path string, tokenSize int) (*LLMCWriter, error) {
	if tokenSize != 2 && tokenSize != 4 {
		return nil, fmt.Errorf("shards: CreateLLMC %s: token size %d, want 2 or 4", path, tokenSize)
	}
	f, err := createTmp(path)
	if err != nil {
		return nil, err
	}
	w := &LLMCWriter{file: f, tokenSize: tokenSize}
	if _, err := f.w.Write(make([]byte, LLMCHeaderSize)); err != nil {
		f.abort()
		return nil, err
	}
	return w, nil
}

// Add appends tokens. A token wider than the token size, or a shard past
// LLMCMaxTokens, is an error and leaves the shard as it was.
func (w *LLMCWriter) Add(tokens []uint32) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return fmt.Errorf("shards: %s: Add after Close", w.file.path)
	}
	if w.tokenSize == 2 {
		if i := checkTokens(Uint16, tokens); i >= 0 {
			return fmt.Errorf("shards: %s: token %d = %d does not fit uint16", w.file.path, w.tokens+int64(i), tokens[i])
		}
	}
	if w.tokens+int64(len(tokens)) > LLMCMaxTokens {
		return fmt.Errorf("shards: %s: %d tokens: over llm.c's limit of %d", w.file.path, w.tokens+int64(len(tokens)), LLMCMaxTokens)
	}
	for rest := tokens; len(rest) > 0; {
		n := min(len(rest), chunkTokens)
		w.scratch = appendLLMC(w.scratch[:0], w.tokenSize, rest[:n])
		if _, err := w.file.w.Write(w.scratch); err != nil {
			w.err = err
			return err
		}
		rest = rest[n:]
	}
	w.tokens += int64(len(tokens))
	return nil
}

// Tokens is the number of tokens added so far.
func (w *LLMCWriter) Tokens() int64 { return w.tokens }

// Close writes the header and renames the shard into place. A shard
// without tokens is removed and Close returns ErrEmpty.
func (w *LLMCWriter) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err == nil && w.tokens == 0 {
		w.err = fmt.Errorf("%w: %s", ErrEmpty, w.file.path)
	}
	if w.err != nil {
		w.file.abort()
		return w.err
	}
	if err := w.file.w.Flush(); err != nil {
		w.file.abort()
		w.err = err
		return err
	}
	if _, err := w.file.f.WriteAt(llmcHeader(w.tokenSize, w.tokens), 0); err != nil {
		w.file.abort()
		w.err = err
		return err
	}
	w.err = w.file.finish()
	return w.err
}

// Abort stops the writer and removes its temporary file.
func (w *LLMCWriter) Abort() {
	if !w.closed {
		w.closed = true
		w.err = errors.New("shards: writer aborted")
		w.file.abort()
	}
}

// appendLLMC appends tokens as little-endian uint16 (size 2, each id
// checked to fit) or uint32.
func appendLLMC(dst []byte, size int, tokens []uint32) []byte {
	if size == 2 {
		return appendTokens(dst, Uint16, tokens)
	}
	for _, t := range tokens {
		dst = binary.LittleEndian.AppendUint32(dst, t)
	}
	return dst
}

// llmcHeader is the 1,024-byte header of a shard of ntok tokens.
func llmcHeader(tokenSize int, ntok int64) []byte {
	h := make([]byte, LLMCHeaderSize)
	magic, version := uint32(LLMCMagic16), uint32(LLMCVersion16)
	if tokenSize == 4 {
		magic, version = LLMCMagic32, LLMCVersion32
	}
	binary.LittleEndian.PutUint32(h[0:], magic)
	binary.LittleEndian.PutUint32(h[4:], version)
	binary.LittleEndian.PutUint32(h[8:], uint32(ntok))
	return h
}

// MergeLLMC writes the shard dst as the concatenation, in the order given,
// of the tokens of the shards parts, which must have one token size.
func MergeLLMC(dst string, parts ...string) error {
	if len(parts) == 0 {
		return fmt.Errorf("shards: MergeLLMC %s: no parts", dst)
	}
	var w *LLMCWriter
	for _, p := range parts {
		r, err := OpenLLMC(p)
		if err != nil {
			if w != nil {
				w.Abort()
			}
			return err
		}
		if w == nil {
			if w, err = CreateLLMC(dst, r.tokenSize); err != nil {
				r.Close()
				return err
			}
		}
		err = w.appendShard(r)
		r.Close()
		if err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

// appendShard copies the token bytes of r.
func (w *LLMCWriter) appendShard(r *LLMCReader) error {
	if r.tokenSize != w.tokenSize {
		return fmt.Errorf("shards: %s: append %s: token size %d, want %d", w.file.path, r.path, r.tokenSize, w.tokenSize)
	}
	if w.tokens+int64(r.ntok) > LLMCMaxTokens {
		return fmt.Errorf("shards: %s: append %s: over llm.c's limit of %d tokens", w.file.path, r.path, LLMCMaxTokens)
	}
	if _, err := w.file.w.Write(r.data[LLMCHeaderSize:]); err != nil {
		w.err = err
		return err
	}
	w.tokens += int64(r.ntok)
	return nil
}

// LLMCReader reads an llm.c shard through a read-only mapping.
type LLMCReader struct {
	path      string
	data      []byte
	unmap     func() error
	magic     int32
	version   int32
	tokenSize int
	ntok      int
}

// OpenLLMC opens the shard at path and checks it as llm.c's loader does:
// magic 20240520 with version 1 (uint16 tokens) or 20240801 with version 7
// (uint32 tokens), a token count above 0, and a file of exactly 1,024 +
// count × token size bytes. Like llm.c it ignores header words 3..255.
func OpenLLMC(path string) (*LLMCReader, error) {
	data, unmap, err := mapPath(path)
	if err != nil {
		return nil, err
	}
	r, err := parseLLMC(path, data)
	if err != nil {
		unmap()
		return nil, err
	}
	r.unmap = unmap
	return r, nil
}

// parseLLMC validates the contents of a shard (see OpenLLMC) and returns a
// reader over them without an unmap function.
func parseLLMC(path string, data []byte) (*LLMCReader, error) {
	r := &LLMCReader{path: path, data: data}
	if err := r.validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *LLMCReader) validate() error {
	if len(r.data) < LLMCHeaderSize {
		return formatErr(r.path, int64(len(r.data)), "header", "file is %d bytes, shorter than the %d-byte header", len(r.data), LLMCHeaderSize)
	}
	r.magic = int32(binary.LittleEndian.Uint32(r.data))
	r.version = int32(binary.LittleEndian.Uint32(r.data[4:]))
	switch r.magic {
	case LLMCMagic16:
		r.tokenSize = 2
		if r.version != LLMCVersion16 {
			return formatErr(r.path, 4, "version", "%d, want %d for magic %d", r.version, LLMCVersion16, r.magic)
		}
	case LLMCMagic32:
		r.tokenSize = 4
		if r.version != LLMCVersion32 {
			return formatErr(r.path, 4, "version", "%d, want %d for magic %d", r.version, LLMCVersion32, r.magic)
		}
	default:
		return formatErr(r.path, 0, "magic", "%d, want %d or %d", r.magic, LLMCMagic16, LLMCMagic32)
	}
	n := int32(binary.LittleEndian.Uint32(r.data[8:]))
	if n <= 0 {
		return formatErr(r.path, 8, "token count", "%d, want > 0", n)
	}
	r.ntok = int(n)
	if want := int64(LLMCHeaderSize) + int64(n)*int64(r.tokenSize); int64(len(r.data)) != want {
		return formatErr(r.path, int64(len(r.data)), "size", "%d bytes, want %d for %d tokens of %d bytes", len(r.data), want, n, r.tokenSize)
	}
	return nil
}

// Close releases the mapping.
func (r *LLMCReader) Close() error { return r.unmap() }

// Magic is header word 0.
func (r *LLMCReader) Magic() int32 { return r.magic }

// Version is header word 1.
func (r *LLMCReader) Version() int32 { return r.version }

// TokenSize is 2 (uint16) or 4 (uint32).
func (r *LLMCReader) TokenSize() int { return r.tokenSize }

// Tokens is the token count (header word 2).
func (r *LLMCReader) Tokens() int { return r.ntok }

// Token is token i.
func (r *LLMCReader) Token(i int) uint32 {
	off := LLMCHeaderSize + i*r.tokenSize
	if r.tokenSize == 2 {
		return uint32(binary.LittleEndian.Uint16(r.data[off:]))
	}
	return binary.LittleEndian.Uint32(r.data[off:])
}

// AppendTokens appends tokens [start, end) to dst; it panics when the range
// is outside [0, Tokens()], as slicing would.
func (r *LLMCReader) AppendTokens(dst []uint32, start, end int) []uint32 {
	raw := r.data[LLMCHeaderSize+start*r.tokenSize : LLMCHeaderSize+end*r.tokenSize]
	if r.tokenSize == 2 {
		dst, _ = decodeTokens(dst, Uint16, raw)
		return dst
	}
	n := len(dst)
	dst = slices.Grow(dst, len(raw)/4)[:n+len(raw)/4]
	for i := range dst[n:] {
		dst[n+i] = binary.LittleEndian.Uint32(raw[4*i:])
	}
	return dst
}

// Documents splits the token stream into documents by f (see
// Framing.Boundary): llm.c shards carry no index. Each yielded slice is
// reused by the next iteration.
func (r *LLMCReader) Documents(f Framing) iter.Seq[[]uint32] {
	return func(yield func([]uint32) bool) {
		var doc []uint32
		start := 0
		for i := range r.ntok {
			if i > start && f.Boundary(r.Token(i-1), r.Token(i)) {
				doc = r.AppendTokens(doc[:0], start, i)
				if !yield(doc) {
					return
				}
				start = i
			}
		}
		if start < r.ntok {
			yield(r.AppendTokens(doc[:0], start, r.ntok))
		}
	}
}
