package warc

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t *testing.T, data []byte, opts Options) *summary {
	t.Helper()
	s, err := readAll(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func zstdFrames(chunks [][]byte) []byte {
	enc, _ := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
	var out []byte
	for _, c := range chunks {
		out = enc.EncodeAll(c, out)
	}
	return out
}

// TestEncodings reads the same records from plain, gzip-per-record,
// whole-file gzip, gzip members cut at arbitrary points and zstd, and
// checks they agree on everything but CompressedOffset.
func TestEncodings(t *testing.T) {
	for _, name := range []string{"types.warc", "lf.warc", "v017.warc", "wget.warc", "bad.warc", "trunc.warc"} {
		t.Run(name, func(t *testing.T) {
			plain := readFile(t, name)
			want := mustRead(t, plain, Options{})
			if want.Records == 0 {
				t.Fatal("no records")
			}
			for _, r := range want.Recs {
				if r.Cmp != r.Offset {
					t.Errorf("plain: CompressedOffset %d != Offset %d", r.Cmp, r.Offset)
				}
			}
			chunks := splitRecords(plain)
			perRecord, memberOffs := gzipMembersOffsets(chunks, gzip.BestSpeed)
			// Members cut every 7 bytes: records span many members.
			var small [][]byte
			for i := 0; i < len(plain); i += 7 {
				small = append(small, plain[i:min(i+7, len(plain))])
			}
			cases := []struct {
				name string
				data []byte
				cmp  func(i int, r recInfo) int64 // expected CompressedOffset
			}{
				{"gzip-per-record", perRecord, func(i int, r recInfo) int64 { return memberOffs[i] }},
				{"gzip-whole", gzipWhole(plain), func(int, recInfo) int64 { return 0 }},
				{"gzip-7-byte-members", gzipMembers(small, gzip.BestSpeed), nil},
				{"gzip-with-empty-members", gzipMembers(append([][]byte{{}, {}}, append(chunks, []byte{})...), 1), nil},
				{"zstd-frames", zstdFrames(chunks), func(int, recInfo) int64 { return -1 }},
				{"zstd-whole", zstdFrames([][]byte{plain}), func(int, recInfo) int64 { return -1 }},
			}
			for _, c := range cases {
				got := mustRead(t, c.data, Options{})
				if got.Final != nil {
					t.Fatalf("%s: %v", c.name, got.Final)
				}
				if len(got.Recs) != len(want.Recs) || !reflect.DeepEqual(got.Errors, want.Errors) || got.Skipped != want.Skipped {
					t.Fatalf("%s: got %d records errs %q skipped %d, want %d errs %q skipped %d",
						c.name, len(got.Recs), got.Errors, got.Skipped, len(want.Recs), want.Errors, want.Skipped)
				}
				for i, r := range got.Recs {
					w := want.Recs[i]
					if c.cmp != nil && name != "bad.warc" && name != "trunc.warc" {
						if e := c.cmp(i, r); r.Cmp != e {
							t.Errorf("%s: record %d CompressedOffset %d, want %d", c.name, i, r.Cmp, e)
						}
					}
					r.Cmp, w.Cmp = 0, 0
					if r != w {
						t.Errorf("%s: record %d = %+v, want %+v", c.name, i, r, w)
					}
				}
			}
		})
	}
}

func TestCompressedOffsetSpanningMembers(t *testing.T) {
	plain := readFile(t, "types.warc")
	want := mustRead(t, plain, Options{})
	// Cut the plain data into members of 50 bytes; each record's
	// CompressedOffset must be the member holding its first byte.
	var chunks [][]byte
	for i := 0; i < len(plain); i += 50 {
		chunks = append(chunks, plain[i:min(i+50, len(plain))])
	}
	data, offs := gzipMembersOffsets(chunks, gzip.BestSpeed)
	got := mustRead(t, data, Options{})
	for i, r := range got.Recs {
		if r.Offset != want.Recs[i].Offset {
			t.Fatalf("record %d offset %d want %d", i, r.Offset, want.Recs[i].Offset)
		}
		if e := offs[r.Offset/50]; r.Cmp != e {
			t.Errorf("record %d at %d: CompressedOffset %d want %d", i, r.Offset, r.Cmp, e)
		}
	}
}

func TestRecordsAndHeaders(t *testing.T) {
	data := readFile(t, "types.warc")
	rd, err := NewReader(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantTypes := []string{"warcinfo", "request", "response", "metadata", "resource", "revisit", "conversion", "continuation", "resource"}
	var recs []*Record
	var bodies []string
	for {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(b)) != rec.ContentLength {
			t.Fatalf("body %d bytes, ContentLength %d", len(b), rec.ContentLength)
		}
		if !bytes.HasPrefix(data[rec.Offset:], []byte("WARC/")) {
			t.Errorf("Offset %d does not point at a version line", rec.Offset)
		}
		recs = append(recs, rec)
		bodies = append(bodies, string(b))
	}
	if len(recs) != len(wantTypes) {
		t.Fatalf("got %d records, want %d", len(recs), len(wantTypes))
	}
	for i, rec := range recs {
		if rec.Type != wantTypes[i] {
			t.Errorf("record %d: Type %q, want %q", i, rec.Type, wantTypes[i])
		}
	}
	resp := recs[2]
	tests := []struct{ name, want string }{
		{"X-Long", "first part second part third part"},
		{"x-long", "first part second part third part"},
		{"WARC-Empty", ""},
		{"Content-Length", "106"},
		{"WARC-Type", "Response"},
		{"Missing", ""},
	}
	for _, tc := range tests {
		if got := resp.Header.Get(tc.name); got != tc.want {
			t.Errorf("Get(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if resp.Header[0].Name != "warc-type" {
		t.Errorf("names must keep their spelling, got %q", resp.Header[0].Name)
	}
	if recs[4].Version != "WARC/1.1" || recs[0].Version != "WARC/1.0" {
		t.Errorf("versions %q %q", recs[0].Version, recs[4].Version)
	}
	if !strings.HasSuffix(bodies[2], "</html>\n") || recs[8].ContentLength != 0 || bodies[8] != "" {
		t.Errorf("bad bodies %q %q", bodies[2], bodies[8])
	}
}

func TestHeaderGet(t *testing.T) {
	h := Header{{"A", " x "}, {"content-LENGTH", "\t12 "}, {"a", "y"}}
	for _, tc := range []struct{ name, want string }{{"a", "x"}, {"Content-Length", "12"}, {"b", ""}} {
		if got := h.Get(tc.name); got != tc.want {
			t.Errorf("Get(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestLFAndVersions(t *testing.T) {
	s := mustRead(t, readFile(t, "lf.warc"), Options{})
	if s.Records != 4 || s.Types["conversion"] != 3 || len(s.Errors) != 0 {
		t.Fatalf("lf.warc: %+v", s)
	}
	wantBodies := []string{"isPartOf: test\n", "Bonjour le monde.\nDeuxième ligne.\n", "Hallo Welt.\n", "你好，世界。\n"}
	for i, r := range s.Recs {
		if r.Body != wantBodies[i] {
			t.Errorf("record %d body %q, want %q", i, r.Body, wantBodies[i])
		}
	}
	s = mustRead(t, readFile(t, "v017.warc"), Options{})
	if s.Records != 2 || s.Versions["WARC/0.17"] != 1 || s.Versions["WARC/0.18"] != 1 {
		t.Fatalf("v017.warc: %+v", s)
	}
	if s.Recs[0].URI != "dns:www.example.org" {
		t.Errorf("URI %q", s.Recs[0].URI)
	}
}

func TestTargetURI(t *testing.T) {
	s := mustRead(t, readFile(t, "wget.warc"), Options{})
	want := []string{"http://wget.example/path?q=1", "http://wget.example/spaced", "http://plain.example/a b"}
	if s.Records != len(want) {
		t.Fatalf("got %d records", s.Records)
	}
	for i, r := range s.Recs {
		if r.URI != want[i] {
			t.Errorf("TargetURI %q, want %q", r.URI, want[i])
		}
	}
}

func TestBadRecordsResync(t *testing.T) {
	for _, enc := range []string{"plain", "gzip"} {
		data := readFile(t, "bad.warc")
		if enc == "gzip" {
			data = gzipWhole(data)
		}
		rd, err := NewReader(bytes.NewReader(data), Options{})
		if err != nil {
			t.Fatal(err)
		}
		type step struct {
			uri   string // good record
			field string // or error on this field
			is    error
		}
		want := []step{
			{uri: "http://good.example/1"},
			{field: "Content-Length", is: ErrInvalidValue},
			{uri: "http://good.example/2"},
			{field: "Content-Length", is: ErrMissingField},
			{uri: "http://good.example/3"},
			{is: ErrInvalidVersion},
			{uri: "http://good.example/4"},
			{field: "Content-Length", is: ErrInvalidValue},
			{uri: "http://good.example/5"},
			{is: errHeaderCut},
			{uri: "http://good.example/6"},
		}
		for i, w := range want {
			rec, err := rd.Next()
			if w.is != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || (w.is != errHeaderCut && !errors.Is(err, w.is)) || pe.Field != w.field || !IsRecoverable(err) {
					t.Fatalf("%s step %d: got %v, want ParseError %q wrapping %v", enc, i, err, w.field, w.is)
				}
				if !bytes.HasPrefix(readFile(t, "bad.warc")[pe.Offset:], []byte("WARC/1.0\r\nWARC-Type")) && w.is != ErrInvalidVersion && w.is != errHeaderCut {
					t.Errorf("%s step %d: offset %d is not the bad record", enc, i, pe.Offset)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s step %d: %v", enc, i, err)
			}
			if rec.TargetURI() != w.uri {
				t.Fatalf("%s step %d: got %q want %q", enc, i, rec.TargetURI(), w.uri)
			}
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("%s: want io.EOF, got %v", enc, err)
		}
		if rd.Skipped() == 0 {
			t.Errorf("%s: Skipped() = 0", enc)
		}
	}
}

// errHeaderCut marks the step where a header block is interrupted by the
// next record's version line.
var errHeaderCut = errors.New("header cut")

func TestParseErrorMessage(t *testing.T) {
	data := []byte("WARC/1.0\r\nWARC-Type: resource\r\n\r\nx\r\n\r\n" +
		"WARC/1.0\r\nContent-Length: abc\r\n\r\n")
	rd, _ := NewReader(bytes.NewReader(data), Options{})
	_, err := rd.Next()
	if got, want := err.Error(), `warc: offset 0: Content-Length: missing`; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	_, err = rd.Next()
	if got, want := err.Error(), `warc: offset 38: Content-Length: invalid value "abc"`; got != want {
		t.Errorf("got %q want %q", got, want)
	}
	if _, err := rd.Next(); err != io.EOF {
		t.Errorf("want EOF, got %v", err)
	}
}

func TestTruncatedBody(t *testing.T) {
	data := readFile(t, "trunc.warc")
	for _, readBody := range []bool{true, false} {
		rd, _ := NewReader(bytes.NewReader(data), Options{})
		if _, err := rd.Next(); err != nil {
			t.Fatal(err)
		}
		rec, err := rd.Next()
		if err != nil {
			t.Fatal(err)
		}
		if readBody {
			b, err := io.ReadAll(rec.Body)
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, io.ErrUnexpectedEOF) || pe.Offset != rec.Offset {
				t.Fatalf("body read: got %v", err)
			}
			if !strings.HasPrefix(string(b), "this body is much shorter") {
				t.Errorf("partial body %q", b)
			}
		}
		_, err = rd.Next()
		if !errors.Is(err, io.ErrUnexpectedEOF) || !IsRecoverable(err) {
			t.Fatalf("Next after truncated body: %v", err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("want io.EOF, got %v", err)
		}
	}
}

func TestTruncatedHeader(t *testing.T) {
	for _, in := range []string{"WARC/1.0\r\nWARC-Type: x\r\nContent-Len", "WARC/1.0", "WARC/1.0\r\n\u2603: snowman"} {
		rd, err := NewReader(strings.NewReader(in), Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = rd.Next()
		if !errors.Is(err, io.ErrUnexpectedEOF) || !IsRecoverable(err) {
			t.Errorf("%q: got %v", in, err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("%q: want EOF, got %v", in, err)
		}
	}
}

func TestTruncatedAndCorruptGzip(t *testing.T) {
	plain := readFile(t, "types.warc")
	data, offs := gzipMembersOffsets(splitRecords(plain), gzip.BestSpeed)
	for cut := 1; cut < len(data); cut++ {
		s, err := readAll(bytes.NewReader(data[:cut]), Options{})
		if err != nil {
			// Cut before the first "WARC/" could be sniffed: NewReader fails.
			var de *DecompressionError
			if !errors.As(err, &de) && !(cut == 1 && errors.Is(err, ErrUnsupportedFormat)) {
				t.Fatalf("cut %d: NewReader: %v", cut, err)
			}
			continue
		}
		if slices.Contains(offs, int64(cut)) { // a valid, shorter file
			if s.Final != nil {
				t.Fatalf("cut %d at a member boundary: %v", cut, s.Final)
			}
			continue
		}
		var de *DecompressionError
		if !errors.As(s.Final, &de) || IsRecoverable(s.Final) {
			t.Fatalf("cut %d: want a DecompressionError, got %v (%d records)", cut, s.Final, s.Records)
		}
		// The failing member is the last one starting before the cut.
		want := int64(0)
		for _, o := range offs {
			if o < int64(cut) {
				want = o
			}
		}
		if de.CompressedOffset != want {
			t.Fatalf("cut %d: CompressedOffset %d, want %d (%v)", cut, de.CompressedOffset, want, de)
		}
	}
	// Flip a byte in the middle of the 3rd member: a checksum or flate error.
	bad := bytes.Clone(data)
	bad[offs[2]+20] ^= 0x55
	s := mustRead(t, bad, Options{})
	var de *DecompressionError
	if !errors.As(s.Final, &de) || de.CompressedOffset != offs[2] {
		t.Fatalf("corrupt member: %v", s.Final)
	}
	// Garbage after the last member.
	s = mustRead(t, append(bytes.Clone(data), "trailing junk"...), Options{})
	if !errors.As(s.Final, &de) || s.Records != 9 || !strings.Contains(s.Final.Error(), "garbage") {
		t.Fatalf("trailing garbage: %v (%d records)", s.Final, s.Records)
	}
}

func TestDecompressionRatio(t *testing.T) {
	const size = 20 << 20
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: %d\r\n\r\n", size)
	buf.Write(make([]byte, size))
	buf.WriteString("\r\n\r\n")
	bomb := gzipWhole(buf.Bytes())
	if len(bomb)*200+4<<20 > size {
		t.Fatalf("bomb not strong enough: %d compressed bytes", len(bomb))
	}
	rd, err := NewReader(bytes.NewReader(bomb), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.Copy(io.Discard, rec.Body)
	if !errors.Is(err, ErrDecompressionRatio) || IsRecoverable(err) {
		t.Fatalf("body: got %v", err)
	}
	if _, err2 := rd.Next(); !errors.Is(err2, ErrDecompressionRatio) {
		t.Fatalf("Next: got %v", err2)
	}
	// Not reading the body: Next hits the cap while discarding.
	rd, _ = NewReader(bytes.NewReader(bomb), Options{})
	rd.Next()
	if _, err := rd.Next(); !errors.Is(err, ErrDecompressionRatio) {
		t.Fatalf("Next without reading: %v", err)
	}
	// The cap can be raised or disabled.
	for _, ratio := range []float64{10000, math.Inf(1)} {
		s := mustRead(t, bomb, Options{MaxDecompressionRatio: ratio})
		if s.Final != nil || s.Records != 1 {
			t.Fatalf("ratio %g: %v", ratio, s.Final)
		}
	}
	// zstd bomb too.
	zb := zstdFrames([][]byte{buf.Bytes()})
	s := mustRead(t, zb, Options{})
	if !errors.Is(s.Final, ErrDecompressionRatio) {
		t.Fatalf("zstd bomb: %v", s.Final)
	}
}

func TestUnsupportedFormat(t *testing.T) {
	arc := readFile(t, "hand.arc")
	tests := []struct {
		name string
		data []byte
		msg  string
	}{
		{"arc", arc, "ARC format is not supported; convert to WARC"},
		{"arc.gz", gzipWhole(arc), "ARC format is not supported; convert to WARC"},
		{"text", []byte("hello world\n"), "not a WARC file"},
		{"text.gz", gzipWhole([]byte("hello world\n")), "not a WARC file"},
		{"warc-prefix-only", []byte("WAR"), "not a WARC file"},
		{"zstd-arc", zstdFrames([][]byte{arc}), "ARC format"},
	}
	for _, tc := range tests {
		_, err := NewReader(bytes.NewReader(tc.data), Options{})
		if !errors.Is(err, ErrUnsupportedFormat) || !strings.Contains(err.Error(), tc.msg) || IsRecoverable(err) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
	// Empty input (plain or gzip) is an archive with no records.
	for _, data := range [][]byte{nil, []byte("\r\n\r\n"), gzipWhole(nil)} {
		rd, err := NewReader(bytes.NewReader(data), Options{})
		if err != nil {
			t.Fatalf("%q: %v", data, err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Fatalf("%q: want EOF, got %v", data, err)
		}
	}
}

func TestHeaderTooLarge(t *testing.T) {
	good := "WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 2\r\n\r\nok\r\n\r\n"
	big := "WARC/1.0\r\nWARC-Type: resource\r\nX-Big: " + strings.Repeat("a", 5000) + "\r\nContent-Length: 2\r\n\r\nno\r\n\r\n"
	data := []byte(good + big + good)
	s := mustRead(t, data, Options{MaxHeaderBytes: 1000})
	if s.Records != 2 || len(s.Errors) != 1 || !strings.Contains(s.Errors[0], "header block too large") {
		t.Fatalf("got %d records, errors %q", s.Records, s.Errors)
	}
	if s.Skipped != int64(len(big)) {
		t.Errorf("Skipped %d, want %d", s.Skipped, len(big))
	}
	// Lines longer than the read buffer are fine under the default limit,
	// and rejected above it.
	long := "WARC/1.0\r\nWARC-Type: resource\r\nX-Long: " + strings.Repeat("b", 600<<10) + "\r\nContent-Length: 2\r\n\r\nok\r\n\r\n"
	s = mustRead(t, []byte(good+long+good), Options{})
	if s.Records != 3 || len(s.Errors) != 0 {
		t.Fatalf("long line: %d records, %q", s.Records, s.Errors)
	}
	huge := "WARC/1.0\r\nX-Huge: " + strings.Repeat("c", 3<<20) + "\r\nContent-Length: 2\r\n\r\nno\r\n\r\n"
	s = mustRead(t, []byte(good+huge+good), Options{})
	if s.Records != 2 || len(s.Errors) != 1 {
		t.Fatalf("huge line: %d records, %q", s.Records, s.Errors)
	}
	// A first line of 2 MiB without newline.
	s = mustRead(t, []byte("WARC/"+strings.Repeat("1", 2<<20)), Options{})
	if s.Records != 0 || len(s.Errors) != 1 {
		t.Fatalf("huge first line: %d records, %q", s.Records, s.Errors)
	}
}

func TestStaleBodyAndPartialReads(t *testing.T) {
	data := readFile(t, "types.warc")
	rd, _ := NewReader(bytes.NewReader(data), Options{})
	var prev *Record
	for i := 0; ; i++ {
		rec, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if prev != nil {
			if _, err := prev.Body.Read(make([]byte, 1)); err == nil || err == io.EOF {
				t.Fatalf("stale body read gave %v", err)
			}
		}
		// read a prefix of varying size only
		io.CopyN(io.Discard, rec.Body, int64(i*7))
		prev = rec
	}
}

// TestGarbage feeds random and mutated inputs; the reader must not panic
// or loop, whatever it returns.
func TestGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	var seeds [][]byte
	for _, n := range []string{"types.warc", "lf.warc", "bad.warc", "v017.warc"} {
		seeds = append(seeds, readFile(t, n))
	}
	for i := 0; i < 2000; i++ {
		var data []byte
		switch i % 4 {
		case 0: // pure noise behind a version line
			data = append([]byte("WARC/1.0\r\n"), randBytes(rng, rng.IntN(2000))...)
		default: // mutations of a real file
			data = bytes.Clone(seeds[rng.IntN(len(seeds))])
			for k := rng.IntN(10); k >= 0; k-- {
				p := rng.IntN(len(data))
				switch rng.IntN(3) {
				case 0:
					data[p] = byte(rng.IntN(256))
				case 1:
					data = append(data[:p], data[min(len(data), p+rng.IntN(20)):]...)
				case 2:
					data = append(data[:p], append(randBytes(rng, rng.IntN(20)), data[p:]...)...)
				}
				if len(data) == 0 {
					break
				}
			}
		}
		if i%3 == 0 {
			data = gzipWhole(data)
			if i%2 == 0 { // corrupt the compressed bytes as well
				data[rng.IntN(len(data))] ^= byte(1 + rng.IntN(255))
			}
		}
		if _, err := readAll(bytes.NewReader(data), Options{MaxHeaderBytes: int64(100 + rng.IntN(2000))}); err != nil && !errors.Is(err, ErrUnsupportedFormat) {
			var de *DecompressionError
			if !errors.As(err, &de) {
				t.Fatalf("input %d: %v", i, err)
			}
		}
	}
}

func randBytes(rng *rand.Rand, n int) []byte {
	b := make([]byte, n)
	alphabet := []byte("WARC/1.0\r\n: Content-Length0123456789 \t\x00\xff")
	for i := range b {
		if rng.IntN(2) == 0 {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		} else {
			b[i] = byte(rng.IntN(256))
		}
	}
	return b
}

// TestSourceErrors: an error of the underlying reader is returned as is
// and is fatal.
func TestSourceErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	data := readFile(t, "types.warc")
	r := io.MultiReader(bytes.NewReader(data[:700]), &errReader{boom})
	rd, err := NewReader(r, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := rd.Next()
		if err != nil {
			if !errors.Is(err, boom) || IsRecoverable(err) {
				t.Fatalf("got %v", err)
			}
			break
		}
		if _, err := io.Copy(io.Discard, rec.Body); err != nil && !errors.Is(err, boom) {
			t.Fatal(err)
		}
	}
	if _, err := rd.Next(); !errors.Is(err, boom) {
		t.Fatalf("error not sticky: %v", err)
	}
}

type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

func TestIsRecoverable(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{io.EOF, false},
		{&ParseError{Err: ErrInvalidVersion}, true},
		{fmt.Errorf("wrapped: %w", &ParseError{Field: "Content-Length", Err: ErrMissingField}), true},
		{&DecompressionError{Format: "gzip", Err: io.ErrUnexpectedEOF}, false},
		{&DecompressionError{Format: "gzip", Err: ErrDecompressionRatio}, false},
		{fmt.Errorf("%w: x", ErrUnsupportedFormat), false},
		{errors.New("other"), false},
	}
	for _, tc := range tests {
		if got := IsRecoverable(tc.err); got != tc.want {
			t.Errorf("IsRecoverable(%v) = %v", tc.err, got)
		}
	}
}

// TestZstdDictionary: a .warc.zst whose records are compressed with a
// dictionary stored in a leading skippable frame (the WARC-zstd layout),
// with the dictionary stored plain or itself zstd-compressed.
func TestZstdDictionary(t *testing.T) {
	plain := readFile(t, "types.warc")
	chunks := splitRecords(plain)
	hist := []byte("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: ")
	dict, err := zstd.BuildDict(zstd.BuildDictOptions{ID: 1234, Contents: chunks, History: hist, Offsets: [3]int{1, 4, 8}, Level: zstd.SpeedFastest})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderDict(dict), zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	var frames []byte
	for _, c := range chunks {
		frames = enc.EncodeAll(c, frames)
	}
	want := mustRead(t, plain, Options{})
	for _, compressDict := range []bool{false, true} {
		d := dict
		if compressDict {
			d = zstdFrames([][]byte{dict})
		}
		data := binary.LittleEndian.AppendUint32(nil, 0x184D2A5D)
		data = binary.LittleEndian.AppendUint32(data, uint32(len(d)))
		data = append(append(data, d...), frames...)
		got := mustRead(t, data, Options{})
		if got.Final != nil || got.Records != want.Records {
			t.Fatalf("compressed dict %v: %d records, %v", compressDict, got.Records, got.Final)
		}
		for i := range got.Recs {
			if got.Recs[i].Body != want.Recs[i].Body || got.Recs[i].Offset != want.Recs[i].Offset {
				t.Fatalf("record %d differs", i)
			}
		}
	}
	// Without the dictionary frame the frames cannot be decoded: a clear,
	// fatal error.
	_, err = NewReader(bytes.NewReader(frames), Options{})
	var de *DecompressionError
	if !errors.As(err, &de) || de.Format != "zstd" {
		t.Fatalf("frames without dictionary: %v", err)
	}
}
