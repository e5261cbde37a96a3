// Package tokenizer reads, writes, trains and runs SentencePiece models: the
// LLaMA-style BPE tokenizer that turns kept documents into training tokens,
// and the unigram models cc_net's language models segment text with.
//
// # What it matches
//
// sentencepiece v0.1.97 (google/sentencepiece; Debian bookworm ships it as
// package sentencepiece 0.1.97-3+b1, whose spm_train and spm_encode the
// conformance script runs):
//
//   - Files: a .model is a ModelProto (src/sentencepiece_model.proto),
//     read and written with protowire. Every field of that version is
//     typed; unknown fields (a newer version's) and self_test_data are kept
//     raw, so Parse then Marshal gives spm_train's files, and LLaMA's
//     tokenizer.model, back byte for byte.
//   - Normalization (normalizer.cc): the model's precompiled_charsmap, a
//     darts-clone double array searched for the longest prefix (nmt_nfkc's
//     and any other), user-defined symbols matched first, invalid UTF-8
//     bytes as U+FFFD, then add_dummy_prefix, remove_extra_whitespaces,
//     escape_whitespaces and treat_whitespace_as_suffix.
//   - BPE encoding (bpe_model.cc): characters merged by a priority queue of
//     adjacent pairs, highest score first, leftmost on ties; UNUSED pieces
//     split back. Unigram encoding (unigram_model.cc EncodeOptimized):
//     Viterbi with its float rounding and tie rules, unknown characters at
//     min_score-10, user-defined pieces favoured.
//   - Ids (sentencepiece_processor.cc): with byte_fallback an unknown
//     piece becomes its UTF-8 bytes <0xXX>; without it a run of unknown
//     pieces is one <unk>. Decode drops control pieces, prints unk_surface
//     for <unk>, decodes byte runs as UTF-8 (U+FFFD per invalid byte),
//     turns "▁" into spaces and drops the dummy-prefix space. So with
//     LLaMA's tokenizer Decode(Encode(s)) == s for valid UTF-8 without
//     U+2581 (which reads back as a space).
//   - BPE training (trainer_interface.cc, bpe_model_trainer.cc): input
//     lines as spm_train reads them, character coverage, meta pieces and
//     their ids, whitespace splitting, every IsValidSentencePiece rule
//     (scripts, digits, whitespace-only pieces, length), and the merge loop
//     with its lazily cached frequencies and its "active symbols" shortcut,
//     down to the quirks that decide which pieces win (see bpetrain.go).
//     DefaultTrainOptions are LLaMA's settings (shared reference
//     llama-and-shards.md §4).
//
// Tested: golden ids and pieces from spm_encode for a LLaMA-style BPE
// model and an nmt_nfkc unigram model trained by spm_train on text written
// for the tests (testdata/README), spm_train's pieces reproduced exactly by
// Train on the same text, hand-written models, round trips of random and
// adversarial text, and fuzzing of the parser and of the round trip.
// conformance/tokenizer/run.sh repeats the comparisons on the shared text
// and with LLaMA's own tokenizer.model.
//
// # Where it differs
//
//   - Only BPE models are trained (Train rejects the other types). The
//     language-model tokenizers for new languages are trained as BPE here,
//     unless an spm model (such as cc_net's unigram {lang}.sp.model) is
//     supplied; both kinds are loaded and encoded.
//   - When the input has more lines than InputSentenceSize, the sample is
//     drawn with this package's seeded generator, not libstdc++'s, so it
//     is a different sample.
//   - Two choices the C++ leaves to hash-map and pointer order are made
//     deterministic here: which candidates of equal frequency enter the
//     active set at its cut (the older), and which of two candidates with
//     the same string, frequency and length wins (the older). Both can
//     change a piece only when counts tie exactly at those points; on the
//     shared text the vocabularies were identical.
//   - split_by_unicode_script uses Go's Unicode tables (Unicode 15);
//     sentencepiece has its own older table, so characters assigned since
//     then may be grouped differently.
//   - Not provided: BPE-dropout and unigram sampling, n-best, the
//     --extra_options of spm_encode (add BOS/EOS ids yourself), and decoding
//     from pieces.
//
// # Speed
//
// Encoding is allocation-free per call (scratch space in a sync.Pool) and
// a Model is safe for concurrent use. For BPE models where no piece can
// span two words (true of every model trained with split_by_whitespace,
// checked at load), each word is segmented on its own and the result kept
// in a bounded per-state cache; pair lookups go through a table of piece
// id pairs instead of hashing strings.
package tokenizer
