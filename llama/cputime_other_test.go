//go:build !unix

package llama

import "time"

// cpuTime is unknown here; the per-CPU-second metric reads 0.
func cpuTime() time.Duration { return 0 }
