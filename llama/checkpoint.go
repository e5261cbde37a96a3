package llama

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
)

// A checkpoint is everything a run needs to continue bit for bit:
//
//	"CCNETLM1"                 8 bytes
//	header length              uint32 little-endian
//	header                     JSON: training config (model shape
//	                           included), step, data RNG state, count
//	parameters, Adam m, Adam v float32 little-endian, count each
const checkpointMagic = "CCNETLM1"

type checkpointHeader struct {
	Config TrainConfig `json:"config"`
	Step   int         `json:"step"`
	RNG    []byte      `json:"rng"` // PCG state, MarshalBinary
	Params int         `json:"params"`
}

// Save writes the trainer's state to path (through a temporary file, so
// an interrupted save leaves the previous checkpoint).
func (t *Trainer) Save(path string) error {
	rng, err := t.pcg.MarshalBinary()
	if err != nil {
		return err
	}
	hdr, err := json.Marshal(checkpointHeader{Config: t.Config, Step: t.Step, RNG: rng, Params: len(t.Model.Params)})
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(checkpointMagic)
	binary.Write(w, binary.LittleEndian, uint32(len(hdr)))
	w.Write(hdr)
	for _, s := range [][]float32{t.Model.Params, t.Opt.M, t.Opt.V} {
		writeFloats(w, s)
	}
	err = w.Flush()
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("llama: writing checkpoint %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

func writeFloats(w io.Writer, s []float32) error {
	buf := make([]byte, 4*4096)
	for len(s) > 0 {
		n := min(len(s), 4096)
		for i, v := range s[:n] {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		if _, err := w.Write(buf[:4*n]); err != nil {
			return err
		}
		s = s[n:]
	}
	return nil
}

func readFloats(r io.Reader, s []float32) error {
	buf := make([]byte, 4*4096)
	for len(s) > 0 {
		n := min(len(s), 4096)
		if _, err := io.ReadFull(r, buf[:4*n]); err != nil {
			return err
		}
		for i := range s[:n] {
			s[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
		}
		s = s[n:]
	}
	return nil
}

// LoadCheckpoint restores a trainer saved by Save. data, when not empty,
// replaces the shard directory recorded in the checkpoint.
func LoadCheckpoint(path, data string) (*Trainer, error) { return loadCheckpoint(path, data, true) }

func loadCheckpoint(path, data string, openData bool) (*Trainer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<20)
	var magic [8]byte
	var n uint32
	if _, err := io.ReadFull(r, magic[:]); err != nil || string(magic[:]) != checkpointMagic {
		return nil, fmt.Errorf("llama: %s: offset 0: not a ccnet checkpoint (magic %q)", path, magic[:])
	}
	if err := binary.Read(r, binary.LittleEndian, &n); err != nil {
		return nil, fmt.Errorf("llama: %s: offset 8: header length: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if int64(n) > st.Size()-12 {
		return nil, fmt.Errorf("llama: %s: offset 8: header length %d past the end of the %d-byte file", path, n, st.Size())
	}
	hdr := make([]byte, n)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("llama: %s: offset 12: header: %w", path, err)
	}
	var h checkpointHeader
	if err := json.Unmarshal(hdr, &h); err != nil {
		return nil, fmt.Errorf("llama: %s: offset 12: header: %w", path, err)
	}
	// Check the sizes before allocating what the header asks for.
	if err := h.Config.Model.Validate(); err != nil {
		return nil, fmt.Errorf("llama: %s: offset 12: header: %w", path, err)
	}
	if want := 12 + int64(n) + 12*int64(h.Params); h.Params <= 0 || st.Size() != want || int64(h.Params) != h.Config.Model.NumParams() {
		return nil, fmt.Errorf("llama: %s: offset 12: %d parameters (config: %d) need a %d-byte file, have %d", path, h.Params, h.Config.Model.NumParams(), want, st.Size())
	}
	cfg := h.Config
	cfg.Preset = ""
	if data != "" {
		cfg.Data = data
	}
	if !openData {
		cfg.Data = ""
	}
	t, err := NewTrainer(cfg)
	if err != nil {
		return nil, err
	}
	t.Config.Preset = h.Config.Preset
	if len(t.Model.Params) != h.Params {
		t.Close()
		return nil, fmt.Errorf("llama: %s: header says %d parameters, the config has %d", path, h.Params, len(t.Model.Params))
	}
	for i, s := range [][]float32{t.Model.Params, t.Opt.M, t.Opt.V} {
		if err := readFloats(r, s); err != nil {
			t.Close()
			return nil, fmt.Errorf("llama: %s: offset %d: tensor block %d: %w", path, 12+int(n)+4*i*h.Params, i, err)
		}
	}
	if err := t.pcg.UnmarshalBinary(h.RNG); err != nil {
		t.Close()
		return nil, fmt.Errorf("llama: %s: rng state: %w", path, err)
	}
	t.rng = rand.New(t.pcg)
	t.Step = h.Step
	return t, nil
}
