// Package pipeline builds ccnet's Beam graph from a Config, runs it on the
// chosen runner (Prism, embedded, by default), and finishes the run: it
// lists the inputs, writes run.json and report.html beside the report.json
// the graph writes, and removes the temporary files.
//
// The graph:
//
//	input paths ─ Reshuffle ─ ReadFile ─ LengthGate ─ WriteRuns ─┬─ GroupByKey(output) ─ Merge ─┐
//	                             └──────────┴── counts ───────────┼──────────────────────────────┴─ SumCounts ─ WriteReport
//
// Documents stay inside the first fused stage; the shuffles carry only file
// names, run names and counts, which keeps memory bounded on Prism (whose
// shuffles are in memory) and the output independent of bundling.
package pipeline
