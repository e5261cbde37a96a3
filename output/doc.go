// Package output writes documents as cc_net does (one JSON object per line,
// gzip, files named {lang}_{bucket}_{NNNN}.json.gz) and makes those files
// independent of how the work was split.
//
// A document's file is chosen by a hash of a stable id (its URL and digest),
// never by which worker saw it; within a file, documents are sorted by
// (input file, record offset). Workers buffer documents, sort them and spill
// sorted runs (zstd-compressed, a length-prefixed binary format of ours);
// one merge per output file then reads its runs in a k-way merge and writes
// the gzip file, with a zero header time. Memory is bounded by the spill
// budget and the number of runs merged at once, not by the input size.
package output
