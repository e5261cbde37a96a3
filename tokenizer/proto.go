package tokenizer

import (
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// The .model file is a serialized sentencepiece.ModelProto (proto2,
// src/sentencepiece_model.proto of sentencepiece v0.1.97). It is read and
// written with protowire, field by field; fields this package does not know
// (a newer sentencepiece's, or self_test_data) are kept as raw bytes and
// written back unchanged, so Parse followed by Marshal loses nothing.

// PieceType is ModelProto.SentencePiece.Type.
type PieceType int32

// Piece types, with sentencepiece's numbers.
const (
	Normal      PieceType = 1 // an ordinary piece
	Unknown     PieceType = 2 // <unk>
	Control     PieceType = 3 // <s>, </s>: never produced from text
	UserDefined PieceType = 4 // always matched whole in the input
	Unused      PieceType = 5 // kept in the vocabulary, never output
	Byte        PieceType = 6 // <0xXX>, for byte fallback
)

// ModelType is TrainerSpec.ModelType.
type ModelType int32

// Model types, with sentencepiece's numbers.
const (
	Unigram ModelType = 1
	BPE     ModelType = 2
	Word    ModelType = 3
	Char    ModelType = 4
)

func (t ModelType) String() string {
	switch t {
	case Unigram:
		return "unigram"
	case BPE:
		return "bpe"
	case Word:
		return "word"
	case Char:
		return "char"
	}
	return fmt.Sprintf("ModelType(%d)", int32(t))
}

// Piece is one vocabulary entry (ModelProto.SentencePiece).
type Piece struct {
	Piece string
	Score float32
	Type  PieceType
}

// TrainerSpec holds the training settings stored in a model
// (ModelProto.trainer_spec). Field names follow the proto field names; the
// zero value of an unset field is the proto default (see
// DefaultTrainerSpec). Marshal writes the optional fields that were
// present in the parsed file (all of them for a model made by Train), as
// proto2 does, and the repeated ones when not empty.
type TrainerSpec struct {
	Input                                []string  // 1
	InputFormat                          string    // 7
	ModelPrefix                          string    // 2
	ModelType                            ModelType // 3
	VocabSize                            int32     // 4
	AcceptLanguage                       []string  // 5
	SelfTestSampleSize                   int32     // 6
	EnableDifferentialPrivacy            bool      // 50
	DifferentialPrivacyNoiseLevel        float32   // 51
	DifferentialPrivacyClippingThreshold uint64    // 52
	CharacterCoverage                    float32   // 10
	InputSentenceSize                    uint64    // 11
	ShuffleInputSentence                 bool      // 19
	MiningSentenceSize                   int32     // 12
	TrainingSentenceSize                 int32     // 13
	SeedSentencepieceSize                int32     // 14
	ShrinkingFactor                      float32   // 15
	MaxSentenceLength                    int32     // 18
	NumThreads                           int32     // 16
	NumSubIterations                     int32     // 17
	MaxSentencepieceLength               int32     // 20
	SplitByUnicodeScript                 bool      // 21
	SplitByNumber                        bool      // 23
	SplitByWhitespace                    bool      // 22
	TreatWhitespaceAsSuffix              bool      // 24
	AllowWhitespaceOnlyPieces            bool      // 26
	SplitDigits                          bool      // 25
	ControlSymbols                       []string  // 30
	UserDefinedSymbols                   []string  // 31
	RequiredChars                        string    // 36
	ByteFallback                         bool      // 35
	VocabularyOutputPieceScore           bool      // 32
	HardVocabLimit                       bool      // 33
	UseAllVocab                          bool      // 34
	UnkID                                int32     // 40
	BosID                                int32     // 41
	EosID                                int32     // 42
	PadID                                int32     // 43
	UnkPiece                             string    // 45
	BosPiece                             string    // 46
	EosPiece                             string    // 47
	PadPiece                             string    // 48
	UnkSurface                           string    // 44
	TrainExtremelyLargeCorpus            bool      // 49

	present uint64 // bit n: field n was present (n < 64)
	unknown []byte // fields this package does not know, as read
}

// NormalizerSpec is ModelProto.normalizer_spec (and denormalizer_spec).
type NormalizerSpec struct {
	Name                   string // 1: "nmt_nfkc", "identity", ...
	PrecompiledCharsmap    []byte // 2: Darts double array + normalized strings
	AddDummyPrefix         bool   // 3: prepend "▁" (default true)
	RemoveExtraWhitespaces bool   // 4: strip and squeeze spaces (default true)
	EscapeWhitespaces      bool   // 5: " " -> "▁" (default true)
	NormalizationRuleTSV   string // 6

	present uint64
	unknown []byte
}

// ModelProto is a whole .model file.
type ModelProto struct {
	Pieces       []Piece
	Trainer      TrainerSpec
	Normalizer   NormalizerSpec
	Denormalizer *NormalizerSpec // nil when absent
	SelfTestData []byte          // field 4, kept raw

	hasTrainer, hasNormalizer bool
	unknown                   []byte
}

// DefaultTrainerSpec returns a TrainerSpec with the proto defaults and no
// field marked present.
func DefaultTrainerSpec() TrainerSpec {
	return TrainerSpec{
		ModelType:                  Unigram,
		VocabSize:                  8000,
		CharacterCoverage:          0.9995,
		ShuffleInputSentence:       true,
		SeedSentencepieceSize:      1000000,
		ShrinkingFactor:            0.75,
		MaxSentenceLength:          4192,
		NumThreads:                 16,
		NumSubIterations:           2,
		MaxSentencepieceLength:     16,
		SplitByUnicodeScript:       true,
		SplitByNumber:              true,
		SplitByWhitespace:          true,
		VocabularyOutputPieceScore: true,
		HardVocabLimit:             true,
		UnkID:                      0,
		BosID:                      1,
		EosID:                      2,
		PadID:                      -1,
		UnkPiece:                   "<unk>",
		BosPiece:                   "<s>",
		EosPiece:                   "</s>",
		PadPiece:                   "<pad>",
		UnkSurface:                 " \u2047 ",
	}
}

func defaultNormalizerSpec() NormalizerSpec {
	return NormalizerSpec{AddDummyPrefix: true, RemoveExtraWhitespaces: true, EscapeWhitespaces: true}
}

// Has reports whether the optional field number num of the trainer spec
// was present in the file (or set by the trainer); repeated fields are
// written when not empty.
func (t *TrainerSpec) Has(num int) bool { return num < 64 && t.present&(1<<uint(num)) != 0 }

// markAll marks every known field present, as spm_train writes them.
func (t *TrainerSpec) markAll() {
	for _, f := range trainerFields {
		if f.kind != kStrings {
			t.present |= 1 << uint(f.num)
		}
	}
}

// Has reports whether field number num of the normalizer spec was present.
func (n *NormalizerSpec) Has(num int) bool { return num < 64 && n.present&(1<<uint(num)) != 0 }

type fieldKind uint8

const (
	kString fieldKind = iota
	kStrings
	kInt32
	kUint64
	kFloat
	kBool
)

type trainerField struct {
	num  protowire.Number
	kind fieldKind
	ptr  func(*TrainerSpec) any
}

var trainerFields = []trainerField{
	{1, kStrings, func(t *TrainerSpec) any { return &t.Input }},
	{2, kString, func(t *TrainerSpec) any { return &t.ModelPrefix }},
	{3, kInt32, func(t *TrainerSpec) any { return (*int32)(&t.ModelType) }},
	{4, kInt32, func(t *TrainerSpec) any { return &t.VocabSize }},
	{5, kStrings, func(t *TrainerSpec) any { return &t.AcceptLanguage }},
	{6, kInt32, func(t *TrainerSpec) any { return &t.SelfTestSampleSize }},
	{7, kString, func(t *TrainerSpec) any { return &t.InputFormat }},
	{10, kFloat, func(t *TrainerSpec) any { return &t.CharacterCoverage }},
	{11, kUint64, func(t *TrainerSpec) any { return &t.InputSentenceSize }},
	{12, kInt32, func(t *TrainerSpec) any { return &t.MiningSentenceSize }},
	{13, kInt32, func(t *TrainerSpec) any { return &t.TrainingSentenceSize }},
	{14, kInt32, func(t *TrainerSpec) any { return &t.SeedSentencepieceSize }},
	{15, kFloat, func(t *TrainerSpec) any { return &t.ShrinkingFactor }},
	{16, kInt32, func(t *TrainerSpec) any { return &t.NumThreads }},
	{17, kInt32, func(t *TrainerSpec) any { return &t.NumSubIterations }},
	{18, kInt32, func(t *TrainerSpec) any { return &t.MaxSentenceLength }},
	{19, kBool, func(t *TrainerSpec) any { return &t.ShuffleInputSentence }},
	{20, kInt32, func(t *TrainerSpec) any { return &t.MaxSentencepieceLength }},
	{21, kBool, func(t *TrainerSpec) any { return &t.SplitByUnicodeScript }},
	{22, kBool, func(t *TrainerSpec) any { return &t.SplitByWhitespace }},
	{23, kBool, func(t *TrainerSpec) any { return &t.SplitByNumber }},
	{24, kBool, func(t *TrainerSpec) any { return &t.TreatWhitespaceAsSuffix }},
	{25, kBool, func(t *TrainerSpec) any { return &t.SplitDigits }},
	{26, kBool, func(t *TrainerSpec) any { return &t.AllowWhitespaceOnlyPieces }},
	{30, kStrings, func(t *TrainerSpec) any { return &t.ControlSymbols }},
	{31, kStrings, func(t *TrainerSpec) any { return &t.UserDefinedSymbols }},
	{32, kBool, func(t *TrainerSpec) any { return &t.VocabularyOutputPieceScore }},
	{33, kBool, func(t *TrainerSpec) any { return &t.HardVocabLimit }},
	{34, kBool, func(t *TrainerSpec) any { return &t.UseAllVocab }},
	{35, kBool, func(t *TrainerSpec) any { return &t.ByteFallback }},
	{36, kString, func(t *TrainerSpec) any { return &t.RequiredChars }},
	{40, kInt32, func(t *TrainerSpec) any { return &t.UnkID }},
	{41, kInt32, func(t *TrainerSpec) any { return &t.BosID }},
	{42, kInt32, func(t *TrainerSpec) any { return &t.EosID }},
	{43, kInt32, func(t *TrainerSpec) any { return &t.PadID }},
	{44, kString, func(t *TrainerSpec) any { return &t.UnkSurface }},
	{45, kString, func(t *TrainerSpec) any { return &t.UnkPiece }},
	{46, kString, func(t *TrainerSpec) any { return &t.BosPiece }},
	{47, kString, func(t *TrainerSpec) any { return &t.EosPiece }},
	{48, kString, func(t *TrainerSpec) any { return &t.PadPiece }},
	{49, kBool, func(t *TrainerSpec) any { return &t.TrainExtremelyLargeCorpus }},
	{50, kBool, func(t *TrainerSpec) any { return &t.EnableDifferentialPrivacy }},
	{51, kFloat, func(t *TrainerSpec) any { return &t.DifferentialPrivacyNoiseLevel }},
	{52, kUint64, func(t *TrainerSpec) any { return &t.DifferentialPrivacyClippingThreshold }},
}

var trainerFieldByNum = func() map[protowire.Number]int {
	m := make(map[protowire.Number]int, len(trainerFields))
	for i, f := range trainerFields {
		m[f.num] = i
	}
	return m
}()

// ParseError is a malformed .model file: Offset is the byte offset in the
// file of the field that could not be read, Field names it.
type ParseError struct {
	Offset int
	Field  string
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("sentencepiece model: offset %d: %s: %v", e.Offset, e.Field, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

var errTruncated = errors.New("truncated or malformed field")

// reader walks one protobuf message; base is the message's offset in the
// file, for errors.
type reader struct {
	b    []byte
	pos  int
	base int
}

// next reads a field tag and value. For length-delimited fields v is the
// payload; for varints and fixed fields n holds the value.
func (r *reader) next(where string) (num protowire.Number, typ protowire.Type, v []byte, n uint64, start int, err error) {
	start = r.pos
	num, typ, l := protowire.ConsumeTag(r.b[r.pos:])
	if l < 0 {
		return 0, 0, nil, 0, start, &ParseError{r.base + start, where, protowire.ParseError(l)}
	}
	r.pos += l
	switch typ {
	case protowire.VarintType:
		n, l = protowire.ConsumeVarint(r.b[r.pos:])
	case protowire.Fixed32Type:
		var x uint32
		x, l = protowire.ConsumeFixed32(r.b[r.pos:])
		n = uint64(x)
	case protowire.Fixed64Type:
		n, l = protowire.ConsumeFixed64(r.b[r.pos:])
	case protowire.BytesType:
		v, l = protowire.ConsumeBytes(r.b[r.pos:])
	default:
		l = protowire.ConsumeFieldValue(num, typ, r.b[r.pos:])
	}
	if l < 0 {
		return 0, 0, nil, 0, start, &ParseError{r.base + start, fmt.Sprintf("%s field %d", where, num), protowire.ParseError(l)}
	}
	r.pos += l
	return num, typ, v, n, start, nil
}

func wrongType(base, off int, where string, num protowire.Number, typ protowire.Type) error {
	return &ParseError{base + off, fmt.Sprintf("%s field %d", where, num), fmt.Errorf("unexpected wire type %d", typ)}
}

// ParseModelProto decodes a serialized ModelProto.
func ParseModelProto(b []byte) (*ModelProto, error) {
	m := &ModelProto{Trainer: DefaultTrainerSpec(), Normalizer: defaultNormalizerSpec()}
	r := reader{b: b}
	for r.pos < len(b) {
		num, typ, v, _, start, err := r.next("ModelProto")
		if err != nil {
			return nil, err
		}
		if typ != protowire.BytesType && num >= 1 && num <= 5 {
			return nil, wrongType(0, start, "ModelProto", num, typ)
		}
		off := r.pos - len(v)
		switch num {
		case 1:
			p, err := parsePiece(v, off)
			if err != nil {
				return nil, err
			}
			m.Pieces = append(m.Pieces, p)
		case 2:
			m.hasTrainer = true
			if err := parseTrainerSpec(&m.Trainer, v, off); err != nil {
				return nil, err
			}
		case 3:
			m.hasNormalizer = true
			if err := parseNormalizerSpec(&m.Normalizer, v, off, "normalizer_spec"); err != nil {
				return nil, err
			}
		case 4:
			m.SelfTestData = append(m.SelfTestData[:0:0], v...)
		case 5:
			d := defaultNormalizerSpec()
			if err := parseNormalizerSpec(&d, v, off, "denormalizer_spec"); err != nil {
				return nil, err
			}
			m.Denormalizer = &d
		default:
			m.unknown = append(m.unknown, b[start:r.pos]...)
		}
	}
	return m, nil
}

func parsePiece(b []byte, base int) (Piece, error) {
	p := Piece{Type: Normal}
	r := reader{b: b, base: base}
	for r.pos < len(b) {
		num, typ, v, n, start, err := r.next("SentencePiece")
		if err != nil {
			return p, err
		}
		switch {
		case num == 1 && typ == protowire.BytesType:
			p.Piece = string(v)
		case num == 2 && typ == protowire.Fixed32Type:
			p.Score = math.Float32frombits(uint32(n))
		case num == 3 && typ == protowire.VarintType:
			p.Type = PieceType(int32(n))
		case num <= 3:
			return p, wrongType(base, start, "SentencePiece", num, typ)
		}
	}
	return p, nil
}

func parseTrainerSpec(t *TrainerSpec, b []byte, base int) error {
	r := reader{b: b, base: base}
	for r.pos < len(b) {
		num, typ, v, n, start, err := r.next("trainer_spec")
		if err != nil {
			return err
		}
		i, ok := trainerFieldByNum[num]
		if !ok {
			t.unknown = append(t.unknown, b[start:r.pos]...)
			continue
		}
		f := trainerFields[i]
		want := protowire.VarintType
		switch f.kind {
		case kString, kStrings:
			want = protowire.BytesType
		case kFloat:
			want = protowire.Fixed32Type
		}
		if typ != want {
			return wrongType(base, start, "trainer_spec", num, typ)
		}
		if f.kind != kStrings {
			t.present |= 1 << uint(num)
		}
		switch p := f.ptr(t).(type) {
		case *string:
			*p = string(v)
		case *[]string:
			*p = append(*p, string(v))
		case *int32:
			*p = int32(n)
		case *uint64:
			*p = n
		case *float32:
			*p = math.Float32frombits(uint32(n))
		case *bool:
			*p = n != 0
		}
	}
	return nil
}

func parseNormalizerSpec(s *NormalizerSpec, b []byte, base int, where string) error {
	r := reader{b: b, base: base}
	for r.pos < len(b) {
		num, typ, v, n, start, err := r.next(where)
		if err != nil {
			return err
		}
		if num >= 1 && num <= 6 {
			want := protowire.BytesType
			if num >= 3 && num <= 5 {
				want = protowire.VarintType
			}
			if typ != want {
				return wrongType(base, start, where, num, typ)
			}
			s.present |= 1 << uint(num)
		}
		switch num {
		case 1:
			s.Name = string(v)
		case 2:
			s.PrecompiledCharsmap = append([]byte(nil), v...)
		case 3:
			s.AddDummyPrefix = n != 0
		case 4:
			s.RemoveExtraWhitespaces = n != 0
		case 5:
			s.EscapeWhitespaces = n != 0
		case 6:
			s.NormalizationRuleTSV = string(v)
		default:
			s.unknown = append(s.unknown, b[start:r.pos]...)
		}
	}
	return nil
}

// Marshal encodes the ModelProto as sentencepiece writes it: pieces, then
// trainer_spec, normalizer_spec, self_test_data, denormalizer_spec, each
// message's fields in field-number order, then any unknown fields.
func (m *ModelProto) Marshal() []byte {
	var b []byte
	for _, p := range m.Pieces {
		var pb []byte
		pb = protowire.AppendTag(pb, 1, protowire.BytesType)
		pb = protowire.AppendString(pb, p.Piece)
		pb = protowire.AppendTag(pb, 2, protowire.Fixed32Type)
		pb = protowire.AppendFixed32(pb, math.Float32bits(p.Score))
		if p.Type != Normal {
			pb = protowire.AppendTag(pb, 3, protowire.VarintType)
			pb = protowire.AppendVarint(pb, uint64(int64(p.Type)))
		}
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendBytes(b, pb)
	}
	if m.hasTrainer || m.Trainer.present != 0 || len(m.Trainer.unknown) > 0 {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, m.Trainer.marshal())
	}
	if m.hasNormalizer || m.Normalizer.present != 0 || len(m.Normalizer.unknown) > 0 {
		b = protowire.AppendTag(b, 3, protowire.BytesType)
		b = protowire.AppendBytes(b, m.Normalizer.marshal())
	}
	if m.SelfTestData != nil {
		b = protowire.AppendTag(b, 4, protowire.BytesType)
		b = protowire.AppendBytes(b, m.SelfTestData)
	}
	if m.Denormalizer != nil {
		b = protowire.AppendTag(b, 5, protowire.BytesType)
		b = protowire.AppendBytes(b, m.Denormalizer.marshal())
	}
	return append(b, m.unknown...)
}

func (t *TrainerSpec) marshal() []byte {
	var b []byte
	for _, f := range trainerFields {
		if f.kind != kStrings && !t.Has(int(f.num)) {
			continue
		}
		switch p := f.ptr(t).(type) {
		case *string:
			b = protowire.AppendTag(b, f.num, protowire.BytesType)
			b = protowire.AppendString(b, *p)
		case *[]string:
			for _, s := range *p {
				b = protowire.AppendTag(b, f.num, protowire.BytesType)
				b = protowire.AppendString(b, s)
			}
		case *int32:
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, uint64(int64(*p)))
		case *uint64:
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, *p)
		case *float32:
			b = protowire.AppendTag(b, f.num, protowire.Fixed32Type)
			b = protowire.AppendFixed32(b, math.Float32bits(*p))
		case *bool:
			b = protowire.AppendTag(b, f.num, protowire.VarintType)
			b = protowire.AppendVarint(b, protowire.EncodeBool(*p))
		}
	}
	return append(b, t.unknown...)
}

func (s *NormalizerSpec) marshal() []byte {
	var b []byte
	if s.Has(1) {
		b = protowire.AppendTag(b, 1, protowire.BytesType)
		b = protowire.AppendString(b, s.Name)
	}
	if s.Has(2) {
		b = protowire.AppendTag(b, 2, protowire.BytesType)
		b = protowire.AppendBytes(b, s.PrecompiledCharsmap)
	}
	for i, v := range []bool{s.AddDummyPrefix, s.RemoveExtraWhitespaces, s.EscapeWhitespaces} {
		if num := protowire.Number(3 + i); s.Has(int(num)) {
			b = protowire.AppendTag(b, num, protowire.VarintType)
			b = protowire.AppendVarint(b, protowire.EncodeBool(v))
		}
	}
	if s.Has(6) {
		b = protowire.AppendTag(b, 6, protowire.BytesType)
		b = protowire.AppendString(b, s.NormalizationRuleTSV)
	}
	return append(b, s.unknown...)
}
