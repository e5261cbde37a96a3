package shards

import (
	"errors"
	"path/filepath"
	"testing"
)

// FuzzOpenMegatron: any .idx/.bin pair (the contents OpenMegatron maps) either fails to open with a
// *FormatError, or opens and every document decodes within the .bin.
func FuzzOpenMegatron(f *testing.F) {
	dir := f.TempDir()
	for i, docs := range [][][]uint32{{{1, 5, 2}, {1, 2}, {}}, randomDocs(1, 5, 8, 60000)} {
		prefix := filepath.Join(dir, string(rune('a'+i)))
		writeMegatron(f, prefix, Uint16, docs)
		f.Add(readFile(f, prefix+".idx"), readFile(f, prefix+".bin"))
	}
	f.Add(goodIdx().bytes(), unhex(f, goodBin))
	modes := goodIdx()
	modes.tail = []byte{0, 1, 2}
	f.Add(modes.bytes(), unhex(f, goodBin))
	f.Fuzz(func(t *testing.T, idx, bin []byte) {
		r, err := parseMegatron("ds.idx", "ds.bin", idx, bin)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a *FormatError: %v", err)
			}
			return
		}
		var total int64
		for d := range r.Documents() {
			doc, err := r.AppendDocument(nil, d)
			var fe *FormatError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("document %d: %v", d, err)
			}
			total += int64(len(doc))
			if err != nil {
				return
			}
		}
		if total != r.Tokens() {
			t.Fatalf("documents hold %d tokens, index says %d", total, r.Tokens())
		}
	})
}

// FuzzOpenLLMC: any shard either fails to open with a *FormatError, or
// opens and its tokens and documents read within the file. The input is
// the three header words and the body: the zero words 3..255 are ignored
// by the reader, and keeping them out of the input keeps the fuzzer's
// minimization of 1 KiB headers from eating the run; TestLLMCReaderErrors
// covers files shorter than the header.
func FuzzOpenLLMC(f *testing.F) {
	f.Add(int32(LLMCMagic16), int32(LLMCVersion16), int32(3), []byte{1, 0, 5, 0, 2, 0})
	f.Add(int32(LLMCMagic32), int32(LLMCVersion32), int32(2), []byte{1, 0, 0, 0, 0x2c, 1, 0, 0})
	f.Add(int32(LLMCMagic16), int32(LLMCVersion16), int32(4), []byte{1, 0, 7, 0, 1, 0, 2, 0})
	f.Fuzz(func(t *testing.T, magic, version, ntok int32, body []byte) {
		data := append(llmcFile(magic, version, ntok, 0), body...)
		r, err := parseLLMC("s.bin", data)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error is not a *FormatError: %v", err)
			}
			return
		}
		n := 0
		for doc := range r.Documents(LlamaFraming()) {
			n += len(doc)
		}
		if n != r.Tokens() || len(r.AppendTokens(nil, 0, r.Tokens())) != r.Tokens() {
			t.Fatalf("documents hold %d tokens, header says %d", n, r.Tokens())
		}
	})
}
