package classify

import (
	"archive/zip"
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/ccnet-go/ccnet/internal/fmix"

	"github.com/klauspost/compress/flate"

	"github.com/pemistahl/lingua-go"
	"google.golang.org/protobuf/encoding/protowire"
)

// lingua's models are Go maps of strings, ~2 GB of heap once every
// language's high-accuracy models are loaded, nearly all of it in the 4- and
// 5-gram models. ModeFast reads lingua's model files (embedded in
// lingua-go) once into one compact table per n-gram length: for each n-gram
// and each language that has it, the n-gram's 64-bit hash and the index of
// its probability (lingua stores each distinct probability once, with the
// n-grams that have it), sorted by hash, so one lookup finds every
// language. The tables live outside the Go heap (offHeap): the garbage
// collector neither scans nor counts them. trigram.go scores texts on them
// as lingua does; lingua's own maps are never loaded.
//
// The lookup is exact except that an n-gram missing from a model whose
// 64-bit hash equals that of an n-gram in the model would be given that
// n-gram's probability: with FNV-1a finished by a 64-bit mixer, about 10⁻¹³
// per lookup. Two n-grams of one language with one hash are detected on
// loading and kept by their text (exactTable.clash).

// linguaModelFiles are lingua's embedded model files.
//
//go:linkname linguaModelFiles github.com/pemistahl/lingua-go.languageModels
var linguaModelFiles embed.FS

// linguaModelData returns lingua's model of one language and n-gram length
// (protobuf data), nil if lingua has none. It reads the file lingua's own
// loader reads, with klauspost's faster inflater, into a buffer of exactly
// its size outside the Go heap if it can (the caller calls free when done):
// the models are held only while a table is built, and on the heap they
// would raise the collector's target by as much again.
func linguaModelData(language lingua.Language, ngramLength int) (data []byte, free func(), err error) {
	free = func() {}
	names := [...]string{"", "unigram", "bigram", "trigram", "quadrigram", "fivegram"}
	name := fmt.Sprintf("language-models/%s/%ss.pb.bin.zip", strings.ToLower(language.IsoCode639_1().String()), names[ngramLength])
	zipped, err := linguaModelFiles.ReadFile(name)
	if err != nil {
		return nil, free, nil // lingua has no such model (its single-script languages have unigrams only)
	}
	z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil || len(z.File) != 1 {
		return nil, free, fmt.Errorf("lingua's %s: not a zip of one file (%v)", name, err)
	}
	z.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	f, err := z.File[0].Open()
	if err != nil {
		return nil, free, fmt.Errorf("lingua's %s: %w", name, err)
	}
	defer f.Close()
	size := int(z.File[0].UncompressedSize64)
	if data = offHeap(size); data != nil {
		free = func() { freeOffHeap(data) }
	} else {
		data = make([]byte, size)
	}
	if _, err := io.ReadFull(f, data); err != nil {
		free()
		return nil, func() {}, fmt.Errorf("lingua's %s: %w", name, err)
	}
	return data, free, nil
}

// lowerLengths are the n-gram lengths of the tables built with a LangID;
// upperLengths are built on the first text lingua would score on 4- and
// 5-grams (high accuracy, under 120 letters).
var (
	lowerLengths = []int{1, 2, 3}
	upperLengths = []int{4, 5}
)

// exactTable holds lingua's models of n-grams of one length for a set of
// languages: one entry per n-gram and language, sorted by the n-gram's hash,
// so that one lookup finds every language that knows an n-gram.
type exactTable struct {
	keys  []uint64            // n-gram hashes, ascending; one per language that has the n-gram
	post  []uint32            // language index<<postShift | index of the probability
	dir   []uint32            // keys[dir[b]:dir[b+1]] have hash>>shift == b
	shift uint                // 64 - log2(len(dir)-1)
	probs [][]float64         // by language index: lingua's probabilities as stored (one per n-gram set)
	clash map[string][]uint32 // postings of the n-grams whose hash two n-grams of one language share, by text
}

// postShift: a posting keeps the probability index in its low 25 bits
// (newExactTable checks that no model has more distinct probabilities) and
// the language index above.
const postShift = 25

// ngramHash is FNV-1a 64 through murmur3's finalizer (the top bits index
// dir).
func ngramHash[T string | []byte](s T) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return fmix.Fmix64(h)
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

// newExactTable builds the table of one n-gram length from the models of
// each language (protobuf data, nil if the language has none).
func newExactTable(models [][]byte) (*exactTable, error) {
	sets := make([]int, len(models))
	n := 0
	for i, data := range models {
		if err := walkModel(data, func(float64) { sets[i]++ }, func([]byte) { n++ }); err != nil {
			return nil, fmt.Errorf("language %d: %w", i, err)
		}
		if sets[i] >= 1<<postShift {
			return nil, fmt.Errorf("language %d: %d distinct probabilities", i, sets[i])
		}
	}
	logDir := bits.Len(uint(n / 4)) // about 4 keys a bucket
	t := newExactTableMem(n, sets, 1<<logDir+1)
	t.shift = uint(64 - logDir)
	t.fill(models)
	// Two n-grams of one language with one hash would be confused: keep
	// them by their text. (None in lingua v1.4.0's models.)
	var clash map[uint64]bool
	for i := 0; i < n; {
		j := i + 1
		for j < n && t.keys[j] == t.keys[i] {
			j++
		}
		for k := i + 1; k < j; k++ {
			if slices.ContainsFunc(t.post[i:k], func(p uint32) bool { return p>>postShift == t.post[k]>>postShift }) {
				if clash == nil {
					clash = map[uint64]bool{}
				}
				clash[t.keys[i]] = true
			}
		}
		i = j
	}
	if clash != nil {
		t.moveClashes(models, clash)
	}
	return t, nil
}

// fill puts the n-grams of models in t.keys and t.post, sorted by hash,
// and fills t.dir and t.probs. The tables are too large for random writes
// to be cheap, so it sorts in two steps: first by the top bits of the hash
// into up to 256 partitions (as many write streams; one pass over the
// models to count, one to place), then each partition, small enough for the
// cache, by bucket, with an insertion sort within each bucket.
func (t *exactTable) fill(models [][]byte) {
	n, logDir := len(t.keys), 64-int(t.shift)
	pbits := min(8, logDir)
	part := func(h uint64) uint64 { return h >> (64 - pbits) } // 0 when pbits is 0
	start := make([]int, 1<<pbits+1)
	for _, data := range models {
		walkModel(data, func(float64) {}, func(g []byte) { start[part(ngramHash(g))+1]++ })
	}
	for p := 1; p < len(start); p++ {
		start[p] += start[p-1]
	}
	next := slices.Clone(start[:len(start)-1])
	for li, data := range models {
		set := 0
		walkModel(data, func(p float64) { t.probs[li][set] = p; set++ }, func(g []byte) {
			h := ngramHash(g)
			k := next[part(h)]
			next[part(h)]++
			t.keys[k], t.post[k] = h, uint32(li)<<postShift|uint32(set-1)
		})
	}
	perPart := 1 << (logDir - pbits) // buckets per partition
	var tk []uint64
	var tp []uint32
	for p := range 1 << pbits {
		keys, post := t.keys[start[p]:start[p+1]], t.post[start[p]:start[p+1]]
		dir := t.dir[p*perPart : (p+1)*perPart+1]
		clear(dir)
		first := uint64(p * perPart)
		for _, h := range keys {
			dir[t.bucket(h)-first+1]++
		}
		dir[0] = uint32(start[p])
		for b := 1; b < len(dir); b++ {
			dir[b] += dir[b-1]
		}
		tk, tp = append(tk[:0], keys...), append(tp[:0], post...)
		fill := slices.Clone(dir[:perPart])
		for i, h := range tk {
			b := t.bucket(h) - first
			j := int(fill[b]) - start[p]
			fill[b]++
			for j > int(dir[b])-start[p] && keys[j-1] > h {
				keys[j], post[j] = keys[j-1], post[j-1]
				j--
			}
			keys[j], post[j] = h, tp[i]
		}
	}
	t.dir[len(t.dir)-1] = uint32(n)
}

// newExactTableMem allocates the arrays of a table of n entries, sets[i]
// probabilities of language i and a directory of dir entries, outside the
// Go heap if it can (offHeap): they are kept for the life of the process.
func newExactTableMem(n int, sets []int, dir int) *exactTable {
	total := 0
	for _, s := range sets {
		total += s
	}
	t := &exactTable{probs: make([][]float64, len(sets))}
	mem := offHeap(8*n + 8*total + 4*n + 4*dir) // 8-byte arrays first: aligned
	if mem == nil {
		t.keys, t.post, t.dir = make([]uint64, n), make([]uint32, n), make([]uint32, dir)
		for i, s := range sets {
			t.probs[i] = make([]float64, s)
		}
		return t
	}
	p := unsafe.Pointer(unsafe.SliceData(mem))
	t.keys = unsafe.Slice((*uint64)(p), n)
	off := 8 * n
	for i, s := range sets {
		t.probs[i] = unsafe.Slice((*float64)(unsafe.Add(p, off)), s)
		off += 8 * s
	}
	t.post = unsafe.Slice((*uint32)(unsafe.Add(p, off)), n)
	t.dir = unsafe.Slice((*uint32)(unsafe.Add(p, off+4*n)), dir)
	return t
}

// moveClashes keeps the n-grams whose hash is in clash by their text, and
// drops that hash from keys.
func (t *exactTable) moveClashes(models [][]byte, clash map[uint64]bool) {
	t.clash = map[string][]uint32{}
	for li, data := range models {
		set := 0
		walkModel(data, func(float64) { set++ }, func(g []byte) {
			if clash[ngramHash(g)] {
				t.clash[string(g)] = append(t.clash[string(g)], uint32(li)<<postShift|uint32(set-1))
			}
		})
	}
	keys, post := t.keys[:0], t.post[:0]
	for b := 0; b+1 < len(t.dir); b++ {
		start := len(keys)
		for i := t.dir[b]; i < t.dir[b+1]; i++ {
			if !clash[t.keys[i]] {
				keys, post = append(keys, t.keys[i]), append(post, t.post[i])
			}
		}
		t.dir[b] = uint32(start)
	}
	t.dir[len(t.dir)-1] = uint32(len(keys))
	t.keys, t.post = keys, post
}

func (t *exactTable) bucket(h uint64) uint64 { return h >> t.shift } // 0 when shift is 64

// lookup returns the postings of n-gram g (hash h): one per language that
// has it.
func (t *exactTable) lookup(g string, h uint64) []uint32 {
	if t.clash != nil {
		if p, ok := t.clash[g]; ok {
			return p
		}
	}
	b := t.bucket(h)
	i, end := t.dir[b], t.dir[b+1]
	for i < end && t.keys[i] < h {
		i++
	}
	j := i
	for j < end && t.keys[j] == h {
		j++
	}
	return t.post[i:j]
}

func (t *exactTable) bytes() int {
	n := 8*len(t.keys) + 4*len(t.post) + 4*len(t.dir)
	for _, p := range t.probs {
		n += 8 * len(p)
	}
	return n
}

// exactIndex holds the tables of a set of languages.
type exactIndex struct {
	langs  []lingua.Language
	tables [5]*exactTable // by n-gram length-1; nil for the lengths not built
}

// exactIndexes are built on first use, one per set of languages (a process
// normally has one), and kept for the life of the process, as lingua keeps
// its maps.
var exactIndexes sync.Map // lengths and sorted language codes → *exactIndexOnce

type exactIndexOnce struct {
	once sync.Once
	idx  *exactIndex
	err  error
}

func exactIndexFor(langs []lingua.Language, lengths []int) (*exactIndex, error) {
	langs = slices.Clone(langs)
	slices.Sort(langs)
	key := fmt.Sprint(lengths, langs)
	v, _ := exactIndexes.LoadOrStore(key, &exactIndexOnce{})
	e := v.(*exactIndexOnce)
	e.once.Do(func() { e.idx, e.err = newExactIndex(langs, lengths) })
	return e.idx, e.err
}

// newExactIndex reads lingua's models of langs of the given lengths (all
// 75 languages: 4- and 5-grams ~275 MB of tables and a few CPU-seconds,
// GOMAXPROCS languages at a time; the models of one length, ~110 MB for the
// 5-grams, are held while its table is built).
func newExactIndex(langs []lingua.Language, lengths []int) (*exactIndex, error) {
	idx := &exactIndex{langs: langs}
	for _, n := range lengths {
		models := make([][]byte, len(langs))
		frees := make([]func(), len(langs))
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
					models[i], frees[i], errs[i] = linguaModelData(langs[i], n)
				}
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			for _, free := range frees {
				free()
			}
			return nil, fmt.Errorf("classify: %w", err)
		}
		t, err := newExactTable(models)
		for _, free := range frees {
			free()
		}
		if err != nil {
			return nil, fmt.Errorf("classify: lingua's %d-gram models: %w", n, err)
		}
		idx.tables[n-1] = t
	}
	return idx, nil
}

func (x *exactIndex) bytes() int {
	n := 0
	for _, t := range x.tables {
		if t != nil {
			n += t.bytes()
		}
	}
	return n
}
