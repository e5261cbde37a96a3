#!/usr/bin/env bash
# Conformance of lm.Estimate with KenLM's lmplz (kept out of make test).
#
#   bash conformance/lm/estimate.sh
#
# Needs the KenLM source in $KENLM_SRC (default /tmp/kenlm-src; e.g. a
# checkout of github.com/kpu/kenlm) or a built lmplz in $LMPLZ. lmplz is built
# under /tmp (cmake; Debian: apt-get install -y cmake libboost-program-options-dev
# libboost-system-dev libboost-thread-dev libboost-test-dev zlib1g-dev
# libbz2-dev liblzma-dev). Corpora come from the shared data ($CCNET_DATA,
# default ../shared/data beside the module) plus small edge cases made here.
#
# Each model is compared byte for byte; when bytes differ the script also
# reports the largest absolute difference of the numbers (tolerance 1e-6 on
# log10 values, i.e. a float32 rounding of log10f) and fails either way.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${CCNET_DATA:-$root/../shared/data}
src=${KENLM_SRC:-/tmp/kenlm-src}
work=$(mktemp -d /tmp/lm-estimate-conf.XXXXXX)
trap 'rm -rf "$work"' EXIT

lmplz=${LMPLZ:-$src/build/bin/lmplz}
if [ ! -x "$lmplz" ]; then
  [ -f "$src/CMakeLists.txt" ] || { echo "no KenLM source in $src (set KENLM_SRC or LMPLZ)" >&2; exit 2; }
  echo "building lmplz in $src/build"
  mkdir -p "$src/build"
  (cd "$src/build" && cmake .. -DCMAKE_BUILD_TYPE=Release >/dev/null && make -j2 lmplz >/dev/null)
fi
(cd "$root" && go build -o "$work/lmestimate" ./conformance/lm/lmestimate)

printf 'a b\n\nb a c\na' > "$work/unterminated.txt"
printf 'the cat sat\r\nthe dog\tsat  down\n\n   \nthe <s> cat\vsat </s> down\nthe dog sat\n<unk>\ndog the cat\n' > "$work/edge.txt"
printf '' > "$work/empty.txt"

fail=0
compare() { # name, text, lmplz flags...
  local name=$1 text=$2; shift 2
  local goflags=()
  for f in "$@"; do goflags+=("${f/#--/-}"); done
  "$lmplz" -S 200M -T "$work" "$@" < "$text" > "$work/kl.arpa" 2> "$work/kl.err" || { echo "FAIL $name: lmplz failed: $(tail -1 "$work/kl.err")"; fail=1; return; }
  "$work/lmestimate" -S 4000000 -T "$work" "${goflags[@]}" < "$text" > "$work/go.arpa" 2> "$work/go.err" || { echo "FAIL $name: lmestimate failed: $(tail -1 "$work/go.err")"; fail=1; return; }
  if cmp -s "$work/kl.arpa" "$work/go.arpa"; then
    echo "ok   $name ($(wc -l < "$work/kl.arpa") lines, byte-identical; $(head -1 "$work/go.err"))"
    return
  fi
  fail=1
  paste "$work/kl.arpa" "$work/go.arpa" | awk -F'\t' '
    { n = NF / 2 }
    { for (i = 1; i <= n; i++) if ($i != $(i + n)) { d = $i - $(i + n); if (d < 0) d = -d; if (d > max) max = d; diffs++ } }
    END { printf "FAIL %d differing fields, largest |difference| %g (tolerance 1e-6)\n", diffs, max }' | sed "s/^FAIL/FAIL $name:/"
}

for o in 1 2 3 4 5; do
  compare "botchan -o $o" "$data/lm-text/sentencepiece__botchan.txt" -o "$o"
  compare "botchan -o $o fallback" "$data/lm-text/sentencepiece__botchan.txt" -o "$o" --discount_fallback
  compare "wikitext-2 valid -o $o" "$data/wiki/wikitext-2__valid.txt" -o "$o" --skip_symbols
done
compare "wagahai -o 5 fallback" "$data/lm-text/sentencepiece__wagahaiwa_nekodearu.txt" -o 5 --discount_fallback
compare "ud-ja -o 4 fallback" "$data/wiki/ud-ja_gsd-devtest-sentences.txt" -o 4 --discount_fallback --skip_symbols
for o in 2 3 6; do
  compare "unterminated -o $o" "$work/unterminated.txt" -o "$o" --discount_fallback
  compare "edge -o $o" "$work/edge.txt" -o "$o" --discount_fallback --skip_symbols
  compare "empty -o $o" "$work/empty.txt" -o "$o" --discount_fallback
done
exit $fail
