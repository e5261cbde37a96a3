package httpfs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// script serves a list of steps, one per request, and records what each
// request asked for. Every test server listens on 127.0.0.1 only
// (httptest's default); nothing reaches the network.
type script struct {
	mu       sync.Mutex
	steps    []func(w http.ResponseWriter, r *http.Request)
	requests []string // "METHOD Range"
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.Method+" "+r.Header.Get("Range"))
	n := len(s.requests)
	s.mu.Unlock()
	if r.Header.Get("Accept-Encoding") != "identity" {
		http.Error(w, "want Accept-Encoding: identity", http.StatusBadRequest)
		return
	}
	if n > len(s.steps) {
		http.Error(w, "no more steps", http.StatusGone)
		return
	}
	s.steps[n-1](w, r)
}

func (s *script) got() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func status(code int, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

// whole serves data in full (ignoring Range).
func whole(data []byte, etag string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		w.Write(data)
	}
}

// cut announces the whole of data but sends only data[from:upto] (from the
// requested Range) and then drops the connection.
func cut(data []byte, upto int, etag string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		from := rangeStart(r)
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Length", fmt.Sprint(len(data)-from))
		if from > 0 {
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, len(data)-1, len(data)))
			w.WriteHeader(http.StatusPartialContent)
		}
		w.Write(data[from:upto])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
}

// ranged serves data from the requested Range on, as a 206.
func ranged(data []byte, etag string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		from := rangeStart(r)
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Length", fmt.Sprint(len(data)-from))
		w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", from, len(data)-1, len(data)))
		w.WriteHeader(http.StatusPartialContent)
		w.Write(data[from:])
	}
}

func rangeStart(r *http.Request) int {
	var from int
	fmt.Sscanf(r.Header.Get("Range"), "bytes=%d-", &from)
	return from
}

// testFS is a filesystem whose waits are recorded, not slept.
func testFS(t *testing.T, opts Options) (*FS, *[]time.Duration) {
	t.Helper()
	f := New(opts)
	var waits []time.Duration
	f.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		return ctx.Err()
	}
	return f, &waits
}

func serve(t *testing.T, s *script) string {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL + "/crawl-data/CC-MAIN-2019-30/segments/1/wet/x.warc.wet.gz"
}

func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

func readAll(t *testing.T, f *FS, url string) ([]byte, error) {
	t.Helper()
	rc, err := f.OpenRead(context.Background(), url)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func TestThrottledThenServed(t *testing.T) {
	data := payload(10_000)
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		status(503, "Retry-After", "7"),
		status(429),
		status(502),
		whole(data, ""),
	}}
	url := serve(t, s)
	f, waits := testFS(t, Options{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second})
	got, err := readAll(t, f, url)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes, want %d", len(got), len(data))
	}
	if len(s.got()) != 4 || len(*waits) != 3 {
		t.Fatalf("requests %q, waits %v", s.got(), *waits)
	}
	// Retry-After is honoured; the other waits are full jitter under
	// BaseDelay·2^(n-1).
	if (*waits)[0] != 7*time.Second {
		t.Errorf("wait after Retry-After: 7: %v", (*waits)[0])
	}
	for i, ceiling := range []time.Duration{200 * time.Millisecond, 400 * time.Millisecond} {
		if w := (*waits)[i+1]; w < 0 || w >= ceiling {
			t.Errorf("wait %d = %v, want in [0, %v)", i+1, w, ceiling)
		}
	}
}

func TestRetryAfterCapped(t *testing.T) {
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		status(503, "Retry-After", "86400"), whole([]byte("ok"), ""),
	}}
	f, waits := testFS(t, Options{MaxRetryAfter: 30 * time.Second})
	if _, err := readAll(t, f, serve(t, s)); err != nil {
		t.Fatal(err)
	}
	if len(*waits) != 1 || (*waits)[0] != 30*time.Second {
		t.Errorf("waits %v, want [30s]", *waits)
	}
}

func TestGivesUp(t *testing.T) {
	var steps []func(http.ResponseWriter, *http.Request)
	for range 10 {
		steps = append(steps, status(503))
	}
	s := &script{steps: steps}
	url := serve(t, s)
	f, waits := testFS(t, Options{MaxAttempts: 4})
	_, err := readAll(t, f, url)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 503 || se.Attempts != 4 {
		t.Fatalf("got %v, want a 503 StatusError after 4 attempts", err)
	}
	if !strings.Contains(err.Error(), url) {
		t.Errorf("error %q does not name the URL", err)
	}
	if len(s.got()) != 4 || len(*waits) != 3 {
		t.Errorf("requests %d, waits %d; want 4 and 3", len(s.got()), len(*waits))
	}
}

func TestNotFoundFailsFast(t *testing.T) {
	s := &script{steps: []func(http.ResponseWriter, *http.Request){status(404), status(404), whole([]byte("late"), "")}}
	url := serve(t, s)
	f, waits := testFS(t, Options{})
	_, err := readAll(t, f, url)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 404 || se.Attempts != 1 {
		t.Fatalf("got %v, want a 404 StatusError after 1 attempt", err)
	}
	if !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "404") {
		t.Errorf("error %q does not name the URL and status", err)
	}
	if len(s.got()) != 1 || len(*waits) != 0 {
		t.Errorf("requests %q, waits %v: a 404 must not be retried", s.got(), *waits)
	}
	if _, err := f.Size(context.Background(), url); err == nil {
		t.Error("Size of a missing file: no error")
	}
}

// A body cut twice mid-way is resumed from the byte reached each time.
func TestResumeCutBody(t *testing.T) {
	data := payload(300_000)
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		cut(data, 100_000, `"v1"`),
		status(503),
		cut(data, 250_000, `"v1"`),
		ranged(data, `"v1"`),
	}}
	url := serve(t, s)
	f, _ := testFS(t, Options{})
	got, err := readAll(t, f, url)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes, want %d (equal prefix: %d)", len(got), len(data), commonPrefix(got, data))
	}
	want := []string{"GET ", "GET bytes=100000-", "GET bytes=100000-", "GET bytes=250000-"}
	if fmt.Sprint(s.got()) != fmt.Sprint(want) {
		t.Errorf("requests %q, want %q", s.got(), want)
	}
}

func commonPrefix(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// A server that ignores Range answers 200 with the whole file: the bytes
// already read are skipped.
func TestResumeWithoutRangeSupport(t *testing.T) {
	data := payload(50_000)
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		cut(data, 20_000, ""), whole(data, ""),
	}}
	f, _ := testFS(t, Options{})
	got, err := readAll(t, f, serve(t, s))
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes (%v), want %d", len(got), err, len(data))
	}
}

func TestResumeFileChanged(t *testing.T) {
	data := payload(50_000)
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		cut(data, 20_000, `"v1"`), ranged(data, `"v2"`),
	}}
	f, _ := testFS(t, Options{})
	_, err := readAll(t, f, serve(t, s))
	if err == nil || !strings.Contains(err.Error(), "changed") || !strings.Contains(err.Error(), "20000") {
		t.Fatalf("got %v, want a changed-file error at byte 20000", err)
	}
}

// A body that breaks off without ever making progress fails after
// MaxAttempts resumes in a row.
func TestResumeBounded(t *testing.T) {
	data := payload(50_000)
	steps := []func(http.ResponseWriter, *http.Request){cut(data, 1000, "")}
	for range 10 {
		steps = append(steps, cut(data, 1000, ""))
	}
	s := &script{steps: steps}
	f, _ := testFS(t, Options{MaxAttempts: 3})
	got, err := readAll(t, f, serve(t, s))
	if err == nil || !strings.Contains(err.Error(), "byte 1000") {
		t.Fatalf("got %v, want a broke-off error at byte 1000", err)
	}
	if len(got) != 1000 || len(s.got()) != 3 {
		t.Errorf("read %d bytes in %d requests; want 1000 in 3", len(got), len(s.got()))
	}
}

func TestConnectionRefusedRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.1: %v", err)
	}
	url := "http://" + l.Addr().String() + "/x.warc.gz"
	l.Close()
	f, waits := testFS(t, Options{MaxAttempts: 3})
	_, err = f.OpenRead(context.Background(), url)
	if err == nil || !strings.Contains(err.Error(), url) || !strings.Contains(err.Error(), "3 attempts") {
		t.Fatalf("got %v, want a connection error naming the URL after 3 attempts", err)
	}
	if len(*waits) != 2 {
		t.Errorf("waits %v, want 2", *waits)
	}
}

func TestSize(t *testing.T) {
	s := &script{steps: []func(http.ResponseWriter, *http.Request){
		status(503), whole(payload(1234), ""),
	}}
	url := serve(t, s)
	f, _ := testFS(t, Options{})
	n, err := f.Size(context.Background(), url)
	if err != nil || n != 1234 {
		t.Fatalf("Size = %d, %v; want 1234", n, err)
	}
	if got := s.got(); len(got) != 2 || got[1] != "HEAD " {
		t.Errorf("requests %q, want two HEADs", got)
	}
}

// Through Beam's registry, as the pipeline opens its inputs.
func TestRegistered(t *testing.T) {
	data := payload(5000)
	s := &script{steps: []func(http.ResponseWriter, *http.Request){whole(data, "")}}
	url := serve(t, s)
	ctx := context.Background()
	fs, err := filesystem.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	if l, err := fs.List(ctx, url); err != nil || len(l) != 1 || l[0] != url {
		t.Errorf("List(%s) = %q, %v", url, l, err)
	}
	if _, err := fs.List(ctx, "https://example.org/*.gz"); err == nil {
		t.Error("List of a glob: no error")
	}
	got, err := filesystem.Read(ctx, fs, url)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("Read: %d bytes, %v", len(got), err)
	}
	if _, err := fs.OpenWrite(ctx, url); err == nil || !strings.Contains(err.Error(), "not supported") {
		t.Errorf("OpenWrite: %v, want not supported", err)
	}
	if _, err := filesystem.New(ctx, "https://data.commoncrawl.org/x"); err != nil {
		t.Errorf("https not registered: %v", err)
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"12", 12 * time.Second},
		{" 3 ", 3 * time.Second},
		{"0", 0},
		{"-5", 0},
		{"99999999999999999", (1 << 20) * time.Second},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"soon", 0},
	} {
		if got := retryAfter(tc.in, now); got != tc.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestBackoffCeiling(t *testing.T) {
	f := New(Options{BaseDelay: time.Second, MaxDelay: 10 * time.Second})
	for attempt := 1; attempt <= 60; attempt++ {
		ceiling := 10 * time.Second
		if attempt <= 4 {
			ceiling = time.Second << (attempt - 1)
		}
		for range 50 {
			if w := f.wait(attempt, errors.New("reset")); w < 0 || w >= ceiling {
				t.Fatalf("attempt %d waits %v, want in [0, %v)", attempt, w, ceiling)
			}
		}
	}
}

func FuzzHeaders(f *testing.F) {
	for _, s := range []string{"bytes 0-9/10", "bytes 100-", "12", "Wed, 21 Oct 2015 07:28:00 GMT", "bytes -1-2/3"} {
		f.Add(s)
	}
	now := time.Now()
	f.Fuzz(func(t *testing.T, v string) {
		if d := retryAfter(v, now); d < 0 {
			t.Errorf("retryAfter(%q) = %v", v, d)
		}
		contentRangeStart(v)
	})
}
