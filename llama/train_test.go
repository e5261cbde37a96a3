package llama

import (
	"bytes"
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccnet-go/ccnet/shards"
)

// text256 is 256 bytes of text, so 256 byte-level tokens.
const text256 = "The shards exist to train LLaMA models. A small reference trainer reads them " +
	"and trains a model exactly as the reference defines it, so a user can check a corpus " +
	"end to end on one machine and hand the model to the usual tools. Pre-norm, SwiGLU, RoPE: work."

// byteTokens maps bytes to LLaMA's byte-fallback ids (<0x00> = 3).
func byteTokens(s string) []uint32 {
	t := make([]uint32, len(s))
	for i := range len(s) {
		t[i] = uint32(s[i]) + 3
	}
	return t
}

const byteVocab = 259

// writeShards writes docs as two training shards and one validation shard
// in both formats under a temporary OUT/shards.
func writeShards(t *testing.T, docs []string) string {
	t.Helper()
	root := filepath.Join(t.TempDir(), "shards")
	cfg := shards.DefaultConfig(byteVocab)
	for i, part := range [][]string{docs[:len(docs)/2], docs[len(docs)/2 : len(docs)-1], docs[len(docs)-1:]} {
		split, idx := shards.Train, i
		if i == 2 {
			split, idx = shards.Valid, 0
		}
		w, err := shards.CreateShard(root, "en", split, idx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range part {
			if err := w.Add(byteTokens(d)); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func sampleDocs() []string {
	var docs []string
	for _, s := range strings.Split(text256, ". ") {
		docs = append(docs, strings.Repeat(s+". ", 3))
	}
	return docs
}

func TestDatasetFormatsAgree(t *testing.T) {
	root := writeShards(t, sampleDocs())
	meg, err := OpenShards(root, "en", shards.Train, "")
	if err != nil {
		t.Fatal(err)
	}
	defer meg.Close()
	llmc, err := OpenShards(root, "", shards.Train, "llmc")
	if err != nil {
		t.Fatal(err)
	}
	defer llmc.Close()
	if meg.Format != "megatron" || meg.Tokens() != llmc.Tokens() || meg.Tokens() == 0 {
		t.Fatalf("format %q, tokens %d vs %d", meg.Format, meg.Tokens(), llmc.Tokens())
	}
	// The whole stream, read through each format.
	var want []uint32
	for _, d := range sampleDocs()[:len(sampleDocs())-1] {
		want = shards.LlamaFraming().Append(want, byteTokens(d))
	}
	for _, d := range []*Dataset{meg, llmc} {
		var got []uint32
		for _, f := range d.files {
			got, err = f.window(got, 0, int(f.Tokens()))
			if err != nil {
				t.Fatal(err)
			}
		}
		if !slicesEqual(got, want) {
			t.Fatalf("%s stream differs from the framed documents", d.Format)
		}
	}
	r1, r2 := rand.New(rand.NewPCG(1, 1)), rand.New(rand.NewPCG(1, 1))
	for range 20 {
		in1, tg1, err1 := meg.Batch(r1, 3, 17)
		in2, tg2, err2 := llmc.Batch(r2, 3, 17)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !slicesEqual(in1, in2) || !slicesEqual(tg1, tg2) || !slicesEqual(in1[1:17], tg1[:16]) {
			t.Fatal("megatron and llm.c batches differ, or targets are not inputs shifted by one")
		}
	}
}

func slicesEqual(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSchedule(t *testing.T) {
	s := Schedule{Peak: 1e-3, Warmup: 10, Total: 110, FinalFrac: 0.1}
	for _, c := range []struct {
		step int
		want float64
	}{{0, 1e-4}, {9, 1e-3}, {10, 1e-3}, {60, 0.55e-3}, {110, 1e-4}, {500, 1e-4}} {
		if got := s.LR(c.step); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("LR(%d) = %g, want %g", c.step, got, c.want)
		}
	}
}

func TestClipGradNorm(t *testing.T) {
	g := []float64{3, 4}
	if n := ClipGradNorm(g, 1); n != 5 || math.Abs(g[0]-0.6) > 1e-15 || math.Abs(g[1]-0.8) > 1e-15 {
		t.Fatalf("norm %g, clipped %v", n, g)
	}
	g = []float64{0.3, 0.4}
	if ClipGradNorm(g, 1); g[0] != 0.3 {
		t.Fatalf("a norm under the limit was scaled: %v", g)
	}
}

// Two accumulated micro-batches of one row give the gradient of one batch
// of both rows.
func TestGradAccumulation(t *testing.T) {
	m, err := NewModel[float64](tinyConfig(), 3)
	if err != nil {
		t.Fatal(err)
	}
	in, tg := []uint32{1, 2, 3, 4, 5, 6, 7, 8}, []uint32{2, 3, 4, 5, 6, 7, 8, 9}
	m.ZeroGrad()
	if _, err := m.Forward(in, tg, 2, 4); err != nil {
		t.Fatal(err)
	}
	m.Backward(1)
	want := append([]float64(nil), m.Grads...)
	m.ZeroGrad()
	for r := range 2 {
		if _, err := m.Forward(in[4*r:4*r+4], tg[4*r:4*r+4], 1, 4); err != nil {
			t.Fatal(err)
		}
		m.Backward(0.5)
	}
	for i := range want {
		if math.Abs(m.Grads[i]-want[i]) > 1e-12 {
			t.Fatalf("grad %d: accumulated %g, batched %g", i, m.Grads[i], want[i])
		}
	}
}

// A tiny model memorises a 256-token text.
func TestOverfit(t *testing.T) {
	tok := byteTokens(text256)
	if len(tok) != 256 {
		t.Fatalf("text has %d tokens, want 256", len(tok))
	}
	cfg := TrainConfig{Model: Config{Dim: 64, Layers: 2, Heads: 4, KVHeads: 2, Vocab: byteVocab, MultipleOf: 16,
		NormEps: 1e-5, RopeTheta: 10000, ContextLen: 256}, Batch: 1, SeqLen: 255, Steps: 80, LR: 1e-2, Warmup: 10}
	tr, err := NewTrainer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var last StepStats
	for tr.Step < cfg.Steps {
		if last, err = tr.StepOn(func() ([]uint32, []uint32, error) { return tok[:255], tok[1:], nil }); err != nil {
			t.Fatal(err)
		}
	}
	if last.Loss >= 0.05 {
		t.Fatalf("loss after %d steps %.4f, want < 0.05", last.Step, last.Loss)
	}
}

// Training 6 steps equals training 3, saving, loading and training 3 more,
// bit for bit (losses, parameters and optimizer moments).
func TestResumeIsExact(t *testing.T) {
	root := writeShards(t, sampleDocs())
	cfg := TrainConfig{Data: root, Model: Config{Dim: 32, Layers: 2, Heads: 4, KVHeads: 2, Vocab: byteVocab, MultipleOf: 16,
		NormEps: 1e-5, RopeTheta: 10000, ContextLen: 32}, Batch: 2, SeqLen: 16, GradAccum: 2, Steps: 6, LR: 3e-3, EvalBatches: 2}
	full, err := NewTrainer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	var want []float64
	for range 6 {
		s, err := full.TrainStep()
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, s.Loss)
	}
	first, err := NewTrainer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var got []float64
	for range 3 {
		s, err := first.TrainStep()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.Loss)
	}
	path := filepath.Join(t.TempDir(), CheckpointName)
	if err := first.Save(path); err != nil {
		t.Fatal(err)
	}
	first.Close()
	second, err := LoadCheckpoint(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	for range 3 {
		s, err := second.TrainStep()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.Loss)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("step %d: resumed loss %v, uninterrupted %v", i+1, got[i], want[i])
		}
	}
	for i := range full.Model.Params {
		if full.Model.Params[i] != second.Model.Params[i] || full.Opt.V[i] != second.Opt.V[i] {
			t.Fatalf("parameter %d differs after resume", i)
		}
	}
	if want[5] >= want[0] {
		t.Errorf("loss did not fall: %v", want)
	}
	if _, ok, err := second.ValidLoss(); !ok || err != nil {
		t.Fatalf("no validation loss: %v", err)
	}
}

func TestTrainWritesProgressAndCheckpoint(t *testing.T) {
	root := writeShards(t, sampleDocs())
	out := t.TempDir()
	cfg := TrainConfig{Data: root, Preset: "stories260K", Vocab: byteVocab, Batch: 2, SeqLen: 16, Steps: 3, Out: out}
	var buf bytes.Buffer
	if err := Train(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"step 3/3: loss", "tok/s", "GFLOP/s", "valid loss"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("progress lacks %q:\n%s", w, buf.String())
		}
	}
	m, err := LoadModel(filepath.Join(out, CheckpointName))
	if err != nil {
		t.Fatal(err)
	}
	if want := Presets["stories260K"]; m.Config.Dim != want.Dim || m.Config.KVHeads != want.KVHeads || m.Config.Vocab != byteVocab {
		t.Fatalf("checkpoint model %+v, want stories260K with vocab %d", m.Config, byteVocab)
	}
	cfg.Steps, cfg.Resume = 5, true
	buf.Reset()
	if err := Train(context.Background(), cfg, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "resumed") || !strings.Contains(buf.String(), "step 5/5") || strings.Contains(buf.String(), "step 3/5") {
		t.Errorf("resumed run:\n%s", buf.String())
	}
}
