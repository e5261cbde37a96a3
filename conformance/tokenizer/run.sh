#!/usr/bin/env bash
# Conformance of package tokenizer with Debian's sentencepiece (spm_train,
# spm_encode; apt-get install -y sentencepiece). Run from anywhere:
#   bash conformance/tokenizer/run.sh
# Checks, on the shared text (CCNET_DATA, default ../shared/data: every
# line of wiki/ and lm-text/ text files) or else on tokenizer/testdata:
#   1. a BPE model trained by spm_train with LLaMA's settings encodes every
#      line to the same ids in ccnet as in spm_encode;
#   2. a unigram model trained by spm_train (default nmt_nfkc) gives the
#      same pieces in ccnet as spm_encode --output_format=piece;
#   3. ccnet's trainer on the same text and settings shares >= 99% of its
#      vocabulary with spm_train's (the Go test reports where they differ);
#   4. spm_encode loads ccnet's model and gives ccnet's ids.
#   5. with CCNET_LLAMA_MODEL=path/to/tokenizer.model, LLaMA's own model
#      encodes every line as spm_encode does.
# Exits non-zero on any difference. VOCAB (default 8000) sets the BPE size,
# UVOCAB (default 6000) the unigram size.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=${CCNET_DATA:-$root/../shared/data}
vocab=${VOCAB:-8000}
uvocab=${UVOCAB:-6000}
for tool in spm_train spm_encode; do
	command -v "$tool" >/dev/null || { echo "$tool not found: apt-get install -y sentencepiece" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Text: the shared plain-text files, else the project's own test text.
sources=()
for f in "$data"/wiki/*.txt "$data"/lm-text/*.txt; do
	[ -f "$f" ] && sources+=("$f")
done
if [ ${#sources[@]} -eq 0 ]; then
	sources=("$root"/tokenizer/testdata/corpus.txt "$root"/tokenizer/testdata/lines.extra)
	vocab=${VOCAB:-1000}
	uvocab=${UVOCAB:-500}
fi
echo "text: ${sources[*]}"
cat "${sources[@]}" >"$work/corpus.txt"
cp "$work/corpus.txt" "$work/lines.txt"
# The "text" fields of the shared JSON lines (xquad in 12 languages, State
# of the Union addresses) are encoded too, one line per line of text; they
# are not trained on, to keep spm_train within a minute.
jsonl=("$data"/wiki/*.jsonl.gz "$data"/lm-text/*.jsonl.gz)
if command -v python3 >/dev/null; then
	python3 - "${jsonl[@]}" >>"$work/lines.txt" <<'PY'
import gzip, json, os, sys
for path in sys.argv[1:]:
    if not os.path.exists(path):
        continue
    print("jsonl:", path, file=sys.stderr)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in f:
            for line in json.loads(row).get("text", "").split("\n"):
                if line:
                    print(line)
PY
fi
# Adversarial lines: controls, extra and odd spaces, fullwidth, CJK, emoji,
# accents (composed and decomposed), digits, byte-fallback characters.
printf '%b\n' '  leading and  double  spaces  ' 'tab\tseparated\tfields' \
	'Ｆｕｌｌｗｉｄｔｈ　ＡＢＣ　１２３' 'caf\u00e9 cafe\u0301 na\u00efve \u00c5ngstr\u00f6m' \
	'\u4e2d\u6587\u548c\u65e5\u672c\u8a9e\u306e\u6587\u7ae0\u3002' '\U0001F600 emoji \U0001F680\U0001F30D' \
	'ctrl\x01\x02\x7f chars' 'digits 1234567890 and \u0661\u0662\u0663' 'x' ' ' '\u2581 literal block' \
	'\u200b zero width \ufeff bom' 'ﬁ ligature ™ ① ㍿' >>"$work/lines.txt"

llama=(--model_type=bpe --character_coverage=0.99995 --byte_fallback=true --split_digits=true
	--allow_whitespace_only_pieces=true --max_sentencepiece_length=16 --normalization_rule_name=identity
	--add_dummy_prefix=true --remove_extra_whitespaces=false --input_sentence_size=200000000
	--shuffle_input_sentence=true --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=2)
cd "$work"
spm_train --input=corpus.txt --model_prefix=spm_bpe --vocab_size="$vocab" "${llama[@]}" >spm_bpe.log 2>&1 ||
	{ tail -20 spm_bpe.log; exit 1; }
spm_encode --model=spm_bpe.model --output_format=id <lines.txt >spm_bpe.ids
spm_train --input=corpus.txt --model_prefix=spm_uni --vocab_size="$uvocab" --character_coverage=0.9995 \
	--num_threads=2 >spm_uni.log 2>&1 || { tail -20 spm_uni.log; exit 1; }
spm_encode --model=spm_uni.model --output_format=piece <lines.txt >spm_uni.pieces

# LLaMA's own tokenizer.model, when CCNET_LLAMA_MODEL names it.
if [ -n "${CCNET_LLAMA_MODEL:-}" ]; then
	cp "$CCNET_LLAMA_MODEL" llama.model
	spm_encode --model=llama.model --output_format=id <lines.txt >llama.ids
fi

(cd "$root" && CCNET_SPM_DIR="$work" go test -count=1 -run '^TestSPMConformance$' -v ./tokenizer/ | grep -v '^=== RUN')

spm_encode --model=ccnet_bpe.model --output_format=id <lines.txt >spm_on_ccnet.ids
if ! cmp -s spm_on_ccnet.ids ccnet_bpe.ids; then
	echo "spm_encode on ccnet's model differs from ccnet:" >&2
	diff spm_on_ccnet.ids ccnet_bpe.ids | head -20 >&2
	exit 1
fi
echo "spm_encode on ccnet's model: $(wc -l <lines.txt) lines identical"
echo "tokenizer conformance: OK"
