package tokenizer

import "strings"

// BPE segmentation as sentencepiece's bpe::Model::SampleEncode with no
// dropout: split the normalized text into characters (user-defined symbols
// whole and frozen), then repeatedly merge the adjacent pair whose
// concatenation is the piece with the highest score, the leftmost on ties,
// using a priority queue of candidate pairs whose stale entries are
// skipped. Merges may go through UNUSED pieces, which are split back into
// the pieces they were made of at the end.

type bpeSymbol struct {
	prev, next int32 // neighbours, -1 at the ends
	start, end int32 // bytes of the normalized text; start == end once merged away
	id         int32 // piece id of the bytes, -1 when they are not a piece
	freeze     bool
}

type bpePair struct {
	left, right int32
	score       float32
	size        int32 // byte length of the merged piece when pushed
	id          int32 // the merged piece
}

// bpeTables speed up BPE lookups; they give the same answers as looking
// strings up in Model.pieces. Pieces longer than maxPairBytes (none in
// trained models, whose pieces have at most 16 characters) are looked up
// by string, which keeps building the table linear in the vocabulary.
const maxPairBytes = 64

type bpeTables struct {
	byWord bool       // see wordSafe
	pairs  *u64Table  // left id<<32 | right id -> id of the concatenation
	ascii  [128]int32 // id of each one-byte piece, or -1
	output []int32    // id reported for a piece: PieceToID(piece)
}

func newBPETables(m *Model) *bpeTables {
	t := &bpeTables{pairs: newU64Table(4 * len(m.pieces)), output: make([]int32, len(m.proto.Pieces))}
	for i := range t.ascii {
		t.ascii[i] = -1
		if id, ok := m.pieces[string(rune(i))]; ok {
			t.ascii[i] = id
		}
	}
	for i, p := range m.proto.Pieces {
		t.output[i] = int32(m.PieceToID(p.Piece))
	}
	t.byWord = wordSafe(m.pieces)
	for piece, id := range m.pieces {
		if len(piece) > maxPairBytes {
			continue
		}
		for k := 1; k < len(piece); k++ {
			l, okL := m.pieces[piece[:k]]
			r, okR := m.pieces[piece[k:]]
			if okL && okR {
				t.pairs.put(uint64(l)<<32|uint64(r), id)
			}
		}
	}
	return t
}

// symbolID is the piece id of a one-character (or user-defined) symbol.
func (m *Model) symbolID(s string) int32 {
	if len(s) == 1 && s[0] < 0x80 {
		return m.bpe.ascii[s[0]]
	}
	if id, ok := m.pieces[s]; ok {
		return id
	}
	return -1
}

// before orders the queue: higher score first, then the leftmost.
func (a *bpePair) before(b *bpePair) bool {
	return a.score > b.score || (a.score == b.score && a.left < b.left)
}

func heapPush(h []bpePair, p bpePair) []bpePair {
	h = append(h, p)
	i := len(h) - 1
	for i > 0 {
		parent := (i - 1) / 2
		if !h[i].before(&h[parent]) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
	return h
}

func heapPop(h []bpePair) (bpePair, []bpePair) {
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		c := l
		if r := l + 1; r < n && h[r].before(&h[l]) {
			c = r
		}
		if !h[c].before(&h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	return top, h
}

// Words are segmented on their own, and their segmentation cached, when
// no piece can span two words: then merges never cross a word start (a "▁"
// after a character that is not "▁"), so the queue of each word runs
// independently of the others and the result is the same. That holds for
// models trained with split_by_whitespace (LLaMA's) and is checked when a
// model is loaded.
const (
	maxCachedWord  = 64      // bytes; longer words are not cached
	maxCachedWords = 1 << 14 // per pooled encoder state; cleared when full
)

// wordSafe reports whether no piece holds a character other than "▁"
// followed by "▁".
func wordSafe(pieces map[string]int32) bool {
	for p := range pieces {
		for i := 1; i < len(p); i++ {
			if strings.HasPrefix(p[i:], spaceSymbol) && !strings.HasSuffix(p[:i], spaceSymbol) {
				return false
			}
		}
	}
	return true
}

// wordEnd returns the end of the word starting at lo: the next "▁" that
// does not follow a "▁", or the end of norm.
func wordEnd(norm string, lo int) int {
	i := lo + 1
	for {
		j := strings.Index(norm[i:], spaceSymbol)
		if j < 0 {
			return len(norm)
		}
		i += j
		if !strings.HasSuffix(norm[:i], spaceSymbol) {
			return i
		}
		i += len(spaceSymbol)
	}
}

func (m *Model) encodeBPE(st *encodeState, norm string) {
	st.segs = st.segs[:0]
	if !m.bpe.byWord {
		m.bpeRange(st, norm, 0, len(norm))
		return
	}
	if st.words == nil {
		st.words = make(map[string][]segment)
	}
	for lo := 0; lo < len(norm); {
		hi := wordEnd(norm, lo)
		if hi-lo > maxCachedWord {
			m.bpeRange(st, norm, lo, hi)
		} else if c, ok := st.words[norm[lo:hi]]; ok {
			for _, s := range c {
				st.segs = append(st.segs, segment{start: s.start + int32(lo), end: s.end + int32(lo), id: s.id})
			}
		} else {
			n := len(st.segs)
			m.bpeRange(st, norm, lo, hi)
			if len(st.words) >= maxCachedWords {
				clear(st.words)
			}
			c := make([]segment, len(st.segs)-n)
			for i, s := range st.segs[n:] {
				c[i] = segment{start: s.start - int32(lo), end: s.end - int32(lo), id: s.id}
			}
			st.words[strings.Clone(norm[lo:hi])] = c
		}
		lo = hi
	}
}

// bpeRange segments norm[lo:hi] and appends to st.segs.
func (m *Model) bpeRange(st *encodeState, norm string, lo, hi int) {
	syms := st.syms[:0]
	for pos := lo; pos < hi; {
		l := m.user.match(norm[pos:])
		freeze := l > 0
		if !freeze {
			l = min(oneCharLen(norm[pos]), hi-pos)
		}
		i := int32(len(syms))
		next := i + 1
		if pos+l == hi {
			next = -1
		}
		id := m.symbolID(norm[pos : pos+l])
		syms = append(syms, bpeSymbol{prev: i - 1, next: next, start: int32(pos), end: int32(pos + l), id: id, freeze: freeze})
		pos += l
	}
	h := st.heap[:0]
	if m.hasUnused {
		if st.revMerg == nil {
			st.revMerg = make(map[string][2]string)
		}
		clear(st.revMerg)
	}
	add := func(left, right int32) {
		if left < 0 || right < 0 || syms[left].freeze || syms[right].freeze {
			return
		}
		ls, rs := &syms[left], &syms[right]
		var id int32
		var ok bool
		size := (ls.end - ls.start) + (rs.end - rs.start)
		if ls.id >= 0 && rs.id >= 0 && size <= maxPairBytes {
			id, ok = m.bpe.pairs.get(uint64(ls.id)<<32 | uint64(rs.id))
		} else {
			id, ok = m.pieces[norm[ls.start:rs.end]]
		}
		if !ok {
			return
		}
		p := &m.proto.Pieces[id]
		h = heapPush(h, bpePair{left: left, right: right, score: p.Score, size: size, id: id})
		if p.Type == Unused {
			st.revMerg[norm[ls.start:rs.end]] = [2]string{norm[ls.start:ls.end], norm[rs.start:rs.end]}
		}
	}
	for i := int32(1); i < int32(len(syms)); i++ {
		add(i-1, i)
	}
	for len(h) > 0 {
		var top bpePair
		top, h = heapPop(h)
		l, r := &syms[top.left], &syms[top.right]
		if l.start == l.end || r.start == r.end || (l.end-l.start)+(r.end-r.start) != top.size {
			continue
		}
		// The right symbol directly follows the left one in the text, so
		// the merged symbol is the byte range [l.start, r.end).
		l.end = r.end
		l.id = top.id
		l.next = r.next
		if r.next >= 0 {
			syms[r.next].prev = top.left
		}
		r.end = r.start
		add(l.prev, top.left)
		add(top.left, l.next)
	}
	segs := st.segs
	if len(syms) > 0 {
		for i := int32(0); i != -1; i = syms[i].next {
			s := syms[i]
			if m.hasUnused {
				segs = m.resegment(st, segs, norm[s.start:s.end], s.start)
				continue
			}
			var id int32
			if s.id >= 0 {
				id = m.bpe.output[s.id]
			} else {
				id = int32(m.PieceToID(norm[s.start:s.end]))
			}
			segs = append(segs, segment{start: s.start, end: s.end, id: id})
		}
	}
	st.syms, st.heap, st.segs = syms, h, segs
}

// resegment splits a piece of type UNUSED into the two pieces it was
// merged from, recursively; w starts at byte at of the normalized text.
func (m *Model) resegment(st *encodeState, segs []segment, w string, at int32) []segment {
	id := m.PieceToID(w)
	if m.proto.Pieces[id].Type != Unused {
		return append(segs, segment{start: at, end: at + int32(len(w)), id: int32(id)})
	}
	p, ok := st.revMerg[w]
	if !ok {
		return append(segs, segment{start: at, end: at + int32(len(w)), id: int32(id)})
	}
	segs = m.resegment(st, segs, p[0], at)
	return m.resegment(st, segs, p[1], at+int32(len(p[0])))
}
