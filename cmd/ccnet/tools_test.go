package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWith runs the command line args with stdin, returning the exit status
// and what it printed on standard output.
func runWith(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	in, err := os.CreateTemp(t.TempDir(), "stdin")
	if err != nil {
		t.Fatal(err)
	}
	in.WriteString(stdin)
	in.Seek(0, 0)
	r, w, _ := os.Pipe()
	oldIn, oldOut := os.Stdin, os.Stdout
	os.Stdin, os.Stdout = in, w
	out := make(chan string)
	go func() { b, _ := io.ReadAll(r); out <- string(b) }()
	status := realMain(args)
	w.Close()
	os.Stdin, os.Stdout = oldIn, oldOut
	return status, <-out
}

// TestModelTools runs the model tools end to end on the demo text: a
// tokenizer round trip, an LM trained and scored, cutoffs, a classifier
// trained and applied.
func TestModelTools(t *testing.T) {
	dir := t.TempDir()
	ref := filepath.Join("..", "..", "testdata", "demo", "reference-en.txt")
	web := filepath.Join("..", "..", "testdata", "demo", "web-en.txt")
	tok := filepath.Join(dir, "tok.model")
	if st, out := runWith(t, "", "tokenizer", "train", "--input", ref, "--vocab-size", "600", "--out", tok); st != 0 {
		t.Fatalf("tokenizer train: %d %s", st, out)
	}
	text := "The river flows past 12 old mills.\n"
	st, ids := runWith(t, text, "tokenizer", "encode", "--model", tok)
	if st != 0 || strings.TrimSpace(ids) == "" {
		t.Fatalf("encode: %d %q", st, ids)
	}
	if st, back := runWith(t, ids, "tokenizer", "decode", "--model", tok); st != 0 || back != text {
		t.Errorf("decode(encode(x)) = %q (status %d), want %q", back, st, text)
	}
	if st, _ := runWith(t, "1 2 999999\n", "tokenizer", "decode", "--model", tok); st != 1 {
		t.Errorf("decoding an id outside the vocabulary: status %d, want 1", st)
	}

	lmDir := filepath.Join(dir, "lm")
	if st, out := runWith(t, "", "lm", "train", "--lang", "en", "--text", ref, "--vocab-size", "500", "--order", "3", "--out", lmDir); st != 0 {
		t.Fatalf("lm train: %d %s", st, out)
	}
	for _, f := range []string{"en.sp.model", "en.arpa", "en.arpa.bin"} {
		if _, err := os.Stat(filepath.Join(lmDir, f)); err != nil {
			t.Errorf("lm train did not write %s", f)
		}
	}
	st, scores := runWith(t, "the river is long\n", "lm", "score", "--model", filepath.Join(lmDir, "en.arpa.bin"),
		"--sp-model", filepath.Join(lmDir, "en.sp.model"))
	if st != 0 || !strings.HasPrefix(scores, "Total: -") || !strings.Contains(scores, "Perplexity including OOVs:") {
		t.Errorf("lm score: %d %q", st, scores)
	}
	cutoffs := filepath.Join(lmDir, "cutoff.csv")
	if st, out := runWith(t, "", "lm", "cutoffs", "--lm-dir", lmDir, "--lang", "en", "--input", web, "--out", cutoffs); st != 0 {
		t.Fatalf("lm cutoffs: %d %s", st, out)
	}
	csv, _ := os.ReadFile(cutoffs)
	if lines := strings.Split(strings.TrimSpace(string(csv)), "\n"); len(lines) != 101 || lines[0] != ",en" {
		t.Errorf("cutoff.csv has %d lines, header %q", len(lines), lines[0])
	}

	refs, _ := os.ReadFile(ref)
	webs, _ := os.ReadFile(web)
	var train strings.Builder
	for _, l := range strings.Split(strings.TrimSpace(string(refs)), "\n") {
		train.WriteString("__label__wiki " + l + "\n")
	}
	for _, l := range strings.Split(strings.TrimSpace(string(webs)), "\n") {
		train.WriteString("__label__cc " + l + "\n")
	}
	labelled := filepath.Join(dir, "train.txt")
	os.WriteFile(labelled, []byte(train.String()), 0o644)
	model := filepath.Join(dir, "wikiref.bin")
	if st, out := runWith(t, "", "classify", "train", "--input", labelled, "--thread", "1", "--epoch", "10", "--out", model); st != 0 {
		t.Fatalf("classify train: %d %s", st, out)
	}
	st, pred := runWith(t, "Click here to win a free phone, limited offer, subscribe now!\n", "classify", "predict", "--model", model)
	if st != 0 || !strings.HasPrefix(pred, "__label__") {
		t.Errorf("classify predict: %d %q", st, pred)
	}
	if st, _ := runWith(t, "", "classify", "train", "--input", labelled); st != 2 {
		t.Errorf("classify train without --out: status %d, want 2", st)
	}
	if st, _ := runWith(t, "", "lm", "nope"); st != 2 {
		t.Errorf("an unknown verb: status %d, want 2", st)
	}
}
