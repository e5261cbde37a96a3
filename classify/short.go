package classify

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unsafe"

	"github.com/pemistahl/lingua-go"
	"google.golang.org/protobuf/encoding/protowire"
)

// Short samples (under 120 letters) are where plain lingua scores 1- to
// 5-grams, and where its high-accuracy models, held as Go maps of strings,
// cost ~2 GB of heap once every language has been seen. ModeFast gives the
// same answer with ~10× less memory:
//
//   - lingua's model files (embedded in lingua-go) are read once per
//     language into compact tables: the 64-bit hash of each n-gram, sorted,
//     with the index of its probability (lingua stores each distinct
//     probability once, with the n-grams that have it). No pointers, so the
//     garbage collector does not scan them.
//   - For each short sample, lingua's own high-accuracy detector runs over
//     every candidate, but the 1-, 2-, 4- and 5-gram maps it reads hold only
//     the n-grams of that sample, looked up in the tables and put in place of
//     lingua's lazily loaded maps for the duration of the call. lingua's
//     rule engine, n-gram scoring and confidence are thus lingua's own code;
//     the trigram maps are the ones the low-accuracy detector preloaded.
//
// lingua keeps those maps in package-level sync.Maps, reached here through
// go:linkname (TestExactShortMatchesLingua fails if a lingua update changes
// them). A call swaps them, so calls are serialized by linguaModelsMu, which
// the plain-lingua path (ModeLingua) holds for reading: a map lingua loaded
// itself is complete and is left in place.
//
// The lookup is exact except that an n-gram missing from a model whose
// 64-bit hash equals that of an n-gram in the model would be given that
// n-gram's probability: with FNV-1a finished by a 64-bit mixer, about 10⁻¹³
// per lookup. Two n-grams of one model with one hash are detected on loading
// and kept by their text (exactTable.clash).

//go:linkname linguaUnigrams github.com/pemistahl/lingua-go.unigramModels
var linguaUnigrams sync.Map

//go:linkname linguaBigrams github.com/pemistahl/lingua-go.bigramModels
var linguaBigrams sync.Map

//go:linkname linguaQuadrigrams github.com/pemistahl/lingua-go.quadrigramModels
var linguaQuadrigrams sync.Map

//go:linkname linguaFivegrams github.com/pemistahl/lingua-go.fivegramModels
var linguaFivegrams sync.Map

// linguaModelData returns the protobuf model of one language and n-gram
// order from lingua's embedded files (nil if there is none).
//
//go:linkname linguaModelData github.com/pemistahl/lingua-go.loadProtobufData
func linguaModelData(language lingua.Language, ngramLength int) []byte

// linguaModelsMu serializes the swapping of lingua's model maps (writers)
// against plain high-accuracy lingua calls (readers).
var linguaModelsMu sync.RWMutex

// linguaMaps are lingua's maps of n-grams of length 1 to 5; nil for
// trigrams, which are preloaded by the low-accuracy detector and read as
// they are.
func linguaMaps() [5]*sync.Map {
	return [5]*sync.Map{&linguaUnigrams, &linguaBigrams, nil, &linguaQuadrigrams, &linguaFivegrams}
}

// exactTable is one lingua model (a language and an n-gram order).
type exactTable struct {
	keys  []uint64  // n-gram hashes, ascending
	set   []uint32  // keys[i]'s probability is probs[set[i]]
	dir   []uint32  // keys[dir[b]:dir[b+1]] have hash>>shift == b
	shift uint      // 64 - log2(len(dir)-1)
	probs []float64 // lingua's probabilities, as stored
	clash map[string]float64
}

// ngramHash is FNV-1a 64 with a final mixer (the top bits index dir).
func ngramHash[T string | []byte](s T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// walkModel reads a lingua model (serialization.SerializableLanguageModel
// in protobuf wire format) without building it: set is called for each
// n-gram set with its probability, then gram for each of its n-grams.
// Fields other than ngram_sets (4) and, within a set, probability (1) and
// ngrams (2) are skipped.
func walkModel(data []byte, set func(p float64), gram func(g []byte)) error {
	for len(data) > 0 {
		num, typ, n := protowire.ConsumeTag(data)
		if n < 0 {
			return protowire.ParseError(n)
		}
		data = data[n:]
		if num != 4 || typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, data); n < 0 {
				return protowire.ParseError(n)
			}
			data = data[n:]
			continue
		}
		msg, n := protowire.ConsumeBytes(data)
		if n < 0 {
			return protowire.ParseError(n)
		}
		data = data[n:]
		// Two passes over the set: its probability, then its n-grams
		// (serialized after it by lingua, but the format does not promise it).
		p := 0.0 // proto3: an absent probability is 0
		for pass := range 2 {
			for m := msg; len(m) > 0; {
				num, typ, n := protowire.ConsumeTag(m)
				if n < 0 {
					return protowire.ParseError(n)
				}
				m = m[n:]
				switch {
				case num == 1 && typ == protowire.Fixed64Type:
					v, n := protowire.ConsumeFixed64(m)
					if n < 0 {
						return protowire.ParseError(n)
					}
					p, m = math.Float64frombits(v), m[n:]
				case num == 2 && typ == protowire.BytesType:
					g, n := protowire.ConsumeBytes(m)
					if n < 0 {
						return protowire.ParseError(n)
					}
					if pass == 1 {
						gram(g)
					}
					m = m[n:]
				default:
					n := protowire.ConsumeFieldValue(num, typ, m)
					if n < 0 {
						return protowire.ParseError(n)
					}
					m = m[n:]
				}
			}
			if pass == 0 {
				set(p)
			}
		}
	}
	return nil
}

// newExactTable builds the table of one lingua model (protobuf data).
func newExactTable(data []byte) (*exactTable, error) {
	n, sets := 0, 0
	if err := walkModel(data, func(float64) { sets++ }, func([]byte) { n++ }); err != nil {
		return nil, err
	}
	logDir := bits.Len(uint(n / 4)) // about 4 keys a bucket
	t := newExactTableMem(n, sets, 1<<logDir+1)
	t.shift = uint(64 - logDir)
	// Counting sort by bucket: first the bucket sizes, then the keys.
	walkModel(data, func(float64) {}, func(g []byte) { t.dir[t.bucket(ngramHash(g))+1]++ })
	for b := 1; b < len(t.dir); b++ {
		t.dir[b] += t.dir[b-1]
	}
	next := slices.Clone(t.dir[:len(t.dir)-1])
	sets = 0
	walkModel(data, func(p float64) { t.probs[sets] = p; sets++ }, func(g []byte) {
		h := ngramHash(g)
		b := t.bucket(h)
		j := next[b]
		next[b]++
		// Insertion sort within the bucket (about 4 keys).
		for j > t.dir[b] && t.keys[j-1] > h {
			t.keys[j], t.set[j] = t.keys[j-1], t.set[j-1]
			j--
		}
		t.keys[j], t.set[j] = h, uint32(sets-1)
	})
	var clash map[uint64]bool
	for i := 1; i < n; i++ {
		if t.keys[i] == t.keys[i-1] {
			if clash == nil {
				clash = map[uint64]bool{}
			}
			clash[t.keys[i]] = true
		}
	}
	if clash != nil {
		t.moveClashes(data, clash)
	}
	return t, nil
}

// newExactTableMem allocates the arrays of a table of n n-grams, sets
// probabilities and a directory of dir entries, outside the Go heap if it
// can (offHeap): they are kept for the life of the process.
func newExactTableMem(n, sets, dir int) *exactTable {
	size := 8*n + 8*sets + 4*n + 4*dir // 8-byte arrays first: aligned
	mem := offHeap(size)
	if mem == nil {
		return &exactTable{keys: make([]uint64, n), probs: make([]float64, sets), set: make([]uint32, n), dir: make([]uint32, dir)}
	}
	p := unsafe.Pointer(unsafe.SliceData(mem))
	return &exactTable{
		keys:  unsafe.Slice((*uint64)(p), n),
		probs: unsafe.Slice((*float64)(unsafe.Add(p, 8*n)), sets),
		set:   unsafe.Slice((*uint32)(unsafe.Add(p, 8*n+8*sets)), n),
		dir:   unsafe.Slice((*uint32)(unsafe.Add(p, 12*n+8*sets)), dir),
	}
}

// moveClashes keeps the n-grams that share a hash by their text, and drops
// their hash from keys.
func (t *exactTable) moveClashes(data []byte, clash map[uint64]bool) {
	t.clash = map[string]float64{}
	p := 0.0
	walkModel(data, func(q float64) { p = q }, func(g []byte) {
		if clash[ngramHash(g)] {
			t.clash[string(g)] = p
		}
	})
	keys, set := t.keys[:0], t.set[:0]
	for b := 0; b+1 < len(t.dir); b++ {
		start := len(keys)
		for i := t.dir[b]; i < t.dir[b+1]; i++ {
			if !clash[t.keys[i]] {
				keys, set = append(keys, t.keys[i]), append(set, t.set[i])
			}
		}
		t.dir[b] = uint32(start)
	}
	t.dir[len(t.dir)-1] = uint32(len(keys))
	t.keys, t.set = keys, set
}

func (t *exactTable) bucket(h uint64) uint64 { return h >> t.shift } // 0 when shift is 64

// lookup returns lingua's probability of n-gram g (hash h), or 0.
func (t *exactTable) lookup(g string, h uint64) float64 {
	if t.clash != nil {
		if p, ok := t.clash[g]; ok {
			return p
		}
	}
	b := t.bucket(h)
	for i := t.dir[b]; i < t.dir[b+1]; i++ {
		if k := t.keys[i]; k >= h {
			if k == h {
				return t.probs[t.set[i]]
			}
			break
		}
	}
	return 0
}

func (t *exactTable) bytes() int {
	return 8*len(t.keys) + 4*len(t.set) + 4*len(t.dir) + 8*len(t.probs)
}

// exactTables holds the tables of each language, loaded on first use and
// kept for the life of the process (as lingua keeps its maps).
var exactTables sync.Map // lingua.Language → *exactLang

type exactLang struct {
	once   sync.Once
	tables [5]*exactTable // n-grams of length 1 to 5; nil if lingua has no such model
	err    error
}

func exactTablesOf(g lingua.Language) ([5]*exactTable, error) {
	v, _ := exactTables.LoadOrStore(g, &exactLang{})
	e := v.(*exactLang)
	e.once.Do(func() {
		for i := range e.tables {
			n := i + 1
			data := linguaModelData(g, n)
			if data == nil {
				continue
			}
			t, err := newExactTable(data)
			if err != nil {
				e.err = fmt.Errorf("classify: lingua's %d-gram model of %v: %w", n, g, err)
				return
			}
			e.tables[i] = t
		}
	})
	return e.tables, e.err
}

// loadExactTables loads the tables of langs, GOMAXPROCS languages at a
// time (all 75 take ~280 MB and several CPU-seconds, once per process).
func loadExactTables(langs []lingua.Language) error {
	errs := make([]error, len(langs))
	next := make(chan int, len(langs))
	for i := range langs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(langs)) {
		wg.Go(func() {
			for i := range next {
				_, errs[i] = exactTablesOf(langs[i])
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// exactGram is an n-gram of a short text with its hash and, from bigrams
// on, the indices of its prefix and suffix one letter shorter among the
// text's n-grams of that length.
type exactGram struct {
	g        string
	h        uint64
	pre, suf int32
}

// exactGrams are the distinct 1- to 5-grams of the runs of letters of the
// lower-cased text, by length: a superset of the n-grams lingua looks up
// (it also cuts words at each Han, Hangul and kana letter).
type exactGrams [5][]exactGram

func newExactGrams(text string) *exactGrams {
	var out exactGrams
	runes := []rune(strings.ToLower(text))
	var index [5]map[string]int32
	for o := range index {
		index[o] = map[string]int32{}
	}
	for start := 0; start < len(runes); {
		if !unicode.IsLetter(runes[start]) {
			start++
			continue
		}
		end := start
		for end < len(runes) && unicode.IsLetter(runes[end]) {
			end++
		}
		for o := range out {
			n := o + 1
			for i := start; i+n <= end; i++ {
				g := string(runes[i : i+n])
				if _, ok := index[o][g]; ok {
					continue
				}
				x := exactGram{g: g, h: ngramHash(g), pre: -1, suf: -1}
				if o > 0 {
					x.pre = index[o-1][string(runes[i:i+n-1])]
					x.suf = index[o-1][string(runes[i+1:i+n])]
				}
				index[o][g] = int32(len(out[o]))
				out[o] = append(out[o], x)
			}
		}
		start = end
	}
	return &out
}

// emptyModel is the map lingua reads for a language and length with none of
// the text's n-grams. lingua only reads it.
var emptyModel = map[string]float64{}

// smallModels returns the maps of one language (its tables by length) that
// hold the n-grams of grams lingua knows for it, for lengths 1, 2, 4 and 5.
// An n-gram is looked up only if its prefix and suffix one letter shorter
// are in the language's models: in every model of lingua v1.4.0 they are
// (TestExactModelsClosed), as lingua's probability of an n-gram is its
// count over its prefix's.
func smallModels(tables [5]*exactTable, grams *exactGrams) [5]map[string]float64 {
	var out [5]map[string]float64
	var hit [5][]bool
	for o, t := range tables {
		hit[o] = make([]bool, len(grams[o]))
		var m map[string]float64
		if t != nil {
			for i, x := range grams[o] {
				if o > 0 && !(hit[o-1][x.pre] && hit[o-1][x.suf]) {
					continue
				}
				p := t.lookup(x.g, x.h)
				if p <= 0 {
					continue
				}
				hit[o][i] = true
				if o != 2 { // lingua's trigram maps are read as they are
					if m == nil {
						m = make(map[string]float64, len(grams[o]))
					}
					m[x.g] = p
				}
			}
		}
		if m == nil {
			m = emptyModel // never nil: lingua would load its own
		}
		out[o] = m
	}
	return out
}

// exactLingua is det.ComputeLanguageConfidenceValues(text) for a
// high-accuracy detector det over langs, with lingua's 1-, 2-, 4- and 5-gram
// maps reduced to the n-grams of text. The trigram maps of langs must be
// loaded (the low-accuracy detector preloads them).
func exactLingua(det lingua.LanguageDetector, langs []lingua.Language, text string) ([]lingua.ConfidenceValue, error) {
	if err := loadExactTables(langs); err != nil {
		return nil, err
	}
	grams := newExactGrams(text)
	small := make([][5]map[string]float64, len(langs))
	for i, g := range langs {
		tables, _ := exactTablesOf(g)
		small[i] = smallModels(tables, grams)
	}
	linguaModelsMu.Lock()
	defer linguaModelsMu.Unlock()
	maps := linguaMaps()
	var swapped []struct {
		m *sync.Map
		g lingua.Language
	}
	for i, g := range langs {
		for o, m := range maps {
			if m == nil {
				continue
			}
			if _, loaded := m.LoadOrStore(g, small[i][o]); !loaded {
				swapped = append(swapped, struct {
					m *sync.Map
					g lingua.Language
				}{m, g})
			}
		}
	}
	vals := det.ComputeLanguageConfidenceValues(text)
	for _, s := range swapped {
		s.m.Delete(s.g)
	}
	return vals, nil
}

// exactBytes is the memory of the tables loaded so far.
func exactBytes() int {
	n := 0
	exactTables.Range(func(_, v any) bool {
		for _, t := range v.(*exactLang).tables {
			if t != nil {
				n += t.bytes()
			}
		}
		return true
	})
	return n
}

// shortSample is plain lingua's answer on a sample under 120 letters: its
// high-accuracy detector over every candidate, on the compact tables.
func (l *LangID) shortSample(sample string) LangResult {
	vals, err := exactLingua(l.full, l.langs, sample)
	if err != nil {
		// lingua's embedded model did not decode: lingua itself panics
		// there. Fall back to its trigrams, which did load.
		return l.lingua(l.low, sample)
	}
	return linguaResult(vals)
}
