package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// textSource reads the texts of the model tools' inputs: plain text (one
// sentence or document per line), or JSON lines (.jsonl, .json, cc_net's
// .json.gz) from which one string field is taken — raw_content for cc_net
// documents, text for most corpora, opening_text for a Wikipedia
// CirrusSearch dump, as cc_net trained its LMs. Files may be gzip or zstd
// compressed. Globs are expanded; files are read in sorted order.
type textSource struct {
	globs []string
	field string // JSON field; "" picks raw_content, text or opening_text
}

func (t textSource) files() ([]string, error) {
	var out []string
	for _, g := range t.globs {
		m, err := filepath.Glob(g)
		if err != nil {
			return nil, err
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("%q matches no file", g)
		}
		out = append(out, m...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no input given")
	}
	return out, nil
}

// each calls fn with every text of every file, in order. For JSON lines a
// record without the field (a CirrusSearch index line) is skipped.
func (t textSource) each(fn func(text string) error) error {
	files, err := t.files()
	if err != nil {
		return err
	}
	for _, path := range files {
		if err := t.file(path, fn); err != nil {
			return err
		}
	}
	return nil
}

func isJSONLines(path string) bool {
	base := strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".zst")
	return strings.HasSuffix(base, ".jsonl") || strings.HasSuffix(base, ".json")
}

func (t textSource) file(path string, fn func(string) error) error {
	jsonl := isJSONLines(path)
	return t.rawLines(path, func(b []byte) error {
		if !jsonl {
			return fn(string(b))
		}
		text, keep, err := t.fieldOf(b)
		if err != nil || !keep {
			return err
		}
		return fn(text)
	})
}

// rawLines calls fn with every line of a file (gzip or zstd by its name),
// without the "\n"; errors name the file and line.
func (t textSource) rawLines(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	switch {
	case strings.HasSuffix(path, ".gz"):
		zr, err := gzip.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	case strings.HasSuffix(path, ".zst"):
		zr, err := zstd.NewReader(r)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	br := bufio.NewReaderSize(r, 1<<20)
	for line := 1; ; line++ {
		b, err := br.ReadBytes('\n')
		if len(b) > 0 {
			if ferr := fn(bytes.TrimSuffix(b, []byte("\n"))); ferr != nil {
				return fmt.Errorf("%s: line %d: %w", path, line, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: line %d: %w", path, line, err)
		}
	}
}

func (t textSource) fieldOf(line []byte) (string, bool, error) {
	if len(bytes.TrimSpace(line)) == 0 {
		return "", false, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(line, &m); err != nil {
		return "", false, err
	}
	fields := []string{t.field}
	if t.field == "" {
		fields = []string{"raw_content", "text", "opening_text"}
	}
	for _, name := range fields {
		raw, ok := m[name]
		if !ok {
			continue
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, fmt.Errorf("field %q: %w", name, err)
		}
		return s, true, nil
	}
	return "", false, nil
}

// linesReader streams the texts of a source as lines (what spm_train and
// lmplz read): each text's own lines, one per line, or, with whole, each
// text as one line after transform (cc_net's LM text: normalize() deletes
// newlines). Lines that come out empty are left out.
func (t textSource) linesReader(whole bool, transform func(string) string) io.ReadCloser {
	return pipeLines(func(write func([]byte) error) error {
		return t.each(func(text string) error {
			lines := []string{text}
			if !whole {
				lines = strings.Split(text, "\n")
			}
			for _, line := range lines {
				if transform != nil {
					line = transform(line)
				}
				if line != "" {
					if err := write([]byte(line)); err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
}

// openDecompressed streams a file's lines, decompressed by its name.
func openDecompressed(path string) io.ReadCloser {
	return pipeLines(func(write func([]byte) error) error {
		return textSource{}.rawLines(path, write)
	})
}

// pipeLines runs produce in a goroutine and streams the lines it writes,
// each followed by "\n"; produce's error ends the stream.
func pipeLines(produce func(write func([]byte) error) error) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		bw := bufio.NewWriterSize(pw, 1<<20)
		err := produce(func(b []byte) error {
			bw.Write(b)
			return bw.WriteByte('\n')
		})
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
	}()
	return pr
}
