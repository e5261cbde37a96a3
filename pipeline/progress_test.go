package pipeline

import (
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/options/jobopts"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners"
)

// Progress counts files and records only where the workers run in this
// process; elsewhere the counters would stay at zero, so it says so.
func TestWorkersInProcess(t *testing.T) {
	defer func(r, env string) { *runners.Runner, *jobopts.EnvironmentType = r, env }(*runners.Runner, *jobopts.EnvironmentType)
	for _, c := range []struct {
		runner, env string
		want        bool
	}{
		{"", "", true},
		{"prism", "", true},
		{"universal", "LOOPBACK", true},
		{"flink", "loopback", true},
		{"flink", "DOCKER", false},
		{"universal", "PROCESS", false},
		{"dataflow", "", false},
		{"dataflow", "LOOPBACK", false},
	} {
		*runners.Runner, *jobopts.EnvironmentType = c.runner, c.env
		if got := workersInProcess(); got != c.want {
			t.Errorf("runner %q environment %q: workersInProcess %v, want %v", c.runner, c.env, got, c.want)
		}
	}
}
