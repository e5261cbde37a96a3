package dedup

import (
	"fmt"
	"math/bits"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ccnet-go/ccnet/document"
)

// applyScratch holds the per-call buffers of Apply.
type applyScratch struct {
	keep  []bool
	table []uint64 // open addressing, 0 = free (hash 0 is never kept)
}

var scratchPool = sync.Pool{New: func() any { return new(applyScratch) }}

// Apply is cc_net's DuplicatesRemover.do followed by finalize_doc, for one
// document whose line hashes (LineHashes of d.RawContent) are hashes:
//
//   - a line whose hash isDup is removed (in cc_net: flag 1 in the group's
//     hash set, i.e. the line is in two or more documents of the group);
//   - if no line is left, Apply returns false and leaves d unchanged: the
//     caller drops the document (cc_net returns None). A document with an
//     empty raw_content is dropped the same way (cc_net: `if not content`);
//   - of the lines left, a line whose hash was already seen in the document
//     keeps only its first copy; like cc_net, a line whose hash is 0 is
//     never kept (cc_net uses 0 to mark removed lines);
//   - original_nlines and original_length are set only if the document has
//     none yet (d.HasDedup false; cc_net's setdefault): they keep the WET
//     nlines and length (bytes of the WET record);
//   - raw_content, nlines, length (now code points) and line_ids are
//     rewritten. If d already went through dedup, line_ids are composed
//     with the old ones (cc_net: doc.get("line_ids", range(n)), zipped).
//
// linesRemoved and bytesRemoved compare the old and new raw_content (for a
// dropped document, all of it). Apply panics when len(hashes) is not the
// number of lines of d.RawContent.
func Apply(d *document.Document, hashes []uint64, isDup func(uint64) bool) (kept bool, linesRemoved int, bytesRemoved int) {
	content := d.RawContent
	if content == "" {
		return false, 0, 0
	}
	n := strings.Count(content, "\n") + 1
	if len(hashes) != n {
		panic(fmt.Sprintf("dedup.Apply: %d hashes for %d lines", len(hashes), n))
	}

	sc := scratchPool.Get().(*applyScratch)
	defer scratchPool.Put(sc)
	if cap(sc.keep) < n {
		sc.keep = make([]bool, n)
	}
	keep := sc.keep[:n]
	notDup := 0
	for i, h := range hashes {
		k := !isDup(h)
		keep[i] = k
		if k {
			notDup++
		}
	}
	if notDup == 0 {
		return false, n, len(content)
	}

	// Intra-document repeats: keep[i] stays true only for the first copy.
	if n <= 16 {
		for i, h := range hashes {
			if !keep[i] {
				continue
			}
			if h == 0 {
				keep[i] = false
				continue
			}
			for j := 0; j < i; j++ {
				if keep[j] && hashes[j] == h {
					keep[i] = false
					break
				}
			}
		}
	} else {
		size := 1 << bits.Len(uint(2*n-1))
		if cap(sc.table) < size {
			sc.table = make([]uint64, size)
		}
		table := sc.table[:size]
		clear(table)
		mask := uint64(size - 1)
		for i, h := range hashes {
			if !keep[i] {
				continue
			}
			if h == 0 {
				keep[i] = false
				continue
			}
			// The hashes are uniform: their low bits index the table.
			for p := h & mask; ; p = (p + 1) & mask {
				if table[p] == 0 {
					table[p] = h
					break
				}
				if table[p] == h {
					keep[i] = false
					break
				}
			}
		}
	}

	var oldIDs []int
	limit := n
	if d.HasDedup && d.LineIDs != nil {
		oldIDs = d.LineIDs
		limit = min(n, len(oldIDs)) // Python's zip stops at the shortest
	}
	var b strings.Builder
	b.Grow(len(content))
	ids := make([]int, 0, notDup)
	s := content
	for i := 0; i < limit; i++ {
		j := strings.IndexByte(s, '\n')
		line := s
		if j >= 0 {
			line, s = s[:j], s[j+1:]
		}
		if !keep[i] {
			continue
		}
		if len(ids) > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(line)
		if oldIDs != nil {
			ids = append(ids, oldIDs[i])
		} else {
			ids = append(ids, i)
		}
	}

	if !d.HasDedup {
		d.HasDedup = true
		d.OriginalNLines = d.NLines
		d.OriginalLength = d.Length
	}
	d.RawContent = b.String()
	d.NLines = len(ids)
	d.Length = int64(utf8.RuneCountInString(d.RawContent))
	d.LineIDs = ids
	return true, n - len(ids), len(content) - len(d.RawContent)
}

// Reference deduplicates one group of documents (cc_net: the documents of
// the hash_in_mem shards whose hash files DuplicatesRemover loads) in
// memory: a line hash is a duplicate when it occurs in two or more
// documents, counted in a map of distinct-document counts. It returns the
// kept documents, in order and rewritten by Apply, and the number dropped
// (all lines duplicate, or empty raw_content). docs is not modified.
//
// Reference is the straightforward oracle that the scalable path (hash
// runs, MergeDuplicates, DupSet) is tested against.
func Reference(docs []document.Document) (kept []document.Document, dropped int) {
	hashes := make([][]uint64, len(docs))
	counts := make(map[uint64]int)
	var distinct []uint64
	for i := range docs {
		if docs[i].RawContent == "" {
			continue
		}
		hashes[i] = LineHashes(docs[i].RawContent, nil)
		distinct = AppendDistinct(distinct[:0], hashes[i])
		for _, h := range distinct {
			counts[h]++
		}
	}
	isDup := func(h uint64) bool { return counts[h] >= 2 }
	for i := range docs {
		d := docs[i]
		if ok, _, _ := Apply(&d, hashes[i], isDup); ok {
			kept = append(kept, d)
		} else {
			dropped++
		}
	}
	return kept, dropped
}
