package shards

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/bits"
	"os"
	"path/filepath"

	"github.com/ccnet-go/ccnet/internal/fmix"
)

// Split is the train / validation side of a document.
type Split uint8

const (
	Train Split = iota
	Valid
)

func (s Split) String() string {
	if s == Valid {
		return "valid"
	}
	return "train"
}

// Format is a set of output formats.
type Format uint8

const (
	Megatron Format = 1 << iota // .bin + .idx under megatron/{lang}/
	LLMC                        // .bin under llmc/{lang}/
)

func (f Format) String() string {
	switch f {
	case Megatron:
		return "megatron"
	case LLMC:
		return "llmc"
	case Megatron | LLMC:
		return "megatron+llmc"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// Config says what a shard set writes.
type Config struct {
	// Formats written: Megatron, LLMC or both.
	Formats Format
	// Vocab is the tokenizer's vocabulary size. It picks the token types:
	// Megatron's OptimalDType (uint16 below 65,500, else int32) and llm.c's
	// LLMCTokenSize (uint16 up to 65,536 ids, else uint32).
	Vocab int
	// Framing surrounds every document (LlamaFraming: BOS + tokens + EOS).
	Framing Framing
	// ValidFraction of documents, chosen by URL hash, go to the validation
	// split. Default 0.01: llm.c's FineWeb-10B data keeps its first 1e8 of
	// about 1e10 tokens for validation.
	ValidFraction float64
	// MaxShardTokens ends a shard before a document that would take it past
	// this many tokens (a longer single document gets a shard of its own).
	// Default 1e8, llm.c's FineWeb shard size; at most LLMCMaxTokens.
	MaxShardTokens int64
}

// Defaults for Config.
const (
	DefaultValidFraction  = 0.01
	DefaultMaxShardTokens = 100_000_000
)

// DefaultConfig is both formats, LLaMA framing, the default validation
// fraction and shard size, for a tokenizer of vocab ids.
func DefaultConfig(vocab int) Config {
	return Config{
		Formats:        Megatron | LLMC,
		Vocab:          vocab,
		Framing:        LlamaFraming(),
		ValidFraction:  DefaultValidFraction,
		MaxShardTokens: DefaultMaxShardTokens,
	}
}

func (c Config) validate() error {
	switch {
	case c.Formats == 0 || c.Formats&^(Megatron|LLMC) != 0:
		return fmt.Errorf("shards: formats %v: want Megatron, LLMC or both", c.Formats)
	case c.Vocab <= 0 || int64(c.Vocab) > 1<<31:
		return fmt.Errorf("shards: vocabulary size %d: want 1..2^31 (Megatron's int32)", c.Vocab)
	case c.Framing.BOS >= c.Vocab || c.Framing.EOS >= c.Vocab:
		return fmt.Errorf("shards: framing %+v: ids outside the vocabulary of %d", c.Framing, c.Vocab)
	case !(c.ValidFraction >= 0 && c.ValidFraction <= 1):
		return fmt.Errorf("shards: valid fraction %v: want 0..1", c.ValidFraction)
	case c.MaxShardTokens <= 0 || c.MaxShardTokens > LLMCMaxTokens:
		return fmt.Errorf("shards: max shard tokens %d: want 1..%d", c.MaxShardTokens, LLMCMaxTokens)
	}
	return nil
}

// urlHash is FNV-1a 64 of the URL through murmur3's fmix64 finalizer: FNV
// alone mixes its low bits poorly (its lowest bit is the parity of the
// bytes' lowest bits).
func urlHash(url string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(url))
	return fmix64(h.Sum64())
}

var fmix64 = fmix.Fmix64

// SplitOf assigns a document to Valid when the top 53 bits of its URL hash,
// read as a fraction of 2^53, are below validFraction; else to Train. It
// depends on nothing but the URL, so any worker decides it alone.
func SplitOf(url string, validFraction float64) Split {
	if float64(urlHash(url)>>11) < validFraction*(1<<53) {
		return Valid
	}
	return Train
}

// ShardOf spreads documents over n shards by a second hash of the URL
// (independent of SplitOf's): a way to route documents to n fixed shards
// before writing each, in sorted order, with a ShardWriter.
func ShardOf(url string, n int) int {
	hi, _ := bits.Mul64(fmix64(urlHash(url)^0x9e3779b97f4a7c15), uint64(n))
	return int(hi)
}

// Name is the file name of shard index of a split, without extension:
// "train_0000", "valid_0012".
func Name(split Split, index int) string { return fmt.Sprintf("%s_%04d", split, index) }

// MegatronPrefix is root/megatron/lang/NAME: the dataset prefix of a
// shard (root is OUT/shards).
func MegatronPrefix(root, lang string, split Split, index int) string {
	return filepath.Join(root, "megatron", lang, Name(split, index))
}

// LLMCPath is root/llmc/lang/NAME.bin.
func LLMCPath(root, lang string, split Split, index int) string {
	return filepath.Join(root, "llmc", lang, Name(split, index)+binExt)
}

// ShardWriter writes one shard in every format of its Config: the same
// framed documents in the same order.
type ShardWriter struct {
	framing Framing
	vocab   uint32
	meg     *MegatronWriter
	llmc    *LLMCWriter
	buf     []uint32
	docs    int
	tokens  int64
}

// CreateShard starts shard index of split for lang under root, making the
// folders it needs.
func CreateShard(root, lang string, split Split, index int, cfg Config) (*ShardWriter, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	w := &ShardWriter{framing: cfg.Framing, vocab: uint32(cfg.Vocab - 1)}
	if cfg.Formats&Megatron != 0 {
		prefix := MegatronPrefix(root, lang, split, index)
		if err := os.MkdirAll(filepath.Dir(prefix), 0o755); err != nil {
			return nil, err
		}
		m, err := CreateMegatron(prefix, OptimalDType(cfg.Vocab))
		if err != nil {
			return nil, err
		}
		w.meg = m
	}
	if cfg.Formats&LLMC != 0 {
		path := LLMCPath(root, lang, split, index)
		err := os.MkdirAll(filepath.Dir(path), 0o755)
		if err == nil {
			w.llmc, err = CreateLLMC(path, LLMCTokenSize(cfg.Vocab))
		}
		if err != nil {
			w.Abort()
			return nil, err
		}
	}
	return w, nil
}

// Add writes one document, framed. A token outside the vocabulary, or a
// shard past LLMCMaxTokens, is an error that leaves every file as it was.
func (w *ShardWriter) Add(tokens []uint32) error {
	for i, t := range tokens {
		if t > w.vocab {
			return fmt.Errorf("shards: document %d: token %d = %d is outside the vocabulary of %d", w.docs, i, t, uint64(w.vocab)+1)
		}
	}
	if n := int64(w.framing.Len(len(tokens))); w.tokens+n > LLMCMaxTokens {
		return fmt.Errorf("shards: document %d: %d tokens take the shard past %d", w.docs, n, LLMCMaxTokens)
	}
	w.buf = w.framing.Append(w.buf[:0], tokens)
	if w.meg != nil {
		if err := w.meg.Add(w.buf); err != nil {
			return err
		}
	}
	if w.llmc != nil {
		if err := w.llmc.Add(w.buf); err != nil {
			return err
		}
	}
	w.docs++
	w.tokens += int64(len(w.buf))
	return nil
}

// Documents is the number of documents written.
func (w *ShardWriter) Documents() int { return w.docs }

// Tokens is the number of tokens written, framing included.
func (w *ShardWriter) Tokens() int64 { return w.tokens }

// Close finishes every file. An llm.c shard without tokens (only empty,
// unframed documents) is left out, as llm.c cannot read one.
func (w *ShardWriter) Close() error {
	var err error
	if w.meg != nil {
		err = w.meg.Close()
	}
	if w.llmc != nil {
		if e := w.llmc.Close(); e != nil && !errors.Is(e, ErrEmpty) && err == nil {
			err = e
		}
	}
	return err
}

// Abort removes every temporary file.
func (w *ShardWriter) Abort() {
	if w.meg != nil {
		w.meg.Abort()
	}
	if w.llmc != nil {
		w.llmc.Abort()
	}
}

// Counts is what a split of a Set holds.
type Counts struct {
	Shards    int
	Documents int
	Tokens    int64
}

// Set writes the shards of one language from documents given in a fixed
// order: each document goes to its split by SplitOf, then into that
// split's current shard, a new one starting when MaxShardTokens would be
// passed. The same documents in the same order give the same files.
type Set struct {
	root, lang string
	cfg        Config
	cur        [2]*ShardWriter
	counts     [2]Counts
	closed     bool
}

// NewSet starts the shard set of lang under root (OUT/shards).
func NewSet(root, lang string, cfg Config) (*Set, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Set{root: root, lang: lang, cfg: cfg}, nil
}

// Add writes the document of url.
func (s *Set) Add(url string, tokens []uint32) error {
	if s.closed {
		return fmt.Errorf("shards: set %s: Add after Close", s.lang)
	}
	sp := SplitOf(url, s.cfg.ValidFraction)
	w := s.cur[sp]
	n := int64(s.cfg.Framing.Len(len(tokens)))
	if w != nil && w.Tokens() > 0 && w.Tokens()+n > s.cfg.MaxShardTokens {
		s.cur[sp] = nil
		if err := w.Close(); err != nil {
			return err
		}
		w = nil
	}
	if w == nil {
		var err error
		if w, err = CreateShard(s.root, s.lang, sp, s.counts[sp].Shards, s.cfg); err != nil {
			return err
		}
		s.cur[sp] = w
		s.counts[sp].Shards++
	}
	if err := w.Add(tokens); err != nil {
		return err
	}
	s.counts[sp].Documents++
	s.counts[sp].Tokens += n
	return nil
}

// Counts is what split holds so far.
func (s *Set) Counts(split Split) Counts { return s.counts[split] }

// Abort removes the temporary files of the open shards; shards already
// finished stay.
func (s *Set) Abort() {
	s.closed = true
	for i, w := range s.cur {
		if w != nil {
			w.Abort()
			s.cur[i] = nil
		}
	}
}

// Close finishes the open shards.
func (s *Set) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var err error
	for i, w := range s.cur {
		if w != nil {
			if e := w.Close(); e != nil && err == nil {
				err = e
			}
			s.cur[i] = nil
		}
	}
	return err
}
