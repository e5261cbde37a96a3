package shards

import (
	"fmt"
	"os"
	"strings"
)

// Info describes one shard file (or Megatron pair) for `ccnet shards
// inspect`.
type Info struct {
	Format Format // Megatron or LLMC
	Bin    string // the .bin path
	Idx    string // the .idx path (Megatron only)

	// Megatron header fields.
	IdxVersion uint64 // always 1
	DType      DType  // element type code
	Sequences  int    // sequence_count
	Modes      bool   // a sequence_modes array follows the document indices

	// llm.c header fields.
	Magic   int32
	Version int32

	TokenSize int   // bytes per token
	Documents int   // Megatron: from the index; llm.c: counted by the framing
	Tokens    int64 // tokens in the .bin
	Bytes     int64 // size of the .bin (plus the .idx for Megatron)
}

// megatronPrefix returns the dataset prefix of path (PREFIX, PREFIX.bin or
// PREFIX.idx) when PREFIX.idx exists.
func megatronPrefix(path string) (string, bool) {
	prefix := strings.TrimSuffix(strings.TrimSuffix(path, binExt), idxExt)
	_, err := os.Stat(prefix + idxExt)
	return prefix, err == nil
}

// Inspect opens and validates the shard at path and returns its counts and
// header fields. A path whose PREFIX.idx exists (PREFIX being path less a
// .bin or .idx suffix) is read as Megatron, any other as an llm.c shard,
// whose documents are counted by splitting its tokens with f.
func Inspect(path string, f Framing) (Info, error) {
	if prefix, ok := megatronPrefix(path); ok {
		r, err := OpenMegatron(prefix)
		if err != nil {
			return Info{}, err
		}
		defer r.Close()
		return Info{
			Format: Megatron, Bin: r.binPath, Idx: r.idxPath,
			IdxVersion: megatronVersion, DType: r.dtype, Sequences: r.seqs, Modes: r.HasModes(),
			TokenSize: r.dtype.Size(), Documents: r.Documents(), Tokens: r.tokens,
			Bytes: int64(len(r.bin) + len(r.idx)),
		}, nil
	}
	r, err := OpenLLMC(path)
	if err != nil {
		return Info{}, err
	}
	defer r.Close()
	info := Info{
		Format: LLMC, Bin: path, Magic: r.magic, Version: r.version,
		TokenSize: r.tokenSize, Tokens: int64(r.ntok), Bytes: int64(len(r.data)),
	}
	for range r.Documents(f) {
		info.Documents++
	}
	return info, nil
}

// ReadDocuments returns the first n documents of the shard at path (found
// as Inspect does; f splits an llm.c shard), each as its token ids, framing
// included.
func ReadDocuments(path string, f Framing, n int) ([][]uint32, error) {
	var docs [][]uint32
	if prefix, ok := megatronPrefix(path); ok {
		r, err := OpenMegatron(prefix)
		if err != nil {
			return nil, err
		}
		defer r.Close()
		for d := range min(n, r.Documents()) {
			doc, err := r.AppendDocument(nil, d)
			if err != nil {
				return docs, err
			}
			docs = append(docs, doc)
		}
		return docs, nil
	}
	r, err := OpenLLMC(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for doc := range r.Documents(f) {
		if len(docs) == n {
			break
		}
		docs = append(docs, append([]uint32(nil), doc...))
	}
	return docs, nil
}

func (i Info) String() string {
	var b strings.Builder
	switch i.Format {
	case Megatron:
		fmt.Fprintf(&b, "megatron %s (+ %s): version %d, dtype %v (code %d), %d sequences",
			i.Bin, i.Idx, i.IdxVersion, i.DType, uint8(i.DType), i.Sequences)
		if i.Modes {
			b.WriteString(" with modes")
		}
	default:
		fmt.Fprintf(&b, "llm.c %s: magic %d, version %d, uint%d tokens", i.Bin, i.Magic, i.Version, 8*i.TokenSize)
	}
	fmt.Fprintf(&b, ", %d documents, %d tokens, %d bytes", i.Documents, i.Tokens, i.Bytes)
	return b.String()
}
