//go:build !unix

package filters

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
