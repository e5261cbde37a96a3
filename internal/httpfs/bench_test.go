package httpfs

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkOpenRead streams an 8 MiB body from a loopback server: the
// reader's own cost over net/http's.
func BenchmarkOpenRead(b *testing.B) {
	data := payload(8 << 20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write(data) }))
	defer srv.Close()
	f := New(Options{})
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rc, err := f.OpenRead(ctx, srv.URL+"/x")
		if err != nil {
			b.Fatal(err)
		}
		if n, err := io.Copy(io.Discard, rc); err != nil || n != int64(len(data)) {
			b.Fatalf("read %d bytes: %v", n, err)
		}
		rc.Close()
	}
}
