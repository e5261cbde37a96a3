// Package lm is cc_net's language-model stage: the text normalization
// before SentencePiece, n-gram model files (ARPA, KenLM probing binaries
// and a binary format of its own), KenLM-exact scoring, cc_net's document
// perplexity and its head/middle/tail buckets, and Kneser-Ney estimation.
//
// # What it matches
//
// KenLM (kpu/kenlm, commit 4cb443e, 2025-03-30) as cc_net 1.0.0
// (facebookresearch/cc_net, commit bda555b) uses it:
//
//   - Open reads ARPA text (plain or gzip), KenLM's build_binary output
//     with the default probing data structure (format version 5, model
//     type 0: the form of cc_net's published {lang}.arpa.bin), and this
//     package's binary format, recognizing them by their first bytes.
//     ARPA is checked as KenLM checks it and errors name the file and line
//     (*ParseError). <s> may have log10 prob 0 (lmplz) or -99 (SRILM).
//   - Scoring is KenLM's GenericModel::FullScore on its probing tables:
//     the vocabulary is MurmurHash64A (seed 0) of the word, n-gram keys fold
//     word ids with CombineWordHash from the last word back, values carry
//     KenLM's sign-bit flags (a probability with the sign bit clear has a
//     longer n-gram extending it on the left; a -0.0 backoff marks an
//     n-gram nothing extends on the right, which shortens the State).
//     Loading ARPA builds the same tables KenLM builds, including the
//     "blank" entries it invents for n-grams whose suffix a pruned model
//     lacks (with their backed-off probabilities), so every number equals
//     KenLM's bit for bit: float32 throughout, backoffs added in KenLM's
//     order. Unknown words are <unk> (id 0) and, <unk>'s backoff being 0,
//     reset the context; a model without <unk> gives them -100, as KenLM.
//   - Score and ScoreSentence are kenlm.Model.score(s, bos=True,
//     eos=True): <s> as context, </s> scored, the float32 sum from left to
//     right, tokens split on the ASCII spaces. ScoreWords is what query
//     -v word prints (word, id, n-gram length, log10 prob).
//   - DocPerplexity is cc_net's DocLM: per "\n"-line score, summed in
//     float64; length len(line.split()) + 1 per line (Python whitespace);
//     10 ** (-sum / length), rounded as round(x, 1). cc_net feeds it the
//     SentencePiece pieces of Normalize(whole raw_content), which has no
//     "\n" left, so in practice the document is one sentence.
//   - Normalize is cc_net's text_normalizer.normalize with its defaults
//     (strip, Python lower(), NFD then drop Mn, \d -> 0, UNICODE_PUNCT map,
//     remove U+0000..U+001F and U+007F..U+009F). dedup.Normalize is
//     normalize_for_dedup, a different function (no accent stripping,
//     punctuation deleted rather than mapped, and strip runs on different
//     text), so it cannot be reused; the Python whitespace of
//     document.PyStrip and document.IsPySpace is. conformance/lm/normalize.sh
//     runs cc_net's normalize in Python 3.11.7 (Unicode 14) on every code
//     point alone, in a word and beside a capital sigma, plus 300,000
//     random strings (4,748,256 inputs): 232 differ, all through code
//     points unassigned in Unicode 14 (Go 1.26 has Unicode 15).
//   - Bucket is PerplexityBucket.get_bucket: head if ppl < p30, middle if
//     ppl < p60, else tail, comparing the rounded perplexity; ReadCutoffs
//     reads cc_net's cutoff.csv layout (rows 30 and 60).
//
// conformance/lm/query.sh checks scoring against KenLM's query on three
// models (a hand-written trigram model, KenLM's test.arpa, a synthetic
// 120 MB 5-gram model) for ARPA, KenLM-binary and own-binary loading: every
// line is byte-identical to query's output, and cc_net's perplexity
// computed from query's totals equals DocPerplexity on every line.
//
// # What differs
//
//   - Only KenLM's probing binaries are read: not "probing with rest
//     costs", not the trie formats (build_binary trie ...), which Open
//     rejects with an error naming the type. MaxOrder is 6, KenLM's
//     default compile-time maximum.
//   - An ARPA file with the same word or n-gram twice (or two whose 64-bit
//     hashes collide) is an error; KenLM keeps both and finds the first.
//   - Perplexity uses Go's math.Pow, which may differ from C's pow by one
//     ulp; that changes a rounded perplexity only on an exact rounding
//     boundary.
//   - Unicode tables are Go 1.26's (Unicode 15.0); cc_net ran on Python
//     3.7 (Unicode 11). Normalize differs only on characters assigned
//     since then (see above).
//   - ComputeCutoffs uses numpy.percentile's default (linear) definition;
//     cc_net does not ship the code that made cutoff.csv, whose values are
//     multiples of 10.
//
// # The binary format
//
// Open maps the file and checks its header (magic "ccnet-lm", version,
// order, counts, table sizes, file size); nothing else is read, so the
// first query after Open costs a few page faults whatever the model's size.
// The tables are KenLM's (same entries, same flags, linear probing, 1.5
// buckets per entry) but place a key at the high word of key × buckets
// instead of key mod buckets, which costs a multiply instead of a division
// (layout in binary.go). WriteBinary converts any loaded model.
//
// # Estimation
//
// Estimate trains an interpolated modified Kneser-Ney model equal to KenLM's
// lmplz (lm/builder at the commit above): lmplz's tokenization (space, tab,
// CR, LF and NUL separate words; an empty line is the sentence "<s> </s>"),
// word ids (<unk> 0, <s> 1, </s> 2, then first appearance), adjusted counts
// with the <s> exception, float32 discounts from counts-of-counts with
// --discount_fallback, interpolated unigrams with <unk> mass, <s> at log10
// probability 0, and lmplz's ARPA layout, order and float printing. Counting
// is bounded by EstimateOptions.MemoryBytes (lmplz -S), spilling sorted runs
// to TempDir (-T) and merging them. On 26 comparisons (orders 1-6, with and
// without fallback, conformance/lm/estimate.sh) the ARPA files were
// byte-identical to lmplz's.
//
// lmplz takes log10 from the C library's log10f, which is not correctly
// rounded; with cgo this package calls the same function, so the ARPA is
// byte-identical to lmplz's on the same system. Without cgo (the
// cross-compiled workers) an emulation of glibc's log10f is used, which can
// differ in the last printed digit (one float32 step) on some lines.
//
// It differs on purpose in that the stages after counting hold the distinct
// n-grams in memory (about 40 bytes each plus the words): a 1 GB corpus
// (cc_net's 1 M Wikipedia openings, ~425 M n-grams of orders 1-5) needs an
// estimated 18 GB. Pruning, --vocab_pad, --discount overrides and
// --limit_vocab_file are not implemented.
package lm
