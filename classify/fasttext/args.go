package fasttext

import "fmt"

// Loss is fastText's loss_name; the values are the ones stored in a model
// file (args.h: enum class loss_name : int { hs = 1, ns, softmax, ova }).
type Loss int32

// The losses. Train supports LossSoftmax, LossHS, LossOVA and LossNS.
const (
	LossHS      Loss = 1 // hierarchical softmax over a Huffman tree of label counts
	LossNS      Loss = 2 // negative sampling
	LossSoftmax Loss = 3 // full softmax (fastText supervised's default)
	LossOVA     Loss = 4 // one-vs-all: an independent sigmoid per label
)

// String is the name fastText's -loss flag takes.
func (l Loss) String() string {
	switch l {
	case LossHS:
		return "hs"
	case LossNS:
		return "ns"
	case LossSoftmax:
		return "softmax"
	case LossOVA:
		return "ova"
	}
	return fmt.Sprintf("loss(%d)", int32(l))
}

// ParseLoss reads a -loss value as fastText does ("one-vs-all" is "ova").
func ParseLoss(s string) (Loss, error) {
	switch s {
	case "hs":
		return LossHS, nil
	case "ns":
		return LossNS, nil
	case "softmax":
		return LossSoftmax, nil
	case "ova", "one-vs-all":
		return LossOVA, nil
	}
	return 0, fmt.Errorf("fasttext: unknown loss %q", s)
}

// modelSup is fastText's model_name::sup (args.h: cbow = 1, sg, sup); the
// only kind this package trains and predicts with.
const modelSup int32 = 3

// Args are the hyper-parameters of `fasttext supervised`. The zero value is
// not useful; start from DefaultArgs. Fields marked "saved" are written in
// the model file, in fastText's order (args.cc Args::save).
type Args struct {
	Dim           int     // saved; -dim, size of the embeddings (100)
	WS            int     // saved; -ws, unused by supervised training (5)
	Epoch         int     // saved; -epoch (5)
	MinCount      int     // saved; -minCount, minimum count of a word (supervised: 1)
	MinCountLabel int     // -minCountLabel, minimum count of a label (0)
	Neg           int     // saved; -neg, negatives sampled per example with LossNS (5)
	WordNgrams    int     // saved; -wordNgrams, max length of word n-grams (1)
	Loss          Loss    // saved; -loss (supervised: softmax)
	Bucket        int     // saved; -bucket, hash buckets for word and char n-grams (2000000)
	Minn          int     // saved; -minn, min char n-gram length (supervised: 0)
	Maxn          int     // saved; -maxn, max char n-gram length (supervised: 0)
	LRUpdateRate  int     // saved; -lrUpdateRate, tokens between learning-rate updates (100)
	T             float64 // saved; -t, sampling threshold, unused by supervised training (1e-4)
	LR            float64 // -lr, initial learning rate (supervised: 0.1)
	Label         string  // -label, the label prefix ("__label__")
	Thread        int     // -thread, training goroutines (12)
	Seed          int32   // -seed, seeds the init and each thread's generator (0)
}

// DefaultArgs returns fastText 0.9.2's `fasttext supervised` defaults
// (args.cc Args::Args, then parseArgs for "supervised": softmax loss,
// minCount 1, minn = maxn = 0, lr 0.1), thread 12 included: besides the
// Hogwild scheduling, the thread count decides how much of the input matrix
// is drawn at random (see Train), and 12 draws all of it.
func DefaultArgs() Args {
	return Args{
		Dim:          100,
		WS:           5,
		Epoch:        5,
		MinCount:     1,
		Neg:          5,
		WordNgrams:   1,
		Loss:         LossSoftmax,
		Bucket:       2000000,
		LRUpdateRate: 100,
		T:            1e-4,
		LR:           0.1,
		Label:        "__label__",
		Thread:       12,
	}
}

// validate checks a before training.
func (a *Args) validate() error {
	switch {
	case a.Dim <= 0:
		return fmt.Errorf("fasttext: dim %d must be positive", a.Dim)
	case a.Epoch <= 0:
		return fmt.Errorf("fasttext: epoch %d must be positive", a.Epoch)
	case a.Thread <= 0:
		return fmt.Errorf("fasttext: thread %d must be positive", a.Thread)
	case a.LR <= 0:
		return fmt.Errorf("fasttext: lr %g must be positive", a.LR)
	case a.Bucket < 0:
		return fmt.Errorf("fasttext: bucket %d must not be negative", a.Bucket)
	case a.Maxn > 0 && a.Bucket == 0:
		return fmt.Errorf("fasttext: char n-grams (maxn %d) need bucket > 0", a.Maxn)
	case a.WordNgrams > 1 && a.Bucket == 0:
		return fmt.Errorf("fasttext: word n-grams (wordNgrams %d) need bucket > 0", a.WordNgrams)
	case a.Label == "":
		return fmt.Errorf("fasttext: empty label prefix")
	case a.Loss < LossHS || a.Loss > LossOVA:
		return fmt.Errorf("fasttext: unknown loss %d", int32(a.Loss))
	case a.Loss == LossNS && a.Neg <= 0:
		return fmt.Errorf("fasttext: neg %d must be positive with loss ns", a.Neg)
	}
	return nil
}
