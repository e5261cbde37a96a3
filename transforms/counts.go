package transforms

import (
	"sort"
)

// Count is one count of the run's accounting (see report.Key).
type Count struct {
	Key string
	N   int64
}

// CountsAcc accumulates counts; a struct so its coder is Beam's schema coder.
type CountsAcc struct {
	M map[string]int64
}

// SumCountsFn sums all counts of the run into one map (a lifted combine:
// each bundle pre-sums its own counts).
type SumCountsFn struct{}

// CreateAccumulator starts an empty sum.
func (SumCountsFn) CreateAccumulator() CountsAcc { return CountsAcc{M: map[string]int64{}} }

// AddInput adds one count.
func (SumCountsFn) AddInput(a CountsAcc, c Count) CountsAcc {
	if a.M == nil {
		a.M = map[string]int64{}
	}
	a.M[c.Key] += c.N
	return a
}

// MergeAccumulators adds b into a.
func (SumCountsFn) MergeAccumulators(a, b CountsAcc) CountsAcc {
	if a.M == nil {
		a.M = map[string]int64{}
	}
	for k, n := range b.M {
		a.M[k] += n
	}
	return a
}

// ExtractOutput returns the counts as a list sorted by key.
func (SumCountsFn) ExtractOutput(a CountsAcc) []Count {
	out := make([]Count, 0, len(a.M))
	for k, n := range a.M {
		out = append(out, Count{Key: k, N: n})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}
