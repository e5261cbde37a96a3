//go:build !unix

// Package cputime reads the process's CPU time; on this system it cannot.
package cputime

import "time"

// Used returns ok false: the CPU time cannot be read here.
func Used() (d time.Duration, ok bool) { return 0, false }
