#!/usr/bin/env bash
# fastText conformance: ccnet's classify/fasttext against Debian's fasttext 0.9.2
# (apt-get install -y fasttext). Run from anywhere: conformance/fasttext/run.sh
# Exits non-zero when a check fails. Takes one to three minutes on 2 cores.
#
# Checks, on a generated 3-label data set (and on the shared data when present):
#   - `fasttext predict-prob` on a ccnet-written model and ccnet on a
#     fastText-written model give the same probabilities (|diff| <= 1e-5) as the
#     other tool on the same model and input, for softmax, hs, ova, ns, word and
#     char n-grams, and for quantized .ftz files (-qnorm, -qout, -cutoff);
#   - with -thread 1 and the same seed, the two reach test accuracies (P@1)
#     within 0.5 point; whether the model files are byte-identical is reported.
set -euo pipefail
cd "$(dirname "$0")/../.."
FT=${FASTTEXT:-fasttext}
if ! command -v "$FT" >/dev/null; then
	echo "run.sh: $FT not found (apt-get install -y fasttext)" >&2
	exit 1
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/ftc" ./conformance/fasttext
C="$W/ftc"

# same_predictions MODEL TESTFILE: both tools predict with MODEL; compare.
same_predictions() {
	"$FT" predict-prob "$1" "$2" -1 >"$W/p_ft.txt"
	"$C" predict-prob -digits 9 "$1" "$2" -1 >"$W/p_go9.txt"
	"$C" predict-prob "$1" "$2" -1 >"$W/p_go6.txt"
	printf '  %-8s ' "$(basename "$1")"
	"$C" compare "$W/p_ft.txt" "$W/p_go9.txt" 1e-5 | tr -d '\n'
	echo "; printed lines differing: $(diff "$W/p_ft.txt" "$W/p_go6.txt" | grep -c '^<' || true)"
}

p_at_1() { awk '/^P@1/ {print $2}'; }

# check NAME TRAIN TEST [training flags]: train with both tools, cross-predict,
# compare accuracies.
check() {
	local name=$1 train=$2 test=$3
	shift 3
	echo "== $name: $*"
	local t0 t1 t2
	t0=$(date +%s.%N)
	"$FT" supervised -input "$train" -output "$W/ft" -thread 1 -seed 1 -verbose 0 "$@"
	t1=$(date +%s.%N)
	"$C" supervised -input "$train" -output "$W/go" -thread 1 -seed 1 "$@" 2>/dev/null
	t2=$(date +%s.%N)
	printf '  train time: fasttext %.2fs, ccnet %.2fs\n' "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
	if cmp -s "$W/ft.bin" "$W/go.bin"; then echo "  model files: byte-identical"; else echo "  model files: differ"; fi
	same_predictions "$W/go.bin" "$test"
	same_predictions "$W/ft.bin" "$test"
	local a b
	a=$("$FT" test "$W/ft.bin" "$test" | p_at_1)
	b=$("$C" test "$W/go.bin" "$test" | p_at_1)
	printf '  '
	"$C" accuracy-close "$a" "$b" 0.5
}

"$C" gen -train "$W/train.txt" -test "$W/test.txt" -n 10000
check softmax "$W/train.txt" "$W/test.txt"
check ngrams "$W/train.txt" "$W/test.txt" -wordNgrams 2 -minn 2 -maxn 4 -bucket 100000 -dim 20
check hs "$W/train.txt" "$W/test.txt" -loss hs -dim 30 -epoch 3 -lr 0.3
check ova "$W/train.txt" "$W/test.txt" -loss ova -dim 20 -wordNgrams 3 -bucket 50000
check ns "$W/train.txt" "$W/test.txt" -loss ns -dim 20 -neg 3
# $W/ft.bin is now the ns model; quantize a softmax one.
"$FT" supervised -input "$W/train.txt" -output "$W/ft" -thread 1 -verbose 0 -wordNgrams 2 -bucket 100000 -dim 40
echo "== quantized (.ftz read by ccnet)"
"$FT" quantize -input "$W/train.txt" -output "$W/ft" -qnorm -cutoff 10000 -verbose 0 >/dev/null
same_predictions "$W/ft.ftz" "$W/test.txt"
"$FT" quantize -input "$W/train.txt" -output "$W/ft" -dsub 4 -verbose 0 >/dev/null
same_predictions "$W/ft.ftz" "$W/test.txt"
# -qout needs at least 256 labels.
"$C" gen -train "$W/train300.txt" -test "$W/test300.txt" -n 3000 -labels 300
"$FT" supervised -input "$W/train300.txt" -output "$W/ft300" -thread 1 -verbose 0 -dim 16 -epoch 3
"$FT" quantize -input "$W/train300.txt" -output "$W/ft300" -qnorm -qout -verbose 0 >/dev/null
same_predictions "$W/ft300.ftz" "$W/test300.txt"

DATA=${CCNET_DATA:-../shared/data}
if [ -d "$DATA/wiki" ] && [ -d "$DATA/wet" ]; then
	"$C" shared-data -dir "$DATA" -train "$W/sd_train.txt" -test "$W/sd_test.txt"
	check shared-data "$W/sd_train.txt" "$W/sd_test.txt"
	"$C" curve "$W/go.bin" "$W/sd_test.txt"
else
	echo "(shared data not found at $DATA: skipping the wiki-vs-web set)"
fi
echo "fastText conformance: OK"
