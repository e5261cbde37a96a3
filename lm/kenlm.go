package lm

import (
	"bytes"
	"encoding/binary"
	"math"
)

// KenLM binary files (lm/binary_format.cc) start with this magic, NUL
// included, padded with NULs to 56 bytes.
const (
	kenlmMagicPrefix     = "mmap lm http://kheafield.com/code"
	kenlmMagic           = "mmap lm http://kheafield.com/code format version 5\n\x00"
	kenlmMagicIncomplete = "mmap lm http://kheafield.com/code incomplete\n"
)

// KenLM's binary layout (x86-64, little-endian, as build_binary writes it):
//
//	0    Sanity: magic padded to 56 bytes; float32 0, 1, -0.5; uint32 1,
//	     0xffffffff, 0; uint64 1 (88 bytes)
//	88   FixedWidthParameters: uint8 order, 3 pad, float32 probing
//	     multiplier, int32 model type (0 = probing), bool has_vocabulary,
//	     3 pad, uint32 search version (0) (20 bytes)
//	108  uint64 counts[order]
//	     header padded to 8 bytes
//	vocabulary: uint32 version (0), uint32 bound; buckets × {uint64
//	     MurmurHash64A(word, seed 0), uint32 id} (packed to 4, 12 bytes)
//	unigrams: (counts[0]+1) × {float32 prob, float32 backoff}
//	orders 2..N-1: buckets × {uint64 key, float32 prob, float32 backoff}
//	order N: buckets × {uint64 key, float32 prob} (packed, 12 bytes)
//	strings: "<unk>\0", then every other word NUL-terminated, in id order
//
// Each table has max(n+1, ⌊multiplier·n⌋) buckets for its n entries (the
// product in float32) and puts key k first at bucket k mod buckets.
const (
	kenlmSanitySize = 88
	kenlmFixedSize  = 20
	kenlmProbing    = 0
	kenlmRestProbe  = 1
)

// kenlmSanity is the 88-byte Sanity block of a KenLM binary.
var kenlmSanity = func() []byte {
	b := make([]byte, kenlmSanitySize)
	copy(b, kenlmMagic)
	binary.LittleEndian.PutUint32(b[56:], math.Float32bits(0))
	binary.LittleEndian.PutUint32(b[60:], math.Float32bits(1))
	binary.LittleEndian.PutUint32(b[64:], math.Float32bits(-0.5))
	binary.LittleEndian.PutUint32(b[68:], 1)
	binary.LittleEndian.PutUint32(b[72:], math.MaxUint32)
	binary.LittleEndian.PutUint64(b[80:], 1)
	return b
}()

func kenlmHeaderSize(order int) uint64 {
	return qryAlign8(kenlmSanitySize + kenlmFixedSize + 8*uint64(order))
}

// parseKenLM checks a KenLM probing binary in data and points the model's
// tables into it.
func parseKenLM(data []byte, name string) (*Model, error) {
	switch {
	case bytes.HasPrefix(data, []byte(kenlmMagicIncomplete)):
		return nil, qryBinaryError(name, 0, "KenLM binary did not finish building")
	case len(data) < kenlmSanitySize+kenlmFixedSize:
		return nil, qryBinaryError(name, 0, "truncated KenLM header")
	case !bytes.Equal(data[:len(kenlmMagic)], []byte(kenlmMagic)):
		return nil, qryBinaryError(name, 0, "KenLM binary of another format version (this reader knows version 5)")
	case !bytes.Equal(data[:kenlmSanitySize], kenlmSanity):
		return nil, qryBinaryError(name, 56, "KenLM sanity values differ: built on another architecture or by an old KenLM")
	}
	fixed := data[kenlmSanitySize:]
	order := int(fixed[0])
	multiplier := math.Float32frombits(qryLE32(fixed[4:]))
	modelType := qryLE32(fixed[8:])
	hasVocab := fixed[12] != 0
	switch {
	case modelType == kenlmRestProbe:
		return nil, qryBinaryError(name, kenlmSanitySize+8, "KenLM \"probing hash tables with rest costs\" is not supported (rebuild with build_binary probing)")
	case modelType != kenlmProbing:
		return nil, qryBinaryError(name, kenlmSanitySize+8, "KenLM model type %d is not supported: only probing (build_binary's default) is", modelType)
	case qryLE32(fixed[16:]) != 0:
		return nil, qryBinaryError(name, kenlmSanitySize+16, "KenLM probing search version %d, this reader knows 0", qryLE32(fixed[16:]))
	case order < 2 || order > MaxOrder:
		return nil, qryBinaryError(name, kenlmSanitySize, "order %d outside 2..%d", order, MaxOrder)
	case !(multiplier >= 1) || multiplier > 1e6:
		return nil, qryBinaryError(name, kenlmSanitySize+4, "probing multiplier %v", multiplier)
	}
	size := uint64(len(data))
	at := kenlmHeaderSize(order)
	if at > size {
		return nil, qryBinaryError(name, 0, "truncated KenLM header")
	}
	m := &Model{format: FormatKenLM, order: order}
	for i := range order {
		m.counts = append(m.counts, binary.LittleEndian.Uint64(data[kenlmSanitySize+kenlmFixedSize+8*i:]))
	}
	section := func(n, entry uint64) ([]byte, error) {
		if n > size/entry || n*entry > size-at {
			return nil, qryBinaryError(name, at, "section of %d×%d bytes runs past the end of the file (%d bytes)", n, entry, size)
		}
		s := data[at : at+n*entry : at+n*entry]
		at += n * entry
		return s, nil
	}
	table := func(count uint64, entry int) (qryTable, error) {
		if count >= size {
			return qryTable{}, qryBinaryError(name, kenlmSanitySize+kenlmFixedSize, "count %d larger than the file", count)
		}
		b := qryBuckets(count, multiplier)
		s, err := section(b, uint64(entry))
		return qryTable{data: s, buckets: b, entry: entry, layout: layoutKenLM}, err
	}
	vh, err := section(1, 8)
	if err != nil {
		return nil, err
	}
	if v := qryLE32(vh); v != 0 {
		return nil, qryBinaryError(name, at-8, "KenLM probing vocabulary version %d, this reader knows 0", v)
	}
	m.bound = qryLE32(vh[4:])
	if m.vocab, err = table(m.counts[0], 12); err != nil {
		return nil, err
	}
	if m.counts[0] >= size {
		return nil, qryBinaryError(name, kenlmSanitySize+kenlmFixedSize, "unigram count %d larger than the file", m.counts[0])
	}
	if m.unigrams, err = section(m.counts[0]+1, 8); err != nil {
		return nil, err
	}
	if m.bound == 0 || uint64(m.bound) > m.counts[0]+1 {
		return nil, qryBinaryError(name, kenlmHeaderSize(order)+4, "vocabulary bound %d for %d unigrams", m.bound, m.counts[0])
	}
	for n := 2; n < order; n++ {
		t, err := table(m.counts[n-1], 16)
		if err != nil {
			return nil, err
		}
		m.middle = append(m.middle, t)
	}
	if m.longest, err = table(m.counts[order-1], 12); err != nil {
		return nil, err
	}
	if hasVocab {
		m.words = data[at:]
		if !bytes.HasPrefix(m.words, []byte("<unk>\x00")) {
			return nil, qryBinaryError(name, at, "vocabulary strings do not start with <unk>")
		}
	}
	m.bos, m.eos = m.Index("<s>"), m.Index("</s>")
	return m, nil
}

// qryMurmur64A is MurmurHash64A with seed 0 (util/murmur_hash.cc), KenLM's
// vocabulary hash, reading 8-byte blocks little-endian.
func qryMurmur64A(s string) uint64 {
	const mul = 0xc6a4a7935bd1e995
	const r = 47
	n := len(s)
	h := uint64(n) * mul
	i := 0
	for ; i+8 <= n; i += 8 {
		k := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		k *= mul
		k ^= k >> r
		k *= mul
		h ^= k
		h *= mul
	}
	if rest := n - i; rest > 0 {
		for j := rest - 1; j >= 0; j-- {
			h ^= uint64(s[i+j]) << (8 * j)
		}
		h *= mul
	}
	h ^= h >> r
	h *= mul
	h ^= h >> r
	return h
}

// qryCombine is KenLM's CombineWordHash: the key of an n-gram extended by
// one more (earlier) word.
func qryCombine(current uint64, next uint32) uint64 {
	return current*8978948897894561157 ^ uint64(next+1)*17894857484156487943
}
