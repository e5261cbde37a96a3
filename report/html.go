package report

import (
	"bytes"
	"html/template"
	"sort"
)

// Run is what report.html shows about the run besides the counts; it comes
// from run.json.
type Run struct {
	Version     string
	Runner      string
	Started     string
	Seconds     float64
	Inputs      int
	Output      string
	RecordsPerS float64
}

type bar struct {
	Label string
	Value int64
	Width float64 // percent of the chart width
	Note  string
}

type htmlData struct {
	R       *Report
	Run     Run
	Dropped int64
	Funnel  []bar
	Reasons []bar
	Outputs []bar
	Lines   []bar
	Charts  []histChart
}

func bars(items map[string]int64, max int64, notes map[string]string) []bar {
	var out []bar
	for k, v := range items {
		out = append(out, bar{Label: k, Value: v, Note: notes[k]})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Value != out[j].Value {
			return out[i].Value > out[j].Value
		}
		return out[i].Label < out[j].Label
	})
	for i := range out {
		if max > 0 {
			out[i].Width = 100 * float64(out[i].Value) / float64(max)
		}
	}
	return out
}

// HTML renders report.html: one self-contained page (inline CSS and SVG,
// no scripts, nothing fetched) with the funnel, the drops by reason, the
// outputs and the per-file table.
func (r *Report) HTML(run Run) ([]byte, error) {
	d := htmlData{R: r, Run: run}
	for _, n := range r.Dropped {
		d.Dropped += n
	}
	max := r.Read
	d.Funnel = append(d.Funnel, bar{Label: "records read", Value: r.Read, Width: 100})
	for _, st := range r.Stages {
		w := 0.0
		if max > 0 {
			w = 100 * float64(st.Out) / float64(max)
		}
		d.Funnel = append(d.Funnel, bar{Label: "after " + st.Name, Value: st.Out, Width: w})
	}
	notes := map[string]string{}
	for _, reason := range Reasons {
		notes[reason.Name] = reason.Stage + ": " + reason.Doc
	}
	var maxDrop int64
	for _, n := range r.Dropped {
		maxDrop = max64(maxDrop, n)
	}
	d.Reasons = bars(r.Dropped, maxDrop, notes)
	d.Outputs = bars(r.Outputs, r.Kept, nil)
	var maxLines int64
	for _, n := range r.LinesDropped {
		maxLines = max64(maxLines, n)
	}
	d.Lines = bars(r.LinesDropped, maxLines, nil)
	for _, h := range r.Histograms {
		d.Charts = append(d.Charts, chartOf(h))
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(a, b int64) float64 {
		if b == 0 {
			return 0
		}
		return 100 * float64(a) / float64(b)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>ccnet report</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
.cards{display:flex;gap:1em;flex-wrap:wrap}.card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
.card b{display:block;font-size:1.5em}.ok{color:#137333}.bad{color:#b3261e}
table{border-collapse:collapse;width:100%}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.chart{width:100%}.chart td.bar{width:55%}.chart svg{display:block}
.muted{color:#666;font-size:.9em}
</style></head><body>
<h1>ccnet run report</h1>
<p class="muted">ccnet {{.Run.Version}} · runner {{.Run.Runner}} · started {{.Run.Started}} · {{printf "%.1f" .Run.Seconds}} s · {{.Run.Inputs}} input files · output {{.Run.Output}}</p>
<div class="cards">
<div class="card">records read<b>{{.R.Read}}</b></div>
<div class="card">documents kept<b>{{.R.Kept}}</b>{{printf "%.1f" (pct .R.Kept .R.Read)}}%</div>
<div class="card">dropped<b>{{.Dropped}}</b>{{printf "%.1f" (pct .Dropped .R.Read)}}%</div>
<div class="card">accounting<b class="{{if .R.Balanced}}ok{{else}}bad{{end}}">{{if .R.Balanced}}balanced{{else}}UNBALANCED{{end}}</b>read = kept + dropped</div>
<div class="card">files with errors<b class="{{if .R.FilesWithErrors}}bad{{else}}ok{{end}}">{{.R.FilesWithErrors}}</b>of {{len .R.Files}}</div>
<div class="card">throughput<b>{{printf "%.0f" .Run.RecordsPerS}}</b>records/s</div>
</div>

<h2>Funnel</h2>
<table class="chart">{{range .Funnel}}
<tr><td>{{.Label}}</td><td class="n">{{.Value}}</td><td class="bar"><svg width="100%" height="16" role="img" aria-label="{{.Label}} {{.Value}}"><rect width="{{printf "%.2f" .Width}}%" height="16" fill="#1a73e8"/></svg></td></tr>{{end}}
</table>

<h2>Dropped, by reason</h2>
{{if .Reasons}}<table class="chart">{{range .Reasons}}
<tr><td><code>{{.Label}}</code><div class="muted">{{.Note}}</div></td><td class="n">{{.Value}}</td><td class="bar"><svg width="100%" height="16" role="img" aria-label="{{.Label}} {{.Value}}"><rect width="{{printf "%.2f" .Width}}%" height="16" fill="#e8710a"/></svg></td></tr>{{end}}
</table>{{else}}<p>Nothing was dropped.</p>{{end}}

<h2>Stages</h2>
<table><tr><th>stage</th><th>in</th><th>out</th><th>dropped</th></tr>{{range .R.Stages}}
<tr><td>{{.Name}}</td><td class="n">{{.In}}</td><td class="n">{{.Out}}</td><td>{{range $k, $v := .Dropped}}<code>{{$k}}</code> {{$v}}<br>{{end}}</td></tr>{{end}}
</table>

<h2>Outputs</h2>
{{if .Outputs}}<table class="chart">{{range .Outputs}}
<tr><td><code>{{.Label}}</code></td><td class="n">{{.Value}}</td><td class="bar"><svg width="100%" height="16" role="img" aria-label="{{.Label}} {{.Value}}"><rect width="{{printf "%.2f" .Width}}%" height="16" fill="#137333"/></svg></td></tr>{{end}}
</table>{{else}}<p>No document was kept.</p>{{end}}
{{with .R.Stats}}{{if index . "dedup-lines-in"}}<h2>Line dedup</h2>
<p>{{index . "dedup-lines-removed"}} of {{index . "dedup-lines-in"}} lines removed ({{printf "%.1f" (pct (index . "dedup-lines-removed") (index . "dedup-lines-in"))}}%),
{{index . "dedup-bytes-removed"}} bytes; {{index . "dedup-duplicate-hashes"}} of {{index . "dedup-distinct-hashes"}} distinct line hashes were in two documents or more.</p>
<svg width="100%" height="18" role="img" aria-label="share of lines removed"><rect width="100%" height="18" fill="#e8eaed"/><rect width="{{printf "%.2f" (pct (index . "dedup-lines-removed") (index . "dedup-lines-in"))}}%" height="18" fill="#e8710a"/></svg>
{{end}}{{end}}
{{if .Lines}}<h2>Lines left out of documents</h2><table class="chart">{{range .Lines}}
<tr><td><code>{{.Label}}</code></td><td class="n">{{.Value}}</td><td class="bar"><svg width="100%" height="16"><rect width="{{printf "%.2f" .Width}}%" height="16" fill="#9334e6"/></svg></td></tr>{{end}}
</table>{{end}}

{{if .R.Stats}}<h2>Stage figures</h2>
<p class="muted">Counts the stages keep besides drops: dedup's lines and hashes, the deciding path of language ID,
documents the filters had no rules for (or, in annotate mode, would have dropped), documents and tokens per training shard split.</p>
<table>{{range $k, $v := .R.Stats}}<tr><td><code>{{$k}}</code></td><td class="n">{{$v}}</td></tr>{{end}}</table>{{end}}

{{if .Charts}}<h2>Score distributions</h2>
<p class="muted">Documents per bin of each score, where it was computed. For <code>wiki_prob</code> the line is the fraction of
documents a threshold at the bin's lower edge keeps (top = 100%).</p>{{range .Charts}}
<h3><code>{{.Title}}</code> <span class="muted">{{.Total}} documents</span></h3>
<svg width="620" height="185" viewBox="-10 -5 620 185" role="img" aria-label="histogram of {{.Title}}">
<rect x="0" y="0" width="600" height="160" fill="#f8f9fa"/>{{range .Columns}}
<rect x="{{printf "%.1f" .X}}" y="{{printf "%.1f" .Y}}" width="{{printf "%.1f" .W}}" height="{{printf "%.1f" .H}}" fill="#1a73e8"><title>{{.Label}}</title></rect>{{end}}
{{if .Line}}<polyline points="{{.Line}}" fill="none" stroke="#e8710a" stroke-width="2"/>{{end}}{{range .Ticks}}
<text x="{{printf "%.1f" .X}}" y="175" font-size="11" fill="#555">{{.Label}}</text>{{end}}
</svg>{{end}}{{end}}

<h2>Input files</h2>
<table><tr><th>file</th><th>bytes</th><th>read</th><th>kept</th><th>dropped</th><th>error</th></tr>{{range .R.Files}}
<tr><td>{{.Path}}</td><td class="n">{{.Bytes}}</td><td class="n">{{.Read}}</td><td class="n">{{.Kept}}</td><td>{{range $k, $v := .Dropped}}<code>{{$k}}</code> {{$v}}<br>{{end}}</td><td class="bad">{{.Error}}</td></tr>{{end}}
</table>
</body></html>
`))
