package lm

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpenBinary feeds bytes to both binary readers (own format and KenLM
// probing); a file either fails with an error or scores without panicking
// or looping.
func FuzzOpenBinary(f *testing.F) {
	small := filepath.Join("testdata", "small.arpa")
	for _, p := range []string{writeOwn(f, small), kenlmFile(f, small)} {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parse := parseBinary
		if bytes.HasPrefix(data, []byte(kenlmMagicPrefix)) {
			parse = parseKenLM
		}
		m, err := parse(data, "fuzz")
		if err != nil {
			return
		}
		for _, s := range qryFuzzSentences {
			m.ScoreSentence(s)
		}
	})
}
