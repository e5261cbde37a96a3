package pipeline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
)

// DefaultBaseURL is where Common Crawl serves its files over https.
const DefaultBaseURL = "https://data.commoncrawl.org/"

// SelectInputs lists a run's inputs: the --input globs (see ListInputs) and
// the files named by the --input-paths file joined onto --base-url, merged
// in sorted order without repeats; then the slice of shard ShardIndex of
// NumShards (input i, from 0, goes to shard i mod NumShards); then the
// first MaxFiles of that slice. Files from a paths file are not looked up
// (a dump has tens of thousands): their Bytes is -1, and a missing one is
// counted as an unreadable file when the run reads it.
func SelectInputs(ctx context.Context, cfg Config) ([]Input, error) {
	var all []Input
	if len(cfg.Inputs) > 0 {
		listed, err := ListInputs(ctx, cfg.Inputs)
		if err != nil {
			return nil, err
		}
		all = listed
	}
	if cfg.InputPaths != "" {
		rel, err := ReadPathsFile(ctx, cfg.InputPaths)
		if err != nil {
			return nil, &UsageError{err}
		}
		if len(rel) == 0 {
			return nil, &UsageError{fmt.Errorf("--input-paths %s names no file", cfg.InputPaths)}
		}
		for _, r := range rel {
			all = append(all, Input{Path: JoinBase(cfg.BaseURL, r), Bytes: -1})
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].Path < all[j].Path })
		all = dedupInputs(all)
	}
	shards := max(cfg.NumShards, 1)
	var out []Input
	for i, in := range all {
		if i%shards == cfg.ShardIndex {
			out = append(out, in)
		}
	}
	if cfg.MaxFiles > 0 && len(out) > cfg.MaxFiles {
		out = out[:cfg.MaxFiles]
	}
	if len(out) == 0 {
		return nil, &UsageError{fmt.Errorf("shard %d of %d holds none of the %d inputs", cfg.ShardIndex, shards, len(all))}
	}
	return out, nil
}

// dedupInputs drops repeats from a sorted list, keeping the first (a glob's
// entry, which has its size).
func dedupInputs(in []Input) []Input {
	out := in[:0]
	for i, x := range in {
		if i > 0 && x.Path == out[len(out)-1].Path {
			continue
		}
		out = append(out, x)
	}
	return out
}

// JoinBase joins a paths-file entry onto the base: URLs by "/", local
// directories by the OS's rule. An entry that is already a URL is kept.
func JoinBase(base, rel string) string {
	if strings.Contains(rel, "://") {
		return rel
	}
	if strings.Contains(base, "://") {
		return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(rel, "/")
	}
	return filepath.Join(base, filepath.FromSlash(rel))
}

// ReadPathsFile reads a Common Crawl paths file (gzip-compressed or
// plain, found by its magic bytes) through Beam's filesystems: one path a
// line; blank lines and lines starting with '#' are skipped.
func ReadPathsFile(ctx context.Context, path string) ([]string, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("--input-paths %s: %w", path, err)
	}
	defer fs.Close()
	rc, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("--input-paths %s: %w", path, err)
	}
	defer rc.Close()
	br := bufio.NewReader(rc)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("--input-paths %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	var out []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		p := strings.TrimSpace(sc.Text())
		if p == "" || strings.HasPrefix(p, "#") {
			continue
		}
		if strings.ContainsAny(p, "*?[") {
			return nil, fmt.Errorf("--input-paths %s line %d: %q is a glob, not a path", path, line, p)
		}
		out = append(out, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--input-paths %s: %w", path, err)
	}
	return out, nil
}
