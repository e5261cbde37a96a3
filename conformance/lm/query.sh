#!/usr/bin/env bash
# Conformance of the lm package's query side with KenLM (kpu/kenlm at
# 4cb443e, the commit the reference describes). Run from anywhere:
#
#   bash conformance/lm/query.sh
#
# 1. Builds KenLM's query and build_binary under $KENLM_DIR (default
#    /tmp/kenlm-query) if they are missing: git clone + cmake; needs the
#    apt packages cmake g++ libboost-program-options-dev libboost-system-dev
#    libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev.
# 2. For each model (lm/testdata/small.arpa; KenLM's test.arpa from the
#    shared data; the benchmark's synthetic 5-gram ARPA if a benchmark made
#    it): builds KenLM's probing binary with build_binary and ours with
#    lmquery -write-binary, scores random sentences (model words and
#    unknown ones) with `query -v word -v sentence` on the ARPA, and with
#    lmquery on the ARPA, the KenLM binary and our binary.
#    Tolerance: none. Every line must be byte-identical to query's output
#    (word, id, n-gram length, float32 log10 prob, float32 total, OOVs).
# 3. cc_net's perplexity: for every line, Python computes
#    round(10 ** (-total / (len(line.split()) + 1)), 1) from query's total
#    (what cc_net's DocLM does with kenlm's score) and it must equal
#    lmquery -ppl. Tolerance: none (math.Pow and C pow may differ by one
#    ulp; a line on a rounding boundary would show here).
# 4. Runs TestKenLMConformance: the test-only probing writer must produce
#    build_binary's file byte for byte for each model.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
KENLM_DIR=${KENLM_DIR:-/tmp/kenlm-query}
KENLM_COMMIT=4cb443e60b7bf2c0ddf3c745378f76cb59e254e5
BIN=$KENLM_DIR/build/bin
if [ ! -x "$BIN/query" ] || [ ! -x "$BIN/build_binary" ]; then
  echo "== building KenLM $KENLM_COMMIT in $KENLM_DIR"
  if [ ! -f "$KENLM_DIR/CMakeLists.txt" ]; then
    git clone -q https://github.com/kpu/kenlm "$KENLM_DIR"
    git -C "$KENLM_DIR" checkout -q "$KENLM_COMMIT"
  fi
  cmake -S "$KENLM_DIR" -B "$KENLM_DIR/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  make -C "$KENLM_DIR/build" -j2 query build_binary >/dev/null
fi
WORK=$(mktemp -d /tmp/lm-conformance.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
go build -o "$WORK/lmquery" ./conformance/lm/lmquery

MODELS=("$ROOT/lm/testdata/small.arpa")
DATA=${CCNET_DATA:-$ROOT/../shared/data}
[ -f "$DATA/lm-text/kenlm__test.arpa" ] && MODELS+=("$DATA/lm-text/kenlm__test.arpa")
BENCH=${TMPDIR:-/tmp}/ccnet-lm-bench/synthetic5-v1.arpa
[ -f "$BENCH" ] && MODELS+=("$BENCH")

fail=0
for model in "${MODELS[@]}"; do
  name=$(basename "$model")
  echo "== $name"
  # Sentences of 0..40 words: 80% model words, 20% unknown ones.
  python3 - "$model" >"$WORK/text" <<'EOF'
import random, sys
words, section = [], None
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line.startswith("\\"):
            section = line
            continue
        if section == "\\1-grams:" and line.strip():
            w = line.split("\t")[1]
            if w not in ("<s>", "</s>", "<unk>"):
                words.append(w)
rng = random.Random(7)
for _ in range(2000):
    n = rng.randrange(41)
    print(" ".join(rng.choice(words) if rng.random() < 0.8 else "oov%d" % rng.randrange(50) for _ in range(n)))
EOF
  "$BIN/build_binary" "$model" "$WORK/m.kenlm" >/dev/null 2>&1
  "$WORK/lmquery" -write-binary "$WORK/m.ccnetlm" "$model"
  "$BIN/query" -v word -v sentence "$model" <"$WORK/text" >"$WORK/kenlm.out" 2>/dev/null
  "$BIN/query" -v word -v sentence "$WORK/m.kenlm" <"$WORK/text" >"$WORK/kenlm-bin.out" 2>/dev/null
  cmp -s "$WORK/kenlm.out" "$WORK/kenlm-bin.out" || { echo "KenLM itself: ARPA and binary differ"; fail=1; }
  for m in "$model" "$WORK/m.kenlm" "$WORK/m.ccnetlm"; do
    "$WORK/lmquery" "$m" <"$WORK/text" >"$WORK/ours.out"
    if cmp -s "$WORK/kenlm.out" "$WORK/ours.out"; then
      echo "  $(basename "$m"): $(wc -l <"$WORK/ours.out") lines identical to query"
    else
      echo "  $(basename "$m"): DIFFERS from query:"
      diff "$WORK/kenlm.out" "$WORK/ours.out" | head -5
      fail=1
    fi
  done
  "$WORK/lmquery" -ppl "$model" <"$WORK/text" >"$WORK/ppl.out"
  python3 - "$WORK/text" "$WORK/kenlm.out" "$WORK/ppl.out" <<'EOF' || fail=1
import struct, sys
# query prints the float32 total in its shortest form; kenlm's Python score
# returns the float32 widened to a double: read it back as a float32.
f32 = lambda s: struct.unpack("f", struct.pack("f", float(s)))[0]
text = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
totals = [f32(l.rsplit("Total: ", 1)[1].split()[0]) for l in open(sys.argv[2])]
ours = [float(l) for l in open(sys.argv[3])]
bad = 0
for line, total, got in zip(text, totals, ours):
    want = round(10.0 ** (-total / (len(line.split()) + 1)), 1) if line else 0.0
    if want != got:
        bad += 1
        if bad <= 5:
            print("  perplexity of %r: cc_net %r, ours %r" % (line[:60], want, got))
print("  cc_net perplexity: %d/%d lines equal" % (len(text) - bad, len(text)))
sys.exit(1 if bad or len(text) != len(ours) else 0)
EOF
done

echo "== test-only probing writer against build_binary"
CCNET_KENLM_BIN=$BIN CCNET_KENLM_ARPAS="${MODELS[*]:1}" go test -count=1 -run 'TestKenLMConformance' ./lm/ || fail=1
[ $fail = 0 ] && echo "PASS" || { echo "FAIL"; exit 1; }
