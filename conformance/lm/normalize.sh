#!/usr/bin/env bash
# Conformance of lm.Normalize with cc_net's text_normalizer.normalize
# (facebookresearch/cc_net at bda555b), run by the local python3:
#
#   bash conformance/lm/normalize.sh
#
# Uses $CCNET_TEXT_NORMALIZER (a path to cc_net's text_normalizer.py) or
# downloads it at the pinned commit. Inputs: every code point but the
# surrogates alone, inside a line and next to a capital sigma, plus random
# strings mixing scripts, marks, digits, punctuation and controls. Reports
# the inputs that differ and the code points involved; differences are
# expected only for characters the two Unicode versions (Python's
# unicodedata vs Go's unicode, 15.0 in Go 1.26) disagree on.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d /tmp/lm-normalize.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
TN=${CCNET_TEXT_NORMALIZER:-}
if [ -z "$TN" ]; then
  TN=$WORK/text_normalizer.py
  curl -fsSL -o "$TN" https://raw.githubusercontent.com/facebookresearch/cc_net/bda555bd1cf1ee2e0b925363e62a61cd46c8b60d/cc_net/text_normalizer.py
fi
go build -o "$WORK/lmquery" ./conformance/lm/lmquery
python3 - "$WORK/in" <<'EOF'
import json, random, sys
rng = random.Random(11)
cps = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
out = []
for c in cps:
    ch = chr(c)
    out += [ch, "Ab" + ch + "Cd 12", "ΑΣ" + ch, ch + "Σ x"]
pools = [range(0x20, 0x7F), range(0x80, 0x250), range(0x300, 0x370), range(0x370, 0x530),
         range(0x1E00, 0x2000), range(0x2000, 0x2070), range(0x3000, 0x3100), range(0xFF00, 0xFFF0),
         range(0x0, 0x20), range(0xAC00, 0xD7A4), range(0x660, 0x670)]
for _ in range(300000):
    n = rng.randrange(1, 16)
    out.append("".join(chr(rng.choice(rng.choice(pools))) for _ in range(n)))
with open(sys.argv[1], "w") as f:
    for s in out:
        f.write(json.dumps(s) + "\n")
EOF
"$WORK/lmquery" -normalize <"$WORK/in" >"$WORK/go.out"
python3 - "$TN" "$WORK/in" "$WORK/go.out" <<'EOF'
import importlib.util, json, sys, unicodedata
spec = importlib.util.spec_from_file_location("text_normalizer", sys.argv[1])
tn = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tn)
ins = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
gos = [json.loads(l) for l in open(sys.argv[3], encoding="utf-8")]
assert len(ins) == len(gos)
bad, cps = 0, set()
for s, g in zip(ins, gos):
    p = tn.normalize(s)
    if p != g:
        bad += 1
        cps.update(c for c in s if ord(c) > 0x7f)
        if bad <= 5:
            print("  differs: %r -> python %r, go %r" % (s, p, g))
print("Python %s (Unicode %s): %d of %d inputs differ" % (sys.version.split()[0], unicodedata.unidata_version, bad, len(ins)))
if cps:
    unassigned = sorted(c for c in cps if unicodedata.category(c) == "Cn")
    print("  code points in differing inputs: %d, of which %d unassigned in Python's Unicode" % (len(cps), len(unassigned)))
    print("  assigned ones:", " ".join("U+%04X" % ord(c) for c in sorted(cps - set(unassigned))[:40]))
EOF
