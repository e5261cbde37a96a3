package fasttext

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchData is a web-sized labelled set: 1500 lines of 20..400 words drawn
// from a 20000-word vocabulary, two labels.
func benchData() []byte {
	r := rand.New(rand.NewPCG(9, 9))
	var b bytes.Buffer
	for range 1500 {
		label, off := "__label__wiki", 0
		if r.IntN(2) == 1 {
			label, off = "__label__cc", 5000
		}
		b.WriteString(label)
		for range 20 + r.IntN(380) {
			id := r.IntN(10000)
			if r.IntN(4) == 0 {
				id = 10000 + off + r.IntN(5000)
			}
			fmt.Fprintf(&b, " w%d", id)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// benchmarkTrain trains with fastText's supervised defaults (dim 100,
// epoch 5, softmax) and reports words/s per thread, fastText's
// "words/sec/thread".
func benchmarkTrain(b *testing.B, threads int, mod func(*Args)) {
	data := benchData()
	a := DefaultArgs()
	a.Thread = threads
	if mod != nil {
		mod(&a)
	}
	b.SetBytes(int64(len(data) * a.Epoch))
	var words int64
	var elapsed time.Duration
	for b.Loop() {
		start := time.Now()
		m, err := Train(bytes.NewReader(data), int64(len(data)), a)
		if err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		words += m.dict.ntokens * int64(a.Epoch)
	}
	b.ReportMetric(float64(words)/elapsed.Seconds()/float64(threads), "words/s/thread")
}

func BenchmarkTrain(b *testing.B) { benchmarkTrain(b, 1, nil) }

func BenchmarkTrain2Threads(b *testing.B) {
	if raceEnabled {
		b.Skip("Hogwild updates race by design")
	}
	benchmarkTrain(b, 2, nil)
}

func BenchmarkTrainBigrams(b *testing.B) {
	benchmarkTrain(b, 1, func(a *Args) { a.WordNgrams, a.Bucket = 2, 200000 })
}

// BenchmarkPredict is one document's wiki_prob (PrepareText, then the top
// prediction), one core.
func BenchmarkPredict(b *testing.B) {
	data := benchData()
	a := DefaultArgs()
	a.Thread, a.Epoch = 1, 1
	m := trainBytes(b, data, a)
	docs := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	texts := make([]string, len(docs))
	size := 0
	for i, d := range docs {
		texts[i] = string(d[bytes.IndexByte(d, ' ')+1:])
		size += len(texts[i])
	}
	b.SetBytes(int64(size / len(texts)))
	i := 0
	for b.Loop() {
		m.WikiProb(texts[i%len(texts)])
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

func BenchmarkPredictParallel(b *testing.B) {
	data := benchData()
	a := DefaultArgs()
	a.Thread, a.Epoch = 1, 1
	m := trainBytes(b, data, a)
	line := string(bytes.SplitN(data, []byte("\n"), 2)[0])
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.WikiProb(line)
		}
	})
}
