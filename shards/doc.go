// Package shards writes and reads tokenized training data in the two
// formats ccnet emits: Megatron-LM's indexed dataset (.bin + .idx) and
// llm.c's token shards (.bin with a 1 KiB header), and lays them out as
// OUT/shards/{megatron,llmc}/{lang}/{train|valid}_{NNNN}.bin(+.idx).
//
// # Megatron indexed dataset
//
// Megatron-LM megatron/core/datasets/indexed_dataset.py (NVIDIA/Megatron-LM
// d98e8a6, 2026-08; megatron-core 0.16.1 on PyPI has the same format). The
// .bin is the tokens of every sequence back to back, little-endian, no
// header. The .idx, little-endian and unaligned:
//
//	0   "MMIDIDX\x00\x00"        9 bytes
//	9   version                  uint64, 1
//	17  dtype code               uint8: 1 uint8, 2 int8, 3 int16, 4 int32,
//	                             5 int64, 6 float64, 7 float32, 8 uint16
//	18  sequence count S         uint64
//	26  document count D         uint64, entries of document_indices
//	34  sequence lengths         int32[S], in tokens
//	    sequence pointers        int64[S], byte offsets into the .bin
//	    document indices         int64[D], first sequence of each document,
//	                             from 0, ending with S
//	    sequence modes           int8[S], only in multimodal datasets
//
// Written: version 1, document mode (one sequence per document, so the
// document indices are 0..N and D = N+1), no sequence modes: what
// tools/preprocess_data.py writes for text. The dtype is the caller's;
// OptimalDType is Megatron's choice (uint16 for a vocabulary under 65,500,
// else int32), which Config uses. MergeMegatron (MegatronWriter.Append) is
// IndexedDatasetBuilder.add_index: lengths appended, document indices
// shifted, .bin bytes copied.
//
// Read: any version-1 index of an integer dtype, sentence-level datasets
// (several sequences per document) included. The sequence modes array is
// recognised by size: Megatron's reader only looks for it when told the
// dataset is multimodal, the file does not say, so exactly S bytes after
// the document indices are modes and any other trailing size is an error.
// The checks are stricter than Megatron's, which only asserts the header,
// the version and that the last document index equals S: here the arrays
// must fit the file, lengths be non-negative, pointers contiguous from 0
// (as every Megatron builder writes them) with the .bin exactly as long as
// they say, and document indices start at 0 and never decrease. So a .bin
// that opens is also a valid flat token stream. Float dtypes (codes 6, 7)
// are refused: they cannot hold token ids. A negative value in a signed
// dtype is reported when the sequence is read.
//
// # llm.c shards
//
// karpathy/llm.c dev/data/data_common.py write_datafile and
// llmc/dataloader.h (master f1e2ace and the llama3 branch): 256 int32
// little-endian, zero but header[0] magic, header[1] version, header[2]
// token count, then the tokens. Magic 20240520 with version 1 means uint16
// tokens (llm.c's GPT-2 files); 20240801 with version 7 means uint32
// (LLaMA-3). ccnet writes uint16 whenever every id fits (a vocabulary of
// at most 65,536, LLaMA's 32,000 included) and uint32 otherwise, so a
// LLaMA-2 shard carries llm.c's "gpt-2" magic: llm.c's loader uses the
// magic only to pick the token width. The reader checks what llm.c's
// loader checks: the magic, the version that goes with it, a token count
// above 0 and a file of exactly 1,024 + count × width bytes; header words
// 3..255 are ignored, as there. The count is an int32, so a shard holds at
// most 2^31-1 tokens, and llm.c cannot read an empty shard: LLMCWriter
// refuses to finish one (ErrEmpty).
//
// # Documents
//
// A document is framed as BOS + tokens + EOS by default (LlamaFraming: ids
// 1 and 2, as Megatron's Llama-2 preprocessing writes with --append-eod);
// Framing makes either side optional, e.g. llm.c's GPT-2 convention of an
// <|endoftext|> before each document. Megatron shards keep document
// boundaries in the index; llm.c shards have none, so Framing.Boundary
// splits their stream at each BOS (else after each EOS), which assumes the
// tokenizer never emits those ids inside a document (SentencePiece does
// not encode control pieces from text). Unlike llm.c's own FineWeb script,
// ccnet never splits a document across two shards.
//
// # Splits, shards and determinism
//
// SplitOf puts a document in the validation split when the top 53 bits of
// fmix64(FNV-1a-64(URL)), as a fraction of 2^53, are below ValidFraction
// (default 1%, llm.c's FineWeb-10B proportion): a pure function of the
// URL, the same on every worker. Set writes the documents of one language
// given in a fixed order (the caller sorts), starting a new shard of a
// split before a document that would take it past MaxShardTokens (default
// 1e8 tokens, llm.c's FineWeb shard size); the same input order gives
// byte-identical files. For parallel writing there are two deterministic
// ways: route each document to one of n fixed shards with ShardOf (a second
// hash of the URL) and write each shard, its documents sorted, with a
// ShardWriter; or write sorted parts and join them in a fixed order with
// MergeMegatron and MergeLLMC. Every file is written as NAME.tmp and
// renamed when whole (for Megatron the .idx last), so a retried worker
// never leaves a partial file at a final path.
//
// # Memory and speed
//
// Writers stream the token bytes through a 1 MiB buffer; a Megatron writer
// keeps 12 bytes per document (length and document index) until Close
// writes the .idx. Readers map both files read-only (syscall.Mmap; a plain
// read elsewhere) and validate the index in one pass of O(sequences). On
// the 2-vCPU VM this was written on (go test -run '^$' -bench . -benchtime
// 20x -count 3 ./shards/, about 2 MB of uint16 tokens per operation, files
// on a disk-backed /tmp, load average 7-8 from other jobs): writing
// 110-220 MB/s for one format, 65-77 MB/s for a ShardWriter writing both;
// opening, validating and reading 630-1,070 MB/s. A CPU profile of the
// writers shows most of their time in the write syscalls, not in encoding.
package shards
