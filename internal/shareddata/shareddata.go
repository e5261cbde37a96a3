// Package shareddata finds the real data that benchmarks and conformance
// tests use: $CCNET_DATA, else ../shared/data beside the module (tests run
// in their package's folder, one level below the module root). A fresh
// clone does not have it; tests that need it skip.
package shareddata

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir is the shared data folder (it may not exist).
func Dir() string {
	if d := os.Getenv("CCNET_DATA"); d != "" {
		return d
	}
	_, here, _, ok := runtime.Caller(0)
	if !ok {
		return filepath.Join("..", "..", "shared", "data")
	}
	// here is <module>/internal/shareddata/shareddata.go.
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "data")
}

// Path returns the path of rel in the shared data, or skips tb when it is
// not there.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(), rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("shared data %s not found (set CCNET_DATA)", rel)
	}
	return p
}
