#!/usr/bin/env python3
"""Conformance of ccnet's LLaMA (package llama) with PyTorch and transformers.

Runs `go run ./conformance/llama/dump OUTDIR` from the module root, which
writes a small grouped-query model (dim 64, 2 layers, 8 heads, 4 kv heads,
vocab 300, ffn_dim_multiplier 1.3), its Hugging Face export (hf/) and its
llama2.c export (model.bin), a fixed 2 x 32 batch, ccnet's logits, and one
training step's loss, gradients and AdamW update. Then:

  1. transformers' LlamaForCausalLM loads hf/ and its logits on the batch
     match ccnet's float32 logits to 1e-4 (max abs);
  2. a PyTorch LLaMA written here after meta-llama/llama model.py
     (interleaved complex RoPE, repeat_kv, pre-norm RMSNorm, SwiGLU,
     untied head), loaded from model.bin, gives ccnet's loss and
     gradients: float64 to 1e-9 relative per tensor, float32 to 1e-4;
  3. global-norm clipping at 1.0 (llm.c's max/norm; torch's
     clip_grad_norm_ divides by norm + 1e-6) + torch.optim.AdamW (betas 0.9/0.95, eps 1e-5,
     weight decay 0.1 on matrices only, lr 1e-3) give ccnet's updated
     float64 parameters to 1e-12.

Needs torch, transformers, safetensors. Usage, from anywhere:
    python3 conformance/llama/check_torch.py [OUTDIR]
"""

import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def check(name, ok, detail):
    print(("ok   " if ok else "FAIL ") + name + ": " + detail)
    if not ok:
        failures.append(name)


def hidden_dim(c):
    h = int(2 * 4 * c["dim"] / 3)
    if c.get("ffn_dim_multiplier"):
        h = int(c["ffn_dim_multiplier"] * h)
    m = c["multiple_of"]
    return m * ((h + m - 1) // m)


KINDS = ["attention_norm", "wq", "wk", "wv", "wo", "ffn_norm", "w1", "w2", "w3"]


def shapes(c):
    d, L, hd = c["dim"], c["n_layers"], c["dim"] // c["n_heads"]
    kvd, hid, V = c["n_kv_heads"] * hd, hidden_dim(c), c["vocab_size"]
    per = {"attention_norm": (d,), "wq": (d, d), "wk": (kvd, d), "wv": (kvd, d), "wo": (d, d),
           "ffn_norm": (d,), "w1": (hid, d), "w2": (d, hid), "w3": (hid, d)}
    out = [("tok_embeddings", (V, d))]
    out += [(k, (L,) + per[k]) for k in KINDS]
    out += [("norm", (d,)), ("output", (V, d))]
    return out


def read_llama2c(path, c):
    """Meta-layout tensors from llama2.c's legacy export (run.c's reader)."""
    raw = open(path, "rb").read()
    hdr = np.frombuffer(raw[:28], dtype="<i4")
    d, hid, L, H, KV, V, T = (int(x) for x in hdr)
    assert (d, hid, L, H, KV, -V, T) == (c["dim"], hidden_dim(c), c["n_layers"], c["n_heads"],
                                          c["n_kv_heads"], c["vocab_size"], c["max_seq_len"]), hdr
    w = np.frombuffer(raw[28:], dtype="<f4")
    out, off = {}, 0
    tables = T * (d // H) // 2
    for name, shp in shapes(c):
        if name == "output":
            off += 2 * tables  # freq_cis_real, freq_cis_imag
        n = int(np.prod(shp))
        out[name] = w[off:off + n].reshape(shp).copy()
        off += n
    assert off == len(w), (off, len(w))
    return out


def flat(tensors, c):
    return np.concatenate([np.asarray(tensors[name]).reshape(-1) for name, _ in shapes(c)])


def forward(p, tokens, c):
    """meta-llama/llama model.py Transformer.forward, training form."""
    B, T = tokens.shape
    H, KV, d = c["n_heads"], c["n_kv_heads"], c["dim"]
    hd, eps = d // H, c["norm_eps"]
    dt = p["tok_embeddings"].dtype
    freqs = 1.0 / (c["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64)[: hd // 2] / hd))
    ang = torch.outer(torch.arange(T, dtype=torch.float64), freqs)
    cdt = torch.complex128 if dt == torch.float64 else torch.complex64
    freqs_cis = torch.polar(torch.ones_like(ang), ang).to(cdt).view(1, T, 1, hd // 2)

    def rmsnorm(x, g):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * g

    def rope(x):
        xc = torch.view_as_complex(x.reshape(*x.shape[:-1], -1, 2).contiguous())
        return torch.view_as_real(xc * freqs_cis).flatten(3)

    mask = torch.full((T, T), float("-inf"), dtype=dt).triu(1)
    h = p["tok_embeddings"][tokens]
    for l in range(c["n_layers"]):
        x = rmsnorm(h, p["attention_norm"][l])
        q = (x @ p["wq"][l].T).view(B, T, H, hd)
        k = (x @ p["wk"][l].T).view(B, T, KV, hd)
        v = (x @ p["wv"][l].T).view(B, T, KV, hd)
        q, k = rope(q), rope(k)
        k = torch.repeat_interleave(k, H // KV, dim=2)
        v = torch.repeat_interleave(v, H // KV, dim=2)
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        s = q @ k.transpose(2, 3) / math.sqrt(hd) + mask
        o = (F.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(B, T, d)
        h = h + o @ p["wo"][l].T
        x = rmsnorm(h, p["ffn_norm"][l])
        h = h + (F.silu(x @ p["w1"][l].T) * (x @ p["w3"][l].T)) @ p["w2"][l].T
    return rmsnorm(h, p["norm"]) @ p["output"].T


def rel(a, b):
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b), 1e-300))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="llama-conformance-")
    subprocess.run(["go", "run", "./conformance/llama/dump", out], cwd=ROOT, check=True)
    s = json.load(open(os.path.join(out, "step.json")))
    c, B, T = s["config"], s["batch"], s["seq_len"]
    V = c["vocab_size"]
    tokens = torch.from_numpy(np.fromfile(os.path.join(out, "tokens.bin"), dtype="<u4").astype(np.int64).reshape(B, T))
    targets = torch.from_numpy(np.fromfile(os.path.join(out, "targets.bin"), dtype="<u4").astype(np.int64).reshape(B, T))
    meta = read_llama2c(os.path.join(out, "model.bin"), c)

    # 1. transformers loads the export; logits match.
    from transformers import LlamaForCausalLM
    hf = LlamaForCausalLM.from_pretrained(os.path.join(out, "hf"), torch_dtype=torch.float32, attn_implementation="eager")
    hf.eval()
    with torch.no_grad():
        hf_logits = hf(tokens).logits.numpy().reshape(-1)
    ours = np.fromfile(os.path.join(out, "logits32.bin"), dtype="<f4")
    diff = float(np.abs(hf_logits - ours).max())
    check("hf logits", diff <= 1e-4, f"max |transformers - ccnet| = {diff:.3g} over {ours.size} logits (tol 1e-4)")

    # 2. loss and gradients of one step.
    for dt, tag, tol, ltol in [(torch.float64, "64", 1e-9, 1e-10), (torch.float32, "32", 1e-4, 1e-5)]:
        p = {k: torch.tensor(v, dtype=dt, requires_grad=True) for k, v in meta.items()}
        loss = F.cross_entropy(forward(p, tokens, c).view(-1, V), targets.view(-1))
        loss.backward()
        ld = abs(loss.item() - s["loss" + tag])
        check(f"loss float{tag}", ld <= ltol, f"torch {loss.item():.12f} ccnet {s['loss' + tag]:.12f} (|d| {ld:.3g}, tol {ltol})")
        ours = np.fromfile(os.path.join(out, f"grads{tag}.bin"), dtype="<f8" if tag == "64" else "<f4")
        worst, off = ("", 0.0), 0
        for name, shp in shapes(c):
            n = int(np.prod(shp))
            r = rel(p[name].grad.numpy().reshape(-1).astype(np.float64), ours[off:off + n].astype(np.float64))
            worst = max(worst, (name, r), key=lambda x: x[1])
            off += n
        check(f"grads float{tag}", worst[1] <= tol, f"worst tensor {worst[0]}: relative error {worst[1]:.3g} (tol {tol})")

    # 3. clipping + AdamW, float64.
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in meta.items()}
    loss = F.cross_entropy(forward(p, tokens, c).view(-1, V), targets.view(-1))
    loss.backward()
    # torch's clip_grad_norm_ scales by max_norm / (norm + 1e-6); ccnet (like
    # llm.c) by max_norm / norm. Measure the norm with torch, clip as llm.c.
    norm = torch.nn.utils.get_total_norm([t.grad for t in p.values()]).item()
    check("grad norm", abs(norm - s["grad_norm64"]) <= 1e-9 * norm, f"torch {norm:.12f} ccnet {s['grad_norm64']:.12f}")
    if norm > s["clip"]:
        for t in p.values():
            t.grad.mul_(s["clip"] / norm)
    decay = [p[k] for k in p if k not in ("attention_norm", "ffn_norm", "norm")]
    keep = [p[k] for k in ("attention_norm", "ffn_norm", "norm")]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": keep, "weight_decay": 0.0}],
                            lr=s["lr"], betas=(0.9, 0.95), eps=1e-5)
    opt.step()
    after = flat({k: v.detach().numpy() for k, v in p.items()}, c)
    ours = np.fromfile(os.path.join(out, "params64_after.bin"), dtype="<f8")
    d = float(np.abs(after - ours).max())
    check("adamw step", d <= 1e-12, f"max |torch - ccnet| parameter after one step = {d:.3g} (tol 1e-12)")

    print(f"files in {out}")
    if failures:
        print("FAILED: " + ", ".join(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
