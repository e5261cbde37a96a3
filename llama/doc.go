// Package llama is ccnet's reference LLaMA trainer: pure Go, a
// hand-written forward and backward pass, for checking a corpus of ccnet
// shards end to end on one machine and handing the model to the usual
// tools. It plays the part of llm.c's train_gpt2.c for LLaMA.
//
// # What it matches
//
// The model is meta-llama/llama llama/model.py (Llama 2, HEAD 689c7f26):
// token embedding; per layer pre-norm RMSNorm (gain only, eps
// Config.NormEps), attention with bias-free wq/wk/wv/wo, Meta's
// interleaved-pair rotary embedding (pairs (2i, 2i+1) rotated by
// pos·theta^(−2i/hd), positions from 0 in every row), grouped-query
// attention (query head h reads kv head h/(n_heads/n_kv_heads), as
// repeat_kv), a causal mask and softmax(QKᵀ/√hd); a residual add; RMSNorm
// and the SwiGLU FFN w2(silu(w1 x)·w3 x) with Meta's hidden-size rule
// (Config.Hidden); a final RMSNorm and an untied output head; mean
// cross-entropy over every position. No biases, no dropout. Each op is a
// forward/backward pair over flat row-major buffers (llm.c's layout); the
// whole model is generic over float32 (training) and float64 (gradient
// tests).
//
// Training follows the LLaMA papers' recipe: AdamW β 0.9/0.95, eps 1e-5,
// weight decay 0.1 on matrices (embedding and head included, as llama2.c;
// never the norm gains), linear warmup to the peak learning rate then
// cosine decay to 10% of it (llm.c's get_learning_rate_cosine), global
// gradient-norm clipping at 1.0, and gradient accumulation. Initialisation
// is llama2.c's (N(0, 0.02), w3 and wo scaled by 1/√(2L)).
//
// # Data
//
// OpenShards memory-maps the Megatron (.bin + .idx) or llm.c (.bin)
// shards ccnet writes under OUT/shards/{megatron,llmc}/{lang}/ with the
// shards package. Training windows of SeqLen+1 tokens start uniformly at
// random over every position of every training shard (never across two
// shards), from a PCG stream seeded by TrainConfig.Seed; documents are
// packed back to back with their BOS/EOS framing and attend across
// boundaries, as in LLaMA-era pretraining. The validation loss is over
// consecutive windows from the start of the validation shards.
//
// # Checkpoints and export
//
// A checkpoint holds the config, parameters, both Adam moments, the step
// and the data RNG state, so a resumed run reproduces an uninterrupted
// one bit for bit (every reduction runs in a fixed order, whatever the
// goroutine scheduling). ExportLlama2C writes the format llama2.c's run.c
// samples from; ExportHF writes config.json and model.safetensors for
// transformers' LlamaForCausalLM, with the q/k rows permuted to its
// rotate-half RoPE.
//
// # Speed
//
// Every matmul, the attention's QKᵀ/PV products included, goes through
// one packed, cache-blocked GEMM shared out over all cores, with a 6×16
// AVX2/FMA micro-kernel in Go assembly on amd64 (kernel_amd64.s; the
// purego build tag or a CPU without AVX2/FMA selects the plain Go
// kernel). The float32 exponentials (softmaxes, SiLU) use a polynomial
// exp accurate to a few ulp, eight lanes at a time in assembly
// (exp_amd64.s). Train prints tokens/s and achieved GFLOP/s, with FLOPs
// counted as 6 × matmul parameters + 12·L·T·d attention per token
// (Config.FLOPsPerToken).
//
// # Differences from the reference
//
// Attention runs over the full t×t square with the masked half zeroed,
// so the attention matmuls do twice the useful work. Softmax sums,
// RMSNorm means and the cross-entropy's log-sum-exp accumulate in
// float64; float32 exponentials are clamped to [-87.3, 88] (e^-87.3 ≈
// 1e-38 stands for 0). Generate recomputes the whole context per token (no KV cache).
package llama
