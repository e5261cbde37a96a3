package llama

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func float32At(b []byte, i int) float32 {
	return math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
}

func TestExportLlama2C(t *testing.T) {
	m, err := NewModel[float32](tinyConfig(), 5)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportLlama2C(&buf, m); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	c, l := m.Config, m.lay
	hdr := make([]int32, 7)
	binary.Read(bytes.NewReader(b), binary.LittleEndian, hdr)
	want := []int32{16, int32(l.hid), 2, 4, 2, -11, 8}
	for i := range want {
		if hdr[i] != want[i] {
			t.Fatalf("header %v, want %v", hdr, want)
		}
	}
	// run.c's memory_map_weights: everything up to rms_final, two skipped
	// tables of seq_len·head_size/2, then wcls.
	body := b[28:]
	tables := c.ContextLen * l.hd / 2
	if len(body) != 4*(l.total+2*tables) {
		t.Fatalf("body %d bytes, want %d", len(body), 4*(l.total+2*tables))
	}
	for i := range l.out {
		if float32At(body, i) != m.Params[i] {
			t.Fatalf("float %d differs", i)
		}
	}
	for i := range c.Vocab * c.Dim {
		if float32At(body, l.out+2*tables+i) != m.Params[l.out+i] {
			t.Fatalf("wcls float %d differs", i)
		}
	}
	// freq_cis_real at position 1, pair 0 is cos(1).
	if got := float32At(body, l.out+l.hd/2); math.Abs(float64(got)-math.Cos(1)) > 1e-7 {
		t.Fatalf("freq_cis_real[1][0] = %g", got)
	}
}

// rotateHalf is transformers' apply_rotary_pos_emb on one head at pos:
// pairs (i, i+hd/2).
func rotateHalf(x []float64, pos int, theta float64) []float64 {
	hd, half := len(x), len(x)/2
	y := make([]float64, hd)
	for i := range half {
		f := float64(pos) / math.Pow(theta, float64(2*i)/float64(hd))
		c, s := math.Cos(f), math.Sin(f)
		y[i] = x[i]*c - x[i+half]*s
		y[i+half] = x[i+half]*c + x[i]*s
	}
	return y
}

func TestPermuteRoPE(t *testing.T) {
	// Meta's rope of W·x equals, row-permuted, transformers' rope of the
	// permuted W times x.
	rng := rand.New(rand.NewPCG(1, 9))
	heads, hd, cols, pos := 2, 6, 5, 3
	w := make([]float32, heads*hd*cols)
	for i := range w {
		w[i] = float32(rng.NormFloat64())
	}
	x := randSlice(rng, cols, 1)
	mul := func(w []float32) []float64 {
		y := make([]float64, heads*hd)
		for r := range y {
			for c := range cols {
				y[r] += float64(w[r*cols+c]) * x[c]
			}
		}
		return y
	}
	meta := mul(w)
	cos, sin := ropeTables(hd, pos+1, 10000)
	ropeForward(meta, cos[pos*hd/2:], sin[pos*hd/2:], 1, 1, heads, hd)
	hf := mul(permuteRoPE(w, heads, hd, cols))
	for h := range heads {
		got := rotateHalf(hf[h*hd:(h+1)*hd], pos, 10000)
		for i := range hd / 2 {
			for j := range 2 {
				if d := got[j*hd/2+i] - meta[h*hd+2*i+j]; math.Abs(d) > 1e-5 {
					t.Fatalf("head %d pair %d.%d: hf %g, meta %g", h, i, j, got[j*hd/2+i], meta[h*hd+2*i+j])
				}
			}
		}
	}
}

func TestExportHF(t *testing.T) {
	m, err := NewModel[float32](tinyConfig(), 6)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := ExportHF(dir, m); err != nil {
		t.Fatal(err)
	}
	var cfg hfConfig
	js, _ := os.ReadFile(filepath.Join(dir, "config.json"))
	if err := json.Unmarshal(js, &cfg); err != nil || cfg.NumKeyValueHeads != 2 || cfg.IntermediateSize != m.lay.hid || cfg.TieWordEmbeddings {
		t.Fatalf("config.json: %v %+v", err, cfg)
	}
	b, err := os.ReadFile(filepath.Join(dir, "model.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(b)
	if n%8 != 0 {
		t.Fatalf("header size %d not a multiple of 8", n)
	}
	var hdr map[string]json.RawMessage
	if err := json.Unmarshal(b[8:8+n], &hdr); err != nil {
		t.Fatal(err)
	}
	if len(hdr) != len(m.lay.tensors())+1 {
		t.Fatalf("%d header entries, want %d tensors + metadata", len(hdr), len(m.lay.tensors()))
	}
	var e struct {
		Dtype       string
		Shape       []int
		DataOffsets [2]int `json:"data_offsets"`
	}
	json.Unmarshal(hdr["model.layers.1.self_attn.k_proj.weight"], &e)
	data := b[8+n:]
	if e.Dtype != "F32" || len(e.Shape) != 2 || e.Shape[0] != 8 || e.Shape[1] != 16 {
		t.Fatalf("k_proj entry %+v", e)
	}
	// Row 1 of the exported k_proj (head 0, j 0, i 1) is Meta's row 2.
	wk := m.Params[m.lay.wk+m.lay.sizeWK:]
	for c := range 16 {
		if float32At(data[e.DataOffsets[0]:], 16+c) != wk[2*16+c] {
			t.Fatal("k_proj rows are not permuted")
		}
	}
	if len(data) != 4*m.lay.total {
		t.Fatalf("%d data bytes, want %d", len(data), 4*m.lay.total)
	}
}

type byteTokenizer struct{}

func (byteTokenizer) Encode(s string) []int {
	ids := make([]int, len(s))
	for i := range len(s) {
		ids[i] = int(s[i]) + 3
	}
	return ids
}
func (byteTokenizer) Decode(ids []int) string {
	b := make([]byte, 0, len(ids))
	for _, id := range ids {
		if id >= 3 {
			b = append(b, byte(id-3))
		}
	}
	return string(b)
}
func (byteTokenizer) BosID() int { return 1 }
func (byteTokenizer) EosID() int { return 2 }

// A model trained on one text continues it greedily after a checkpoint
// round trip.
func TestGenerateAfterTraining(t *testing.T) {
	text := "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz"
	tok := append([]uint32{1}, byteTokens(text)...)
	cfg := TrainConfig{Model: Config{Dim: 32, Layers: 1, Heads: 2, Vocab: byteVocab, MultipleOf: 16,
		NormEps: 1e-5, RopeTheta: 10000, ContextLen: 64}, Batch: 1, SeqLen: len(tok) - 1, Steps: 60, LR: 1e-2, Warmup: 5}
	tr, err := NewTrainer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for tr.Step < cfg.Steps {
		if _, err := tr.StepOn(func() ([]uint32, []uint32, error) { return tok[:len(tok)-1], tok[1:], nil }); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), CheckpointName)
	if err := tr.Save(path); err != nil {
		t.Fatal(err)
	}
	m, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := GenerateText(m, byteTokenizer{}, "abcdefghij", GenerateConfig{MaxTokens: 10, StopAtEOS: -1})
	if err != nil {
		t.Fatal(err)
	}
	if got != "klmnopqrst" {
		t.Fatalf("continuation %q, want %q", got, "klmnopqrst")
	}
}
