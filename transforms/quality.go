package transforms

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/ccnet-go/ccnet/classify/fasttext"
	"github.com/ccnet-go/ccnet/document"
	"github.com/ccnet-go/ccnet/internal/modelfile"
	"github.com/ccnet-go/ccnet/lm"
	"github.com/ccnet-go/ccnet/report"
	"github.com/ccnet-go/ccnet/tokenizer"
)

// LangModel is one language's perplexity model: cc_net's {lang}.sp.model
// and {lang}.arpa.bin.
type LangModel struct {
	SP *tokenizer.Model
	LM *lm.Model
}

// lmFileNames are the model files looked for beside {lang}.sp.model, in
// order: cc_net's name (KenLM probing binary, or ccnet's own binary, told
// apart by their magic), then ARPA.
var lmFileNames = []string{".arpa.bin", ".bin", ".arpa", ".arpa.gz"}

// FindLMs lists the languages of dir that have both a SentencePiece model
// and an n-gram model, as cc_net takes every {lang}.arpa.bin of its lm_dir,
// with the paths of their two files.
func FindLMs(dir string) (map[string][2]string, error) {
	sps, err := filepath.Glob(filepath.Join(dir, "*.sp.model"))
	if err != nil {
		return nil, err
	}
	out := map[string][2]string{}
	for _, sp := range sps {
		lang := strings.TrimSuffix(filepath.Base(sp), ".sp.model")
		for _, ext := range lmFileNames {
			p := filepath.Join(dir, lang+ext)
			if _, err := os.Stat(p); err == nil {
				out[lang] = [2]string{sp, p}
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--lm-dir %s: no language has both {lang}.sp.model and {lang}.arpa.bin (or .arpa)", dir)
	}
	return out, nil
}

// LoadLMs opens every language model of dir.
func LoadLMs(dir string) (map[string]LangModel, error) {
	files, err := FindLMs(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]LangModel{}
	for lang, f := range files {
		sp, err := tokenizer.Load(f[0])
		if err != nil {
			return nil, err
		}
		m, err := lm.Open(f[1])
		if err != nil {
			return nil, err
		}
		out[lang] = LangModel{SP: sp, LM: m}
	}
	return out, nil
}

// Tokenized is cc_net's "tokenized" field of a document: normalize() over
// the whole raw_content (which deletes its newlines), then the
// SentencePiece pieces joined by spaces.
func (m LangModel) Tokenized(rawContent string) string {
	return strings.Join(m.SP.EncodePieces(lm.Normalize(rawContent)), " ")
}

// PerplexityFn is cc_net's sp, lm and pp_bucket steps: for a document whose
// language has a model in LMDir it sets perplexity (rounded to 1 decimal)
// and the bucket from the language's cutoffs (head < p30 ≤ middle < p60 ≤
// tail); a language without a model or without cutoffs is bucket "all". A
// bucket not in Keep is dropped ("bucket-not-kept").
type PerplexityFn struct {
	LMDir   string
	Cutoffs string // cutoff.csv in cc_net's layout; "" for none
	Keep    []string

	models  map[string]LangModel
	cutoffs map[string]lm.Cutoffs
	keep    map[string]bool
	batch   []document.Document
}

// Setup loads (or shares) the models and reads the cutoffs.
func (f *PerplexityFn) Setup() error {
	models, err := shared("lm|"+f.LMDir, func() (map[string]LangModel, error) {
		dir, err := modelfile.Local(context.Background(), f.LMDir)
		if err != nil {
			return nil, fmt.Errorf("--lm-dir: %w", err)
		}
		return LoadLMs(dir)
	})
	if err != nil {
		return err
	}
	f.models = models
	f.cutoffs = map[string]lm.Cutoffs{}
	if f.Cutoffs != "" {
		local, err := modelfile.Local(context.Background(), f.Cutoffs)
		if err != nil {
			return fmt.Errorf("--lm-cutoffs: %w", err)
		}
		r, err := os.Open(local)
		if err != nil {
			return err
		}
		defer r.Close()
		if f.cutoffs, err = lm.ReadCutoffs(r); err != nil {
			return fmt.Errorf("%s: %w", f.Cutoffs, err)
		}
	}
	if len(f.Keep) > 0 {
		f.keep = map[string]bool{}
		for _, b := range f.Keep {
			f.keep[b] = true
		}
	}
	return nil
}

// ProcessElement queues one document.
func (f *PerplexityFn) ProcessElement(d document.Document, emit func(document.Document), count func(Count)) {
	f.batch = append(f.batch, d)
	if len(f.batch) >= langBatch {
		f.flush(emit, count)
	}
}

// FinishBundle scores what is queued.
func (f *PerplexityFn) FinishBundle(emit func(document.Document), count func(Count)) {
	f.flush(emit, count)
}

func (f *PerplexityFn) flush(emit func(document.Document), count func(Count)) {
	parallel(len(f.batch), func(i int) {
		d := &f.batch[i]
		d.Bucket = lm.BucketAll
		m, ok := f.models[d.Language]
		if !ok {
			return
		}
		if ppl, ok := m.LM.DocPerplexity(m.Tokenized(d.RawContent)); ok {
			d.HasPerplexity, d.Perplexity = true, ppl
			if c, ok := f.cutoffs[d.Language]; ok {
				d.Bucket = lm.Bucket(ppl, c)
			}
		}
	})
	hist := map[string]int64{}
	for i := range f.batch {
		d := &f.batch[i]
		if d.HasPerplexity {
			hist[report.HistKey(report.SeriesPerplexity+d.Language, d.Perplexity)]++
		}
		if f.keep != nil && !f.keep[d.Bucket] {
			count(Count{Key: report.Key(report.KindDrop, "bucket-not-kept", d.File), N: 1})
			continue
		}
		emit(*d)
	}
	for k, n := range hist {
		count(Count{Key: k, N: n})
	}
	f.batch = f.batch[:0]
}

// WikirefFn is the Wikipedia-reference classifier of LLaMA / RedPajama v1:
// it sets wiki_prob on the documents of Languages and drops those under
// Threshold ("wikiref-below-threshold"), or only annotates.
type WikirefFn struct {
	Model     string // fastText .bin / .ftz
	Threshold float64
	Annotate  bool
	Languages []string // empty: every language

	m     *fasttext.Model
	langs map[string]bool
	batch []document.Document
}

// Setup loads (or shares) the classifier.
func (f *WikirefFn) Setup() error {
	m, err := shared("wikiref|"+f.Model, func() (*fasttext.Model, error) {
		local, err := modelfile.Local(context.Background(), f.Model)
		if err != nil {
			return nil, fmt.Errorf("--wikiref-model: %w", err)
		}
		return fasttext.LoadFile(local)
	})
	if err != nil {
		return err
	}
	if !slices.Contains(m.Labels(), fasttext.WikiLabel) {
		labels := m.Labels()
		sort.Strings(labels)
		return fmt.Errorf("--wikiref-model %s has no %s label (labels: %v)", f.Model, fasttext.WikiLabel, labels)
	}
	f.m = m
	if len(f.Languages) > 0 {
		f.langs = map[string]bool{}
		for _, l := range f.Languages {
			f.langs[l] = true
		}
	}
	return nil
}

// ProcessElement queues one document.
func (f *WikirefFn) ProcessElement(d document.Document, emit func(document.Document), count func(Count)) {
	f.batch = append(f.batch, d)
	if len(f.batch) >= langBatch {
		f.flush(emit, count)
	}
}

// FinishBundle classifies what is queued.
func (f *WikirefFn) FinishBundle(emit func(document.Document), count func(Count)) {
	f.flush(emit, count)
}

func (f *WikirefFn) flush(emit func(document.Document), count func(Count)) {
	parallel(len(f.batch), func(i int) {
		d := &f.batch[i]
		if f.langs == nil || f.langs[d.Language] {
			d.HasWikiProb, d.WikiProb = true, f.m.WikiProb(d.RawContent)
		}
	})
	counts := map[string]int64{}
	for i := range f.batch {
		d := &f.batch[i]
		if !d.HasWikiProb {
			counts[report.Key(report.KindStat, "wikiref-other-language", "")]++
			emit(*d)
			continue
		}
		counts[report.HistKey(report.SeriesWikiProb, d.WikiProb)]++
		if !f.Annotate && d.WikiProb < f.Threshold {
			count(Count{Key: report.Key(report.KindDrop, "wikiref-below-threshold", d.File), N: 1})
			continue
		}
		emit(*d)
	}
	for k, n := range counts {
		count(Count{Key: k, N: n})
	}
	f.batch = f.batch[:0]
}
