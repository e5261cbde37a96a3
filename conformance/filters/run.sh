#!/bin/sh
# Compares ccnet's datatrove filter modes with datatrove (pip) on the English
# documents of the shared WET files. Not part of `make test`.
# Usage (from the module root): sh conformance/filters/run.sh [--words] [--funnel]
#   --words   also compare the word split with datatrove's (spaCy) tokenizer
#   --funnel  also print the funnel of ccnet's default English rules
# VENV (default /tmp/ccnet-filters-venv) gets datatrove 0.10.1, spaCy and regex
# from pip when they are missing.
set -eu
VENV=${VENV:-/tmp/ccnet-filters-venv}
OUT=${OUT:-/tmp/ccnet-filters-docs.jsonl}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
# datatrove imports regex (and, for English, spaCy) without declaring them.
"$VENV/bin/python" -c 'import datatrove, spacy, regex' 2>/dev/null ||
	"$VENV/bin/pip" install -q 'datatrove==0.10.1' 'spacy>=3.7' regex
words=""
funnel=""
for a in "$@"; do
	case "$a" in
	--words) words=-words ;;
	--funnel) funnel=-funnel ;;
	esac
done
go run ./conformance/filters -out "$OUT" $words $funnel
"$VENV/bin/python" conformance/filters/compare.py "$OUT" "$@"
