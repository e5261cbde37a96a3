//go:build unix

package lm

import (
	"syscall"
	"time"
)

// qryCPUTime is the process's user+system CPU time: benchmarks report
// per-CPU-second rates with it, which a machine shared with other work
// does not skew the way wall time is skewed.
func qryCPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
