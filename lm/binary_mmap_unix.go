//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package lm

import (
	"os"
	"syscall"
)

// qryMapFile maps the first size bytes of f read-only and shared: the
// model lives in the page cache, not in the Go heap, and pages are read on
// first touch, so opening costs the same for any model size.
func qryMapFile(f *os.File, size int) ([]byte, func() error, error) {
	data, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
