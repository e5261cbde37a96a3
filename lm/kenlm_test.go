package lm

import (
	"bytes"
	"encoding/binary"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// writeKenLMProbing writes the ARPA text read from arpa as KenLM's
// build_binary does with its defaults (probing, -p 1.5, vocabulary strings
// included), from the layout in kenlm.go. It exists for tests: KenLM's own
// outputs are not committed, so the tests build probing files with it, and
// TestKenLMConformance checks it byte for byte against build_binary.
func writeKenLMProbing(w io.Writer, arpa io.Reader) error {
	m, err := readARPA(arpa, "arpa", -1, layoutKenLM)
	if err != nil {
		return err
	}
	hdr := make([]byte, kenlmHeaderSize(m.order))
	copy(hdr, kenlmSanity)
	fixed := hdr[kenlmSanitySize:]
	fixed[0] = byte(m.order)
	binary.LittleEndian.PutUint32(fixed[4:], math.Float32bits(qryProbingMultiplier))
	binary.LittleEndian.PutUint32(fixed[8:], kenlmProbing)
	fixed[12] = 1 // has_vocabulary
	for i, c := range m.counts {
		binary.LittleEndian.PutUint64(fixed[kenlmFixedSize+8*i:], c)
	}
	var vh [8]byte
	binary.LittleEndian.PutUint32(vh[4:], m.bound)
	for _, b := range [][]byte{hdr, vh[:], m.vocab.data, m.unigrams} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	for _, t := range m.middle {
		if _, err := w.Write(t.data); err != nil {
			return err
		}
	}
	if _, err := w.Write(m.longest.data); err != nil {
		return err
	}
	_, err = w.Write(m.words)
	return err
}

// kenlmFile writes the probing binary of the ARPA file at src into a
// temporary file.
func kenlmFile(t testing.TB, src string) string {
	t.Helper()
	arpa, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeKenLMProbing(&buf, bytes.NewReader(arpa)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), filepath.Base(src)+".bin")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHashByHand checks what can be derived by hand; the full functions
// are checked by TestKenLMConformance, where every bucket position of
// build_binary's tables depends on them.
func TestHashByHand(t *testing.T) {
	// MurmurHash64A of no bytes with seed 0: h = 0 ^ 0*m = 0, no block,
	// no tail, and the final mixing keeps 0.
	if got := qryMurmur64A(""); got != 0 {
		t.Errorf("murmur(\"\") = %#x, want 0", got)
	}
	// CombineWordHash(0, 0) = 0*k1 ^ (0+1)*k2 = k2.
	if got := qryCombine(0, 0); got != 17894857484156487943 {
		t.Errorf("combine(0, 0) = %d", got)
	}
	// The word id wraps in 32 bits before the widening, as in C++.
	if got := qryCombine(1, math.MaxUint32); got != 8978948897894561157 {
		t.Errorf("combine(1, max) = %d", got)
	}
}

func TestKenLMProbingSmall(t *testing.T) {
	m, err := Open(kenlmFile(t, filepath.Join("testdata", "small.arpa")))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Format() != FormatKenLM {
		t.Fatalf("format %v", m.Format())
	}
	if got := strings.Join(m.Vocabulary(), " "); got != "<unk> <s> </s> a b c" {
		t.Errorf("vocabulary %q", got)
	}
	checkSmall(t, m)
}

func TestKenLMProbingTestARPA(t *testing.T) {
	m, err := Open(kenlmFile(t, qrySharedPath(t, "lm-text/kenlm__test.arpa")))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	checkKenLMSteps(t, m)
}

// TestKenLMConformance runs KenLM itself when CCNET_KENLM_BIN names the
// folder of its build_binary and query (conformance/lm/query.sh sets it):
// build_binary's probing file must equal writeKenLMProbing's byte for byte.
func TestKenLMConformance(t *testing.T) {
	bin := os.Getenv("CCNET_KENLM_BIN")
	if bin == "" {
		t.Skip("CCNET_KENLM_BIN not set")
	}
	arpas := []string{filepath.Join("testdata", "small.arpa")}
	if extra := os.Getenv("CCNET_KENLM_ARPAS"); extra != "" {
		arpas = append(arpas, strings.Fields(extra)...)
	}
	for _, src := range arpas {
		want := filepath.Join(t.TempDir(), "kenlm.bin")
		out, err := exec.Command(filepath.Join(bin, "build_binary"), "-s", src, want).CombinedOutput()
		if err != nil {
			t.Fatalf("build_binary %s: %v\n%s", src, err, out)
		}
		wantBytes, err := os.ReadFile(want)
		if err != nil {
			t.Fatal(err)
		}
		gotBytes, err := os.ReadFile(kenlmFile(t, src))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gotBytes, wantBytes) {
			i := 0
			for i < len(gotBytes) && i < len(wantBytes) && gotBytes[i] == wantBytes[i] {
				i++
			}
			t.Errorf("%s: writer differs from build_binary at byte %d (sizes %d, %d)", src, i, len(gotBytes), len(wantBytes))
		}
		m, err := Open(want)
		if err != nil {
			t.Fatal(err)
		}
		m.Close()
	}
}
