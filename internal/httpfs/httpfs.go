package httpfs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

func init() {
	filesystem.Register("https", func(context.Context) filesystem.Interface { return New(Options{}) })
	filesystem.Register("http", func(context.Context) filesystem.Interface { return New(Options{}) })
}

// Options are the knobs of the retry policy; the zero value of a field
// means its default.
type Options struct {
	// Client makes the requests (default: a client with no overall
	// timeout, since a WARC body can take minutes, but whose transport
	// times out connecting and waiting for headers).
	Client *http.Client
	// MaxAttempts bounds the attempts of one request, and the attempts in a
	// row that read nothing when a body is resumed (default 8).
	MaxAttempts int
	// BaseDelay and MaxDelay shape the backoff: attempt n waits a random
	// time in [0, min(MaxDelay, BaseDelay·2^n)) (defaults 500 ms and 60 s).
	BaseDelay, MaxDelay time.Duration
	// MaxRetryAfter caps the wait a server's Retry-After asks for
	// (default 5 min).
	MaxRetryAfter time.Duration
	// UserAgent is sent with every request (default "ccnet-go (+httpfs)").
	UserAgent string
}

func (o Options) withDefaults() Options {
	if o.Client == nil {
		o.Client = defaultClient
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.BaseDelay <= 0 {
		o.BaseDelay = 500 * time.Millisecond
	}
	if o.MaxDelay <= 0 {
		o.MaxDelay = time.Minute
	}
	if o.MaxRetryAfter <= 0 {
		o.MaxRetryAfter = 5 * time.Minute
	}
	if o.UserAgent == "" {
		o.UserAgent = "ccnet-go (+httpfs)"
	}
	return o
}

var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	ResponseHeaderTimeout: 2 * time.Minute,
	IdleConnTimeout:       90 * time.Second,
	MaxIdleConnsPerHost:   16,
	TLSHandshakeTimeout:   30 * time.Second,
}}

// FS is the http(s) filesystem. It holds no open resources.
type FS struct {
	opts Options
	// sleep waits d or until ctx is done; tests replace it to record the
	// waits instead of sleeping.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a filesystem with the given retry policy.
func New(opts Options) *FS {
	return &FS{opts: opts.withDefaults(), sleep: sleepCtx}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Close does nothing: the filesystem holds no resources.
func (f *FS) Close() error { return nil }

// List returns the URL itself: HTTP has no listing, so globs are refused.
func (f *FS) List(_ context.Context, glob string) ([]string, error) {
	if strings.ContainsAny(glob, "*?[") {
		return nil, fmt.Errorf("httpfs: %s: http(s) URLs cannot be globbed (list the files in a paths file)", glob)
	}
	return []string{glob}, nil
}

// OpenWrite fails: http(s) is read-only here.
func (f *FS) OpenWrite(_ context.Context, url string) (io.WriteCloser, error) {
	return nil, fmt.Errorf("httpfs: %s: writing over http(s) is not supported; write to a local path, gs:// or s3://", url)
}

// Size is the Content-Length of a HEAD of url.
func (f *FS) Size(ctx context.Context, url string) (int64, error) {
	resp, err := f.do(ctx, http.MethodHead, url, 0)
	if err != nil {
		return -1, err
	}
	resp.Body.Close()
	if resp.ContentLength < 0 {
		return -1, fmt.Errorf("httpfs: HEAD %s: no Content-Length", url)
	}
	return resp.ContentLength, nil
}

// OpenRead streams the body of url, resuming it with Range requests when
// it breaks off.
func (f *FS) OpenRead(ctx context.Context, url string) (io.ReadCloser, error) {
	resp, err := f.do(ctx, http.MethodGet, url, 0)
	if err != nil {
		return nil, err
	}
	return &body{fs: f, ctx: ctx, url: url, resp: resp, size: resp.ContentLength,
		etag: resp.Header.Get("ETag")}, nil
}

// StatusError is a response that ended the attempts: a status that is not
// retried, or a retried one after the last attempt.
type StatusError struct {
	Method, URL string
	Code        int
	Status      string // e.g. "404 Not Found"
	Attempts    int
}

func (e *StatusError) Error() string {
	if e.Attempts > 1 {
		return fmt.Sprintf("httpfs: %s %s: %s (after %d attempts)", e.Method, e.URL, e.Status, e.Attempts)
	}
	return fmt.Sprintf("httpfs: %s %s: %s", e.Method, e.URL, e.Status)
}

// retryable says whether a status is worth another attempt: throttling
// (429), a request timeout (408) and server-side failures (5xx).
func retryable(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500
}

// do sends method url (from byte offset from when from > 0) until it gets a
// usable response or the attempts run out.
func (f *FS) do(ctx context.Context, method, url string, from int64) (*http.Response, error) {
	var last error
	for attempt := 0; attempt < f.opts.MaxAttempts; attempt++ {
		if attempt > 0 {
			if err := f.sleep(ctx, f.wait(attempt, last)); err != nil {
				return nil, fmt.Errorf("httpfs: %s %s: %w (last failure: %v)", method, url, err, last)
			}
		}
		req, err := http.NewRequestWithContext(ctx, method, url, nil)
		if err != nil {
			return nil, fmt.Errorf("httpfs: %s %s: %w", method, url, err)
		}
		req.Header.Set("User-Agent", f.opts.UserAgent)
		req.Header.Set("Accept-Encoding", "identity")
		if from > 0 {
			req.Header.Set("Range", "bytes="+strconv.FormatInt(from, 10)+"-")
		}
		resp, err := f.opts.Client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("httpfs: %s %s: %w", method, url, ctx.Err())
			}
			last = fmt.Errorf("httpfs: %s %s: %w", method, url, err)
			continue
		}
		if resp.StatusCode < 300 {
			return resp, nil
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		se := &StatusError{Method: method, URL: url, Code: resp.StatusCode, Status: resp.Status, Attempts: attempt + 1}
		if !retryable(resp.StatusCode) {
			return nil, se
		}
		last = &retryAfterError{StatusError: se, after: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	var ra *retryAfterError
	if errors.As(last, &ra) {
		return nil, ra.StatusError
	}
	return nil, fmt.Errorf("%w (after %d attempts)", last, f.opts.MaxAttempts)
}

// retryAfterError is a retryable status with the server's Retry-After (0
// when it sent none).
type retryAfterError struct {
	*StatusError
	after time.Duration
}

// wait is the pause before attempt (1-based retries): the server's
// Retry-After when it gave one, else full-jitter exponential backoff.
func (f *FS) wait(attempt int, last error) time.Duration {
	var ra *retryAfterError
	if errors.As(last, &ra) && ra.after > 0 {
		return min(ra.after, f.opts.MaxRetryAfter)
	}
	ceiling := f.opts.BaseDelay
	for i := 1; i < attempt && ceiling < f.opts.MaxDelay; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, f.opts.MaxDelay)
	return time.Duration(rand.Int64N(int64(ceiling)))
}

// retryAfter parses a Retry-After value: delay-seconds or an HTTP date
// (RFC 9110 §10.2.3). Anything else, or a time in the past, is 0.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		// Cap before converting so a huge value cannot overflow; the
		// caller caps again at MaxRetryAfter.
		return time.Duration(min(secs, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// body is a GET's body that resumes itself from the offset reached.
type body struct {
	fs   *FS
	ctx  context.Context
	url  string
	resp *http.Response
	off  int64 // bytes handed to the caller
	size int64 // the file's length, or -1 when the server did not say
	etag string
	// fails counts resumes in a row that read nothing.
	fails int
	err   error
}

func (b *body) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	for {
		n, err := b.resp.Body.Read(p)
		b.off += int64(n)
		if n > 0 {
			b.fails = 0
		}
		switch {
		case err == nil:
			return n, nil
		case err == io.EOF && (b.size < 0 || b.off >= b.size):
			b.err = io.EOF
			return n, io.EOF
		}
		// The body broke off (a cut connection, or EOF before the
		// Content-Length): resume from b.off.
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		b.resp.Body.Close()
		if rerr := b.resume(err); rerr != nil {
			b.err = rerr
			return n, rerr
		}
		if n > 0 {
			return n, nil
		}
	}
}

// resume reopens the body at b.off after cause broke it.
func (b *body) resume(cause error) error {
	for {
		b.fails++
		if b.fails >= b.fs.opts.MaxAttempts {
			return fmt.Errorf("httpfs: GET %s: body broke off at byte %d %d times in a row: %w", b.url, b.off, b.fails, cause)
		}
		if err := b.fs.sleep(b.ctx, b.fs.wait(b.fails, cause)); err != nil {
			return fmt.Errorf("httpfs: GET %s at byte %d: %w", b.url, b.off, err)
		}
		resp, err := b.fs.do(b.ctx, http.MethodGet, b.url, b.off)
		if err != nil {
			return fmt.Errorf("resuming at byte %d after %v: %w", b.off, cause, err)
		}
		if b.etag != "" {
			if et := resp.Header.Get("ETag"); et != "" && et != b.etag {
				resp.Body.Close()
				return fmt.Errorf("httpfs: GET %s: the file changed while it was read (ETag %s, now %s) at byte %d", b.url, b.etag, et, b.off)
			}
		}
		switch resp.StatusCode {
		case http.StatusPartialContent:
			start, err := contentRangeStart(resp.Header.Get("Content-Range"))
			if err != nil || start != b.off {
				resp.Body.Close()
				return fmt.Errorf("httpfs: GET %s: asked for bytes from %d, got Content-Range %q", b.url, b.off, resp.Header.Get("Content-Range"))
			}
		default:
			// The server ignored Range: skip what was read already.
			skipped, err := io.CopyN(io.Discard, resp.Body, b.off)
			if err != nil {
				resp.Body.Close()
				cause = fmt.Errorf("skipping to byte %d of a full response (read %d): %w", b.off, skipped, err)
				continue
			}
		}
		b.resp = resp
		return nil
	}
}

// contentRangeStart is the first byte of "bytes START-END/SIZE".
func contentRangeStart(v string) (int64, error) {
	rest, ok := strings.CutPrefix(v, "bytes ")
	if !ok {
		return 0, fmt.Errorf("Content-Range %q is not bytes", v)
	}
	start, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, fmt.Errorf("Content-Range %q has no range", v)
	}
	return strconv.ParseInt(start, 10, 64)
}

func (b *body) Close() error {
	b.err = errors.New("httpfs: read after Close")
	return b.resp.Body.Close()
}
