package dedup

import (
	"crypto/sha1"
	"encoding/binary"
	"slices"
	"strings"
	"sync"
)

// EmptyHash is the hash of an empty normalized line (sha1("")), which every
// empty, whitespace-only or punctuation-only line has.
const EmptyHash uint64 = 957977401221134810

// Hash is cc_net's line hash (dedup.compute_hashes): the first 8 bytes of
// the SHA-1 of the UTF-8 normalized line, read as a little-endian uint64.
func Hash(normalized []byte) uint64 {
	sum := sha1.Sum(normalized)
	return binary.LittleEndian.Uint64(sum[:8])
}

// HashLine is Hash(AppendNormalized(nil, line)) without allocating for
// lines up to 1 KiB.
func HashLine(line string) uint64 {
	var buf [1024]byte
	return Hash(AppendNormalized(buf[:0], line))
}

// LineHashes splits rawContent on "\n" with Python's str.split("\n")
// semantics (n newlines give n+1 lines, empty ones included) and appends
// the hash of every normalized line to dst[:0].
//
// cc_net never hashes an empty raw_content (compute_hashes returns None and
// both the hashes and the dedup step skip the document); LineHashes("")
// returns the one hash of the empty line, so callers skip empty documents
// themselves, as Apply and Reference do.
func LineHashes(rawContent string, dst []uint64) []uint64 {
	dst = dst[:0]
	bp := normBufs.Get().(*[]byte)
	buf := *bp
	s := rawContent
	for {
		i := strings.IndexByte(s, '\n')
		line := s
		if i >= 0 {
			line = s[:i]
		}
		buf = AppendNormalized(buf[:0], line)
		dst = append(dst, Hash(buf))
		if i < 0 {
			break
		}
		s = s[i+1:]
	}
	if cap(buf) <= maxPooledBuf {
		*bp = buf
		normBufs.Put(bp)
	}
	return dst
}

// normBufs recycles the normalization buffers of LineHashes, so that long
// lines (AppendNormalized reserves three times the line) do not allocate
// on every call.
var normBufs = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// maxPooledBuf bounds the buffers kept in normBufs.
const maxPooledBuf = 1 << 20

// AppendDistinct appends the distinct values of hashes to dst, in
// increasing order. A document contributes each of its distinct line hashes
// once to the hash runs, so that a hash seen twice in the runs was seen in
// two documents (cc_net's FlatHashSet.add flags a hash only when it was
// present before the document's batch was added).
func AppendDistinct(dst []uint64, hashes []uint64) []uint64 {
	n := len(dst)
	dst = append(dst, hashes...)
	tail := dst[n:]
	slices.Sort(tail)
	tail = slices.Compact(tail)
	return dst[:n+len(tail)]
}
