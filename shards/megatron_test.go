package shards

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The expected files are written out field by field from the format in
// Megatron-LM megatron/core/datasets/indexed_dataset.py (_IndexWriter).
func TestMegatronBytes(t *testing.T) {
	tests := []struct {
		name     string
		dtype    DType
		docs     [][]uint32
		bin, idx string
	}{
		{
			name:  "uint16",
			dtype: Uint16,
			docs:  [][]uint32{{1, 5, 2}, {1, 2}, {}},
			bin:   "0100 0500 0200  0100 0200",
			idx: `4d4d4944494458 0000      # MMIDIDX\0\0
			      0100000000000000         # version 1
			      08                       # dtype code 8 = uint16
			      0300000000000000         # sequence count
			      0400000000000000         # document count = documents + 1
			      03000000 02000000 00000000                         # lengths int32
			      0000000000000000 0600000000000000 0a00000000000000 # byte pointers int64
			      0000000000000000 0100000000000000 0200000000000000 0300000000000000`,
		},
		{
			name:  "int32",
			dtype: Int32,
			docs:  [][]uint32{{1, 70000, 2}},
			bin:   "01000000 70110100 02000000",
			idx: `4d4d4944494458 0000 0100000000000000
			      04                       # dtype code 4 = int32
			      0100000000000000 0200000000000000
			      03000000 0000000000000000
			      0000000000000000 0100000000000000`,
		},
		{
			name:  "empty",
			dtype: Uint16,
			bin:   "",
			idx:   `4d4d4944494458 0000 0100000000000000 08 0000000000000000 0100000000000000 0000000000000000`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := filepath.Join(t.TempDir(), "ds")
			writeMegatron(t, prefix, tt.dtype, tt.docs)
			if got, want := readFile(t, prefix+".bin"), unhex(t, tt.bin); !bytes.Equal(got, want) {
				t.Errorf(".bin = %x, want %x", got, want)
			}
			if got, want := readFile(t, prefix+".idx"), unhex(t, stripComments(tt.idx)); !bytes.Equal(got, want) {
				t.Errorf(".idx = %x, want %x", got, want)
			}
			r, err := OpenMegatron(prefix)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if r.Documents() != len(tt.docs) || r.Sequences() != len(tt.docs) || r.DType() != tt.dtype {
				t.Errorf("read %d documents, %d sequences, %v", r.Documents(), r.Sequences(), r.DType())
			}
			for d, want := range tt.docs {
				got, err := r.AppendDocument(nil, d)
				if err != nil || !slices.Equal(got, want) {
					t.Errorf("document %d = %v, %v; want %v", d, got, err, want)
				}
			}
		})
	}
}

// stripComments drops "# ..." to the end of each line.
func stripComments(s string) string {
	var b bytes.Buffer
	for line := range bytes.Lines([]byte(s)) {
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		b.Write(line)
		b.WriteByte(' ')
	}
	return b.String()
}

func TestOptimalDType(t *testing.T) {
	for _, tt := range []struct {
		vocab int
		want  DType
	}{{512, Uint16}, {32000, Uint16}, {65499, Uint16}, {65500, Int32}, {65536, Int32}, {128256, Int32}} {
		if got := OptimalDType(tt.vocab); got != tt.want {
			t.Errorf("OptimalDType(%d) = %v, want %v", tt.vocab, got, tt.want)
		}
	}
	// Megatron's class DType codes.
	codes := map[DType]string{1: "uint8", 2: "int8", 3: "int16", 4: "int32", 5: "int64", 6: "float64", 7: "float32", 8: "uint16"}
	sizes := map[DType]int{1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 8, 7: 4, 8: 2}
	for d, name := range codes {
		if d.String() != name || d.Size() != sizes[d] {
			t.Errorf("code %d = %v size %d, want %s size %d", uint8(d), d, d.Size(), name, sizes[d])
		}
	}
	if DType(9).Valid() || DType(0).Valid() || Float32.Integer() || Float64.Integer() {
		t.Error("codes 0 and 9 must be invalid, floats not integer")
	}
}

func TestMegatronRoundTrip(t *testing.T) {
	for _, dtype := range []DType{Uint8, Int8, Int16, Int32, Int64, Uint16} {
		t.Run(dtype.String(), func(t *testing.T) {
			docs := randomDocs(uint64(dtype), 300, 50, int(dtype.maxToken()%1_000_000)+1)
			prefix := filepath.Join(t.TempDir(), "ds")
			writeMegatron(t, prefix, dtype, docs)
			r, err := OpenMegatron(prefix)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var total int64
			for d, want := range docs {
				got, err := r.AppendDocument(nil, d)
				if err != nil || !slices.Equal(got, want) {
					t.Fatalf("document %d = %v, %v; want %v", d, got, err, want)
				}
				if r.DocumentIndex(d) != d || r.SequencePointer(d) != total*int64(dtype.Size()) {
					t.Fatalf("document %d: index %d pointer %d", d, r.DocumentIndex(d), r.SequencePointer(d))
				}
				total += int64(len(want))
			}
			if r.Tokens() != total || r.DocumentIndex(len(docs)) != len(docs) {
				t.Errorf("tokens %d, want %d", r.Tokens(), total)
			}
		})
	}
}

func TestMegatronWriterRejects(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "ds")
	w, err := CreateMegatron(prefix, Uint16)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Add([]uint32{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := w.Add([]uint32{1, 65536}); err == nil {
		t.Error("token 65536 accepted as uint16")
	}
	if _, err := os.Stat(prefix + ".idx"); !os.IsNotExist(err) {
		t.Error(".idx exists before Close")
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Add([]uint32{1}) == nil {
		t.Error("Add after Close accepted")
	}
	r, err := OpenMegatron(prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Documents() != 1 || r.Tokens() != 2 {
		t.Errorf("after a rejected document: %d documents %d tokens, want 1, 2", r.Documents(), r.Tokens())
	}
	if left, _ := filepath.Glob(prefix + "*.tmp"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	if _, err := CreateMegatron(prefix, Float32); err == nil {
		t.Error("float32 writer created")
	}
}

func TestMegatronAbort(t *testing.T) {
	dir := t.TempDir()
	w, err := CreateMegatron(filepath.Join(dir, "ds"), Uint16)
	if err != nil {
		t.Fatal(err)
	}
	w.Add([]uint32{1})
	w.Abort()
	if w.Close() == nil {
		t.Error("Close after Abort succeeded")
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("files left after Abort: %v", left)
	}
}

// idxFile assembles an .idx from its fields.
type idxFile struct {
	magic   string
	version uint64
	code    byte
	seqs    uint64 // header sequence count
	docs    uint64 // header document count
	lengths []int32
	ptrs    []int64
	docIdx  []int64
	tail    []byte
}

func (f idxFile) bytes() []byte {
	b := []byte(f.magic)
	b = binary.LittleEndian.AppendUint64(b, f.version)
	b = append(b, f.code)
	b = binary.LittleEndian.AppendUint64(b, f.seqs)
	b = binary.LittleEndian.AppendUint64(b, f.docs)
	for _, v := range f.lengths {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	for _, v := range f.ptrs {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	for _, v := range f.docIdx {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	return append(b, f.tail...)
}

// goodIdx is two documents, the first of two sequences (sentence mode):
// lengths 2, 1, 3 uint16 tokens.
func goodIdx() idxFile {
	return idxFile{magic: megatronMagic, version: 1, code: 8, seqs: 3, docs: 3,
		lengths: []int32{2, 1, 3}, ptrs: []int64{0, 4, 6}, docIdx: []int64{0, 2, 3}}
}

const goodBin = "0100 0700  0800  0900 0a00 0200"

func writePair(t *testing.T, f idxFile, bin []byte) string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "ds")
	if err := os.WriteFile(prefix+".idx", f.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(prefix+".bin", bin, 0o644); err != nil {
		t.Fatal(err)
	}
	return prefix
}

func TestMegatronSentences(t *testing.T) {
	r, err := OpenMegatron(writePair(t, goodIdx(), unhex(t, goodBin)))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Documents() != 2 || r.Sequences() != 3 || r.HasModes() {
		t.Fatalf("%d documents %d sequences modes %v", r.Documents(), r.Sequences(), r.HasModes())
	}
	d0, _ := r.AppendDocument(nil, 0)
	d1, _ := r.AppendDocument(nil, 1)
	if !slices.Equal(d0, []uint32{1, 7, 8}) || !slices.Equal(d1, []uint32{9, 10, 2}) {
		t.Errorf("documents %v %v", d0, d1)
	}
}

func TestMegatronModes(t *testing.T) {
	f := goodIdx()
	f.tail = []byte{0, 1, 0}
	prefix := writePair(t, f, unhex(t, goodBin))
	r, err := OpenMegatron(prefix)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if !r.HasModes() || r.Mode(1) != 1 {
		t.Errorf("modes: %v %d", r.HasModes(), r.Mode(1))
	}
	w, err := CreateMegatron(filepath.Join(t.TempDir(), "m"), Uint16)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if w.Append(r) == nil {
		t.Error("Append of a multimodal dataset accepted")
	}
}

func TestMegatronNegativeToken(t *testing.T) {
	f := idxFile{magic: megatronMagic, version: 1, code: 4, seqs: 1, docs: 2,
		lengths: []int32{2}, ptrs: []int64{0}, docIdx: []int64{0, 1}}
	r, err := OpenMegatron(writePair(t, f, unhex(t, "01000000 ffffffff")))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	_, err = r.AppendDocument(nil, 0)
	var fe *FormatError
	if !errors.As(err, &fe) || fe.Offset != 4 || fe.Field != "token" {
		t.Errorf("negative int32 token: %v", err)
	}
}

func TestMegatronReaderErrors(t *testing.T) {
	bin := unhex(t, goodBin)
	tests := []struct {
		name   string
		edit   func(*idxFile)
		bin    []byte
		file   string // ".idx" or ".bin"
		field  string
		offset int64
	}{
		{"magic", func(f *idxFile) { f.magic = "MMIDIDX\x00\x01" }, bin, ".idx", "magic", 0},
		{"version", func(f *idxFile) { f.version = 2 }, bin, ".idx", "version", 9},
		{"dtype 0", func(f *idxFile) { f.code = 0 }, bin, ".idx", "dtype", 17},
		{"dtype 9 (fairseq uint32)", func(f *idxFile) { f.code = 9 }, bin, ".idx", "dtype", 17},
		{"dtype float32", func(f *idxFile) { f.code = 7 }, bin, ".idx", "dtype", 17},
		{"sequence count too big", func(f *idxFile) { f.seqs = 1 << 60 }, bin, ".idx", "sequence count", 18},
		{"document count too big", func(f *idxFile) { f.docs = 4 }, bin, ".idx", "document count", 26},
		{"document count 0", func(f *idxFile) { f.docs, f.docIdx = 0, nil }, bin, ".idx", "document count", 26},
		{"trailing bytes", func(f *idxFile) { f.tail = []byte{1} }, bin, ".idx", "sequence modes", 34 + 36 + 24},
		{"negative length", func(f *idxFile) { f.lengths[1] = -1 }, bin, ".idx", "sequence length", 34 + 4},
		{"pointer gap", func(f *idxFile) { f.ptrs[2] = 8 }, bin, ".idx", "sequence pointer", 34 + 12 + 16},
		{"pointer 0", func(f *idxFile) { f.ptrs[0] = 2 }, bin, ".idx", "sequence pointer", 34 + 12},
		{"bin short", func(*idxFile) {}, bin[:11], ".bin", "size", 11},
		{"bin long", func(*idxFile) {}, append(bin, 0, 0), ".bin", "size", 14},
		{"first document index", func(f *idxFile) { f.docIdx[0] = 1 }, bin, ".idx", "document index", 34 + 36},
		{"document index past the sequences", func(f *idxFile) { f.docIdx[1] = 4 }, bin, ".idx", "document index", 34 + 36 + 8},
		{"decreasing document index", func(f *idxFile) { f.docs, f.docIdx = 4, []int64{0, 2, 1, 3} }, bin, ".idx", "document index", 34 + 36 + 16},
		{"last document index", func(f *idxFile) { f.docIdx[2] = 2 }, bin, ".idx", "document index", 34 + 36 + 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := goodIdx()
			f.lengths = slices.Clone(f.lengths)
			f.ptrs = slices.Clone(f.ptrs)
			f.docIdx = slices.Clone(f.docIdx)
			tt.edit(&f)
			prefix := writePair(t, f, tt.bin)
			r, err := OpenMegatron(prefix)
			if err == nil {
				r.Close()
				t.Fatal("opened")
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			if fe.File != prefix+tt.file || fe.Field != tt.field || fe.Offset != tt.offset {
				t.Errorf("got %s offset %d field %q, want %s%s offset %d field %q (%v)",
					fe.File, fe.Offset, fe.Field, prefix, tt.file, tt.offset, tt.field, err)
			}
		})
	}
	t.Run("short header", func(t *testing.T) {
		prefix := writePair(t, goodIdx(), bin)
		os.WriteFile(prefix+".idx", []byte("MMIDIDX\x00\x00\x01"), 0o644)
		var fe *FormatError
		if _, err := OpenMegatron(prefix); !errors.As(err, &fe) || fe.Field != "header" || fe.Offset != 10 {
			t.Errorf("short header: %v", err)
		}
	})
	t.Run("missing bin", func(t *testing.T) {
		prefix := writePair(t, goodIdx(), bin)
		os.Remove(prefix + ".bin")
		if _, err := OpenMegatron(prefix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("missing .bin: %v", err)
		}
	})
}

// Merging parts gives the files of one writer fed every document in
// order: Megatron's add_index.
func TestMergeMegatron(t *testing.T) {
	docs := randomDocs(3, 120, 40, 32000)
	dir := t.TempDir()
	whole := filepath.Join(dir, "whole")
	writeMegatron(t, whole, Uint16, docs)
	var parts []string
	for i, cut := range [][2]int{{0, 50}, {50, 50}, {50, 119}, {119, 120}} {
		p := filepath.Join(dir, "part"+string(rune('a'+i)))
		writeMegatron(t, p, Uint16, docs[cut[0]:cut[1]])
		parts = append(parts, p)
	}
	merged := filepath.Join(dir, "merged")
	if err := MergeMegatron(merged, Uint16, parts...); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".bin", ".idx"} {
		if !bytes.Equal(readFile(t, whole+ext), readFile(t, merged+ext)) {
			t.Errorf("merged %s differs from the single write", ext)
		}
	}
	// Sentence-level parts keep their document indices, shifted.
	sent := writePair(t, goodIdx(), unhex(t, goodBin))
	out := filepath.Join(dir, "sent")
	if err := MergeMegatron(out, Uint16, sent, sent); err != nil {
		t.Fatal(err)
	}
	r, err := OpenMegatron(out)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var idx []int
	for i := 0; i <= r.Documents(); i++ {
		idx = append(idx, r.DocumentIndex(i))
	}
	if !slices.Equal(idx, []int{0, 2, 3, 5, 6}) {
		t.Errorf("merged document indices %v, want [0 2 3 5 6]", idx)
	}
	if err := MergeMegatron(filepath.Join(dir, "bad"), Int32, sent); err == nil {
		t.Error("merge of a uint16 part into int32 accepted")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "bad*")); len(left) > 0 {
		t.Errorf("failed merge left %v", left)
	}
}
