package classify

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var train = flag.Bool("train", false, "retrain nbmodel.bin.gz from the shared lingua sentences")

// TestTrainModel rebuilds the embedded first-pass model from the lingua
// sentences that are not HeldOut (run with -train; needs shared data).
func TestTrainModel(t *testing.T) {
	if !*train {
		t.Skip("run with -train to retrain nbmodel.bin.gz")
	}
	files, _ := filepath.Glob(filepath.Join(dataDir(t), "langid", "lingua-sentences-*.tsv.gz"))
	codes := Supported()
	idx := map[string]int{}
	for i, c := range codes {
		idx[c] = i
	}
	counts := make([]map[uint32]uint32, len(codes))
	for i := range counts {
		counts[i] = map[uint32]uint32{}
	}
	sentences := 0
	for _, name := range files {
		for line := range strings.Lines(readGzip(t, name)) {
			lang, text, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
			if lang == "nb" {
				lang = "no"
			}
			li, known := idx[lang]
			if !ok || !known || HeldOut(text) {
				continue
			}
			sentences++
			nbFeatures(text, func(h uint32) { counts[li][h]++ })
		}
	}
	var buf bytes.Buffer
	if err := writeNBModel(&buf, codes, counts, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := loadNBModel(buf.Bytes(), nbDenseMin); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("nbmodel.bin.gz", buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("trained on %d sentences, %d languages; model %d bytes", sentences, len(codes), buf.Len())
}
