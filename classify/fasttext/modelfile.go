package fasttext

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// The model file header (fasttext.cc): FASTTEXT_FILEFORMAT_MAGIC_INT32 and
// FASTTEXT_VERSION.
const (
	fileMagic   int32 = 793712314
	fileVersion int32 = 12
)

// FormatError is a malformed model file: the field being read, its byte
// offset in the file, and the cause.
type FormatError struct {
	File   string // "" when reading from a plain io.Reader
	Offset int64
	Field  string
	Err    error
}

func (e *FormatError) Error() string {
	name := e.File
	if name == "" {
		name = "fasttext model"
	}
	return fmt.Sprintf("%s: offset %d: %s: %v", name, e.Offset, e.Field, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// LoadFile reads a model written by `fasttext supervised` (.bin), by
// `fasttext quantize` (.ftz) or by Save.
func LoadFile(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	m, err := load(bufio.NewReaderSize(f, 1<<20), st.Size())
	var fe *FormatError
	if errors.As(err, &fe) {
		fe.File = path
	}
	return m, err
}

// Load reads a supervised model in fastText's binary format, version 11 or
// 12, dense or quantized (fasttext.cc FastText::loadModel). Version 11
// supervised models use no char n-grams (maxn forced to 0), as in fastText.
func Load(r io.Reader) (*Model, error) {
	return load(r, -1)
}

// load reads a model of size bytes (-1 when unknown).
func load(r io.Reader, size int64) (*Model, error) {
	br := &binReader{r: r, size: size}
	m, err := br.model()
	if err != nil {
		return nil, err
	}
	return m, nil
}

// binReader reads little-endian fields and remembers the first error with
// where it happened.
type binReader struct {
	r    io.Reader
	size int64 // the input's length, -1 when unknown
	off  int64
	err  error
	buf  [8]byte
}

func (b *binReader) fail(field string, err error) {
	if b.err == nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.err = &FormatError{Offset: b.off, Field: field, Err: err}
	}
}

func (b *binReader) read(field string, p []byte) bool {
	if b.err != nil {
		return false
	}
	n, err := io.ReadFull(b.r, p)
	if err != nil {
		b.fail(field, err)
		return false
	}
	b.off += int64(n)
	return true
}

func (b *binReader) i32(field string) int32 {
	if !b.read(field, b.buf[:4]) {
		return 0
	}
	return int32(binary.LittleEndian.Uint32(b.buf[:4]))
}

func (b *binReader) i64(field string) int64 {
	if !b.read(field, b.buf[:8]) {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(b.buf[:8]))
}

func (b *binReader) f64(field string) float64 {
	return math.Float64frombits(uint64(b.i64(field)))
}

func (b *binReader) u8(field string) byte {
	if !b.read(field, b.buf[:1]) {
		return 0
	}
	return b.buf[0]
}

func (b *binReader) boolean(field string) bool {
	return b.u8(field) != 0
}

// bytesN reads n bytes, growing the buffer as data arrives so that a bogus
// length in a short file cannot allocate more than the file holds.
func (b *binReader) bytesN(field string, n int64) []byte {
	if n < 0 {
		b.fail(field, fmt.Errorf("negative length %d", n))
		return nil
	}
	const chunk = 1 << 20
	var out []byte
	for int64(len(out)) < n && b.err == nil {
		k := min(n-int64(len(out)), chunk)
		start := len(out)
		out = append(out, make([]byte, k)...)
		b.read(field, out[start:])
	}
	return out
}

// floats reads n little-endian float32s. When the input's size is known
// the slice is allocated once (after checking that the data is there);
// otherwise it grows as data arrives.
func (b *binReader) floats(field string, n int64) []float32 {
	if n < 0 || n > math.MaxInt64/4 {
		b.fail(field, fmt.Errorf("bad float count %d", n))
		return nil
	}
	if b.size >= 0 && 4*n > b.size-b.off {
		b.fail(field, fmt.Errorf("%d floats need %d bytes, %d left: %w", n, 4*n, b.size-b.off, io.ErrUnexpectedEOF))
		return nil
	}
	const chunk = 1 << 16
	var out []float32
	if b.size >= 0 {
		out = make([]float32, 0, n)
	}
	raw := make([]byte, 4*min(n, chunk))
	for int64(len(out)) < n && b.err == nil {
		k := min(n-int64(len(out)), chunk)
		if !b.read(field, raw[:4*k]) {
			return nil
		}
		for i := range k {
			out = append(out, math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
		}
	}
	if b.err != nil {
		return nil
	}
	if out == nil {
		out = []float32{}
	}
	return out
}

// check records a semantic error at the current offset.
func (b *binReader) check(ok bool, field, format string, args ...any) {
	if !ok {
		b.fail(field, fmt.Errorf(format, args...))
	}
}

func (b *binReader) model() (*Model, error) {
	magic := b.i32("magic")
	b.check(magic == fileMagic, "magic", "got %d, want %d (not a fastText model)", magic, fileMagic)
	version := b.i32("version")
	b.check(version == 11 || version == fileVersion, "version", "got %d, want 11 or 12", version)
	a, modelName := b.args()
	if b.err != nil {
		return nil, b.err
	}
	b.check(modelName == modelSup, "args.model", "model %d is not supervised (3)", modelName)
	if version == 11 {
		a.Maxn = 0
	}
	d := b.dictionary(&a)
	m := &Model{args: a, dict: d}
	m.quantInput = b.boolean("quant_input")
	m.input = b.matrix("input", m.quantInput)
	if b.err == nil && !m.quantInput && d.pruneSize >= 0 {
		b.fail("quant_input", errors.New("a pruned dictionary with a dense input matrix (fastText rejects it too)"))
	}
	qout := b.boolean("qout")
	m.output = b.matrix("output", m.quantInput && qout)
	if b.err != nil {
		return nil, b.err
	}
	inRows, inCols := m.input.size()
	outRows, outCols := m.output.size()
	b.check(inCols == int64(a.Dim) && outCols == int64(a.Dim), "matrices",
		"columns %d (input) and %d (output) for dim %d", inCols, outCols, a.Dim)
	if err := d.check(inRows, outRows); err != nil {
		b.fail("dictionary", err)
	}
	wantOut := int64(d.nlabels)
	if a.Loss == LossHS {
		wantOut = max(0, wantOut-1)
		b.check(outRows >= wantOut, "output", "%d rows for a tree of %d labels", outRows, d.nlabels)
	} else {
		b.check(outRows == wantOut, "output", "%d rows for %d labels", outRows, d.nlabels)
	}
	if b.err != nil {
		return nil, b.err
	}
	if a.Loss == LossHS {
		m.tree = buildTree(d.labelCounts())
	}
	return m, nil
}

// args reads Args::load's fields.
func (b *binReader) args() (Args, int32) {
	a := DefaultArgs()
	a.Dim = int(b.i32("args.dim"))
	a.WS = int(b.i32("args.ws"))
	a.Epoch = int(b.i32("args.epoch"))
	a.MinCount = int(b.i32("args.minCount"))
	a.Neg = int(b.i32("args.neg"))
	a.WordNgrams = int(b.i32("args.wordNgrams"))
	a.Loss = Loss(b.i32("args.loss"))
	b.check(a.Loss >= LossHS && a.Loss <= LossOVA, "args.loss", "unknown loss %d", a.Loss)
	modelName := b.i32("args.model")
	a.Bucket = int(b.i32("args.bucket"))
	a.Minn = int(b.i32("args.minn"))
	a.Maxn = int(b.i32("args.maxn"))
	a.LRUpdateRate = int(b.i32("args.lrUpdateRate"))
	a.T = b.f64("args.t")
	b.check(a.Dim > 0, "args.dim", "dim %d", a.Dim)
	b.check(a.Bucket >= 0, "args.bucket", "bucket %d", a.Bucket)
	return a, modelName
}

// dictionary reads Dictionary::load's fields.
func (b *binReader) dictionary(a *Args) *Dictionary {
	d := newDictionary(a)
	size := b.i32("dict.size")
	d.nwords = b.i32("dict.nwords")
	d.nlabels = b.i32("dict.nlabels")
	d.ntokens = b.i64("dict.ntokens")
	d.pruneSize = b.i64("dict.pruneidx_size")
	b.check(size >= 0 && d.nwords >= 0 && d.nlabels >= 0 && int64(d.nwords)+int64(d.nlabels) == int64(size),
		"dict.size", "size %d != nwords %d + nlabels %d", size, d.nwords, d.nlabels)
	b.check(d.pruneSize >= -1, "dict.pruneidx_size", "%d", d.pruneSize)
	var word []byte
	for i := int32(0); i < size && b.err == nil; i++ {
		word = word[:0]
		for b.err == nil {
			c := b.u8("dict.word")
			if c == 0 {
				break
			}
			word = append(word, c)
		}
		e := entry{word: string(word), count: b.i64("dict.count"), typ: entryType(b.u8("dict.type"))}
		want := typeWord
		if i >= d.nwords {
			want = typeLabel
		}
		b.check(e.typ == want, "dict.type", "entry %d (%q) has type %d, want %d", i, e.word, e.typ, want)
		d.words = append(d.words, e)
	}
	if d.pruneSize > 0 {
		d.pruneIdx = make(map[int32]int32)
		for i := int64(0); i < d.pruneSize && b.err == nil; i++ {
			k := b.i32("dict.pruneidx")
			d.pruneIdx[k] = b.i32("dict.pruneidx")
		}
	}
	if b.err != nil {
		return nil
	}
	d.rebuildTable(len(d.words))
	d.initNgrams()
	return d
}

// matrix reads a DenseMatrix or a QuantMatrix.
func (b *binReader) matrix(name string, quant bool) matrix {
	if b.err != nil {
		return nil
	}
	if !quant {
		m := b.i64(name + ".m")
		n := b.i64(name + ".n")
		b.check(m >= 0 && n >= 0 && (n == 0 || m <= math.MaxInt64/4/n), name, "bad shape %d×%d", m, n)
		if b.err != nil {
			return nil
		}
		data := b.floats(name+".data", m*n)
		if b.err != nil {
			return nil
		}
		return &denseMatrix{m: m, n: n, data: data}
	}
	q := &quantMatrix{}
	q.qnorm = b.boolean(name + ".qnorm")
	q.m = b.i64(name + ".m")
	q.n = b.i64(name + ".n")
	codesize := b.i32(name + ".codesize")
	q.codes = b.bytesN(name+".codes", int64(codesize))
	q.pq = b.productQuantizer(name + ".pq")
	if b.err != nil {
		return nil
	}
	b.check(q.m >= 0 && q.n == int64(q.pq.dim) && int64(codesize) == q.m*int64(q.pq.nsubq),
		name, "shape %d×%d with %d codes for pq dim %d, %d sub-quantizers", q.m, q.n, codesize, q.pq.dim, q.pq.nsubq)
	if q.qnorm {
		q.normCodes = b.bytesN(name+".norm_codes", q.m)
		q.npq = b.productQuantizer(name + ".npq")
		if b.err == nil {
			b.check(q.npq.dim == 1 && q.npq.nsubq == 1 && q.npq.lastdsub == 1, name+".npq", "norm quantizer is not 1-dimensional")
		}
	}
	if b.err != nil {
		return nil
	}
	return q
}

// productQuantizer reads ProductQuantizer::load's fields.
func (b *binReader) productQuantizer(name string) *productQuantizer {
	p := &productQuantizer{}
	p.dim = b.i32(name + ".dim")
	p.nsubq = b.i32(name + ".nsubq")
	p.dsub = b.i32(name + ".dsub")
	p.lastdsub = b.i32(name + ".lastdsub")
	b.check(p.dim > 0 && p.nsubq > 0 && p.dsub > 0 && p.lastdsub > 0 && p.lastdsub <= p.dsub &&
		int64(p.dsub)*int64(p.nsubq-1)+int64(p.lastdsub) == int64(p.dim),
		name, "dim %d, nsubq %d, dsub %d, lastdsub %d do not fit", p.dim, p.nsubq, p.dsub, p.lastdsub)
	if b.err != nil {
		return nil
	}
	p.centroids = b.floats(name+".centroids", int64(p.dim)*ksub)
	return p
}

// SaveFile writes the model to path in fastText's .bin format.
func (m *Model) SaveFile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := m.Save(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

// Save writes the model in fastText's binary format, version 12
// (FastText::saveModel), which `fasttext predict-prob` reads. Quantized
// models cannot be saved.
func (m *Model) Save(w io.Writer) error {
	if m.quantInput {
		return errors.New("fasttext: saving a quantized model is not supported")
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var buf []byte
	le := binary.LittleEndian
	i32 := func(v int32) { buf = le.AppendUint32(buf, uint32(v)) }
	i64 := func(v int64) { buf = le.AppendUint64(buf, uint64(v)) }
	flush := func() error {
		_, err := bw.Write(buf)
		buf = buf[:0]
		return err
	}
	a := &m.args
	i32(fileMagic)
	i32(fileVersion)
	for _, v := range []int{a.Dim, a.WS, a.Epoch, a.MinCount, a.Neg, a.WordNgrams, int(a.Loss), int(modelSup),
		a.Bucket, a.Minn, a.Maxn, a.LRUpdateRate} {
		i32(int32(v))
	}
	i64(int64(math.Float64bits(a.T)))
	d := m.dict
	i32(int32(len(d.words)))
	i32(d.nwords)
	i32(d.nlabels)
	i64(d.ntokens)
	i64(d.pruneSize)
	for _, e := range d.words {
		buf = append(buf, e.word...)
		buf = append(buf, 0)
		i64(e.count)
		buf = append(buf, byte(e.typ))
		if len(buf) > 1<<16 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	buf = append(buf, 0) // quant_input
	for _, mat := range []matrix{m.input, m.output} {
		dm := mat.(*denseMatrix)
		i64(dm.m)
		i64(dm.n)
		for i, v := range dm.data {
			buf = le.AppendUint32(buf, math.Float32bits(v))
			if i%(1<<14) == 0 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if mat == m.input {
			buf = append(buf, 0) // qout
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return bw.Flush()
}
