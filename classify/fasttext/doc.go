// Package fasttext is a pure-Go fastText supervised classifier: training,
// prediction and fastText's binary model files, compatible with fastText
// 0.9.2 (facebookresearch/fastText v0.9.2, Debian's fasttext package). It
// is the linear model of ccnet's Wikipedia-reference stage (RedPajama v1's
// wiki_prob, which reproduces LLaMA's "pages used as references by
// Wikipedia" classifier).
//
// # What it matches
//
//   - Tokens are split on the bytes ' ' \n \r \t \v \f NUL; each line ends
//     with the token "</s>" (EOS). Words are hashed with FNV-1a over
//     sign-extended bytes (Hash), as fastText's released models were.
//   - Features: the word's id when known; with -minn/-maxn its char n-grams
//     of "<word>" hashed into Bucket rows (unknown words contribute their
//     n-grams only); with -wordNgrams > 1 the word n-grams, hashed from the
//     words' hashes with fastText's 116049371 multiplier and sign-extended
//     widening.
//   - The hidden vector is the float32 mean of the feature rows; softmax,
//     one-vs-all (sigmoid table), hierarchical softmax (Huffman tree, exact
//     top-k search) and negative sampling are fastText's, with float32 sums
//     in fastText's order, so predictions on the same model file agree with
//     `fasttext predict-prob` to float32 rounding of exp and log.
//     Probabilities are exp(log(p + 1e-5)), as fastText's.
//   - Training is fastText's SGD: the learning rate decays linearly with the
//     tokens consumed, refreshed every LRUpdateRate tokens; Thread
//     goroutines update shared matrices without locks (Hogwild); the random
//     generators are std::minstd_rand with libstdc++'s distributions, seeded
//     as fastText seeds them, including its matrix-init quirk (blocks of a
//     tenth of the matrix, only the first Thread of them random).
//   - Model files: version 12 (and 11) .bin written and read field by
//     field; quantized .ftz files (product quantization, optional norm
//     quantization and quantized output, pruned dictionaries) are read.
//
// # Where it differs
//
//   - Probabilities are exp(score) computed in double and rounded to
//     float32; fastText calls glibc's expf, which is not always correctly
//     rounded, so about one printed value in ten thousand differs in the
//     sixth digit (a float32 last-bit difference, far below 1e-5).
//     Trained models do not depend on it: with Thread = 1 and the same
//     seed, Train writes the same bytes as `fasttext supervised -thread 1`
//     (tested for softmax, hs, ova, ns, word and char n-grams). This relies
//     on reproducing libstdc++'s std::sort, whose order of words with equal
//     counts decides their ids.
//   - Quantization (`fasttext quantize`) is not implemented: .ftz files are
//     read, not written. Only supervised models are handled (no cbow or
//     skipgram, no pretrained vectors, no autotune).
//   - Bucket is forced to 0 when WordNgrams <= 1 and Maxn == 0, as
//     fastText's command line does (its library API does not).
//   - Multi-threaded training is Hogwild in both, so neither is
//     reproducible with Thread > 1.
//
// # RedPajama v1
//
// BuildData writes a training set from cc_net JSON documents as
// data_prep/cc/classifier/create_corpus.py does; WikiProb and LabelProb
// compute wiki_prob from a document's raw_content as classify.py does
// (strip, splitlines, join with spaces, top-1 prediction, 1 - p when the
// top label is not the wanted one); DefaultWikiThreshold is its 0.25 cut.
package fasttext
