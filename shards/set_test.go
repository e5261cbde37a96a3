package shards

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSplitOf(t *testing.T) {
	const n = 200_000
	for _, frac := range []float64{0, 0.0005, 0.01, 0.3, 1} {
		valid := 0
		for i := range n {
			if SplitOf(fmt.Sprintf("https://example.com/page/%d", i), frac) == Valid {
				valid++
			}
		}
		// Binomial: 5 standard deviations, plus one document.
		if tol := 5*math.Sqrt(n*frac*(1-frac)) + 1; math.Abs(float64(valid)-n*frac) > tol {
			t.Errorf("fraction %v: %d of %d valid, want %v ± %.0f", frac, valid, n, n*frac, tol)
		}
	}
	if SplitOf("https://a.example/", 0.5) != SplitOf("https://a.example/", 0.5) {
		t.Error("SplitOf is not a function of the URL")
	}
}

// urlHash is FNV-1a 64 (checked on the FNV reference vectors) then
// fmix64, whose defining steps are checked on a value worked by hand.
func TestURLHash(t *testing.T) {
	h := fnv.New64a()
	if h.Sum64() != 0xcbf29ce484222325 {
		t.Fatal("FNV-1a offset basis")
	}
	h.Write([]byte("a"))
	if h.Sum64() != 0xaf63dc4c8601ec8c {
		t.Fatal("FNV-1a of \"a\"")
	}
	if urlHash("a") != fmix64(0xaf63dc4c8601ec8c) {
		t.Error("urlHash is not fmix64(fnv1a64)")
	}
	// fmix64(1): 1 ^ 0 = 1; 1 * c1 = c1; c1 ^ c1>>33; that * c2; ^ >>33.
	k := uint64(0xff51afd7ed558ccd)
	k ^= k >> 33
	k *= 0xc4ceb9fe1a85ec53
	k ^= k >> 33
	if fmix64(1) != k || fmix64(0) != 0 {
		t.Errorf("fmix64(1) = %x, want %x", fmix64(1), k)
	}
}

func TestShardOf(t *testing.T) {
	const n, shards = 100_000, 7
	var count [shards]int
	for i := range n {
		s := ShardOf(fmt.Sprintf("https://example.org/%d", i), shards)
		if s < 0 || s >= shards {
			t.Fatalf("ShardOf = %d, want 0..%d", s, shards-1)
		}
		count[s]++
	}
	for s, c := range count {
		if want := float64(n) / shards; math.Abs(float64(c)-want) > 5*math.Sqrt(want) {
			t.Errorf("shard %d: %d documents, want about %.0f", s, c, want)
		}
	}
	// Independent of the split: the valid documents spread over every shard.
	var validIn [shards]int
	for i := range n {
		url := fmt.Sprintf("https://example.org/%d", i)
		if SplitOf(url, 0.1) == Valid {
			validIn[ShardOf(url, shards)]++
		}
	}
	for s, c := range validIn {
		if want := 0.1 * n / shards; math.Abs(float64(c)-want) > 6*math.Sqrt(want) {
			t.Errorf("shard %d holds %d valid documents, want about %.0f", s, c, want)
		}
	}
}

func TestNames(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{Name(Train, 0), "train_0000"},
		{Name(Valid, 12), "valid_0012"},
		{Name(Train, 12345), "train_12345"},
		{MegatronPrefix("out/shards", "en", Train, 3), filepath.Join("out/shards", "megatron", "en", "train_0003")},
		{LLMCPath("out/shards", "de", Valid, 0), filepath.Join("out/shards", "llmc", "de", "valid_0000.bin")},
	} {
		if tt.got != tt.want {
			t.Errorf("%q, want %q", tt.got, tt.want)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	good := DefaultConfig(32000)
	if err := good.validate(); err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*Config){
		"no format":        func(c *Config) { c.Formats = 0 },
		"unknown format":   func(c *Config) { c.Formats = 4 },
		"no vocab":         func(c *Config) { c.Vocab = 0 },
		"bos outside":      func(c *Config) { c.Framing.BOS = 32000 },
		"negative valid":   func(c *Config) { c.ValidFraction = -0.1 },
		"valid NaN":        func(c *Config) { c.ValidFraction = math.NaN() },
		"valid over 1":     func(c *Config) { c.ValidFraction = 1.5 },
		"zero shard size":  func(c *Config) { c.MaxShardTokens = 0 },
		"shard over int32": func(c *Config) { c.MaxShardTokens = 1 << 31 },
	} {
		c := good
		edit(&c)
		if _, err := NewSet(t.TempDir(), "en", c); err == nil {
			t.Errorf("%s: config accepted", name)
		}
	}
}

// writeSet writes docs (URL i = "https://example.com/i") with cfg and
// returns the folder.
func writeSet(t *testing.T, cfg Config, docs [][]uint32) (string, *Set) {
	t.Helper()
	root := t.TempDir()
	s, err := NewSet(root, "en", cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range docs {
		if err := s.Add(fmt.Sprintf("https://example.com/%d", i), d); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return root, s
}

func TestSet(t *testing.T) {
	cfg := DefaultConfig(32000)
	cfg.ValidFraction = 0.2
	cfg.MaxShardTokens = 500
	docs := randomDocs(11, 400, 60, 32000)
	docs[7] = make([]uint32, 700) // longer than a shard: a shard of its own
	root, set := writeSet(t, cfg, docs)

	for _, sp := range []Split{Train, Valid} {
		var want [][]uint32 // the framed documents of the split, in order
		for i, d := range docs {
			if SplitOf(fmt.Sprintf("https://example.com/%d", i), cfg.ValidFraction) == sp {
				want = append(want, cfg.Framing.Append(nil, d))
			}
		}
		c := set.Counts(sp)
		if c.Documents != len(want) || c.Shards < 2 {
			t.Fatalf("%v: %+v for %d documents", sp, c, len(want))
		}
		var got [][]uint32
		var tokens int64
		for i := range c.Shards {
			r, err := OpenMegatron(MegatronPrefix(root, "en", sp, i))
			if err != nil {
				t.Fatal(err)
			}
			if r.Tokens() > cfg.MaxShardTokens && r.Documents() > 1 {
				t.Errorf("%v shard %d: %d tokens in %d documents, over %d", sp, i, r.Tokens(), r.Documents(), cfg.MaxShardTokens)
			}
			var megDocs [][]uint32
			for d := range r.Documents() {
				doc, err := r.AppendDocument(nil, d)
				if err != nil {
					t.Fatal(err)
				}
				megDocs = append(megDocs, doc)
			}
			tokens += r.Tokens()
			r.Close()
			l, err := OpenLLMC(LLMCPath(root, "en", sp, i))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(l.AppendTokens(nil, 0, l.Tokens()), slices.Concat(megDocs...)) {
				t.Errorf("%v shard %d: llm.c tokens differ from the Megatron shard's", sp, i)
			}
			l.Close()
			got = append(got, megDocs...)
		}
		if !slices.EqualFunc(got, want, slices.Equal) || tokens != c.Tokens {
			t.Errorf("%v: shards hold %d documents, %d tokens; want %d, %d", sp, len(got), tokens, len(want), c.Tokens)
		}
	}

	// Same input, same bytes.
	again, _ := writeSet(t, cfg, docs)
	if a, b := treeDigest(t, root), treeDigest(t, again); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

// treeDigest lists every file under root with its bytes.
func treeDigest(t *testing.T, root string) string {
	var b strings.Builder
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(root, path)
			data, _ := os.ReadFile(path)
			fmt.Fprintf(&b, "%s %x\n", rel, data)
		}
		return nil
	})
	return b.String()
}

func TestSetFormats(t *testing.T) {
	docs := [][]uint32{{5, 6}, {7}}
	for _, f := range []Format{Megatron, LLMC} {
		cfg := DefaultConfig(70000)
		cfg.Formats = f
		cfg.ValidFraction = 0
		root, _ := writeSet(t, cfg, docs)
		var files []string
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if !d.IsDir() {
				rel, _ := filepath.Rel(root, path)
				files = append(files, filepath.ToSlash(rel))
			}
			return err
		})
		want := map[Format][]string{
			Megatron: {"megatron/en/train_0000.bin", "megatron/en/train_0000.idx"},
			LLMC:     {"llmc/en/train_0000.bin"},
		}[f]
		if !slices.Equal(files, want) {
			t.Errorf("%v: files %v, want %v", f, files, want)
		}
		info, err := Inspect(filepath.Join(root, want[0]), cfg.Framing)
		if err != nil {
			t.Fatal(err)
		}
		// A vocabulary of 70,000: Megatron int32, llm.c uint32.
		if info.TokenSize != 4 || info.Documents != 2 || info.Tokens != 7 {
			t.Errorf("%v: %v", f, info)
		}
	}
}

func TestShardWriterRejects(t *testing.T) {
	cfg := DefaultConfig(1000)
	w, err := CreateShard(t.TempDir(), "en", Train, 0, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Add([]uint32{3, 1000}); err == nil {
		t.Error("token 1000 accepted with a vocabulary of 1000")
	}
	if w.Documents() != 0 || w.Tokens() != 0 {
		t.Errorf("a rejected document counted: %d, %d", w.Documents(), w.Tokens())
	}
}

func TestSetUnframedEmpty(t *testing.T) {
	cfg := DefaultConfig(100)
	cfg.Framing = NoFraming()
	cfg.ValidFraction = 0
	root, set := writeSet(t, cfg, [][]uint32{{}, {}})
	if c := set.Counts(Train); c.Documents != 2 || c.Tokens != 0 {
		t.Errorf("counts %+v", c)
	}
	if _, err := os.Stat(LLMCPath(root, "en", Train, 0)); !os.IsNotExist(err) {
		t.Error("an llm.c shard without tokens was written")
	}
	r, err := OpenMegatron(MegatronPrefix(root, "en", Train, 0))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Documents() != 2 {
		t.Errorf("Megatron shard: %d documents, want 2", r.Documents())
	}
}

func TestInspect(t *testing.T) {
	cfg := DefaultConfig(32000)
	cfg.ValidFraction = 0
	docs := [][]uint32{{10, 11}, {12}, {13, 14, 15}}
	root, _ := writeSet(t, cfg, docs)
	prefix := MegatronPrefix(root, "en", Train, 0)
	for _, path := range []string{prefix, prefix + ".bin", prefix + ".idx", LLMCPath(root, "en", Train, 0)} {
		info, err := Inspect(path, cfg.Framing)
		if err != nil {
			t.Fatal(err)
		}
		if info.Documents != 3 || info.Tokens != 12 || info.TokenSize != 2 {
			t.Errorf("%s: %v", path, info)
		}
		got, err := ReadDocuments(path, cfg.Framing, 2)
		if err != nil {
			t.Fatal(err)
		}
		if want := [][]uint32{{1, 10, 11, 2}, {1, 12, 2}}; !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: documents %v, want %v", path, got, want)
		}
	}
	info, _ := Inspect(prefix, cfg.Framing)
	if info.Format != Megatron || info.DType != Uint16 || info.Sequences != 3 || info.Bytes != 24+34+3*12+4*8 {
		t.Errorf("Megatron info %+v", info)
	}
	info, _ = Inspect(LLMCPath(root, "en", Train, 0), cfg.Framing)
	if info.Format != LLMC || info.Magic != LLMCMagic16 || info.Version != LLMCVersion16 || info.Bytes != 1024+24 {
		t.Errorf("llm.c info %+v", info)
	}
	if _, err := Inspect(filepath.Join(root, "nothing.bin"), cfg.Framing); err == nil {
		t.Error("Inspect of a missing file succeeded")
	}
	if !bytes.Contains([]byte(info.String()), []byte("3 documents, 12 tokens")) {
		t.Errorf("String() = %q", info.String())
	}
}
