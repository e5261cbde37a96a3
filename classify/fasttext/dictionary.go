package fasttext

import "fmt"

// EOS is the token fastText reads for a newline (dictionary.cc: EOS "</s>").
const EOS = "</s>"

// fastText's word-boundary markers for character n-grams (dictionary.cc
// BOW "<", EOW ">").
const (
	bow = '<'
	eow = '>'
)

// maxVocabSize is dictionary.h MAX_VOCAB_SIZE: while counting, the vocabulary
// is pruned (minimum count raised by one) whenever it grows past 75% of it.
const maxVocabSize = 30000000

// Hash is fastText's word hash (dictionary.cc Dictionary::hash): 32-bit
// FNV-1a, except that each byte is sign-extended before the xor, as
// fastText's released models were built with a signed char. ASCII words
// hash as in FNV-1a; bytes >= 0x80 xor 0xffffff00|b instead of b.
func Hash(word []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range word {
		h ^= uint32(int32(int8(c)))
		h *= 16777619
	}
	return h
}

// hashString is Hash for a string, without a conversion.
func hashString(word string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(word); i++ {
		h ^= uint32(int32(int8(word[i])))
		h *= 16777619
	}
	return h
}

// isSpace reports whether fastText's readWord ends a word at c: the bytes
// ' ' \n \r \t \v \f and NUL. Other whitespace (U+00A0, U+2028, ...) is part
// of a word.
func isSpace(c byte) bool {
	switch c {
	case ' ', '\n', '\r', '\t', '\v', '\f', 0:
		return true
	}
	return false
}

// entryType is dictionary.h entry_type (int8: word = 0, label = 1).
type entryType int8

const (
	typeWord  entryType = 0
	typeLabel entryType = 1
)

type entry struct {
	word     string
	count    int64
	typ      entryType
	subwords []int32 // the word's own id then its char n-gram ids (initNgrams)
}

// Dictionary is fastText's vocabulary: words first, then labels, each
// sorted by decreasing count; ids index the input matrix (words) and the
// output matrix (labels, id - nwords). It is read-only once built.
type Dictionary struct {
	words   []entry
	nwords  int32
	nlabels int32
	ntokens int64
	// pruneIdx maps a char or word n-gram bucket to its row among the kept
	// n-grams of a quantized, pruned model; pruneSize is -1 when the model
	// was not pruned and 0 when every n-gram was (dictionary.cc pruneidx_).
	pruneIdx  map[int32]int32
	pruneSize int64

	// table is an open-addressing index of words by hash (linear probing),
	// -1 for an empty slot; its size is a power of two.
	table []int32
	mask  uint32

	label              string // label prefix
	bucket, minn, maxn int32
	wordNgrams         int32
}

func newDictionary(a *Args) *Dictionary {
	return &Dictionary{
		pruneSize:  -1,
		label:      a.Label,
		bucket:     int32(a.Bucket),
		minn:       int32(a.Minn),
		maxn:       int32(a.Maxn),
		wordNgrams: int32(a.WordNgrams),
	}
}

// NWords is the number of words (ids 0..NWords-1).
func (d *Dictionary) NWords() int { return int(d.nwords) }

// NLabels is the number of labels.
func (d *Dictionary) NLabels() int { return int(d.nlabels) }

// NTokens is the number of tokens of the training data (labels and EOS
// included), as stored in the model.
func (d *Dictionary) NTokens() int64 { return d.ntokens }

// Word returns the word or label with id i.
func (d *Dictionary) Word(i int) string { return d.words[i].word }

// Count returns how often the entry with id i occurred in the training data.
func (d *Dictionary) Count(i int) int64 { return d.words[i].count }

// Label returns label number i (0..NLabels-1).
func (d *Dictionary) Label(i int) string { return d.words[int(d.nwords)+i].word }

// ID returns the id of word, or -1.
func (d *Dictionary) ID(word string) int {
	return int(d.lookupString(word, hashString(word)))
}

// rebuildTable indexes d.words in a fresh table at most half full.
func (d *Dictionary) rebuildTable(minEntries int) {
	size := 1024
	for size < 2*minEntries {
		size <<= 1
	}
	if len(d.table) != size {
		d.table = make([]int32, size)
	}
	for i := range d.table {
		d.table[i] = -1
	}
	d.mask = uint32(size - 1)
	for i := range d.words {
		d.table[d.slotString(d.words[i].word, hashString(d.words[i].word))] = int32(i)
	}
}

// slot returns the table slot of w: its entry's or the empty one it would take.
func (d *Dictionary) slot(w []byte, h uint32) uint32 {
	i := h & d.mask
	for {
		id := d.table[i]
		if id < 0 || d.words[id].word == string(w) {
			return i
		}
		i = (i + 1) & d.mask
	}
}

func (d *Dictionary) slotString(w string, h uint32) uint32 {
	i := h & d.mask
	for {
		id := d.table[i]
		if id < 0 || d.words[id].word == w {
			return i
		}
		i = (i + 1) & d.mask
	}
}

// lookup returns the id of w (hash h), or -1.
func (d *Dictionary) lookup(w []byte, h uint32) int32 {
	return d.table[d.slot(w, h)]
}

func (d *Dictionary) lookupString(w string, h uint32) int32 {
	return d.table[d.slotString(w, h)]
}

func (d *Dictionary) typeOf(w []byte) entryType {
	if len(w) >= len(d.label) && string(w[:len(d.label)]) == d.label {
		return typeLabel
	}
	return typeWord
}

// add counts one occurrence of w (dictionary.cc Dictionary::add).
func (d *Dictionary) add(w []byte) {
	d.ntokens++
	h := Hash(w)
	s := d.slot(w, h)
	if id := d.table[s]; id >= 0 {
		d.words[id].count++
		return
	}
	d.words = append(d.words, entry{word: string(w), count: 1, typ: d.typeOf(w)})
	d.table[s] = int32(len(d.words) - 1)
	if len(d.words)*2 > len(d.table) {
		d.rebuildTable(len(d.words))
	}
}

// threshold drops words seen fewer than t times and labels seen fewer than
// tl times, and sorts the rest: words before labels, each by decreasing
// count (dictionary.cc Dictionary::threshold). The sort is libstdc++'s
// std::sort, which is not stable: words with equal counts end up in the
// order fastText gives them, so both assign the same ids.
func (d *Dictionary) threshold(t, tl int64) {
	stdSort(d.words, func(a, b entry) bool {
		if a.typ != b.typ {
			return a.typ < b.typ
		}
		return a.count > b.count
	})
	kept := d.words[:0]
	for _, e := range d.words {
		if (e.typ == typeWord && e.count < t) || (e.typ == typeLabel && e.count < tl) {
			continue
		}
		kept = append(kept, e)
	}
	d.words = kept[:len(kept):len(kept)]
	d.nwords, d.nlabels = 0, 0
	for _, e := range d.words {
		if e.typ == typeWord {
			d.nwords++
		} else {
			d.nlabels++
		}
	}
	d.rebuildTable(len(d.words))
}

// initNgrams computes each entry's subword list (dictionary.cc initNgrams).
func (d *Dictionary) initNgrams() {
	var buf []byte
	for i := range d.words {
		e := &d.words[i]
		e.subwords = append(e.subwords[:0], int32(i))
		if e.word != EOS {
			buf = append(append(append(buf[:0], bow), e.word...), eow)
			e.subwords = d.computeSubwords(buf, e.subwords)
		}
	}
}

// computeSubwords appends the ids of the char n-grams of word (already
// wrapped in "<" ">"): every run of minn..maxn UTF-8 characters except the
// single-character ones at either edge, hashed into the buckets
// (dictionary.cc computeSubwords). Characters are found by their lead bytes
// (b & 0xC0 != 0x80), so invalid UTF-8 is cut exactly as fastText cuts it.
func (d *Dictionary) computeSubwords(word []byte, ids []int32) []int32 {
	if d.maxn <= 0 || d.bucket <= 0 {
		return ids
	}
	for i := 0; i < len(word); i++ {
		if word[i]&0xC0 == 0x80 {
			continue
		}
		h := uint32(2166136261)
		j := i
		for n := int32(1); j < len(word) && n <= d.maxn; n++ {
			h = (h ^ uint32(int32(int8(word[j])))) * 16777619
			j++
			for j < len(word) && word[j]&0xC0 == 0x80 {
				h = (h ^ uint32(int32(int8(word[j])))) * 16777619
				j++
			}
			if n >= d.minn && !(n == 1 && (i == 0 || j == len(word))) {
				ids = d.pushHash(ids, int32(h%uint32(d.bucket)))
			}
		}
	}
	return ids
}

// pushHash appends the input row of n-gram bucket id, through the pruning
// map of a pruned model (dictionary.cc pushHash).
func (d *Dictionary) pushHash(ids []int32, id int32) []int32 {
	if d.pruneSize == 0 || id < 0 {
		return ids
	}
	if d.pruneSize > 0 {
		j, ok := d.pruneIdx[id]
		if !ok {
			return ids
		}
		id = j
	}
	return append(ids, d.nwords+id)
}

// addWordNgrams appends the bucket rows of the word n-grams of lengths
// 2..wordNgrams over the word hashes of a line (dictionary.cc
// addWordNgrams). The hashes are kept as int32 and widened with sign
// extension into the uint64 rolling hash, as fastText does.
func (d *Dictionary) addWordNgrams(ids []int32, hashes []int32) []int32 {
	n := int(d.wordNgrams)
	for i := range hashes {
		h := uint64(int64(hashes[i]))
		for j := i + 1; j < len(hashes) && j < i+n; j++ {
			h = h*116049371 + uint64(int64(hashes[j]))
			ids = d.pushHash(ids, int32(h%uint64(d.bucket)))
		}
	}
	return ids
}

// lineScratch holds the buffers of one line's features.
type lineScratch struct {
	words  []int32
	labels []int32
	hashes []int32
	wrap   []byte
}

// addToken adds the features of one token of a line (dictionary.cc
// getLine, supervised form): a known word gives its id (and its char
// n-grams when maxn > 0), an unknown word only its char n-grams, a known
// label its label index; unknown labels are dropped.
func (d *Dictionary) addToken(tok []byte, s *lineScratch) {
	h := Hash(tok)
	wid := d.lookup(tok, h)
	typ := typeWord
	if wid >= 0 {
		typ = d.words[wid].typ
	} else {
		typ = d.typeOf(tok)
	}
	switch typ {
	case typeWord:
		switch {
		case wid >= 0 && d.maxn <= 0:
			s.words = append(s.words, wid)
		case wid >= 0:
			s.words = append(s.words, d.words[wid].subwords...)
		case string(tok) != EOS:
			s.wrap = append(append(append(s.wrap[:0], bow), tok...), eow)
			s.words = d.computeSubwords(s.wrap, s.words)
		}
		s.hashes = append(s.hashes, int32(h))
	case typeLabel:
		if wid >= 0 {
			s.labels = append(s.labels, wid-d.nwords)
		}
	}
}

// readLine reads the features and labels of the next line of wr into s and
// returns its number of tokens, labels and unknown words included
// (Dictionary::getLine, supervised form: the line ends after EOS or at the
// end of the stream).
func (d *Dictionary) readLine(wr *wordReader, s *lineScratch) int64 {
	s.words, s.labels, s.hashes = s.words[:0], s.labels[:0], s.hashes[:0]
	n := int64(0)
	for {
		tok, ok := wr.next()
		if !ok {
			break
		}
		n++
		d.addToken(tok, s)
		if isEOS(tok) {
			break
		}
	}
	d.finishLine(s)
	return n
}

// finishLine appends the word n-grams once a line's tokens are in.
func (d *Dictionary) finishLine(s *lineScratch) {
	if d.wordNgrams > 1 {
		s.words = d.addWordNgrams(s.words, s.hashes)
	}
}

// lineFeatures tokenizes text as fastText reads one line of it: words split
// on isSpace bytes, and the line ends at the first '\n' (read as EOS) or
// at a literal "</s>" token; a text with neither gets the EOS a final '\n'
// would give, as the Python binding's predict appends "\n".
func (d *Dictionary) lineFeatures(text string, s *lineScratch) {
	s.words, s.labels, s.hashes = s.words[:0], s.labels[:0], s.hashes[:0]
	defer d.finishLine(s)
	start := -1
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !isSpace(c) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			tok := text[start:i]
			d.addToken(unsafeBytes(tok), s)
			if tok == EOS {
				return
			}
			start = -1
		}
		if c == '\n' {
			d.addToken(eosBytes, s)
			return
		}
	}
	if start >= 0 {
		tok := text[start:]
		d.addToken(unsafeBytes(tok), s)
		if tok == EOS {
			return
		}
	}
	d.addToken(eosBytes, s)
}

var eosBytes = []byte(EOS)

// check verifies that every input row a line can produce is below rows and
// every label below outRows, so a model file cannot make Predict index out
// of range.
func (d *Dictionary) check(rows, outRows int64) error {
	if int64(d.nwords)+int64(d.nlabels) != int64(len(d.words)) {
		return fmt.Errorf("dictionary: %d words + %d labels != %d entries", d.nwords, d.nlabels, len(d.words))
	}
	ngrams := int64(d.bucket)
	if d.pruneSize >= 0 {
		ngrams = d.pruneSize
		for _, v := range d.pruneIdx {
			if v < 0 || int64(v) >= d.pruneSize {
				return fmt.Errorf("dictionary: pruned n-gram row %d out of range [0,%d)", v, d.pruneSize)
			}
		}
	}
	if d.maxn <= 0 && d.wordNgrams <= 1 {
		ngrams = 0
	} else if d.bucket <= 0 && d.pruneSize != 0 {
		return fmt.Errorf("dictionary: n-grams (maxn %d, wordNgrams %d) with bucket %d", d.maxn, d.wordNgrams, d.bucket)
	}
	if int64(d.nwords)+ngrams > rows {
		return fmt.Errorf("input matrix has %d rows, dictionary needs %d words + %d n-gram rows", rows, d.nwords, ngrams)
	}
	if int64(d.nlabels) > outRows {
		return fmt.Errorf("output matrix has %d rows for %d labels", outRows, d.nlabels)
	}
	return nil
}
