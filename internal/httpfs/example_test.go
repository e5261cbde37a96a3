package httpfs_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ccnet-go/ccnet/internal/httpfs"
)

// A server that throttles the first request: the read waits out its
// Retry-After and gets the file on the second attempt.
func ExampleNew() {
	first := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if first {
			first = false
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "WARC/1.0\r\n")
	}))
	defer srv.Close()

	fs := httpfs.New(httpfs.Options{MaxAttempts: 3, BaseDelay: 10 * time.Millisecond})
	rc, err := fs.OpenRead(context.Background(), srv.URL+"/x.warc.gz")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rc.Close()
	data, _ := io.ReadAll(rc)
	fmt.Printf("%q\n", data)
	// Output: "WARC/1.0\r\n"
}
