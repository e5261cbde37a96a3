package shards

import (
	"bufio"
	"fmt"
	"os"

	"github.com/ccnet-go/ccnet/internal/mmapfile"
)

// FormatError is a malformed shard file: which file, the byte offset of
// the field that is wrong, the field, and why.
type FormatError struct {
	File   string
	Offset int64
	Field  string
	Err    error
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("shards: %s: offset %d: %s: %v", e.File, e.Offset, e.Field, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// formatErr builds a *FormatError whose cause is formatted like fmt.Errorf.
func formatErr(file string, offset int64, field, format string, args ...any) error {
	return &FormatError{File: file, Offset: offset, Field: field, Err: fmt.Errorf(format, args...)}
}

// mapPath maps the whole file at path read-only. An empty file gives a nil
// slice (mmap refuses length 0).
func mapPath(path string) ([]byte, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := st.Size()
	if size == 0 {
		return nil, func() error { return nil }, nil
	}
	if int64(int(size)) != size {
		return nil, nil, fmt.Errorf("shards: %s: %d bytes: too large to map", path, size)
	}
	data, unmap, err := mmapfile.Map(f, int(size))
	if err != nil {
		return nil, nil, fmt.Errorf("shards: map %s: %w", path, err)
	}
	return data, unmap, nil
}

// writeBuffer is the size of the buffered writer in front of every output
// file: big enough that a write call moves about a megabyte.
const writeBuffer = 1 << 20

// tmpFile is an output file written at path + ".tmp" and renamed to path
// when it is whole, so that a file at its final path is never partial.
type tmpFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
}

func createTmp(path string) (*tmpFile, error) {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return nil, err
	}
	return &tmpFile{path: path, f: f, w: bufio.NewWriterSize(f, writeBuffer)}, nil
}

// finish flushes and closes the temporary file, then renames it into place.
func (t *tmpFile) finish() error {
	if err := t.w.Flush(); err != nil {
		t.abort()
		return err
	}
	if err := t.f.Close(); err != nil {
		os.Remove(t.f.Name())
		return err
	}
	return os.Rename(t.f.Name(), t.path)
}

// abort closes and removes the temporary file.
func (t *tmpFile) abort() {
	t.f.Close()
	os.Remove(t.f.Name())
}
