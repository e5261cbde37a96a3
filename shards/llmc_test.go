package shards

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The expected files follow llm.c dev/data/data_common.py write_datafile:
// 256 int32 (magic, version, token count, then zeros) and the tokens.
func TestLLMCBytes(t *testing.T) {
	zeros := strings.Repeat("00000000", 253)
	tests := []struct {
		name   string
		size   int
		tokens []uint32
		want   string
	}{
		{"uint16", 2, []uint32{1, 300, 2, 65535},
			"88d83401 01000000 04000000" + zeros + "0100 2c01 0200 ffff"},
		{"uint32", 4, []uint32{128000, 9, 128001},
			"a1d93401 07000000 03000000" + zeros + "00f40100 09000000 01f40100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.bin")
			writeLLMC(t, path, tt.size, [][]uint32{tt.tokens[:1], tt.tokens[1:]})
			got := readFile(t, path)
			if want := unhex(t, tt.want); !bytes.Equal(got, want) {
				t.Errorf("file = %x\nwant   %x", got, want)
			}
			r, err := OpenLLMC(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Tokens() != len(tt.tokens) || r.TokenSize() != tt.size || !slices.Equal(r.AppendTokens(nil, 0, r.Tokens()), tt.tokens) {
				t.Errorf("read %d tokens of %d bytes: %v", r.Tokens(), r.TokenSize(), r.AppendTokens(nil, 0, r.Tokens()))
			}
		})
	}
}

func TestLLMCTokenSize(t *testing.T) {
	for _, tt := range []struct{ vocab, want int }{{32000, 2}, {50257, 2}, {65536, 2}, {65537, 4}, {128256, 4}} {
		if got := LLMCTokenSize(tt.vocab); got != tt.want {
			t.Errorf("LLMCTokenSize(%d) = %d, want %d", tt.vocab, got, tt.want)
		}
	}
}

func TestLLMCWriterRejects(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.bin")
	w, err := CreateLLMC(path, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add([]uint32{5, 65536}); err == nil {
		t.Error("token 65536 accepted as uint16")
	}
	if err := w.Close(); !errors.Is(err, ErrEmpty) {
		t.Errorf("Close of an empty shard: %v, want ErrEmpty", err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left: %v", left)
	}
	if _, err := CreateLLMC(path, 3); err == nil {
		t.Error("token size 3 accepted")
	}
}

// llmcFile is a header and body for the reader's error table.
func llmcFile(magic, version, ntok int32, body int) []byte {
	b := make([]byte, LLMCHeaderSize+body)
	binary.LittleEndian.PutUint32(b, uint32(magic))
	binary.LittleEndian.PutUint32(b[4:], uint32(version))
	binary.LittleEndian.PutUint32(b[8:], uint32(ntok))
	return b
}

// The checks are those of llm.c's dataloader_load_shard_ (llama3 branch).
func TestLLMCReaderErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		field  string
		offset int64
	}{
		{"empty file", nil, "header", 0},
		{"short header", make([]byte, 1023), "header", 1023},
		{"magic", llmcFile(20240521, 1, 1, 2), "magic", 0},
		{"eval magic", llmcFile(20240522, 1, 1, 2), "magic", 0},
		{"uint16 version", llmcFile(LLMCMagic16, 7, 1, 2), "version", 4},
		{"uint32 version", llmcFile(LLMCMagic32, 1, 1, 4), "version", 4},
		{"zero tokens", llmcFile(LLMCMagic16, 1, 0, 0), "token count", 8},
		{"negative tokens", llmcFile(LLMCMagic16, 1, -2, 0), "token count", 8},
		{"truncated", llmcFile(LLMCMagic16, 1, 3, 5), "size", 1029},
		{"too long", llmcFile(LLMCMagic32, 7, 1, 8), "size", 1032},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.bin")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, err := OpenLLMC(path)
			if err == nil {
				r.Close()
				t.Fatal("opened")
			}
			var fe *FormatError
			if !errors.As(err, &fe) || fe.File != path || fe.Field != tt.field || fe.Offset != tt.offset {
				t.Errorf("error %v, want %s offset %d field %q", err, path, tt.offset, tt.field)
			}
		})
	}
	// Header words 3..255 are ignored, as in llm.c.
	path := filepath.Join(t.TempDir(), "s.bin")
	data := llmcFile(LLMCMagic16, 1, 1, 2)
	data[12] = 9
	os.WriteFile(path, data, 0o644)
	r, err := OpenLLMC(path)
	if err != nil {
		t.Fatalf("reserved header word set: %v", err)
	}
	r.Close()
}

func TestLLMCDocuments(t *testing.T) {
	tests := []struct {
		name    string
		framing Framing
		stream  []uint32
		want    [][]uint32
	}{
		{"bos and eos", LlamaFraming(), []uint32{1, 7, 8, 2, 1, 2, 1, 9, 2},
			[][]uint32{{1, 7, 8, 2}, {1, 2}, {1, 9, 2}}},
		{"bos only, llm.c gpt-2", Framing{BOS: 50256, EOS: -1}, []uint32{50256, 5, 50256, 6, 7},
			[][]uint32{{50256, 5}, {50256, 6, 7}}},
		{"eos only, nanoGPT", Framing{BOS: -1, EOS: 50256}, []uint32{5, 50256, 6, 7, 50256, 8},
			[][]uint32{{5, 50256}, {6, 7, 50256}, {8}}},
		{"a document split from the previous shard", LlamaFraming(), []uint32{7, 2, 1, 8, 2},
			[][]uint32{{7, 2}, {1, 8, 2}}},
		{"no framing", NoFraming(), []uint32{1, 2, 3}, [][]uint32{{1, 2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "s.bin")
			writeLLMC(t, path, 2, [][]uint32{tt.stream})
			r, err := OpenLLMC(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var got [][]uint32
			for doc := range r.Documents(tt.framing) {
				got = append(got, slices.Clone(doc))
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("documents %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMergeLLMC(t *testing.T) {
	docs := randomDocs(5, 60, 30, 128256)
	docs[0] = append(docs[0], 1) // no shard may be empty
	docs[25] = append(docs[25], 1)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole.bin")
	writeLLMC(t, whole, 4, docs)
	a, b := filepath.Join(dir, "a.bin"), filepath.Join(dir, "b.bin")
	writeLLMC(t, a, 4, docs[:25])
	writeLLMC(t, b, 4, docs[25:])
	merged := filepath.Join(dir, "merged.bin")
	if err := MergeLLMC(merged, a, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, whole), readFile(t, merged)) {
		t.Error("merged shard differs from the single write")
	}
	c := filepath.Join(dir, "c.bin")
	writeLLMC(t, c, 2, [][]uint32{{1}})
	if err := MergeLLMC(filepath.Join(dir, "bad.bin"), a, c); err == nil {
		t.Error("merge of uint32 and uint16 shards accepted")
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.bin.tmp")); !os.IsNotExist(err) {
		t.Error("failed merge left its temporary file")
	}
}
