#!/usr/bin/env bash
# Speed of ccnet's classify/fasttext against Debian's fasttext 0.9.2, same data,
# same session, alternating runs: training words/sec/thread (-thread 1 and 2,
# fastText defaults otherwise), predict-prob documents/s on one core, peak RSS.
# Usage: conformance/fasttext/bench.sh [runs]   (default 3 runs each)
# Uses the shared data's wiki-vs-web set (x5) when present, else a generated set.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
FT=${FASTTEXT:-fasttext}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
go build -o "$W/ftc" ./conformance/fasttext
C="$W/ftc"
DATA=${CCNET_DATA:-../shared/data}
if [ -d "$DATA/wiki" ] && [ -d "$DATA/wet" ]; then
	"$C" shared-data -dir "$DATA" -train "$W/a.txt" -test "$W/b.txt" 2>/dev/null
	for _ in 1 2 3 4 5; do cat "$W/a.txt" "$W/b.txt"; done >"$W/data.txt"
else
	"$C" gen -train "$W/data.txt" -test "$W/b.txt" -n 50000
fi
echo "data: $(wc -l <"$W/data.txt") lines, $(wc -w <"$W/data.txt") words, $(du -h "$W/data.txt" | cut -f1)"
"$FT" supervised -input "$W/data.txt" -output "$W/model" -thread 1 -verbose 0
for threads in 1 2; do
	for r in $(seq "$RUNS"); do
		/usr/bin/time -f "%M" -o "$W/rss" "$FT" supervised -input "$W/data.txt" -output "$W/ft" -thread "$threads" -verbose 2 2>&1 |
			tr '\r' '\n' | grep '100.0%' | tail -1 | sed 's/.*words\/sec\/thread: *\([0-9]*\).*/\1/' >"$W/wps"
		echo "train thread=$threads fasttext words/s/thread $(cat "$W/wps") peakRSS_KB $(cat "$W/rss")"
		/usr/bin/time -f "%M" -o "$W/rss" "$C" supervised -input "$W/data.txt" -output "$W/go" -thread "$threads" 2>&1 |
			sed 's/.*, \([0-9]*\) words\/sec\/thread/\1/' >"$W/wps"
		echo "train thread=$threads ccnet    words/s/thread $(cat "$W/wps") peakRSS_KB $(cat "$W/rss")"
	done
done
lines=$(wc -l <"$W/data.txt")
for r in $(seq "$RUNS"); do
	for tool in fasttext ccnet; do
		if [ $tool = fasttext ]; then cmd=("$FT" predict-prob); else cmd=("$C" predict-prob); fi
		start=$(date +%s.%N)
		/usr/bin/time -f "%M" -o "$W/rss" "${cmd[@]}" "$W/model.bin" "$W/data.txt" 1 >/dev/null
		end=$(date +%s.%N)
		printf 'predict %-8s docs/s %.0f peakRSS_KB %s\n' $tool "$(echo "$lines / ($end - $start)" | bc -l)" "$(cat "$W/rss")"
	done
done
