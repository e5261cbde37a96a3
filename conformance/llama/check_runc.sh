#!/usr/bin/env bash
# Conformance of ccnet's llama2.c export with llama2.c's run.c
# (karpathy/llama2.c 350e04fe): run.c loads the exported model and its
# greedy (-t 0) continuation of BOS prints the same text as ccnet's
# Generate on the same weights, decoded with run.c's rules (strip the
# leading space after BOS, <0xXX> byte pieces, skip unprintable bytes).
# llama2.c is cloned and built under /tmp, never in the repository; set
# LLAMA2C to a checkout (run.c + tokenizer.bin) to skip the clone.
#
# Usage, from anywhere: bash conformance/llama/check_runc.sh [WORKDIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/llama-runc-XXXXXX)}"
src="${LLAMA2C:-/tmp/llama2c-src}"
steps=48
if [ ! -f "$src/run.c" ]; then
	git clone -q https://github.com/karpathy/llama2.c "$src"
	git -C "$src" checkout -q 350e04fe
fi
[ -x "$src/run" ] || gcc -O2 -o "$src/run" "$src/run.c" -lm
ids="$(cd "$root" && go run ./conformance/llama/runc "$work" "$steps")"
"$src/run" "$work/model.bin" -z "$src/tokenizer.bin" -t 0 -n "$steps" -i "" > "$work/runc.txt" 2>/dev/null
python3 - "$src/tokenizer.bin" "$ids" "$work/runc.txt" <<'PY'
import struct, sys
tok, ids, runc = sys.argv[1], [int(x) for x in sys.argv[2].split(",") if x], open(sys.argv[3], "rb").read()
b = open(tok, "rb").read()
off, vocab = 4, []
for _ in range(32000):
    _, n = struct.unpack_from("<fi", b, off)
    vocab.append(b[off + 8:off + 8 + n])
    off += 8 + n
out, prev = b"", 1
for t in ids:
    p = vocab[t]
    if prev == 1 and p.startswith(b" "):
        p = p[1:]
    if p.startswith(b"<0x") and p.endswith(b">") and len(p) == 6:
        p = bytes([int(p[3:5], 16)])
    if len(p) == 1 and not (32 <= p[0] < 127 or p[0] in b" \t\n\v\f\r"):
        p = b""
    out += p
    prev = t
out += b"\n"
print("ccnet :", out[:100])
print("run.c :", runc[:100])
if out != runc:
    print("FAIL: run.c's greedy continuation differs from ccnet's")
    sys.exit(1)
print(f"ok   run.c reproduces ccnet's {len(ids)} greedy tokens")
PY
