//go:build unix

// Package cputime reads the process's CPU time, so benchmarks can report
// per-CPU-second rates that a machine shared with other work skews less
// than wall-clock time.
package cputime

import (
	"syscall"
	"time"
)

// Used is the user + system CPU time of this process so far; ok is false
// where it cannot be read.
func Used() (d time.Duration, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
