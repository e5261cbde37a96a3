//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// Package mmapfile maps files read-only into memory: the pages live in the
// page cache, not in the Go heap, and are read on first touch. Where mmap is
// not available the file is read instead. Shared by the packages that open
// large read-only files (dedup sets, LM binaries, token shards).
package mmapfile

import (
	"os"
	"syscall"
)

// Mapped reports whether Map maps files rather than reads them.
const Mapped = true

// Map maps the first size bytes of f read-only and shared; release unmaps
// them. The mapping outlives f.
func Map(f *os.File, size int) (data []byte, release func() error, err error) {
	if size == 0 {
		return []byte{}, func() error { return nil }, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return syscall.Munmap(data) }, nil
}
