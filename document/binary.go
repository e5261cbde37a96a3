package document

import (
	"encoding/binary"
	"errors"
	"math"
)

// binaryVersion is the first byte of AppendBinary's form.
const binaryVersion = 2

// AppendBinary appends d in ccnet's compact binary form: every field,
// provenance included, length-prefixed. It is the form documents take in
// temporary files and between Beam workers; it is not a stable archive
// format (the version byte guards against mixing builds).
func AppendBinary(dst []byte, d *Document) []byte {
	dst = append(dst, binaryVersion)
	for _, s := range []string{d.URL, d.DateDownload, d.Digest, d.SourceDomain, d.Title,
		d.RawContent, d.CCSegment, d.Language, d.Bucket, d.File} {
		dst = binary.AppendUvarint(dst, uint64(len(s)))
		dst = append(dst, s...)
	}
	dst = binary.AppendVarint(dst, d.Length)
	dst = binary.AppendVarint(dst, int64(d.NLines))
	dst = binary.AppendVarint(dst, d.Offset)
	var flags byte
	if d.HasDedup {
		flags |= 1
	}
	if d.HasPerplexity {
		flags |= 2
	}
	if d.LineIDs != nil {
		flags |= 4
	}
	if d.HasWikiProb {
		flags |= 8
	}
	if d.Signals != nil {
		flags |= 16
	}
	dst = append(dst, flags)
	dst = binary.AppendVarint(dst, int64(d.OriginalNLines))
	dst = binary.AppendVarint(dst, d.OriginalLength)
	dst = binary.AppendUvarint(dst, uint64(len(d.LineIDs)))
	for _, id := range d.LineIDs {
		dst = binary.AppendUvarint(dst, uint64(id))
	}
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(d.LanguageScore))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(d.Perplexity))
	dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(d.WikiProb))
	dst = binary.AppendUvarint(dst, uint64(len(d.Signals)))
	for _, s := range d.Signals {
		dst = binary.AppendUvarint(dst, uint64(len(s.Name)))
		dst = append(dst, s.Name...)
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(s.Value))
	}
	return dst
}

var errBinary = errors.New("document: malformed binary document")

type binReader struct {
	b   []byte
	err error
}

func (r *binReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errBinary
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errBinary
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *binReader) str() string {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		r.err = errBinary
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

func (r *binReader) byte1() byte {
	if r.err != nil || len(r.b) < 1 {
		r.err = errBinary
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *binReader) f64() float64 {
	if r.err != nil || len(r.b) < 8 {
		r.err = errBinary
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

// ParseBinary reads what AppendBinary wrote; it returns the bytes after it.
func ParseBinary(b []byte) (Document, []byte, error) {
	r := &binReader{b: b}
	if r.byte1() != binaryVersion {
		return Document{}, nil, errBinary
	}
	var d Document
	for _, p := range []*string{&d.URL, &d.DateDownload, &d.Digest, &d.SourceDomain, &d.Title,
		&d.RawContent, &d.CCSegment, &d.Language, &d.Bucket, &d.File} {
		*p = r.str()
	}
	d.Length = r.varint()
	d.NLines = int(r.varint())
	d.Offset = r.varint()
	flags := r.byte1()
	d.HasDedup = flags&1 != 0
	d.HasPerplexity = flags&2 != 0
	d.OriginalNLines = int(r.varint())
	d.OriginalLength = r.varint()
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = errBinary
	}
	if flags&4 != 0 && r.err == nil {
		d.LineIDs = make([]int, n)
		for i := range d.LineIDs {
			d.LineIDs[i] = int(r.uvarint())
		}
	}
	d.LanguageScore = r.f64()
	d.Perplexity = r.f64()
	d.HasWikiProb = flags&8 != 0
	d.WikiProb = r.f64()
	n = r.uvarint()
	if r.err == nil && n > uint64(len(r.b)) {
		r.err = errBinary
	}
	if flags&16 != 0 && r.err == nil {
		d.Signals = make([]Signal, n)
		for i := range d.Signals {
			d.Signals[i].Name = r.str()
			d.Signals[i].Value = r.f64()
		}
	}
	if r.err != nil {
		return Document{}, nil, r.err
	}
	return d, r.b, nil
}
