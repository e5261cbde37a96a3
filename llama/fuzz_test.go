package llama

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoadCheckpoint: a damaged checkpoint is an error, never a panic or
// an allocation the file cannot back.
func FuzzLoadCheckpoint(f *testing.F) {
	dir := f.TempDir()
	tr, err := NewTrainer(TrainConfig{Model: Config{Dim: 8, Layers: 1, Heads: 2, Vocab: 7, MultipleOf: 4, NormEps: 1e-5, RopeTheta: 10000, ContextLen: 4}})
	if err != nil {
		f.Fatal(err)
	}
	good := filepath.Join(dir, "seed.ckpt")
	if err := tr.Save(good); err != nil {
		f.Fatal(err)
	}
	b, _ := os.ReadFile(good)
	f.Add(b)
	f.Add(b[:40])
	f.Add([]byte("CCNETLM1\x02\x00\x00\x00{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "x.ckpt")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if tr, err := LoadCheckpoint(path, ""); err == nil {
			if len(tr.Model.Params) != len(tr.Opt.M) {
				t.Fatal("inconsistent checkpoint accepted")
			}
		}
	})
}
