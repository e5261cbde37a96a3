package dedup

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"

	"github.com/klauspost/compress/zstd"
)

// MaxPartitions is the largest partition count the package is tested with.
// Partition works for any n >= 1; the limit keeps the number of open
// partition files sane.
const MaxPartitions = 4096

// Partition maps h to one of n partitions by its top bits:
// floor(h * n / 2^64). It is monotone in h, so partition p holds one
// contiguous range of hash values and the partitions of a sorted stream
// come in increasing order.
func Partition(h uint64, n int) int {
	if n < 1 {
		panic("dedup.Partition: n < 1")
	}
	hi, _ := bits.Mul64(h, uint64(n))
	return int(hi)
}

// runMagic starts every hash run file, uncompressed.
const runMagic = "CCNRUN01"

// runWindow is the zstd window of hash runs: small, so that a k-way merge
// over many runs keeps little decoder memory per run.
const runWindow = 1 << 16

// ErrCorruptRun reports a hash run that is truncated, has trailing data or
// is not a hash run.
var ErrCorruptRun = errors.New("dedup: corrupt or truncated hash run")

// WriteHashRun writes sorted (non-decreasing; repeats allowed) as one hash
// run: the 8 bytes "CCNRUN01", then one zstd stream (SpeedFastest, one
// goroutine, 64 KiB window, with checksum) of uvarint(count) followed by
// count uvarints, each the difference to the previous value (the first
// from 0). A run is read back with NewHashRunReader.
func WriteHashRun(w io.Writer, sorted []uint64) error {
	for i := 1; i < len(sorted); i++ {
		if sorted[i] < sorted[i-1] {
			return fmt.Errorf("dedup: WriteHashRun: values not sorted at index %d", i)
		}
	}
	if _, err := io.WriteString(w, runMagic); err != nil {
		return err
	}
	enc, err := zstd.NewWriter(w,
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(1),
		zstd.WithWindowSize(runWindow),
		zstd.WithLowerEncoderMem(true))
	if err != nil {
		return err
	}
	const chunk = 32 << 10
	buf := make([]byte, 0, chunk+binary.MaxVarintLen64)
	buf = binary.AppendUvarint(buf, uint64(len(sorted)))
	var prev uint64
	for _, v := range sorted {
		buf = binary.AppendUvarint(buf, v-prev)
		prev = v
		if len(buf) >= chunk {
			if _, err := enc.Write(buf); err != nil {
				enc.Close()
				return err
			}
			buf = buf[:0]
		}
	}
	if _, err := enc.Write(buf); err != nil {
		enc.Close()
		return err
	}
	return enc.Close()
}

// WriteHashRunFile writes a hash run to a new file at path.
func WriteHashRunFile(path string, sorted []uint64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := WriteHashRun(f, sorted); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// HashRunReader streams the values of one hash run in order. Its memory is
// the zstd decoder (64 KiB window) plus a 16 KiB buffer, whatever the run's
// size.
type HashRunReader struct {
	dec       *zstd.Decoder
	file      io.Closer // set by OpenHashRunFile
	buf       []byte
	pos, end  int
	eof       bool // the decoder has nothing more
	count     uint64
	remaining uint64
	prev      uint64
	err       error // sticky: io.EOF at the clean end
}

// NewHashRunReader reads the header of a hash run from r. The caller keeps
// ownership of r; Close releases the decoder only.
func NewHashRunReader(r io.Reader) (*HashRunReader, error) {
	var magic [len(runMagic)]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrCorruptRun, err)
	}
	if string(magic[:]) != runMagic {
		return nil, fmt.Errorf("%w: bad magic %q", ErrCorruptRun, magic[:])
	}
	dec, err := zstd.NewReader(r,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxWindow(1<<20))
	if err != nil {
		return nil, err
	}
	hr := &HashRunReader{dec: dec, buf: make([]byte, 16<<10)}
	count, err := hr.uvarint()
	if err != nil {
		dec.Close()
		return nil, err
	}
	hr.count, hr.remaining = count, count
	return hr, nil
}

// OpenHashRunFile opens the hash run at path; Close also closes the file.
func OpenHashRunFile(path string) (*HashRunReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := NewHashRunReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r.file = f
	return r, nil
}

// Len is the number of values of the run, read from its header.
func (r *HashRunReader) Len() int64 { return int64(r.count) }

// fill moves the unread bytes to the front of buf and reads until at least
// binary.MaxVarintLen64 bytes are buffered or the stream ends.
func (r *HashRunReader) fill() error {
	r.end = copy(r.buf, r.buf[r.pos:r.end])
	r.pos = 0
	for !r.eof && r.end < binary.MaxVarintLen64 {
		n, err := r.dec.Read(r.buf[r.end:])
		r.end += n
		if err == io.EOF {
			r.eof = true
		} else if err != nil {
			return fmt.Errorf("%w: %v", ErrCorruptRun, err)
		}
	}
	return nil
}

func (r *HashRunReader) uvarint() (uint64, error) {
	if r.end-r.pos < binary.MaxVarintLen64 && !r.eof {
		if err := r.fill(); err != nil {
			return 0, err
		}
	}
	v, n := binary.Uvarint(r.buf[r.pos:r.end])
	if n <= 0 {
		if n == 0 {
			return 0, fmt.Errorf("%w: unexpected end of data", ErrCorruptRun)
		}
		return 0, fmt.Errorf("%w: varint overflow", ErrCorruptRun)
	}
	r.pos += n
	return v, nil
}

// Next returns the next value of the run, io.EOF after the last one, or an
// error wrapping ErrCorruptRun if the run is truncated or has data past its
// last value.
func (r *HashRunReader) Next() (uint64, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.remaining == 0 {
		// The end: the stream must end here too (reading to its end also
		// lets zstd check the frame checksum).
		if r.pos == r.end && !r.eof {
			if err := r.fill(); err != nil {
				r.err = err
				return 0, err
			}
		}
		r.err = io.EOF
		if r.pos != r.end {
			r.err = fmt.Errorf("%w: data after the last value", ErrCorruptRun)
		}
		return 0, r.err
	}
	d, err := r.uvarint()
	if err != nil {
		r.err = err
		return 0, err
	}
	v := r.prev + d
	if v < r.prev {
		r.err = fmt.Errorf("%w: values overflow", ErrCorruptRun)
		return 0, r.err
	}
	r.prev = v
	r.remaining--
	return v, nil
}

// Close releases the decoder (and the file of OpenHashRunFile).
func (r *HashRunReader) Close() error {
	if r.dec != nil {
		r.dec.Close()
		r.dec = nil
	}
	if r.err == nil {
		r.err = errors.New("dedup: hash run reader closed")
	}
	if r.file != nil {
		f := r.file
		r.file = nil
		return f.Close()
	}
	return nil
}

// MergeDuplicates k-way merges the runs and calls dup(h) once for every
// value h that occurs two or more times over all runs, in increasing order.
// As every document contributes each of its distinct line hashes once (see
// AppendDistinct), those are the hashes of lines found in two or more
// documents: cc_net's duplicates. It returns the number of values read
// (occurrences), of distinct values and of duplicates. It stops at the
// first error of a run or of dup. The runs are read to their end but not
// closed.
func MergeDuplicates(runs []*HashRunReader, dup func(uint64) error) (occurrences, distinct, duplicates int64, err error) {
	// A binary min-heap of (current value, run index).
	vals := make([]uint64, 0, len(runs))
	idx := make([]int, 0, len(runs))
	for i, r := range runs {
		v, err := r.Next()
		if err == io.EOF {
			continue
		}
		if err != nil {
			return 0, 0, 0, err
		}
		vals = append(vals, v)
		idx = append(idx, i)
	}
	down := func(i int) {
		n := len(vals)
		for {
			c := 2*i + 1
			if c >= n {
				return
			}
			if c+1 < n && vals[c+1] < vals[c] {
				c++
			}
			if vals[i] <= vals[c] {
				return
			}
			vals[i], vals[c] = vals[c], vals[i]
			idx[i], idx[c] = idx[c], idx[i]
			i = c
		}
	}
	for i := len(vals)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for len(vals) > 0 {
		cur := vals[0]
		var n int64
		for len(vals) > 0 && vals[0] == cur {
			n++
			v, err := runs[idx[0]].Next()
			switch {
			case err == io.EOF:
				last := len(vals) - 1
				vals[0], idx[0] = vals[last], idx[last]
				vals, idx = vals[:last], idx[:last]
			case err != nil:
				return occurrences + n, distinct, duplicates, err
			default:
				vals[0] = v
			}
			down(0)
		}
		occurrences += n
		distinct++
		if n >= 2 {
			duplicates++
			if err := dup(cur); err != nil {
				return occurrences, distinct, duplicates, err
			}
		}
	}
	return occurrences, distinct, duplicates, nil
}
