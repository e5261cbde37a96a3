package warc

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

const (
	bufSize    = 256 << 10 // size of the raw and the decompressed read buffers
	ratioSlack = 4 << 20   // decompressed bytes allowed on top of ratio*compressed

	// zstd limits: window of a streaming frame, and size of a WARC-zstd
	// dictionary frame.
	zstdMaxWindow = 1 << 27
	zstdMaxDict   = 16 << 20
)

// countingReader counts the bytes read from the raw input. Its first
// error is sticky, so the input is never read again after an error.
type countingReader struct {
	r   io.Reader
	n   int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

// memberStart maps the start of a gzip member in the decompressed stream
// to its offset in the raw input.
type memberStart struct {
	dec, comp int64
}

// gzipSource decompresses a sequence of gzip members one at a time so that
// the raw offset of each member is known. It is the io.Reader under the
// Reader's decompressed bufio.Reader.
type gzipSource struct {
	cr       *countingReader
	raw      *bufio.Reader
	gz       gzip.Reader
	produced int64 // decompressed bytes returned so far
	cur      int64 // raw offset of the member being decoded
	maxRatio float64
	window   int64 // size of the buffer above us; see addMember
	err      error

	members []memberStart // strictly increasing dec; members[head:] live
	head    int
}

func newGzipSource(cr *countingReader, raw *bufio.Reader, maxRatio float64, window int) (*gzipSource, error) {
	g := &gzipSource{cr: cr, raw: raw, maxRatio: maxRatio, window: int64(window)}
	g.cur = g.compPos()
	if err := g.gz.Reset(raw); err != nil {
		return nil, g.fail(err)
	}
	g.gz.Multistream(false)
	g.members = append(g.members, memberStart{0, g.cur})
	return g, nil
}

// compPos is the offset in the raw input of the next byte gzip will read.
func (g *gzipSource) compPos() int64 { return g.cr.n - int64(g.raw.Buffered()) }

func (g *gzipSource) fail(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	g.err = &DecompressionError{Format: "gzip", CompressedOffset: g.cur, Offset: g.produced, Err: err}
	return g.err
}

func (g *gzipSource) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := g.gz.Read(p)
		g.produced += int64(n)
		if g.maxRatio > 0 && float64(g.produced) > g.maxRatio*float64(g.compPos())+ratioSlack {
			g.fail(fmt.Errorf("%w: %d bytes from %d compressed bytes (limit %gx)",
				ErrDecompressionRatio, g.produced, g.compPos(), g.maxRatio))
			return n, g.err
		}
		if err == nil {
			return n, nil
		}
		if err != io.EOF {
			return n, g.fail(err)
		}
		// End of a member (checksum verified). Start the next one, if any.
		if _, perr := g.raw.Peek(1); perr != nil {
			if perr == io.EOF {
				g.err = io.EOF
			} else {
				g.fail(perr)
			}
			return n, g.err
		}
		g.cur = g.compPos()
		if rerr := g.gz.Reset(g.raw); rerr != nil {
			if rerr == gzip.ErrHeader {
				rerr = errors.New("gzip: invalid header (garbage after gzip member)")
			}
			return n, g.fail(rerr)
		}
		g.gz.Multistream(false)
		g.addMember(memberStart{g.produced, g.cur})
		if n > 0 {
			return n, nil
		}
	}
}

// addMember records the start of a member. Empty members are replaced by
// their successor, and members that can no longer hold the start of a
// record (everything before the window of the buffer above us) are
// dropped, so memory stays bounded whatever the member layout.
func (g *gzipSource) addMember(m memberStart) {
	if last := len(g.members) - 1; last >= g.head && g.members[last].dec == m.dec {
		g.members[last] = m
		return
	}
	g.members = append(g.members, m)
	cut := g.produced - g.window
	for g.head+1 < len(g.members) && g.members[g.head+1].dec <= cut {
		g.head++
	}
	if g.head > 64 && g.head*2 > len(g.members) {
		n := copy(g.members, g.members[g.head:])
		g.members = g.members[:n]
		g.head = 0
	}
}

// memberAt returns the raw offset of the member holding decompressed
// offset off. Calls must have non-decreasing off.
func (g *gzipSource) memberAt(off int64) int64 {
	for g.head+1 < len(g.members) && g.members[g.head+1].dec <= off {
		g.head++
	}
	return g.members[g.head].comp
}

// zstdSource decompresses zstd input, counting output for the ratio cap.
type zstdSource struct {
	cr       *countingReader
	raw      *bufio.Reader
	zd       *zstd.Decoder
	produced int64
	maxRatio float64
	err      error
}

const (
	zstdDictFrameMagic = 0x184D2A5D // WARC-zstd dictionary skippable frame
	zstdFrameMagic     = 0xFD2FB528
	zstdDictMagic      = 0xEC30A437
)

func newZstdSource(cr *countingReader, raw *bufio.Reader, maxRatio float64) (*zstdSource, error) {
	z := &zstdSource{cr: cr, raw: raw, maxRatio: maxRatio}
	opts := []zstd.DOption{
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(zstdMaxWindow),
	}
	// A .warc.zst file may start with a skippable frame holding the
	// dictionary the records were compressed with (itself possibly
	// zstd-compressed).
	if b, _ := raw.Peek(8); len(b) == 8 && binary.LittleEndian.Uint32(b) == zstdDictFrameMagic {
		size := binary.LittleEndian.Uint32(b[4:])
		if size > zstdMaxDict {
			return nil, z.fail(fmt.Errorf("dictionary frame of %d bytes exceeds %d", size, zstdMaxDict))
		}
		raw.Discard(8)
		dict := make([]byte, size)
		if _, err := io.ReadFull(raw, dict); err != nil {
			return nil, z.fail(err)
		}
		if len(dict) >= 4 && binary.LittleEndian.Uint32(dict) == zstdFrameMagic {
			dd, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(zstdMaxDict))
			if err != nil {
				return nil, z.fail(err)
			}
			dict, err = dd.DecodeAll(dict, nil)
			dd.Close()
			if err != nil {
				return nil, z.fail(fmt.Errorf("dictionary: %w", err))
			}
		}
		if len(dict) >= 8 && binary.LittleEndian.Uint32(dict) == zstdDictMagic {
			opts = append(opts, zstd.WithDecoderDicts(dict))
		}
	}
	zd, err := zstd.NewReader(raw, opts...)
	if err != nil {
		return nil, z.fail(err)
	}
	z.zd = zd
	return z, nil
}

func (z *zstdSource) fail(err error) error {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	z.err = &DecompressionError{Format: "zstd", CompressedOffset: -1, Offset: z.produced, Err: err}
	return z.err
}

func (z *zstdSource) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.zd.Read(p)
	z.produced += int64(n)
	comp := z.cr.n - int64(z.raw.Buffered())
	if z.maxRatio > 0 && float64(z.produced) > z.maxRatio*float64(comp)+ratioSlack {
		return n, z.fail(fmt.Errorf("%w: %d bytes from %d compressed bytes (limit %gx)",
			ErrDecompressionRatio, z.produced, comp, z.maxRatio))
	}
	if err == io.EOF {
		z.err = io.EOF
		return n, err
	}
	if err != nil {
		return n, z.fail(err)
	}
	return n, nil
}

var (
	gzipMagic = []byte{0x1f, 0x8b}
	zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}
)

func isZstd(b []byte) bool {
	if bytes.HasPrefix(b, zstdMagic) {
		return true
	}
	return len(b) >= 4 && binary.LittleEndian.Uint32(b)&0xFFFFFFF0 == 0x184D2A50
}
