#!/usr/bin/env bash
# Regenerates the sentencepiece outputs in this folder with Debian's
# sentencepiece (0.1.97-3+b1 when they were made). Run in tokenizer/.
set -euo pipefail
cd "$(dirname "$0")"
# Unseen and adversarial lines: decomposed accents, controls, NBSP and other
# spaces, zero-width characters, fullwidth forms, CJK, emoji, a literal "▁",
# runs of spaces, a lone space, a long digit run.
printf '%b\n' 'cafe\u0301 na\u00efve \u00c5ngstro\u0308m' 'ctrl\x01\x02\x7f\x1b chars' \
	'nbsp\u00a0here\u3000ideographic\u2003em space' '\u200bzero\u200dwidth\ufeffbom' \
	'Ｈｅｌｌｏ　Ｗｏｒｌｄ　１２３' '\u6f22\u5b57\u304b\u306a\u30ab\u30ca\u6df7\u3058\u308a' \
	'\U0001F600\U0001F680 \U0001F30D\U0001F9EA' '\u2581block \u2581\u2581 twice' \
	'      six spaces' 'end spaces      ' ' ' 'x' '12345678901234567890' \
	'\u00e9\u00e8\u00ea\u00eb \u0119\u0142\u017c \u0163\u015f' 'Ǆ ǅ ǆ ﬃ ﬄ ㎏ ㍻ Ⅻ ½' \
	'\u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0661\u0662\u0663' 'mixed日本English中文123abc' \
	'tab\there\tand\tthere' 'unseen words: zyxw qvjk pfft grrr' >lines.extra
cat corpus.txt lines.extra >lines.txt
spm_train --input=corpus.txt --model_prefix=bpe --vocab_size=1000 --model_type=bpe \
	--character_coverage=0.99995 --byte_fallback=true --split_digits=true \
	--allow_whitespace_only_pieces=true --max_sentencepiece_length=16 \
	--normalization_rule_name=identity --add_dummy_prefix=true --remove_extra_whitespaces=false \
	--input_sentence_size=200000000 --shuffle_input_sentence=true \
	--unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=1 >/dev/null 2>&1
spm_train --input=corpus.txt --model_prefix=unigram --vocab_size=400 --character_coverage=0.9995 \
	--num_threads=1 >/dev/null 2>&1
for m in bpe unigram; do
	spm_encode --model=$m.model --output_format=id <lines.txt >$m.ids
	spm_encode --model=$m.model --output_format=piece <lines.txt >$m.pieces
done
rm -f bpe.vocab unigram.vocab
