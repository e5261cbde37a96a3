package warc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// walk reads every record of data and returns their offsets and the
// recoverable errors; bodies are read fully when readBodies is set.
func walk(t *testing.T, data []byte, readBodies bool) (offs []int64, errs []string, final error) {
	rd, err := NewReader(bytes.NewReader(data), Options{MaxHeaderBytes: 4096})
	if err != nil {
		var de *DecompressionError
		if !errors.Is(err, ErrUnsupportedFormat) && !errors.As(err, &de) {
			t.Fatalf("NewReader: unexpected error %v", err)
		}
		return nil, nil, err
	}
	for i := 0; ; i++ {
		if i > len(data)+10 {
			t.Fatal("Next does not progress")
		}
		rec, err := rd.Next()
		if err == io.EOF {
			return offs, errs, nil
		}
		if err != nil {
			if IsRecoverable(err) {
				errs = append(errs, err.Error())
				continue
			}
			return offs, errs, err
		}
		if n := len(offs); n > 0 && rec.Offset <= offs[n-1] {
			t.Fatalf("offsets not increasing: %d after %d", rec.Offset, offs[n-1])
		}
		if rec.ContentLength < 0 || rec.Offset < 0 {
			t.Fatalf("bad record %+v", rec)
		}
		offs = append(offs, rec.Offset)
		if readBodies {
			n, err := io.Copy(io.Discard, rec.Body)
			if err == nil && n != rec.ContentLength {
				t.Fatalf("body gave %d bytes, ContentLength %d", n, rec.ContentLength)
			}
			if n > rec.ContentLength {
				t.Fatalf("body gave %d bytes, more than ContentLength %d", n, rec.ContentLength)
			}
		}
	}
}

func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil || len(data) == 0 {
			continue
		}
		f.Add(data)
		f.Add(gzipWhole(data))
		if filepath.Ext(name) == ".warc" {
			f.Add(gzipMembers(splitRecords(data), gzip.BestSpeed))
		}
	}
	f.Add([]byte("WARC/1.0\nContent-Length: 0\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		offs1, errs1, fin1 := walk(t, data, true)
		offs2, errs2, fin2 := walk(t, data, false)
		// Reading or skipping bodies must not change what is parsed.
		if len(offs1) != len(offs2) || len(errs1) != len(errs2) || (fin1 == nil) != (fin2 == nil) {
			t.Fatalf("reading bodies: %d records %d errs %v; skipping: %d records %d errs %v",
				len(offs1), len(errs1), fin1, len(offs2), len(errs2), fin2)
		}
		for i := range offs1 {
			if offs1[i] != offs2[i] {
				t.Fatalf("record %d: offset %d vs %d", i, offs1[i], offs2[i])
			}
		}
		// For plain input every Offset points at a version line.
		if len(data) > 2 && !(data[0] == 0x1f && data[1] == 0x8b) && !isZstd(data) {
			for _, o := range offs1 {
				if !bytes.HasPrefix(data[o:], []byte("WARC/")) {
					t.Fatalf("offset %d does not point at WARC/", o)
				}
			}
		}
	})
}
