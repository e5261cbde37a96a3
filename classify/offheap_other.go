//go:build !unix

package classify

// offHeap is nil where anonymous mappings are not available: the tables
// then live on the Go heap.
func offHeap(int) []byte { return nil }

func freeOffHeap([]byte) {}
