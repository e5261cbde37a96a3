package dedup

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/bits"
	"os"

	"github.com/ccnet-go/ccnet/internal/mmapfile"
)

// dupMagic starts every duplicate-set file.
const dupMagic = "CCNDUP01"

// dupHeader is the size of the header of a duplicate-set file: the magic
// and the count as a little-endian uint64. The values follow, 8-byte
// aligned in the file (and in its page-aligned mapping).
const dupHeader = 16

// DupSetWriter streams one duplicate-set file: the header ("CCNDUP01",
// count as little-endian uint64) then the hashes, strictly increasing, as
// little-endian uint64s. It writes path + ".tmp" and renames it to path on
// Close, so a file at path is always whole.
type DupSetWriter struct {
	f     *os.File
	w     *bufio.Writer
	path  string
	tmp   string
	n     uint64
	last  uint64
	err   error
	buf   [8]byte
	close bool
}

// NewDupSetWriter starts the duplicate-set file at path.
func NewDupSetWriter(path string) (*DupSetWriter, error) {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	w := &DupSetWriter{f: f, w: bufio.NewWriterSize(f, 64<<10), path: path, tmp: tmp}
	var hdr [dupHeader]byte
	copy(hdr[:], dupMagic)
	if _, err := w.w.Write(hdr[:]); err != nil {
		w.Abort()
		return nil, err
	}
	return w, nil
}

// Add appends h, which must be greater than the previous value.
func (w *DupSetWriter) Add(h uint64) error {
	if w.err != nil {
		return w.err
	}
	if w.n > 0 && h <= w.last {
		w.err = fmt.Errorf("dedup: DupSetWriter.Add: %d after %d: not increasing", h, w.last)
		return w.err
	}
	binary.LittleEndian.PutUint64(w.buf[:], h)
	if _, err := w.w.Write(w.buf[:]); err != nil {
		w.err = err
		return err
	}
	w.n++
	w.last = h
	return nil
}

// Len is the number of hashes added so far.
func (w *DupSetWriter) Len() int64 { return int64(w.n) }

// Close writes the count into the header and renames the file into place.
// After an error of Add, Close removes the temporary file and returns it.
func (w *DupSetWriter) Close() error {
	if w.close {
		return w.err
	}
	if w.err != nil {
		w.Abort()
		return w.err
	}
	w.close = true
	err := w.w.Flush()
	if err == nil {
		binary.LittleEndian.PutUint64(w.buf[:], w.n)
		_, err = w.f.WriteAt(w.buf[:], 8)
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.tmp, w.path)
	}
	if err != nil {
		os.Remove(w.tmp)
		w.err = err
	}
	return err
}

// Abort drops the file being written.
func (w *DupSetWriter) Abort() {
	if w.close {
		return
	}
	w.close = true
	if w.err == nil {
		w.err = errors.New("dedup: DupSetWriter aborted")
	}
	w.f.Close()
	os.Remove(w.tmp)
}

// WriteDupSet writes the strictly increasing hashes as a duplicate-set
// file at path.
func WriteDupSet(path string, sorted []uint64) error {
	w, err := NewDupSetWriter(path)
	if err != nil {
		return err
	}
	for _, h := range sorted {
		if err := w.Add(h); err != nil {
			w.Abort()
			return err
		}
	}
	return w.Close()
}

// dupPart is one partition of a DupSet: the file's mapping and its values.
type dupPart struct {
	vals        []byte // n little-endian uint64s
	n           int
	first, last uint64
	release     func() error
	// index holds the first value of every block of blockSize values: a
	// lookup reads the index (in the heap, n/64 bytes) and then one block,
	// about one page of the mapping, instead of wandering over several.
	index []uint64
}

// blockSize values are 4 KiB, one page.
const blockSize = 512

func (p *dupPart) at(i int) uint64 { return binary.LittleEndian.Uint64(p.vals[8*i:]) }

// contains finds the block of h with the index, then searches the block:
// the hashes are uniform, so interpolation lands within about
// sqrt(width)/2 places of h; a gallop from there, starting with that step,
// brackets h in one or two probes, and the next round does the same in the
// bracket. A bisection step whenever a round fails to halve the window
// bounds the work on skewed data. About four probes in one page.
func (p *dupPart) contains(h uint64) bool {
	if p.n == 0 || h < p.first || h > p.last {
		return false
	}
	if h == p.first || h == p.last {
		return true
	}
	// The last block whose first value is <= h.
	k, m := 0, len(p.index)
	for k+1 < m {
		mid := int(uint(k+m) >> 1)
		if p.index[mid] <= h {
			k = mid
		} else {
			m = mid
		}
	}
	if p.index[k] == h {
		return true
	}
	lo, a := k*blockSize, p.index[k]
	hi, b := p.n-1, p.last
	if k+1 < len(p.index) {
		hi, b = lo+blockSize, p.index[k+1]
	}
	// Invariant: vals[lo] = a < h < b = vals[hi].
	for hi-lo > 16 {
		width := hi - lo
		// m = lo + (h-a)*(hi-lo)/(b-a), in 128 bits: the quotient is < hi-lo.
		mh, ml := bits.Mul64(h-a, uint64(width))
		q, _ := bits.Div64(mh, ml, b-a)
		m := min(max(lo+int(q), lo+1), hi-1)
		v := p.at(m)
		if v == h {
			return true
		}
		step := max(8, 1<<(bits.Len(uint(width))/2)/2)
		if v < h {
			lo, a = m, v
			for next := lo + step; next < hi; next = lo + step {
				v = p.at(next)
				if v == h {
					return true
				}
				if v > h {
					hi, b = next, v
					break
				}
				lo, a = next, v
				step *= 2
			}
		} else {
			hi, b = m, v
			for next := hi - step; next > lo; next = hi - step {
				v = p.at(next)
				if v == h {
					return true
				}
				if v < h {
					lo, a = next, v
					break
				}
				hi, b = next, v
				step *= 2
			}
		}
		if hi-lo > width/2 && hi-lo > 16 {
			m = int(uint(lo+hi) >> 1)
			v = p.at(m)
			if v == h {
				return true
			}
			if v < h {
				lo, a = m, v
			} else {
				hi, b = m, v
			}
		}
	}
	for i := lo + 1; i < hi; i++ {
		if v := p.at(i); v >= h {
			return v == h
		}
	}
	return false
}

// DupSet answers "is this line hash a duplicate?" for one dedup group whose
// duplicate hashes are split over partition files (see Partition). Each
// file is mapped read-only (mmap) where the platform has it and read into
// memory elsewhere; the values are never copied into the Go heap, so a
// group's set costs 8 bytes of page cache per duplicate hash, plus a heap
// index of 1/512 of that (the first hash of every 4 KiB block), which
// OpenDupSet builds by reading one value per page. A DupSet is safe for
// concurrent use until Close.
type DupSet struct {
	parts []dupPart
	n     int
	total int64
}

// OpenDupSet opens the duplicate-set files of one group: paths[p] is the
// file of partition p, and len(paths) must be partitions. An empty path or
// a file that does not exist is an empty partition (a partition without
// duplicates may have no file). Each file's first and last values must
// fall in its partition.
func OpenDupSet(paths []string, partitions int) (*DupSet, error) {
	if partitions < 1 || partitions > MaxPartitions {
		return nil, fmt.Errorf("dedup: OpenDupSet: %d partitions, want 1..%d", partitions, MaxPartitions)
	}
	if len(paths) != partitions {
		return nil, fmt.Errorf("dedup: OpenDupSet: %d paths for %d partitions", len(paths), partitions)
	}
	s := &DupSet{parts: make([]dupPart, partitions), n: partitions}
	for i, path := range paths {
		if path == "" {
			continue
		}
		if err := s.parts[i].open(path, i, partitions); err != nil {
			s.Close()
			return nil, err
		}
		s.total += int64(s.parts[i].n)
	}
	return s, nil
}

func (p *dupPart) open(path string, part, partitions int) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < dupHeader {
		return fmt.Errorf("dedup: %s: %d bytes, not a duplicate-set file", path, size)
	}
	var hdr [dupHeader]byte
	if _, err := f.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("dedup: %s: %w", path, err)
	}
	if string(hdr[:8]) != dupMagic {
		return fmt.Errorf("dedup: %s: bad magic %q", path, hdr[:8])
	}
	count := binary.LittleEndian.Uint64(hdr[8:])
	if count > uint64(size-dupHeader)/8 || dupHeader+8*int64(count) != size {
		return fmt.Errorf("dedup: %s: header says %d hashes, file has %d bytes", path, count, size)
	}
	if count == 0 {
		return nil
	}
	if int64(int(size)) != size {
		return fmt.Errorf("dedup: %s: too large for this platform", path)
	}
	data, release, err := mmapfile.Map(f, int(size))
	if err != nil {
		return fmt.Errorf("dedup: %s: %w", path, err)
	}
	p.vals = data[dupHeader:]
	p.n = int(count)
	p.release = release
	p.first, p.last = p.at(0), p.at(p.n-1)
	p.index = make([]uint64, (p.n+blockSize-1)/blockSize)
	for k := range p.index {
		p.index[k] = p.at(k * blockSize)
	}
	if Partition(p.first, partitions) != part || Partition(p.last, partitions) != part || p.first > p.last {
		return fmt.Errorf("dedup: %s: hashes %#x..%#x are not in partition %d of %d",
			path, p.first, p.last, part, partitions)
	}
	return nil
}

// Contains reports whether h is in the set. It panics after Close.
func (s *DupSet) Contains(h uint64) bool {
	if s.parts == nil {
		panic("dedup: DupSet used after Close")
	}
	return s.parts[Partition(h, s.n)].contains(h)
}

// Len is the number of hashes in the set.
func (s *DupSet) Len() int64 { return s.total }

// Partitions is the number of partitions of the set.
func (s *DupSet) Partitions() int { return s.n }

// Verify reads every value and checks that each partition is strictly
// increasing and within its partition. It touches every page, so it is for
// tests and for checking files after a crash, not for the hot path.
func (s *DupSet) Verify() error {
	for i := range s.parts {
		p := &s.parts[i]
		for j := 0; j < p.n; j++ {
			v := p.at(j)
			if Partition(v, s.n) != i {
				return fmt.Errorf("dedup: partition %d: hash %#x belongs to partition %d", i, v, Partition(v, s.n))
			}
			if j > 0 && v <= p.at(j-1) {
				return fmt.Errorf("dedup: partition %d: not increasing at index %d", i, j)
			}
		}
	}
	return nil
}

// Close unmaps the files. The set must not be used afterwards.
func (s *DupSet) Close() error {
	var first error
	for i := range s.parts {
		if r := s.parts[i].release; r != nil {
			if err := r(); err != nil && first == nil {
				first = err
			}
		}
	}
	s.parts = nil
	s.total = 0
	return first
}
