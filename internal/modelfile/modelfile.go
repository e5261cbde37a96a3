// Package modelfile gives the stages local paths for model files named by
// URL. A model flag (--lm-dir, --lm-cutoffs, --tokenizer, --wikiref-model,
// --badwords-dir) may name a local path or anything a Beam filesystem
// reads (gs://, s3://, https://, memfs://), so a worker on Dataflow or a
// Flink cluster finds the same models as the laptop run. The loaders need
// local files (the LM is memory-mapped), so a URL is copied once per
// process into the temporary directory and the copy's path is used.
package modelfile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// IsURL reports whether p names a file through a filesystem scheme
// rather than a local path.
func IsURL(p string) bool { return strings.Contains(p, "://") }

// Join joins a file name onto a directory given as a local path or a URL.
func Join(dir, name string) string {
	if IsURL(dir) {
		return strings.TrimSuffix(dir, "/") + "/" + name
	}
	return filepath.Join(dir, name)
}

var copies sync.Map // URL → *copyOnce

type copyOnce struct {
	once sync.Once
	path string
	err  error
}

// Local returns a local path holding what p names: p itself when it is a
// local path; for a URL, a copy under the temporary directory, made at
// most once per process (a failed copy is retried by the next call). A URL
// whose "URL/*" lists files is a directory: its files (one level) are
// copied into one local directory, whose path is returned.
func Local(ctx context.Context, p string) (string, error) {
	if !IsURL(p) {
		return p, nil
	}
	v, _ := copies.LoadOrStore(p, &copyOnce{})
	c := v.(*copyOnce)
	c.once.Do(func() { c.path, c.err = fetch(ctx, p) })
	if c.err != nil {
		copies.CompareAndDelete(p, c)
		return "", c.err
	}
	return c.path, nil
}

// Exists checks that p names a readable local file or directory, or, for
// a URL, a file or a directory with files, without copying anything.
func Exists(ctx context.Context, p string) error {
	if !IsURL(p) {
		_, err := os.Stat(p)
		return err
	}
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return err
	}
	defer fs.Close()
	if files, err := listDir(ctx, fs, p); err == nil && len(files) > 0 {
		return nil
	}
	if _, err := fs.Size(ctx, p); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return nil
}

func listDir(ctx context.Context, fs filesystem.Interface, p string) ([]string, error) {
	return fs.List(ctx, strings.TrimSuffix(p, "/")+"/*")
}

func fetch(ctx context.Context, p string) (string, error) {
	fs, err := filesystem.New(ctx, p)
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	defer fs.Close()
	sum := sha256.Sum256([]byte(p))
	dir := filepath.Join(os.TempDir(), "ccnet-models", hex.EncodeToString(sum[:8]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Listing may not be supported (https), or the URL may be a file.
	if files, err := listDir(ctx, fs, p); err == nil && len(files) > 0 {
		for _, f := range files {
			if err := copyFile(ctx, fs, f, filepath.Join(dir, path.Base(f))); err != nil {
				return "", err
			}
		}
		return dir, nil
	}
	local := filepath.Join(dir, path.Base(strings.TrimSuffix(p, "/")))
	if err := copyFile(ctx, fs, p, local); err != nil {
		return "", err
	}
	return local, nil
}

// copyFile copies src to dst through a temporary file renamed into place,
// so a reader never sees a partial copy (processes on one machine may copy
// the same model at once; each rename puts identical bytes in place).
func copyFile(ctx context.Context, fs filesystem.Interface, src, dst string) error {
	r, err := fs.OpenRead(ctx, src)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	defer r.Close()
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".part-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("copying %s: %w", src, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), dst)
}
