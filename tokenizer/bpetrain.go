package tokenizer

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"
)

// The BPE trainer follows sentencepiece v0.1.97's bpe_model_trainer.cc step
// by step, because its quirks decide which pieces win:
//
//   - Words are split into characters; every adjacent pair is a candidate
//     symbol that remembers its positions (word, left, right) in a sorted
//     set. Its frequency is computed lazily and cached until a merge next
//     to one of its positions resets it; computing it drops stale positions
//     and the second of two overlapping ones ("aaa" counts "aa" once), for
//     good.
//   - Only "active" candidates are scanned for the best one: every 100
//     pieces the active set becomes the max(1000, 5% of all symbols made so
//     far) most frequent candidates; candidates created by merges join it.
//   - The best is the most frequent, then the shortest, then the smallest
//     in byte order. A piece whose string was already taken (made from
//     other parts) is dropped without using up a slot.
//   - Pieces are scored -rank; single characters come last.

// bpeSym is Trainer::Symbol.
type bpeSym struct {
	left, right int32 // parts, -1 for a character
	str         string
	runes       int32
	isUnk       bool
	active      bool
	dirty       bool     // positions may be unsorted or hold duplicates
	freq        int64    // 0: to be computed
	positions   []uint64 // sid<<32 | left<<16 | right
}

type bpeTrainer struct {
	o        *TrainOptions
	required map[rune]int64

	syms      []bpeSym
	charCache map[rune]int32
	pairCache map[uint64]int32
	active    []int32 // may hold inactive entries, skipped
	words     [][]int32
	weights   []int64
}

func newBPETrainer(o *TrainOptions, required map[rune]int64) *bpeTrainer {
	return &bpeTrainer{o: o, required: required, charCache: map[rune]int32{}, pairCache: map[uint64]int32{}}
}

func encodePos(sid, l, r int) uint64 { return uint64(sid)<<32 | uint64(l)<<16 | uint64(r) }

func decodePos(p uint64) (sid, l, r int) { return int(p >> 32), int(p >> 16 & 0xffff), int(p & 0xffff) }

func (t *bpeTrainer) cacheSize() int { return len(t.charCache) + len(t.pairCache) }

func (t *bpeTrainer) charSymbol(c rune) int32 {
	if id, ok := t.charCache[c]; ok {
		return id
	}
	freq, ok := t.required[c]
	if !ok {
		freq = 1
	}
	id := int32(len(t.syms))
	t.syms = append(t.syms, bpeSym{left: -1, right: -1, str: string(c), runes: 1, isUnk: c == unkChar, freq: freq})
	t.charCache[c] = id
	return id
}

func (t *bpeTrainer) pairSymbol(l, r int32) int32 {
	if l < 0 || r < 0 || t.syms[l].isUnk || t.syms[r].isUnk {
		return -1
	}
	key := uint64(l)<<32 | uint64(r)
	if id, ok := t.pairCache[key]; ok {
		return id
	}
	s := t.syms[l].str + t.syms[r].str
	n := t.syms[l].runes + t.syms[r].runes
	if !t.validPiece(s, int(n)) {
		return -1
	}
	id := int32(len(t.syms))
	t.syms = append(t.syms, bpeSym{left: l, right: r, str: s, runes: n})
	t.pairCache[key] = id
	return id
}

// validPiece is TrainerInterface::IsValidSentencePiece.
func (t *bpeTrainer) validPiece(s string, runes int) bool {
	o := t.o
	if runes == 0 || runes > o.MaxSentencePieceLength {
		return false
	}
	allWS := true
	for _, c := range s {
		if c != wsChar {
			allWS = false
			break
		}
	}
	prev := scriptAny
	pos := 0
	for _, c := range s {
		switch {
		case c == unkChar, c == 0, c == uppChar, c == ' ', c == utf8.RuneError:
			return false
		case c == wsChar:
			if !o.AllowWhitespaceOnlyPieces || !allWS {
				if o.TreatWhitespaceAsSuffix {
					if (o.SplitByWhitespace && pos < runes-1) || (!o.SplitByWhitespace && pos < runes-1 && pos == 0) {
						return false
					}
				} else if (o.SplitByWhitespace && pos > 0) || (!o.SplitByWhitespace && pos > 0 && pos == runes-1) {
					return false
				}
			}
		default:
			sc := scriptOf(c)
			if sc == scriptHiragana || sc == scriptKatakana || c == 0x30FC {
				sc = scriptHan
			} else if sc == scriptInherited {
				sc = prev
			}
			digit := (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19)
			if !o.SplitByNumber && digit {
				sc = scriptAny
			}
			if o.SplitDigits && digit && runes > 1 {
				return false
			}
			if o.SplitByUnicodeScript && sc != scriptAny && prev != scriptAny && prev != sc {
				return false
			}
			prev = sc
		}
		pos++
	}
	return true
}

func (t *bpeTrainer) activate(id int32) {
	if !t.syms[id].active {
		t.syms[id].active = true
		t.active = append(t.active, id)
	}
}

func (t *bpeTrainer) addPair(sid, l, r int) {
	if l < 0 || r < 0 {
		return
	}
	id := t.pairSymbol(t.words[sid][l], t.words[sid][r])
	if id < 0 {
		return
	}
	t.activate(id)
	s := &t.syms[id]
	p := encodePos(sid, l, r)
	if n := len(s.positions); n > 0 && s.positions[n-1] >= p {
		s.dirty = true
	}
	s.positions = append(s.positions, p)
}

func (t *bpeTrainer) resetFreq(sid, l, r int, best int32) {
	if l < 0 || r < 0 {
		return
	}
	if id := t.pairSymbol(t.words[sid][l], t.words[sid][r]); id >= 0 && id != best {
		t.syms[id].freq = 0
	}
}

func (t *bpeTrainer) sortPositions(s *bpeSym) {
	if s.dirty {
		slices.Sort(s.positions)
		s.positions = slices.Compact(s.positions)
		s.dirty = false
	}
}

// computeFreq is Trainer::ComputeFreq.
func (t *bpeTrainer) computeFreq(id int32) {
	s := &t.syms[id]
	if s.freq > 0 {
		return
	}
	t.sortPositions(s)
	prevSid, prevRight := -1, 0
	kept := s.positions[:0]
	for _, p := range s.positions {
		sid, l, r := decodePos(p)
		w := t.words[sid]
		if (sid == prevSid && l == prevRight) || w[l] != s.left || w[r] != s.right {
			prevSid, prevRight = -1, 0
			continue
		}
		s.freq += t.weights[sid]
		prevSid, prevRight = sid, r
		kept = append(kept, p)
	}
	s.positions = kept
}

func (t *bpeTrainer) nextIndex(sid, i int) int {
	w := t.words[sid]
	for j := i + 1; j < len(w); j++ {
		if w[j] >= 0 {
			return j
		}
	}
	return -1
}

func (t *bpeTrainer) prevIndex(sid, i int) int {
	w := t.words[sid]
	for j := i - 1; j >= 0; j-- {
		if w[j] >= 0 {
			return j
		}
	}
	return -1
}

// updateActive is Trainer::UpdateActiveSymbols. Among candidates of equal
// frequency at the cut the C++ keeps an unspecified subset (partial_sort
// over hash-map order); here the older symbols.
func (t *bpeTrainer) updateActive() {
	var cands []int32
	for _, id := range t.pairCache {
		t.computeFreq(id)
		cands = append(cands, id)
	}
	size := min(max(1000, int(float32(t.cacheSize())*0.05)), len(cands))
	t.selectTop(cands, size)
	for _, id := range t.active {
		t.syms[id].active = false
	}
	t.active = t.active[:0]
	for _, id := range cands[:size] {
		t.activate(id)
	}
}

// before is the order of updateActive: higher frequency, then older.
func (t *bpeTrainer) before(a, b int32) bool {
	if fa, fb := t.syms[a].freq, t.syms[b].freq; fa != fb {
		return fa > fb
	}
	return a < b
}

// selectTop moves the k first of c in before order to c[:k] (quickselect,
// as std::partial_sort needs only the set).
func (t *bpeTrainer) selectTop(c []int32, k int) {
	lo, hi := 0, len(c)
	for hi-lo > 1 && k > lo && k < hi {
		p := c[lo+(hi-lo)/2]
		i, j := lo, hi-1
		for i <= j {
			for t.before(c[i], p) {
				i++
			}
			for t.before(p, c[j]) {
				j--
			}
			if i <= j {
				c[i], c[j] = c[j], c[i]
				i++
				j--
			}
		}
		switch {
		case k <= j+1:
			hi = j + 1
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// better is the C++ comparison of a candidate with the best so far; on a
// full tie the C++ keeps the lower address, here the older symbol.
func (t *bpeTrainer) better(a, b int32) bool {
	x, y := &t.syms[a], &t.syms[b]
	if x.freq != y.freq {
		return x.freq > y.freq
	}
	if x.runes != y.runes {
		return x.runes < y.runes
	}
	if x.str != y.str {
		return x.str < y.str
	}
	return a < b
}

func (t *bpeTrainer) remove(id int32) {
	s := &t.syms[id]
	if s.left >= 0 {
		if cur, ok := t.pairCache[uint64(s.left)<<32|uint64(s.right)]; ok && cur == id {
			delete(t.pairCache, uint64(s.left)<<32|uint64(s.right))
		}
	}
	s.active = false
	s.positions = nil
}

func (t *bpeTrainer) train(ctx context.Context, wordList []string, counts map[string]int64, vocab int) ([]scoredPiece, error) {
	if vocab < 0 {
		return nil, fmt.Errorf("tokenizer: vocabulary size is smaller than the meta pieces and characters")
	}
	t.words = make([][]int32, len(wordList))
	t.weights = make([]int64, len(wordList))
	for sid, w := range wordList {
		t.weights[sid] = counts[w]
		syms := make([]int32, 0, len(w))
		for _, c := range w {
			syms = append(syms, t.charSymbol(c))
		}
		if len(syms) > 0xffff {
			return nil, fmt.Errorf("tokenizer: word of %d characters is too long for the BPE trainer (max 65535)", len(syms))
		}
		t.words[sid] = syms
	}
	for sid, w := range t.words {
		for i := 1; i < len(w); i++ {
			t.addPair(sid, i-1, i)
		}
	}
	var final []scoredPiece
	dup := map[string]bool{}
	for iter := 0; len(final) < vocab; iter++ {
		if iter%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if len(final)%100 == 0 {
			t.updateActive()
		}
		best := int32(-1)
		live := t.active[:0]
		for _, id := range t.active {
			if !t.syms[id].active {
				continue
			}
			live = append(live, id)
			t.computeFreq(id)
			if best < 0 || t.better(id, best) {
				best = id
			}
		}
		t.active = live
		if best < 0 {
			break
		}
		bs := &t.syms[best]
		if dup[bs.str] {
			t.remove(best)
			continue
		}
		dup[bs.str] = true
		final = append(final, scoredPiece{bs.str, -float32(len(final))})
		t.sortPositions(bs)
		for _, p := range bs.positions {
			sid, l, r := decodePos(p)
			w := t.words[sid]
			if w[l] < 0 {
				continue
			}
			if w[r] < 0 {
				return nil, fmt.Errorf("tokenizer: internal error: merged symbol at word %d position %d", sid, r)
			}
			next := t.nextIndex(sid, r)
			prev := t.prevIndex(sid, l)
			t.resetFreq(sid, prev, l, best)
			t.resetFreq(sid, r, next, best)
			w[l] = best
			w[r] = -1
			t.addPair(sid, prev, l)
			t.addPair(sid, l, next)
		}
		t.remove(best)
	}
	return final, nil
}
