package modelfile

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/memfs"
)

func TestLocalPathUnchanged(t *testing.T) {
	got, err := Local(context.Background(), "/some/model.bin")
	if err != nil || got != "/some/model.bin" {
		t.Errorf("Local(local path) = %q, %v", got, err)
	}
}

func TestLocalCopiesFileAndDirectory(t *testing.T) {
	ctx := context.Background()
	memfs.Write("memfs://mf-test/tok.model", []byte("tokenizer bytes"))
	memfs.Write("memfs://mf-test/lm/en.sp.model", []byte("sp"))
	memfs.Write("memfs://mf-test/lm/en.arpa", []byte("arpa"))

	p, err := Local(ctx, "memfs://mf-test/tok.model")
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(p); string(data) != "tokenizer bytes" || filepath.Base(p) != "tok.model" {
		t.Errorf("file copy %s holds %q", p, data)
	}
	again, _ := Local(ctx, "memfs://mf-test/tok.model")
	if again != p {
		t.Errorf("second call gave %s, want the first copy %s", again, p)
	}

	dir, err := Local(ctx, "memfs://mf-test/lm/")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"en.sp.model": "sp", "en.arpa": "arpa"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(data) != want {
			t.Errorf("%s in the directory copy: %q, %v", name, data, err)
		}
	}
	if Join("memfs://mf-test/lm/", "cutoff.csv") != "memfs://mf-test/lm/cutoff.csv" || Join("/a/b", "c") != "/a/b/c" {
		t.Error("Join")
	}
}

func TestMissing(t *testing.T) {
	ctx := context.Background()
	if _, err := Local(ctx, "memfs://mf-test/none.bin"); err == nil {
		t.Error("Local of a missing URL succeeded")
	}
	if err := Exists(ctx, "memfs://mf-test/none.bin"); err == nil {
		t.Error("Exists of a missing URL succeeded")
	}
	if err := Exists(ctx, filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("Exists of a missing path succeeded")
	}
	memfs.Write("memfs://mf-test/present.bin", []byte("x"))
	if err := Exists(ctx, "memfs://mf-test/present.bin"); err != nil {
		t.Error(err)
	}
	// A failed copy is not remembered: once the file appears, it is copied.
	if _, err := Local(ctx, "memfs://mf-test/late.bin"); err == nil {
		t.Fatal("Local of a missing URL succeeded")
	}
	memfs.Write("memfs://mf-test/late.bin", []byte("late"))
	if _, err := Local(ctx, "memfs://mf-test/late.bin"); err != nil {
		t.Errorf("after the file appeared: %v", err)
	}
}
