//go:build !unix

package warc

import "time"

func cpuTime() (time.Duration, bool) { return 0, false }
