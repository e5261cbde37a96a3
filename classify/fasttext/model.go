package fasttext

import (
	"math"
	"sync"
)

// Model is a supervised fastText model: a dictionary, an input matrix (one
// row per word then per n-gram bucket) and an output matrix (one row per
// label, or per inner node of the tree with LossHS). A Model is safe for
// concurrent use once trained or loaded.
type Model struct {
	args   Args
	dict   *Dictionary
	input  matrix
	output matrix
	// quantInput is a .ftz model's "quant" flag: its input matrix (and
	// with "qout" its output matrix) is product-quantized.
	quantInput bool
	tree       []hsNode // LossHS only
	scratch    sync.Pool
}

// Args returns the model's hyper-parameters: the ones a model file stores,
// plus, for a trained model, the ones it was trained with.
func (m *Model) Args() Args { return m.args }

// Dictionary returns the model's vocabulary.
func (m *Model) Dictionary() *Dictionary { return m.dict }

// Labels returns the labels in model order (decreasing training count).
func (m *Model) Labels() []string {
	out := make([]string, m.dict.nlabels)
	for i := range out {
		out[i] = m.dict.Label(i)
	}
	return out
}

// Quantized reports whether the model came from a quantized (.ftz) file.
func (m *Model) Quantized() bool { return m.quantInput }

// Prediction is one label with its probability.
type Prediction struct {
	Label string
	Prob  float32
}

// state is the per-call scratch of prediction (model.h Model::State).
type state struct {
	line   lineScratch
	hidden []float32
	output []float32
	heap   []scored
}

func (m *Model) getState() *state {
	if s, ok := m.scratch.Get().(*state); ok {
		return s
	}
	_, dim := m.input.size()
	out, _ := m.output.size()
	return &state{hidden: make([]float32, dim), output: make([]float32, out)}
}

// Predict returns the k most probable labels of one line of text with their
// probabilities, best first, leaving out those below threshold, as
// `fasttext predict-prob MODEL - k threshold` prints them for that line
// (k < 0 means every label). The text is tokenized as fastText reads a
// line: it ends at the first '\n', and EOS is added as the Python
// binding's predict does by appending "\n". A text with no known word and
// no n-gram gives no prediction.
func (m *Model) Predict(text string, k int, threshold float32) []Prediction {
	s := m.getState()
	defer m.scratch.Put(s)
	m.dict.lineFeatures(text, &s.line)
	m.predictIDs(s, k, threshold)
	out := make([]Prediction, len(s.heap))
	for i, p := range s.heap {
		out[i] = Prediction{Label: m.dict.Label(int(p.label)), Prob: expf(p.score)}
	}
	return out
}

// predictIDs fills s.heap with the k best (log-probability, label) pairs of
// s.line.words, best first (FastText::predict, Model::predict, and the
// loss's predict).
func (m *Model) predictIDs(s *state, k int, threshold float32) {
	s.heap = s.heap[:0]
	if len(s.line.words) == 0 {
		return
	}
	if k < 0 || k > int(m.dict.nlabels) {
		k = int(m.dict.nlabels)
	}
	if k == 0 {
		return
	}
	m.computeHidden(s.line.words, s.hidden)
	switch m.args.Loss {
	case LossHS:
		osz := int32(len(m.tree)+1) / 2
		m.dfs(k, threshold, 2*osz-2, 0, s)
	case LossSoftmax:
		m.softmaxOutput(s)
		s.heap = findKBest(s.heap, k, threshold, s.output)
	default: // LossOVA, LossNS: a sigmoid per label
		for i := range s.output[:m.dict.nlabels] {
			s.output[i] = sigmoid(m.output.dotRow(s.hidden, int32(i)))
		}
		s.heap = findKBest(s.heap, k, threshold, s.output[:m.dict.nlabels])
	}
	sortHeap(s.heap, before)
}

// computeHidden averages the input rows of ids into hidden: a float32 sum
// in id order, then times float32(1/n) (Model::computeHidden).
func (m *Model) computeHidden(ids []int32, hidden []float32) {
	clear(hidden)
	for _, id := range ids {
		m.input.addRowTo(hidden, id)
	}
	scale(hidden, float32(1.0/float64(len(ids))))
}

// softmaxOutput sets s.output to the softmax of the output rows' scores
// (SoftmaxLoss::computeOutput: max, exp in double rounded to float32, a
// float32 sum, a float32 division).
func (m *Model) softmaxOutput(s *state) {
	out := s.output
	for i := range out {
		out[i] = m.output.dotRow(s.hidden, int32(i))
	}
	softmax(out)
}

// stdLog is loss.cc std_log: log(x + 1e-5) in double, rounded to float32.
func stdLog(x float32) float32 {
	return float32(math.Log(float64(x) + 1e-5))
}

// expf is std::exp on a float, as predictLine turns log-probabilities back
// into probabilities.
func expf(x float32) float32 {
	return float32(math.Exp(float64(x)))
}

// findKBest keeps the k best std_log(output[i]) not below threshold, in
// heap order (Loss::findKBest).
func findKBest(heap []scored, k int, threshold float32, output []float32) []scored {
	for i, v := range output {
		if v < threshold {
			continue
		}
		l := stdLog(v)
		if len(heap) == k && l < heap[0].score {
			continue
		}
		heap = pushHeap(heap, scored{l, int32(i)}, before)
		if len(heap) > k {
			heap = popHeap(heap, before)
		}
	}
	return heap
}

// The sigmoid table of loss.cc: 513 values over [-8, 8].
const (
	sigmoidTableSize = 512
	maxSigmoid       = 8
)

var sigmoidTable = func() [sigmoidTableSize + 1]float32 {
	var t [sigmoidTableSize + 1]float32
	for i := range t {
		x := float32(i*2*maxSigmoid)/sigmoidTableSize - maxSigmoid
		t[i] = float32(1.0 / (1.0 + float64(expf(-x))))
	}
	return t
}()

// sigmoid is Loss::sigmoid: a lookup in the table, 0 below -8, 1 above 8.
func sigmoid(x float32) float32 {
	switch {
	case x < -maxSigmoid:
		return 0
	case x > maxSigmoid:
		return 1
	}
	return sigmoidTable[int64((x+maxSigmoid)*sigmoidTableSize/maxSigmoid/2)]
}

// softmax turns scores into probabilities in place, as fastText's
// computeOutputSoftmax does: subtract the maximum, exp in double precision
// stored as float, normalize by the float32 sum.
func softmax(out []float32) {
	mx := out[0]
	for _, v := range out {
		mx = max(v, mx)
	}
	var z float32
	for i, v := range out {
		out[i] = float32(math.Exp(float64(v - mx)))
		z += out[i]
	}
	for i := range out {
		out[i] /= z
	}
}
