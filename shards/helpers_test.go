package shards

import (
	"encoding/hex"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// unhex decodes hex written with spaces and newlines between fields.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// randomDocs makes n documents of 0..maxLen tokens below vocab.
func randomDocs(seed uint64, n, maxLen, vocab int) [][]uint32 {
	rng := rand.New(rand.NewPCG(seed, 7))
	docs := make([][]uint32, n)
	for i := range docs {
		d := make([]uint32, rng.IntN(maxLen+1))
		for j := range d {
			d[j] = uint32(rng.IntN(vocab))
		}
		docs[i] = d
	}
	return docs
}

func writeMegatron(t testing.TB, prefix string, dtype DType, docs [][]uint32) {
	t.Helper()
	w, err := CreateMegatron(prefix, dtype)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeLLMC(t testing.TB, path string, size int, docs [][]uint32) {
	t.Helper()
	w, err := CreateLLMC(path, size)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := w.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
