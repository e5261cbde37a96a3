package tokenizer

import "math"

// Unigram segmentation as sentencepiece's unigram::Model::EncodeOptimized
// (the default encoder of v0.1.97): a Viterbi pass over byte positions
// keeping, for each end position, the best path ending there. Pieces are
// found with a byte trie walked from each character start; UNUSED pieces
// are skipped; a user-defined piece scores length*max_score-0.1; where no
// single-character piece starts, an unknown node of score
// min_score-10 covers one character. A later candidate replaces the kept
// one only when strictly better, so ties keep the first found (the earlier
// start, then the shorter piece). Scores are added in double precision and
// stored as float, as the C++ does.

const unkPenalty = 10.0 // unigram_model.cc kUnkPenalty

type unigramModel struct {
	root     [256]int32 // child of the root per byte, or -1
	children *u64Table  // node<<8|byte -> child
	value    []int32    // piece id at node, or -1
	minScore float32
	maxScore float32
}

func newUnigram(p *ModelProto) *unigramModel {
	u := &unigramModel{children: newU64Table(4 * len(p.Pieces)), value: []int32{-1}}
	for i := range u.root {
		u.root[i] = -1
	}
	// FLT_MAX and FLT_MIN (the smallest normal float, not the lowest), as
	// the C++ initializes them.
	u.minScore, u.maxScore = math.MaxFloat32, 0x1p-126
	for i, sp := range p.Pieces {
		if sp.Type == Normal {
			u.minScore = min(u.minScore, sp.Score)
			u.maxScore = max(u.maxScore, sp.Score)
		}
		if sp.Type != Normal && sp.Type != UserDefined && sp.Type != Unused {
			continue
		}
		node := int32(0)
		for j := 0; j < len(sp.Piece); j++ {
			node = u.child(node, sp.Piece[j], true)
		}
		u.value[node] = int32(i)
	}
	return u
}

func (u *unigramModel) child(node int32, b byte, create bool) int32 {
	var c int32
	var ok bool
	if node == 0 {
		c = u.root[b]
		ok = c >= 0
	} else {
		c, ok = u.children.get(uint64(node)<<8 | uint64(b))
	}
	if ok || !create {
		if !ok {
			return -1
		}
		return c
	}
	c = int32(len(u.value))
	u.value = append(u.value, -1)
	if node == 0 {
		u.root[b] = c
	} else {
		u.children.put(uint64(node)<<8|uint64(b), c)
	}
	return c
}

type bestNode struct {
	score   float32
	start   int32 // -1 when no path ends here yet
	pieceID int32
}

func (u *unigramModel) encode(m *Model, st *encodeState, norm string) {
	n := len(norm)
	best := st.best[:0]
	for i := 0; i <= n; i++ {
		best = append(best, bestNode{start: -1, pieceID: -1})
	}
	unkScore := u.minScore - unkPenalty
	for start := 0; start < n; {
		till := best[start].score
		mblen := min(oneCharLen(norm[start]), n-start)
		single := false
		node := int32(0)
		for k := start; k < n; k++ {
			node = u.child(node, norm[k], false)
			if node < 0 {
				break
			}
			id := u.value[node]
			if id < 0 {
				continue
			}
			p := &m.proto.Pieces[id]
			if p.Type == Unused {
				continue
			}
			length := k + 1 - start
			var score float64
			if p.Type == UserDefined {
				score = float64(float32(length)*u.maxScore) - 0.1
			} else {
				score = float64(p.Score)
			}
			cand := score + float64(till)
			t := &best[k+1]
			if t.start == -1 || cand > float64(t.score) {
				t.score, t.start, t.pieceID = float32(cand), int32(start), id
			}
			if length == mblen {
				single = true
			}
		}
		if !single {
			t := &best[start+mblen]
			cand := unkScore + till
			if t.start == -1 || cand > t.score {
				t.score, t.start, t.pieceID = cand, int32(start), int32(m.unk)
			}
		}
		start += mblen
	}
	segs := st.segs[:0]
	for end := n; end > 0; end = int(best[end].start) {
		segs = append(segs, segment{start: best[end].start, end: int32(end), id: best[end].pieceID})
	}
	for i, j := 0, len(segs)-1; i < j; i, j = i+1, j-1 {
		segs[i], segs[j] = segs[j], segs[i]
	}
	st.best, st.segs = best, segs
}
