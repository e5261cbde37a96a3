#!/usr/bin/env bash
# The LM check of issue 5 on real text: train a 5-gram LM on WikiText-2's
# validation split (its "@-@"-style artifacts and <unk> removed, headings
# dropped, tokenization undone), then compare the median perplexity of the
# English paragraphs of XQuAD (Wikipedia) with that of the English web
# documents of the shared WET file, and bucket the web documents with their
# own 30th/60th percentiles. Needs the shared data; not part of make test.
#   bash conformance/lm/wikitext.sh [VOCAB]   (default 16000 pieces)
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${CCNET_DATA:-$(pwd)/../shared/data}
vocab=${1:-16000}
w=${WORK:-/tmp/ccnet-lm-wikitext}
mkdir -p "$w"
go build -o "$w/ccnet" ./cmd/ccnet
python3 - "$data" "$w" <<'PY'
import gzip, json, re, sys
data, w = sys.argv[1], sys.argv[2]
with open(f"{data}/wiki/wikitext-2__valid.txt", encoding="utf8") as f, open(f"{w}/wt2.txt", "w") as out:
    for line in f:
        l = line.strip()
        if not l or l.startswith("="):
            continue
        l = l.replace(" @-@ ", "-").replace(" @,@ ", ",").replace(" @.@ ", ".").replace("<unk>", "")
        l = re.sub(r" ([,.;:!?)\]%])", r"\1", l)
        l = re.sub(r"([(\[$]) ", r"\1", l)
        l = re.sub(r" (n't|'s|'re|'ve|'d|'ll|'m)\b", r"\1", l)
        out.write(re.sub(r"\s+", " ", l).strip() + "\n")
with gzip.open(f"{data}/wiki/xquad-12lang-paragraphs.jsonl.gz", "rt") as f, open(f"{w}/xquad-en.txt", "w") as out:
    for line in f:
        d = json.loads(line)
        if d["lang"] == "en":
            out.write(d["text"].replace("\n", " ") + "\n")
PY
c="$w/ccnet"
/usr/bin/time -f "lm train: %e s, peak RSS %M KB" "$c" lm train --lang en --text "$w/wt2.txt" --vocab-size "$vocab" --out "$w/lm"
"$c" lm cutoffs --lm-dir "$w/lm" --lang en --input "$w/xquad-en.txt" --out "$w/xquad.csv" 2>/dev/null
"$c" run --input "$data"/wet/DERIVED__dolma-*.warc.wet.gz --output "$w/web" --overwrite --lm-dir "$w/lm" >/dev/null
"$c" lm cutoffs --lm-dir "$w/lm" --input "$w/web/documents/en_all_*.json.gz" --out "$w/web.csv" 2>/dev/null
wiki=$(grep '^50,' "$w/xquad.csv" | cut -d, -f2)
web=$(grep '^50,' "$w/web.csv" | cut -d, -f2)
echo "median perplexity: Wikipedia (XQuAD en) $wiki, web (WET en) $web, ratio $(python3 -c "print(round($wiki/$web, 3))")"
"$c" run --input "$data"/wet/DERIVED__dolma-*.warc.wet.gz --output "$w/web2" --overwrite --lm-dir "$w/lm" --lm-cutoffs "$w/web.csv" >/dev/null
python3 - "$w" <<'PY'
import glob, gzip, json, sys
w = sys.argv[1]
for b in ("head", "tail"):
    docs = sorted((json.loads(l) for f in glob.glob(f"{w}/web2/documents/en_{b}_*.json.gz") for l in gzip.open(f, "rt")),
                  key=lambda d: d["perplexity"])
    print(f"{b}: {len(docs)} documents; at the 25th, 50th, 75th percentile of the bucket:")
    for q in (0.25, 0.5, 0.75):
        d = docs[int(q * len(docs))]
        print(f"  {d['perplexity']:8.1f}  {d['url'][:70]}\n            {d['raw_content'][:160]!r}")
PY
python3 -c "import sys; sys.exit(0 if $wiki <= $web / 2 else 1)" || { echo "FAIL: the Wikipedia median is over half the web median" >&2; exit 1; }
