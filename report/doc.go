// Package report turns the counts a run produces into the funnel that
// report.json and report.html show: every input record once, either kept or
// dropped with a named reason, per stage, per output and per input file.
//
// Counts are keyed by Key (kind, name, file). The pipeline builds them from
// the data itself (each stage emits the outcome of every record as data), not
// from runner metrics, which may count retried bundles twice. So the report
// is deterministic: the same inputs and config give the same report.json.
//
// A reason belongs to exactly one stage; Reasons lists them in funnel order.
// Adding a stage means adding its reasons here.
package report
