package llama

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/ccnet-go/ccnet/shards"
)

// TrainConfig is one training run. The zero value of a field means the
// default in DefaultTrainConfig.
type TrainConfig struct {
	Data   string // OUT/shards
	Lang   string // "" = every language
	Format string // "megatron", "llmc", "" = Megatron when present

	Preset string // a Presets name; Model is used when empty
	Model  Config
	Vocab  int // when set, replaces the preset's or Model's vocabulary size (the tokenizer's)

	Batch     int // rows per micro-batch
	SeqLen    int // tokens per row (≤ the context length)
	GradAccum int // micro-batches per optimizer step
	Steps     int // optimizer steps

	LR          float64 // peak learning rate
	Warmup      int     // warmup steps
	FinalLRFrac float64 // final / peak learning rate (LLaMA: 0.1)
	WeightDecay float64
	Clip        float64 // global gradient norm limit (LLaMA: 1.0)
	Seed        uint64

	EvalEvery   int // steps between validation losses; 0 = only at the end
	EvalBatches int // validation batches

	Out       string // checkpoint directory ("" = no checkpoint)
	SaveEvery int    // steps between checkpoints; 0 = only at the end
	Resume    bool   // continue from Out/CheckpointName when it exists
}

// CheckpointName is the checkpoint file Train writes in TrainConfig.Out.
const CheckpointName = "model.ckpt"

// DefaultTrainConfig is llama2.c's stories15M recipe at CPU scale with
// LLaMA's optimizer: batch 8 × 256, lr 5e-4, 10% warmup, cosine to 10%,
// AdamW weight decay 0.1, clip 1.0.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{Preset: "stories15M", Batch: 8, SeqLen: 256, GradAccum: 1, Steps: 100,
		LR: 5e-4, FinalLRFrac: 0.1, WeightDecay: 0.1, Clip: 1, Seed: 1337, EvalBatches: 4}
}

func (c TrainConfig) withDefaults() (TrainConfig, error) {
	d := DefaultTrainConfig()
	if c.Preset == "" && c.Model.Dim == 0 {
		c.Preset = d.Preset
	}
	if c.Preset != "" {
		m, err := Preset(c.Preset)
		if err != nil {
			return c, err
		}
		c.Model = m
	}
	if c.Vocab != 0 {
		c.Model.Vocab = c.Vocab
	}
	set := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setf := func(v *float64, def float64) {
		if *v == 0 {
			*v = def
		}
	}
	set(&c.Batch, d.Batch)
	set(&c.SeqLen, min(d.SeqLen, c.Model.ContextLen))
	set(&c.GradAccum, d.GradAccum)
	set(&c.Steps, d.Steps)
	set(&c.EvalBatches, d.EvalBatches)
	setf(&c.LR, d.LR)
	setf(&c.FinalLRFrac, d.FinalLRFrac)
	setf(&c.WeightDecay, d.WeightDecay)
	setf(&c.Clip, d.Clip)
	if c.Warmup == 0 {
		c.Warmup = max(c.Steps/10, 1)
	}
	if c.Seed == 0 {
		c.Seed = d.Seed
	}
	if c.SeqLen > c.Model.ContextLen {
		return c, fmt.Errorf("llama: sequence length %d exceeds the context length %d", c.SeqLen, c.Model.ContextLen)
	}
	return c, c.Model.Validate()
}

// Trainer holds a float32 model, its optimizer and its data stream.
type Trainer struct {
	Config TrainConfig
	Model  *Model[float32]
	Opt    *AdamW[float32]
	Step   int // optimizer steps done

	train, valid *Dataset
	pcg          *rand.PCG
	rng          *rand.Rand
}

// StepStats describes one optimizer step.
type StepStats struct {
	Step     int
	Loss     float64 // mean over the accumulated micro-batches
	LR       float64
	GradNorm float64 // before clipping
	Duration time.Duration
	Tokens   int
}

// NewTrainer opens the training and validation shards and initialises a
// model from the seed.
func NewTrainer(cfg TrainConfig) (*Trainer, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	m, err := NewModel[float32](cfg.Model, cfg.Seed)
	if err != nil {
		return nil, err
	}
	t := &Trainer{Config: cfg, Model: m, Opt: NewAdamW(m)}
	t.Opt.WeightDecay = cfg.WeightDecay
	t.pcg = rand.NewPCG(cfg.Seed, 0x64617461)
	t.rng = rand.New(t.pcg)
	if cfg.Data != "" {
		if err := t.open(); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *Trainer) open() error {
	var err error
	if t.train, err = OpenShards(t.Config.Data, t.Config.Lang, shards.Train, t.Config.Format); err != nil {
		return err
	}
	if v, err := OpenShards(t.Config.Data, t.Config.Lang, shards.Valid, t.train.Format); err == nil {
		t.valid = v
	}
	return nil
}

// Close releases the shards.
func (t *Trainer) Close() error {
	var err error
	if t.train != nil {
		err = t.train.Close()
	}
	if t.valid != nil {
		if e := t.valid.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Schedule is the run's learning-rate schedule.
func (t *Trainer) Schedule() Schedule {
	c := t.Config
	return Schedule{Peak: c.LR, Warmup: c.Warmup, Total: c.Steps, FinalFrac: c.FinalLRFrac}
}

// TrainStep draws GradAccum micro-batches from the training shards and
// takes one optimizer step.
func (t *Trainer) TrainStep() (StepStats, error) {
	if t.train == nil {
		return StepStats{}, errors.New("llama: trainer has no training data")
	}
	return t.StepOn(func() ([]uint32, []uint32, error) {
		return t.train.Batch(t.rng, t.Config.Batch, t.Config.SeqLen)
	})
}

// StepOn is TrainStep with micro-batches from next (b·t inputs and
// targets each).
func (t *Trainer) StepOn(next func() (inputs, targets []uint32, err error)) (StepStats, error) {
	c := t.Config
	start := time.Now()
	t.Model.ZeroGrad()
	var loss float64
	for range c.GradAccum {
		in, tg, err := next()
		if err != nil {
			return StepStats{}, err
		}
		l, err := t.Model.Forward(in, tg, c.Batch, c.SeqLen)
		if err != nil {
			return StepStats{}, err
		}
		loss += l / float64(c.GradAccum)
		if err := t.Model.Backward(1 / float64(c.GradAccum)); err != nil {
			return StepStats{}, err
		}
	}
	norm := ClipGradNorm(t.Model.Grads, c.Clip)
	lr := t.Schedule().LR(t.Step)
	t.Step++
	t.Opt.Update(t.Model.Params, t.Model.Grads, lr, t.Step)
	return StepStats{Step: t.Step, Loss: loss, LR: lr, GradNorm: norm, Duration: time.Since(start),
		Tokens: c.GradAccum * c.Batch * c.SeqLen}, nil
}

// ValidLoss is the mean loss over the first EvalBatches batches of the
// validation shards (ok false when there are none).
func (t *Trainer) ValidLoss() (loss float64, ok bool, err error) {
	if t.valid == nil {
		return 0, false, nil
	}
	c := t.Config
	ins, tgs, err := t.valid.EvalBatches(c.Batch, c.SeqLen, c.EvalBatches)
	if err != nil || len(ins) == 0 {
		return 0, false, err
	}
	for i := range ins {
		l, err := t.Model.Forward(ins[i], tgs[i], c.Batch, c.SeqLen)
		if err != nil {
			return 0, false, err
		}
		loss += l
	}
	return loss / float64(len(ins)), true, nil
}

// Train runs cfg: it resumes from cfg.Out when asked, prints one line per
// step (loss, learning rate, gradient norm, tokens/s, achieved GFLOP/s)
// and the validation loss to progress, and writes a checkpoint to cfg.Out.
// Cancelling ctx saves a checkpoint and returns ctx.Err().
func Train(ctx context.Context, cfg TrainConfig, progress io.Writer) error {
	var t *Trainer
	var err error
	ckpt := ""
	if cfg.Out != "" {
		ckpt = filepath.Join(cfg.Out, CheckpointName)
	}
	if _, statErr := os.Stat(ckpt); cfg.Resume && ckpt != "" && statErr == nil {
		t, err = LoadCheckpoint(ckpt, cfg.Data)
		if err == nil {
			t.Config.Steps = max(t.Config.Steps, cfg.Steps)
			fmt.Fprintf(progress, "resumed %s at step %d\n", ckpt, t.Step)
		}
	} else {
		t, err = NewTrainer(cfg)
	}
	if err != nil {
		return err
	}
	defer t.Close()
	if t.train == nil {
		return errors.New("llama: Train needs TrainConfig.Data, the OUT/shards directory")
	}
	c := t.Config
	flops := c.Model.FLOPsPerToken(c.SeqLen)
	fmt.Fprintf(progress, "model %d params, %d layers, dim %d, %d heads (%d kv), vocab %d; %s data, %d training tokens; batch %d×%d×%d\n",
		c.Model.NumParams(), c.Model.Layers, c.Model.Dim, c.Model.Heads, c.Model.NKV(), c.Model.Vocab, t.train.Format, t.train.Tokens(), c.GradAccum, c.Batch, c.SeqLen)
	save := func() error {
		if ckpt == "" {
			return nil
		}
		if err := os.MkdirAll(c.Out, 0o755); err != nil {
			return err
		}
		return t.Save(ckpt)
	}
	eval := func() error {
		l, ok, err := t.ValidLoss()
		if ok {
			fmt.Fprintf(progress, "step %d: valid loss %.4f\n", t.Step, l)
		}
		return err
	}
	for t.Step < c.Steps {
		if err := ctx.Err(); err != nil {
			if serr := save(); serr != nil {
				return serr
			}
			return err
		}
		s, err := t.TrainStep()
		if err != nil {
			return err
		}
		sec := s.Duration.Seconds()
		fmt.Fprintf(progress, "step %d/%d: loss %.4f lr %.2e norm %.3f (%.0f ms, %.0f tok/s, %.1f GFLOP/s)\n",
			s.Step, c.Steps, s.Loss, s.LR, s.GradNorm, sec*1e3, float64(s.Tokens)/sec, flops*float64(s.Tokens)/sec/1e9)
		if c.EvalEvery > 0 && t.Step%c.EvalEvery == 0 && t.Step < c.Steps {
			if err := eval(); err != nil {
				return err
			}
		}
		if c.SaveEvery > 0 && t.Step%c.SaveEvery == 0 {
			if err := save(); err != nil {
				return err
			}
		}
	}
	if err := eval(); err != nil {
		return err
	}
	if err := save(); err != nil {
		return err
	}
	if ckpt != "" {
		fmt.Fprintf(progress, "checkpoint %s\n", ckpt)
	}
	return nil
}
