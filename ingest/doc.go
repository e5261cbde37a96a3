// Package ingest turns one archive file into documents: it reads WARC or WET
// records (package warc), makes a document of every conversion record (as
// cc_net parses WET) and of every text response (package extract), and
// accounts for every record it does not turn into a document with a named
// reason (package report).
//
// It is the per-file work of the pipeline's first stage, kept free of Beam
// so that the same code runs in the Beam transform and in the plain-Go
// baseline the benchmarks compare it with. Records are read in order by one
// goroutine; extraction, the expensive part, runs on a pool of workers, and
// results come back in record order, so the output does not depend on the
// number of workers. Memory is bounded by the record size cap times the
// number of records in flight, and by a byte budget for bodies in flight.
package ingest
