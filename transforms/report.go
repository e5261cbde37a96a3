package transforms

import (
	"context"

	"github.com/ccnet-go/ccnet/report"
)

// WriteReportFn writes report.json from the run's summed counts.
type WriteReportFn struct {
	OutDir string
}

// ProcessElement writes the report.
func (f *WriteReportFn) ProcessElement(ctx context.Context, counts []Count) error {
	m := make(map[string]int64, len(counts))
	for _, c := range counts {
		m[c.Key] += c.N
	}
	r, err := report.Build(m)
	if err != nil {
		return err
	}
	data, err := r.JSON()
	if err != nil {
		return err
	}
	return writeFile(ctx, f.OutDir+"/report.json", func(w writer) error {
		_, err := w.Write(data)
		return err
	})
}
