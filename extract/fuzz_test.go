package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var knownReasons = map[string]bool{
	ReasonHTTPMalformed: true, ReasonHTTPStatus: true, ReasonNotText: true,
	ReasonContentDecoding: true, ReasonBodyTooLarge: true,
}

// checkInvariants asserts what must hold for any input.
func checkInvariants(t *testing.T, what string, r Result, err error, opts Options) {
	t.Helper()
	if err != nil {
		d, ok := err.(*Drop)
		if !ok || !knownReasons[d.Reason] {
			t.Fatalf("%s: error %v is not a known *Drop", what, err)
		}
		if !utf8.ValidString(err.Error()) {
			t.Fatalf("%s: invalid UTF-8 in error", what)
		}
	}
	if !utf8.ValidString(r.Title) || !utf8.ValidString(r.ContentType) || !utf8.ValidString(r.Charset) {
		t.Fatalf("%s: invalid UTF-8 in %+v", what, r)
	}
	if len(r.Title) > opts.MaxLineBytes {
		t.Fatalf("%s: title %d bytes", what, len(r.Title))
	}
	if r.LinesDropped < 0 {
		t.Fatalf("%s: LinesDropped %d", what, r.LinesDropped)
	}
	for _, l := range r.Lines {
		switch {
		case !utf8.ValidString(l):
			t.Fatalf("%s: invalid UTF-8 line %q", what, l)
		case l == "" || l[0] == ' ' || l[len(l)-1] == ' ':
			t.Fatalf("%s: untrimmed line %q", what, l)
		case strings.Contains(l, "  ") || strings.ContainsAny(l, "\n\r\t\x00"):
			t.Fatalf("%s: uncollapsed line %q", what, l)
		case len(l) > opts.MaxLineBytes:
			t.Fatalf("%s: line of %d bytes", what, len(l))
		}
	}
}

func FuzzResponse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "http", "*.http"))
	for _, fn := range files {
		if b, err := os.ReadFile(fn); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nHello\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\nContent-Type: text/html; charset=shift_jis\n\n<title>x</title><svg><p>y</svg><pre>a\nb</pre>",
		"HTTP/1.1 200 OK\r\nContent-Type: application/xhtml+xml\r\n\r\n<script/><p>x</p><template><b>t</template>",
		"HTTP/2 200\r\ncontent-encoding: br\r\n\r\n\x8b\x02\x80hello\x03",
		"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-16\r\n\r\n\xff\xfeh\x00i\x00",
	} {
		f.Add([]byte(s))
	}
	opts := Options{MaxBodyBytes: 1 << 20, MaxLineBytes: 256}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Response(data, opts)
		checkInvariants(t, "Response", r, err, opts)
		r2, err2 := Response(data, opts)
		if !reflect.DeepEqual(r, r2) || (err == nil) != (err2 == nil) {
			t.Fatalf("not deterministic: %+v / %+v", r, r2)
		}
		// The same bytes as a body, through both extraction paths.
		r, err = HTML(data, "text/html", opts)
		checkInvariants(t, "HTML", r, err, opts)
		r, err = Body(data, "", opts)
		checkInvariants(t, "Body", r, err, opts)
	})
}
