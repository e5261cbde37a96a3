package llama

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ccnet-go/ccnet/shards"
)

// Dataset is the token stream of a set of shards, memory-mapped: every
// Megatron (.bin + .idx) or llm.c (.bin) shard of one split under
// OUT/shards, in name order.
type Dataset struct {
	files  []tokenFile
	Format string // "megatron" or "llmc"
}

type tokenFile interface {
	Tokens() int64
	// window appends tokens [start, start+n) of the file's stream to dst.
	window(dst []uint32, start, n int) ([]uint32, error)
	Close() error
}

// OpenShards opens the shards of split under root (OUT/shards), for one
// language or, with lang "", all of them. format is "megatron", "llmc"
// or "" (Megatron when present, else llm.c).
func OpenShards(root, lang string, split shards.Split, format string) (*Dataset, error) {
	if lang == "" {
		lang = "*"
	}
	pattern := func(f string) string {
		ext := ".bin"
		if f == "megatron" {
			ext = ".idx"
		}
		return filepath.Join(root, f, lang, split.String()+"_*"+ext)
	}
	if format == "" {
		format = "llmc"
		if m, _ := filepath.Glob(pattern("megatron")); len(m) > 0 {
			format = "megatron"
		}
	}
	if format != "megatron" && format != "llmc" {
		return nil, fmt.Errorf("llama: unknown shard format %q (megatron or llmc)", format)
	}
	paths, err := filepath.Glob(pattern(format))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("llama: no %s %s shards match %s", format, split, pattern(format))
	}
	sort.Strings(paths)
	d := &Dataset{Format: format}
	for _, p := range paths {
		var f tokenFile
		if format == "megatron" {
			r, err := shards.OpenMegatron(strings.TrimSuffix(p, ".idx"))
			if err != nil {
				d.Close()
				return nil, err
			}
			f = &megatronFile{r: r, size: int64(r.DType().Size())}
		} else {
			r, err := shards.OpenLLMC(p)
			if err != nil {
				d.Close()
				return nil, err
			}
			f = llmcFile{r}
		}
		d.files = append(d.files, f)
	}
	return d, nil
}

// Close unmaps every shard.
func (d *Dataset) Close() error {
	var first error
	for _, f := range d.files {
		if err := f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Tokens is the total token count.
func (d *Dataset) Tokens() int64 {
	var n int64
	for _, f := range d.files {
		n += f.Tokens()
	}
	return n
}

// positions is the number of windows of n tokens starting in file f.
func positions(f tokenFile, n int) int64 { return max(f.Tokens()-int64(n)+1, 0) }

// Batch draws b windows of t+1 tokens uniformly over every start position
// of every shard (a window never spans two shards) and returns inputs and
// next-token targets, b·t each.
func (d *Dataset) Batch(rng *rand.Rand, b, t int) (inputs, targets []uint32, err error) {
	var total int64
	for _, f := range d.files {
		total += positions(f, t+1)
	}
	if total == 0 {
		return nil, nil, fmt.Errorf("llama: no shard holds a window of %d tokens (%d tokens in all)", t+1, d.Tokens())
	}
	inputs, targets = make([]uint32, 0, b*t), make([]uint32, 0, b*t)
	var buf []uint32
	for range b {
		r := rng.Int64N(total)
		for _, f := range d.files {
			if p := positions(f, t+1); r >= p {
				r -= p
				continue
			}
			if buf, err = f.window(buf[:0], int(r), t+1); err != nil {
				return nil, nil, err
			}
			break
		}
		inputs, targets = append(inputs, buf[:t]...), append(targets, buf[1:]...)
	}
	return inputs, targets, nil
}

// EvalBatches cuts the shards into consecutive windows of t+1 tokens,
// from the start of each shard, and returns up to max batches of b: the
// same validation set on every call.
func (d *Dataset) EvalBatches(b, t, maxBatches int) (inputs, targets [][]uint32, err error) {
	var in, tg []uint32
	var buf []uint32
	for _, f := range d.files {
		for s := int64(0); s+int64(t+1) <= f.Tokens() && len(inputs) < maxBatches; s += int64(t + 1) {
			if buf, err = f.window(buf[:0], int(s), t+1); err != nil {
				return nil, nil, err
			}
			in, tg = append(in, buf[:t]...), append(tg, buf[1:]...)
			if len(in) == b*t {
				inputs, targets = append(inputs, in), append(targets, tg)
				in, tg = nil, nil
			}
		}
	}
	return inputs, targets, nil
}

type llmcFile struct{ r *shards.LLMCReader }

func (f llmcFile) Tokens() int64 { return int64(f.r.Tokens()) }
func (f llmcFile) Close() error  { return f.r.Close() }
func (f llmcFile) window(dst []uint32, start, n int) ([]uint32, error) {
	return f.r.AppendTokens(dst, start, start+n), nil
}

type megatronFile struct {
	r    *shards.MegatronReader
	size int64
	seq  []uint32
}

func (f *megatronFile) Tokens() int64 { return f.r.Tokens() }
func (f *megatronFile) Close() error  { return f.r.Close() }

// window finds the sequence holding token start (the .bin is a flat
// stream: pointers are contiguous) and reads sequences until n tokens.
func (f *megatronFile) window(dst []uint32, start, n int) ([]uint32, error) {
	s := sort.Search(f.r.Sequences(), func(i int) bool {
		return f.r.SequencePointer(i)/f.size > int64(start)
	}) - 1
	skip := start - int(f.r.SequencePointer(s)/f.size)
	want := len(dst) + n
	for ; len(dst) < want; s++ {
		var err error
		if f.seq, err = f.r.AppendSequence(f.seq[:0], s); err != nil {
			return dst, err
		}
		part := f.seq[min(skip, len(f.seq)):]
		skip = max(skip-len(f.seq), 0)
		dst = append(dst, part[:min(len(part), want-len(dst))]...)
	}
	return dst, nil
}
