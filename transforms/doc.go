// Package transforms holds the pipeline's Beam DoFns: thin adapters that
// call the Beam-free packages (ingest, document, report) and carry their
// outcomes as data.
//
// Every record's outcome travels as a Count element, never as a runner
// metric, so the report is built from the data and is exact even when a
// runner retries bundles. Documents never go through a shuffle: they are
// read, gated and written within one fused stage (Prism's shuffles hold
// everything in memory), and only small elements — file names, counts, the
// names of sorted run files — cross stage boundaries.
package transforms
