package llama

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// ExportLlama2C writes m in llama2.c's legacy model format, the one run.c
// reads (karpathy/llama2.c export.py legacy_export, run.c
// read_checkpoint): seven int32 (dim, hidden_dim, n_layers, n_heads,
// n_kv_heads, vocab_size, seq_len), then float32 tensors in the model's
// own order (embedding, per-kind stacks of attention norms, wq, wk, wv,
// wo, ffn norms, w1, w2, w3, final norm), the RoPE cos and sin tables
// (seq_len × head_dim/2 each; run.c skips them), and the output head. The
// vocabulary size is written negative because the head is not tied to
// the embedding: run.c reads the head after the tables then.
func ExportLlama2C(w io.Writer, m *Model[float32]) error {
	c, l := m.Config, m.lay
	bw := bufio.NewWriterSize(w, 1<<20)
	hdr := []int32{int32(c.Dim), int32(l.hid), int32(c.Layers), int32(c.Heads), int32(c.NKV()), -int32(c.Vocab), int32(c.ContextLen)}
	if err := binary.Write(bw, binary.LittleEndian, hdr); err != nil {
		return err
	}
	if err := writeFloats(bw, m.Params[:l.out]); err != nil {
		return err
	}
	cos, sin := ropeTables(l.hd, c.ContextLen, c.RopeTheta)
	for _, t := range [][]float64{cos, sin} {
		if err := writeFloats(bw, convert[float32](t)); err != nil {
			return err
		}
	}
	if err := writeFloats(bw, m.Params[l.out:]); err != nil {
		return err
	}
	return bw.Flush()
}

// hfConfig is the config.json of a transformers LlamaForCausalLM.
type hfConfig struct {
	Architectures         []string `json:"architectures"`
	ModelType             string   `json:"model_type"`
	HiddenSize            int      `json:"hidden_size"`
	IntermediateSize      int      `json:"intermediate_size"`
	NumHiddenLayers       int      `json:"num_hidden_layers"`
	NumAttentionHeads     int      `json:"num_attention_heads"`
	NumKeyValueHeads      int      `json:"num_key_value_heads"`
	VocabSize             int      `json:"vocab_size"`
	MaxPositionEmbeddings int      `json:"max_position_embeddings"`
	RMSNormEps            float64  `json:"rms_norm_eps"`
	RopeTheta             float64  `json:"rope_theta"`
	HiddenAct             string   `json:"hidden_act"`
	TieWordEmbeddings     bool     `json:"tie_word_embeddings"`
	AttentionBias         bool     `json:"attention_bias"`
	MLPBias               bool     `json:"mlp_bias"`
	InitializerRange      float64  `json:"initializer_range"`
	BOSTokenID            int      `json:"bos_token_id"`
	EOSTokenID            int      `json:"eos_token_id"`
	TorchDtype            string   `json:"torch_dtype"`
}

// hfNames maps Meta's per-layer names to transformers' (w1 = gate_proj,
// w3 = up_proj, w2 = down_proj; convert_llama_weights_to_hf.py).
var hfNames = map[string]string{
	"attention_norm.weight":  "input_layernorm.weight",
	"attention.wq.weight":    "self_attn.q_proj.weight",
	"attention.wk.weight":    "self_attn.k_proj.weight",
	"attention.wv.weight":    "self_attn.v_proj.weight",
	"attention.wo.weight":    "self_attn.o_proj.weight",
	"ffn_norm.weight":        "post_attention_layernorm.weight",
	"feed_forward.w1.weight": "mlp.gate_proj.weight",
	"feed_forward.w2.weight": "mlp.down_proj.weight",
	"feed_forward.w3.weight": "mlp.up_proj.weight",
}

// ExportHF writes dir/config.json and dir/model.safetensors for
// transformers' LlamaForCausalLM (float32, untied head). The rows of wq
// and wk are permuted per head from Meta's interleaved RoPE pairs
// (2i, 2i+1) to the rotate-half pairs (i, i+hd/2) transformers applies,
// as convert_llama_weights_to_hf.py's permute does: new row j·hd/2 + i of
// a head is old row 2i + j.
func ExportHF(dir string, m *Model[float32]) error {
	c, l := m.Config, m.lay
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cfg, err := json.MarshalIndent(hfConfig{
		Architectures: []string{"LlamaForCausalLM"}, ModelType: "llama",
		HiddenSize: c.Dim, IntermediateSize: l.hid, NumHiddenLayers: c.Layers,
		NumAttentionHeads: c.Heads, NumKeyValueHeads: c.NKV(), VocabSize: c.Vocab,
		MaxPositionEmbeddings: c.ContextLen, RMSNormEps: c.NormEps, RopeTheta: c.RopeTheta,
		HiddenAct: "silu", InitializerRange: 0.02, BOSTokenID: 1, EOSTokenID: 2, TorchDtype: "float32",
	}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), append(cfg, '\n'), 0o644); err != nil {
		return err
	}
	var ts []safeTensor
	for _, t := range l.tensors() {
		data := m.Params[t.off : t.off+t.size()]
		var name string
		var layer int
		var rest string
		switch {
		case t.name == "tok_embeddings.weight":
			name = "model.embed_tokens.weight"
		case t.name == "norm.weight":
			name = "model.norm.weight"
		case t.name == "output.weight":
			name = "lm_head.weight"
		default:
			if _, err := fmt.Sscanf(t.name, "layers.%d.%s", &layer, &rest); err != nil {
				return fmt.Errorf("llama: tensor name %q: %w", t.name, err)
			}
			name = fmt.Sprintf("model.layers.%d.%s", layer, hfNames[rest])
			switch rest {
			case "attention.wq.weight":
				data = permuteRoPE(data, c.Heads, l.hd, c.Dim)
			case "attention.wk.weight":
				data = permuteRoPE(data, c.NKV(), l.hd, c.Dim)
			}
		}
		ts = append(ts, safeTensor{name, t.shape, data})
	}
	return writeSafetensors(filepath.Join(dir, "model.safetensors"), ts)
}

// permuteRoPE reorders the rows of a (heads·hd) × cols projection from
// interleaved to rotate-half pairs.
func permuteRoPE(w []float32, heads, hd, cols int) []float32 {
	out := make([]float32, len(w))
	half := hd / 2
	for h := range heads {
		for i := range half {
			for j := range 2 {
				copy(out[(h*hd+j*half+i)*cols:(h*hd+j*half+i+1)*cols], w[(h*hd+2*i+j)*cols:])
			}
		}
	}
	return out
}

type safeTensor struct {
	name  string
	shape []int
	data  []float32
}

// writeSafetensors writes the safetensors format: a little-endian uint64
// header size, a JSON header naming each tensor's dtype, shape and byte
// range in the data (padded with spaces to a multiple of 8 bytes), then
// the data.
func writeSafetensors(path string, ts []safeTensor) error {
	type entry struct {
		Dtype       string   `json:"dtype"`
		Shape       []int    `json:"shape"`
		DataOffsets [2]int64 `json:"data_offsets"`
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].name < ts[j].name })
	hdr := map[string]any{"__metadata__": map[string]string{"format": "pt"}}
	var off int64
	for _, t := range ts {
		n := int64(4 * len(t.data))
		hdr[t.name] = entry{"F32", t.shape, [2]int64{off, off + n}}
		off += n
	}
	js, err := json.Marshal(hdr)
	if err != nil {
		return err
	}
	for len(js)%8 != 0 {
		js = append(js, ' ')
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	binary.Write(w, binary.LittleEndian, uint64(len(js)))
	w.Write(js)
	for _, t := range ts {
		if err := writeFloats(w, t.data); err != nil {
			break
		}
	}
	err = w.Flush()
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("llama: writing %s: %w", path, err)
	}
	return nil
}
