// Package pipeline builds ccnet's Beam graph from a Config, runs it on the
// chosen runner (Prism, embedded, by default), and finishes the run: it
// lists the inputs, writes run.json and report.html beside the report.json
// the graph writes, and removes the temporary files.
//
// The graph:
//
//	input paths ─ Reshuffle ─ Read ─ LengthGate ─ Dedup/HashPass ─┬─ doc runs ─ Reshuffle ─ Dedup/Apply ─ WriteRuns ─ GroupByKey(file) ─ Merge ─ report
//	                                                              └─ hash runs ─ GroupByKey(group, partition) ─ MergeHashes ─ duplicate sets (side input of Apply)
//
// Documents never go through a shuffle: the shuffles carry file names,
// run-file names and counts. Prism's shuffles hold everything in memory
// (3 M small elements took 4.2 GB in a GroupByKey here), so memory stays
// bounded by the spill budget instead of growing with the input, and the
// output does not depend on how the runner bundles work.
//
// # Line dedup: which design, and why
//
// cc_net keeps the hashes of a whole dedup group in one in-memory hash set
// (60 + hash_in_mem GB per job) and reads every WET file twice. ccnet keeps
// cc_net's two passes but puts the set on disk:
//
//  1. The hash pass (transforms.DedupSpillFn) computes each document's line
//     hashes, buffers the document and its distinct hashes, and spills them:
//     the documents with their hashes as one zstd "doc run" per group, the
//     hashes as sorted runs per (group, hash-range partition).
//  2. Per (group, partition), MergeHashesFn k-way merges the sorted runs and
//     writes the hashes that occur twice or more — in two documents or more,
//     since a document contributes each distinct hash once — to a duplicate
//     set file: sorted uint64s, mmapped by the readers.
//  3. The apply pass (ApplyDedupFn) reads the doc runs back (not the input
//     files: extraction is not redone) and applies cc_net's
//     DuplicatesRemover to each document against the group's mmapped sets.
//
// Memory is bounded by the spill budget (--spill-bytes) in the hash pass,
// by one small decoder per run in the merges, and by the page cache for the
// duplicate sets (8 bytes per duplicate hash, never copied to the heap):
// not by the size of the group. A per-key combiner (count documents per
// hash, join the verdict back) was the other candidate; on Prism it would
// put every distinct hash of the group through an in-memory shuffle twice.
// There is no in-memory fast path, so there is one code path to test; the
// tests compare it with dedup.Reference, a plain in-memory implementation.
//
// Exact document dedup by digest (--dedup-digest, RedPajama v1) runs after
// line dedup over the whole run: a combiner keeps the first document of
// each digest in input order, and the merge that writes the output files
// leaves the later copies out. Its shuffle carries one small key per
// document.
package pipeline
