//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

// Package mmapfile maps files read-only into memory; on this system it
// reads them instead.
package mmapfile

import (
	"io"
	"os"
)

// Mapped reports whether Map maps files rather than reads them.
const Mapped = false

// Map reads the first size bytes of f into memory.
func Map(f *os.File, size int) (data []byte, release func() error, err error) {
	data = make([]byte, size)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, int64(size)), data); err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
