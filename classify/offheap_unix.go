//go:build unix

package classify

import "syscall"

// offHeap returns n zeroed bytes outside the Go heap (an anonymous private
// mapping), or nil if the system refuses. The collector neither scans nor
// counts them, so pointer-free tables kept for the life of the process do
// not raise its heap target (GOGC): on the Go heap, 280 MB of tables let
// the heap grow by another 280 MB before a collection.
func offHeap(n int) []byte {
	b, err := syscall.Mmap(-1, 0, n, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return nil
	}
	return b
}

// freeOffHeap releases memory from offHeap.
func freeOffHeap(b []byte) { syscall.Munmap(b) }
