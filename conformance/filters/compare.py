"""Compare ccnet's datatrove modes with datatrove on the documents main.go wrote.

For each document and each filter family (C4QualityFilter, GopherQualityFilter,
GopherRepetitionFilter, default arguments, English), run datatrove on the
document's text and compare keep/drop with ccnet's decision. Prints the
agreement per family and every disagreement. With --words, also compares
ccnet's word split with datatrove's English word tokenizer.

Usage: python compare.py docs.jsonl [--words] [--show N]
"""

import argparse
import json
import sys

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)
from datatrove.utils.text import split_into_words


def decide(flt, text):
    doc = Document(text=text, id="x")
    res = flt.filter(doc)
    if res is True:
        return "", doc.text
    if isinstance(res, tuple):
        return res[1], None
    return "dropped", None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docs")
    ap.add_argument("--words", action="store_true")
    ap.add_argument("--funnel", action="store_true", help="(read by run.sh: main.go prints the funnel)")
    ap.add_argument("--show", type=int, default=20, help="disagreements shown per family")
    args = ap.parse_args()

    families = {
        "c4": C4QualityFilter(),
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
    }
    agree = {k: 0 for k in families}
    same_text = 0
    both_kept_c4 = 0
    diffs = {k: [] for k in families}
    word_docs = word_same = 0
    n = 0
    with open(args.docs) as f:
        for line in f:
            rec = json.loads(line)
            n += 1
            for name, flt in families.items():
                reason, text = decide(flt, rec["text"])
                ours = rec["go"][name]
                if (reason == "") == (ours == ""):
                    agree[name] += 1
                    if name == "c4" and reason == "":
                        both_kept_c4 += 1
                        same_text += text == rec["c4_text"]
                else:
                    diffs[name].append((rec["id"], rec["url"], ours or "kept", reason or "kept"))
            if args.words and rec.get("words") is not None:
                word_docs += 1
                theirs = split_into_words(rec["text"], "en")
                if theirs == rec["words"]:
                    word_same += 1
                elif args.show and word_docs - word_same <= 3:
                    a, b = rec["words"], theirs
                    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                    print(f"words differ in doc {rec['id']} at {i}: ccnet {a[max(0,i-3):i+4]} datatrove {b[max(0,i-3):i+4]}")
    if n == 0:
        sys.exit("no documents")
    print(f"{n} English documents")
    for name in families:
        print(f"{name:18s} agreement {agree[name]}/{n} = {100*agree[name]/n:.2f}%  ({len(diffs[name])} disagreements)")
    print(f"c4 kept by both: {both_kept_c4}, identical cleaned text: {same_text}")
    if args.words:
        print(f"word split identical on {word_same}/{word_docs} documents")
    for name in families:
        for d in diffs[name][: args.show]:
            print(f"  {name}: doc {d[0]} {d[1]}: ccnet {d[2]}, datatrove {d[3]}")


if __name__ == "__main__":
    main()
