package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// Schema is the version of report.json's layout.
const Schema = 1

// Report is the content of report.json. Every map is written with sorted
// keys, so equal counts give equal bytes.
type Report struct {
	Schema int `json:"schema"`
	// Read is the number of input records; Kept + Σ Dropped equals it when
	// Balanced is true (always, unless a stage lost a record: a bug).
	Read     int64            `json:"read"`
	Kept     int64            `json:"kept"`
	Dropped  map[string]int64 `json:"dropped"`
	Balanced bool             `json:"balanced"`
	// Stages is the funnel: records in and out of each stage.
	Stages []Stage `json:"stages"`
	// Outputs counts kept documents and their code points per output file
	// group (cc_net's {lang}_{bucket}).
	Outputs      map[string]int64 `json:"outputs"`
	OutputChars  map[string]int64 `json:"output_chars"`
	LinesDropped map[string]int64 `json:"lines_dropped"`
	InputBytes   int64            `json:"input_bytes"`
	// Stats are run-wide figures of the stages (dedup's lines and bytes
	// removed, distinct and duplicate hashes).
	Stats map[string]int64 `json:"stats"`
	// Histograms are distributions of the scores (wiki_prob, perplexity per
	// language), sorted by series name.
	Histograms []Histogram `json:"histograms"`
	// FilesWithErrors counts input files that could not be read to the end.
	FilesWithErrors int    `json:"files_with_errors"`
	Files           []File `json:"files"`
}

// Stage is one step of the funnel.
type Stage struct {
	Name    string           `json:"name"`
	In      int64            `json:"in"`
	Out     int64            `json:"out"`
	Dropped map[string]int64 `json:"dropped"`
}

// File is the accounting of one input file.
type File struct {
	Path    string           `json:"path"`
	Bytes   int64            `json:"bytes"`
	Read    int64            `json:"read"`
	Kept    int64            `json:"kept"`
	Dropped map[string]int64 `json:"dropped"`
	Error   string           `json:"error,omitempty"`
}

// Build makes the report from the run's counts (Key → value). Reasons that
// are not registered in Reasons are an error: a stage forgot to declare one.
func Build(counts map[string]int64) (*Report, error) {
	r := &Report{
		Schema: Schema, Dropped: map[string]int64{}, Outputs: map[string]int64{},
		OutputChars: map[string]int64{}, LinesDropped: map[string]int64{}, Stats: map[string]int64{},
		Histograms: []Histogram{},
	}
	files := map[string]*File{}
	file := func(path string) *File {
		f := files[path]
		if f == nil {
			f = &File{Path: path, Dropped: map[string]int64{}}
			files[path] = f
		}
		return f
	}
	for key, n := range counts {
		kind, name, path := SplitKey(key)
		switch kind {
		case KindRead:
			r.Read += n
			file(path).Read += n
		case KindDrop:
			if StageOf(name) == "" {
				return nil, fmt.Errorf("report: drop reason %q is not registered", name)
			}
			r.Dropped[name] += n
			file(path).Dropped[name] += n
		case KindKept:
			r.Kept += n
			r.Outputs[name] += n
			file(path).Kept += n
		case KindKeptChars:
			r.OutputChars[name] += n
		case KindLines:
			r.LinesDropped[name] += n
		case KindError:
			f := file(path)
			if f.Error != "" {
				f.Error += "; "
			}
			f.Error += name
		case KindStat:
			r.Stats[name] += n
		case KindHist:
			if err := r.addHist(name, n); err != nil {
				return nil, err
			}
		case KindBytes:
			r.InputBytes += n
			file(path).Bytes += n
		default:
			return nil, fmt.Errorf("report: unknown count kind %q", kind)
		}
	}
	var dropped int64
	for _, n := range r.Dropped {
		dropped += n
	}
	r.Balanced = r.Read == r.Kept+dropped
	in := r.Read
	for _, stage := range Stages {
		st := Stage{Name: stage, In: in, Dropped: map[string]int64{}}
		out := in
		for _, reason := range Reasons {
			if reason.Stage == stage && r.Dropped[reason.Name] > 0 {
				st.Dropped[reason.Name] = r.Dropped[reason.Name]
				out -= r.Dropped[reason.Name]
			}
		}
		st.Out = out
		r.Stages = append(r.Stages, st)
		in = out
	}
	for _, f := range files {
		if f.Error != "" {
			r.FilesWithErrors++
		}
		r.Files = append(r.Files, *f)
	}
	sort.Slice(r.Files, func(i, j int) bool { return r.Files[i].Path < r.Files[j].Path })
	return r, nil
}

// JSON returns report.json's bytes: indented, keys sorted, newline-terminated.
func (r *Report) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Parse reads report.json.
func Parse(data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	return &r, nil
}
