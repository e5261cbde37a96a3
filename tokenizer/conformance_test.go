package tokenizer

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSPMConformance compares this package with Debian's spm_train and
// spm_encode. conformance/tokenizer/run.sh prepares CCNET_SPM_DIR:
//
//	corpus.txt      training text, one sentence per line
//	lines.txt       lines to encode
//	spm_bpe.model   spm_train with LLaMA's settings on corpus.txt
//	spm_bpe.ids     spm_encode --output_format=id of lines.txt
//	spm_uni.model   spm_train unigram (nmt_nfkc) on corpus.txt
//	spm_uni.pieces  spm_encode --output_format=piece of lines.txt
//	llama.model     optional (CCNET_LLAMA_MODEL): LLaMA's tokenizer.model,
//	llama.ids       with spm_encode --output_format=id of lines.txt
//
// and the test writes ccnet_bpe.model (trained here with the settings of
// spm_bpe.model) and ccnet_bpe.ids (its encodings of lines.txt), which the
// script feeds back to spm_encode.
func TestSPMConformance(t *testing.T) {
	dir := os.Getenv("CCNET_SPM_DIR")
	if dir == "" {
		t.Skip("set CCNET_SPM_DIR (conformance/tokenizer/run.sh does)")
	}
	lines := readLines(t, filepath.Join(dir, "lines.txt"))

	spmBPE, err := Load(filepath.Join(dir, "spm_bpe.model"))
	if err != nil {
		t.Fatal(err)
	}
	wantIDs := readLines(t, filepath.Join(dir, "spm_bpe.ids"))
	compareLines(t, "spm_bpe ids", lines, wantIDs, func(s string) string { return joinInts(spmBPE.Encode(s)) })

	uni, err := Load(filepath.Join(dir, "spm_uni.model"))
	if err != nil {
		t.Fatal(err)
	}
	wantPieces := readLines(t, filepath.Join(dir, "spm_uni.pieces"))
	compareLines(t, "spm_uni pieces", lines, wantPieces, func(s string) string { return strings.Join(uni.EncodePieces(s), " ") })

	if _, err := os.Stat(filepath.Join(dir, "llama.model")); err == nil {
		llama, err := Load(filepath.Join(dir, "llama.model"))
		if err != nil {
			t.Fatal(err)
		}
		compareLines(t, "llama ids", lines, readLines(t, filepath.Join(dir, "llama.ids")), func(s string) string { return joinInts(llama.Encode(s)) })
	}

	// Train with the settings stored in spm_bpe.model.
	ts := spmBPE.Proto().Trainer
	o := DefaultTrainOptions()
	o.VocabSize = int(ts.VocabSize)
	o.CharacterCoverage = ts.CharacterCoverage
	f, err := os.Open(filepath.Join(dir, "corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ours, err := Train(context.Background(), f, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ccnet_bpe.model"), ours.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	for _, l := range lines {
		out.WriteString(joinInts(ours.Encode(l)))
		out.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "ccnet_bpe.ids"), []byte(out.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	same, firstDiff := 0, -1
	for id := 0; id < min(ours.VocabSize(), spmBPE.VocabSize()); id++ {
		if ours.IDToPiece(id) == spmBPE.IDToPiece(id) {
			same++
		} else if firstDiff < 0 {
			firstDiff = id
		}
	}
	inSPM := 0
	for id := 0; id < ours.VocabSize(); id++ {
		if p := ours.IDToPiece(id); spmBPE.PieceToID(p) != spmBPE.UnkID() || p == spmBPE.IDToPiece(spmBPE.UnkID()) {
			inSPM++
		}
	}
	share := float64(inSPM) / float64(spmBPE.VocabSize())
	t.Logf("trainer: %d of %d pieces in spm_train's vocabulary (%.4f), %d at the same id, first differing id %d",
		inSPM, spmBPE.VocabSize(), share, same, firstDiff)
	if firstDiff >= 0 {
		t.Logf("first difference: id %d ccnet %q spm %q", firstDiff, ours.IDToPiece(firstDiff), spmBPE.IDToPiece(firstDiff))
	}
	if share < 0.99 {
		t.Errorf("only %.4f of the vocabulary is shared with spm_train (want >= 0.99)", share)
	}
}

func compareLines(t *testing.T, what string, lines, want []string, got func(string) string) {
	t.Helper()
	if len(want) != len(lines) {
		t.Fatalf("%s: %d expected lines for %d inputs", what, len(want), len(lines))
	}
	bad := 0
	for i, l := range lines {
		if g := got(l); g != want[i] {
			if bad < 5 {
				t.Errorf("%s: line %d %q:\n got %s\nwant %s", what, i+1, l, g, want[i])
			}
			bad++
		}
	}
	t.Logf("%s: %d of %d lines identical", what, len(lines)-bad, len(lines))
	if bad > 0 {
		t.Errorf("%s: %d lines differ", what, bad)
	}
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	sc.Split(scanLF)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// scanLF splits on "\n" only and keeps "\r", as std::getline does.
func scanLF(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

func joinInts(ids []int) string {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(id))
	}
	return b.String()
}

// TestLLaMATokenizer checks LLaMA's own tokenizer.model, when
// CCNET_LLAMA_MODEL names it, against the facts of
// shared/reference/llama-and-shards.md §4.
func TestLLaMATokenizer(t *testing.T) {
	path := os.Getenv("CCNET_LLAMA_MODEL")
	if path == "" {
		t.Skip("set CCNET_LLAMA_MODEL to LLaMA's tokenizer.model")
	}
	m, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	ts := m.Proto().Trainer
	if m.VocabSize() != 32000 || m.Type() != BPE || !ts.ByteFallback || !ts.SplitDigits || ts.CharacterCoverage != 0.99995 ||
		m.Proto().Normalizer.Name != "identity" || m.Proto().Normalizer.RemoveExtraWhitespaces {
		t.Errorf("settings: %+v %+v", ts, m.Proto().Normalizer)
	}
	if m.UnkID() != 0 || m.BosID() != 1 || m.EosID() != 2 || m.PadID() != -1 {
		t.Errorf("special ids %d %d %d %d", m.UnkID(), m.BosID(), m.EosID(), m.PadID())
	}
	for piece, id := range map[string]int{"<0x00>": 3, "<0x0A>": 13, "<0xFF>": 258, "▁": 29871, "0": 29900, "1": 29896, "9": 29929} {
		if got := m.PieceToID(piece); got != id {
			t.Errorf("PieceToID(%q) = %d, want %d", piece, got, id)
		}
	}
	if got := m.Encode("1 9\n"); !slices.Equal(got, []int{29871, 29896, 29871, 29929, 13}) {
		t.Errorf("Encode(\"1 9\\n\") = %v", got)
	}
	if b := m.Marshal(); !bytes.Equal(b, mustRead(t, path)) {
		t.Error("Marshal does not give the file back")
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
