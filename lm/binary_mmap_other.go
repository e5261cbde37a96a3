//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package lm

import (
	"io"
	"os"
)

// qryMapFile reads the first size bytes of f into memory: the fallback
// where this package does not use mmap.
func qryMapFile(f *os.File, size int) ([]byte, func() error, error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(io.NewSectionReader(f, 0, int64(size)), data); err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
