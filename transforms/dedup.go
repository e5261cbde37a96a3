package transforms

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/klauspost/compress/zstd"

	"github.com/ccnet-go/ccnet/dedup"
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/report"
)

// DocRun names a spilled batch of documents of one dedup group, with the
// line hashes of each.
type DocRun struct {
	Group int
	Path  string
}

// HashRun names a sorted run of line hashes of one partition of one group.
type HashRun struct {
	Group int
	Part  int
	Path  string
}

// DupFile names the duplicate hashes of one partition of one group.
type DupFile struct {
	Group int
	Part  int
	Path  string
}

// GroupOf is the dedup group of input number index: groups of groupFiles
// consecutive inputs (cc_net's hash_in_mem grouping), or one group for the
// whole run when groupFiles is 0.
func GroupOf(index, groupFiles int) int {
	if groupFiles <= 0 {
		return 0
	}
	return index / groupFiles
}

// DedupSpillFn is the hash pass of line dedup: for each document it
// computes cc_net's line hashes, buffers the document (with them) and its
// distinct hashes, and spills them as a document run per group and sorted
// hash runs per (group, partition) when the buffer passes BudgetBytes and
// at the end of the bundle.
type DedupSpillFn struct {
	TempDir     string
	Partitions  int
	BudgetBytes int64
	// Groups maps an input path to its dedup group.
	Groups map[string]int

	docs   map[int][]byte
	hashes map[[2]int][]uint64
	size   int64
	id     string
	seq    int
	lines  []uint64
	uniq   []uint64
}

func randomID() (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// StartBundle starts empty buffers under a fresh id.
func (f *DedupSpillFn) StartBundle(ctx context.Context, emitDocs func(DocRun), emitHashes func(HashRun)) error {
	f.docs = map[int][]byte{}
	f.hashes = map[[2]int][]uint64{}
	f.size, f.seq = 0, 0
	var err error
	f.id, err = randomID()
	return err
}

// ProcessElement hashes and buffers one document.
func (f *DedupSpillFn) ProcessElement(ctx context.Context, d document.Document, emitDocs func(DocRun), emitHashes func(HashRun)) error {
	g := f.Groups[d.File]
	if d.RawContent != "" {
		f.lines = dedup.LineHashes(d.RawContent, f.lines)
		f.uniq = dedup.AppendDistinct(f.uniq[:0], f.lines)
		for _, h := range f.uniq {
			k := [2]int{g, dedup.Partition(h, f.Partitions)}
			f.hashes[k] = append(f.hashes[k], h)
		}
	} else {
		f.lines = f.lines[:0]
	}
	buf := f.docs[g]
	n := len(buf)
	buf = document.AppendBinary(buf, &d)
	buf = binary.AppendUvarint(buf, uint64(len(f.lines)))
	for _, h := range f.lines {
		buf = binary.LittleEndian.AppendUint64(buf, h)
	}
	f.docs[g] = buf
	f.size += int64(len(buf)-n) + 8*int64(len(f.uniq))
	if f.size >= f.BudgetBytes {
		return f.spill(ctx, emitDocs, emitHashes)
	}
	return nil
}

// FinishBundle spills what is left.
func (f *DedupSpillFn) FinishBundle(ctx context.Context, emitDocs func(DocRun), emitHashes func(HashRun)) error {
	return f.spill(ctx, emitDocs, emitHashes)
}

func (f *DedupSpillFn) spill(ctx context.Context, emitDocs func(DocRun), emitHashes func(HashRun)) error {
	dir := strings.TrimSuffix(f.TempDir, "/")
	for g, buf := range f.docs {
		path := fmt.Sprintf("%s/dedup/g%05d/docs/%s-%04d.docs", dir, g, f.id, f.seq)
		f.seq++
		err := writeFile(ctx, path, func(w writer) error {
			zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest),
				zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<20))
			if err != nil {
				return err
			}
			if _, err := zw.Write(buf); err != nil {
				return err
			}
			return zw.Close()
		})
		if err != nil {
			return err
		}
		emitDocs(DocRun{Group: g, Path: path})
	}
	for k, hs := range f.hashes {
		sort.Slice(hs, func(i, j int) bool { return hs[i] < hs[j] })
		path := fmt.Sprintf("%s/dedup/g%05d/p%04d/%s-%04d.hashes", dir, k[0], k[1], f.id, f.seq)
		f.seq++
		if err := writeFile(ctx, path, func(w writer) error { return dedup.WriteHashRun(w, hs) }); err != nil {
			return err
		}
		emitHashes(HashRun{Group: k[0], Part: k[1], Path: path})
	}
	f.docs = map[int][]byte{}
	f.hashes = map[[2]int][]uint64{}
	f.size = 0
	return nil
}

// KeyHashRunFn keys a hash run by "group/partition".
func KeyHashRunFn(r HashRun) (string, HashRun) {
	return fmt.Sprintf("%05d/%04d", r.Group, r.Part), r
}

// MergeHashesFn merges the hash runs of one (group, partition) and writes
// the hashes seen in two documents or more to a duplicate-set file.
type MergeHashesFn struct {
	TempDir string
}

// ProcessElement merges one partition.
func (f *MergeHashesFn) ProcessElement(ctx context.Context, key string, runs func(*HashRun) bool, emit func(DupFile), count func(Count)) error {
	var rs []HashRun
	var r HashRun
	for runs(&r) {
		rs = append(rs, r)
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].Path < rs[j].Path })
	var readers []*dedup.HashRunReader
	defer func() {
		for _, rr := range readers {
			rr.Close()
		}
	}()
	for _, r := range rs {
		rc, err := openRead(ctx, r.Path)
		if err != nil {
			return err
		}
		defer rc.Close()
		rr, err := dedup.NewHashRunReader(bufio.NewReaderSize(rc, 64<<10))
		if err != nil {
			return fmt.Errorf("%s: %w", r.Path, err)
		}
		readers = append(readers, rr)
	}
	g, part := rs[0].Group, rs[0].Part
	final := fmt.Sprintf("%s/dedup/g%05d/dups-p%04d.dup", strings.TrimSuffix(f.TempDir, "/"), g, part)
	local, upload, err := localPath(final)
	if err != nil {
		return err
	}
	w, err := dedup.NewDupSetWriter(local)
	if err != nil {
		return err
	}
	occ, distinct, dups, err := dedup.MergeDuplicates(readers, w.Add)
	if err != nil {
		w.Abort()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	if err := upload(ctx); err != nil {
		return err
	}
	count(Count{Key: report.Key(report.KindStat, "dedup-line-occurrences", ""), N: occ})
	count(Count{Key: report.Key(report.KindStat, "dedup-distinct-hashes", ""), N: distinct})
	count(Count{Key: report.Key(report.KindStat, "dedup-duplicate-hashes", ""), N: dups})
	emit(DupFile{Group: g, Part: part, Path: final})
	return nil
}

// ApplyDedupFn is the second pass: it reads a document run back and applies
// the group's verdict to every document (cc_net DuplicatesRemover).
type ApplyDedupFn struct {
	Partitions int

	sets  map[int]*dedup.DupSet
	clean []func()
}

// Teardown closes the duplicate sets.
func (f *ApplyDedupFn) Teardown() error {
	for _, s := range f.sets {
		s.Close()
	}
	for _, c := range f.clean {
		c()
	}
	return nil
}

func (f *ApplyDedupFn) set(ctx context.Context, g int, dups func(*DupFile) bool) (*dedup.DupSet, error) {
	if s, ok := f.sets[g]; ok {
		return s, nil
	}
	if f.sets == nil {
		f.sets = map[int]*dedup.DupSet{}
	}
	paths := make([]string, f.Partitions)
	var d DupFile
	for dups(&d) {
		if d.Group != g {
			continue
		}
		local, clean, err := fetchLocal(ctx, d.Path)
		if err != nil {
			return nil, err
		}
		f.clean = append(f.clean, clean)
		paths[d.Part] = local
	}
	s, err := dedup.OpenDupSet(paths, f.Partitions)
	if err != nil {
		return nil, err
	}
	f.sets[g] = s
	return s, nil
}

// ProcessElement dedups the documents of one run.
func (f *ApplyDedupFn) ProcessElement(ctx context.Context, run DocRun, dups func(*DupFile) bool, emit func(document.Document), count func(Count)) error {
	set, err := f.set(ctx, run.Group, dups)
	if err != nil {
		return err
	}
	rc, err := openRead(ctx, run.Path)
	if err != nil {
		return err
	}
	defer rc.Close()
	zr, err := zstd.NewReader(rc, zstd.WithDecoderConcurrency(1), zstd.WithDecoderLowmem(true))
	if err != nil {
		return err
	}
	defer zr.Close()
	data, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %w", run.Path, err)
	}
	stats := map[string]int64{}
	var hashes []uint64
	for len(data) > 0 {
		d, rest, err := document.ParseBinary(data)
		if err != nil {
			return fmt.Errorf("%s: %w", run.Path, err)
		}
		n, k := binary.Uvarint(rest)
		if k <= 0 || uint64(len(rest)-k) < 8*n {
			return fmt.Errorf("%s: %w", run.Path, errors.New("truncated line hashes"))
		}
		rest = rest[k:]
		hashes = hashes[:0]
		for i := uint64(0); i < n; i++ {
			hashes = append(hashes, binary.LittleEndian.Uint64(rest[8*i:]))
		}
		data = rest[8*n:]
		if d.RawContent == "" {
			// cc_net's DuplicatesRemover returns None for an empty text.
			count(Count{Key: report.Key(report.KindDrop, "empty-content", d.File), N: 1})
			continue
		}
		stats["dedup-lines-in"] += int64(len(hashes))
		kept, lines, bytes := dedup.Apply(&d, hashes, set.Contains)
		stats["dedup-lines-removed"] += int64(lines)
		stats["dedup-bytes-removed"] += int64(bytes)
		if !kept {
			count(Count{Key: report.Key(report.KindDrop, "all-lines-duplicate", d.File), N: 1})
			continue
		}
		emit(d)
	}
	for k, n := range stats {
		count(Count{Key: report.Key(report.KindStat, k, ""), N: n})
	}
	return nil
}

// openRead opens path through Beam's filesystems.
func openRead(ctx context.Context, path string) (io.ReadCloser, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		fs.Close()
		return nil, err
	}
	return &closeBoth{rc, fs}, nil
}

type closeBoth struct {
	io.ReadCloser
	fs filesystem.Interface
}

func (c *closeBoth) Close() error {
	err := c.ReadCloser.Close()
	c.fs.Close()
	return err
}

func isRemote(path string) bool { return strings.Contains(path, "://") }

// localPath gives a local file to write for path, and a function that
// uploads it when path is remote (gs://, s3://).
func localPath(path string) (string, func(context.Context) error, error) {
	if !isRemote(path) {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return "", nil, err
		}
		return path, func(context.Context) error { return nil }, nil
	}
	f, err := os.CreateTemp("", "ccnet-*.dup")
	if err != nil {
		return "", nil, err
	}
	f.Close()
	return f.Name(), func(ctx context.Context) error {
		defer os.Remove(f.Name())
		data, err := os.ReadFile(f.Name())
		if err != nil {
			return err
		}
		return writeFile(ctx, path, func(w writer) error { _, err := w.Write(data); return err })
	}, nil
}

// fetchLocal gives a local copy of path (the path itself when it is local).
func fetchLocal(ctx context.Context, path string) (string, func(), error) {
	if !isRemote(path) {
		return path, func() {}, nil
	}
	rc, err := openRead(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	f, err := os.CreateTemp("", "ccnet-*.dup")
	if err != nil {
		return "", nil, err
	}
	if _, err := io.Copy(f, rc); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", nil, err
	}
	f.Close()
	return f.Name(), func() { os.Remove(f.Name()) }, nil
}
