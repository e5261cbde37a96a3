package tokenizer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"
)

// Model is a loaded SentencePiece model (BPE or unigram). It is immutable
// after loading and safe for concurrent use.
type Model struct {
	proto *ModelProto

	pieces   map[string]int32 // NORMAL, USER_DEFINED and UNUSED pieces
	reserved map[string]int32 // UNKNOWN, CONTROL and BYTE pieces
	byteID   [256]int32       // id of <0xXX>, or -1

	unk, bos, eos, pad int
	byteFallback       bool
	hasUnused          bool
	unkSurface         string

	norm   *normalizer
	denorm *normalizer
	user   *prefixSet

	uni *unigramModel // unigram only
	bpe *bpeTables    // BPE only

	pool sync.Pool // *encodeState
}

// Load reads a .model file.
func Load(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Parse decodes a serialized ModelProto and prepares it for encoding.
func Parse(b []byte) (*Model, error) {
	p, err := ParseModelProto(b)
	if err != nil {
		return nil, err
	}
	return NewModel(p)
}

// NewModel checks a ModelProto as sentencepiece's ModelInterface does and
// builds the encoder. Only BPE and unigram models are supported.
func NewModel(p *ModelProto) (*Model, error) {
	t := &p.Trainer
	if t.ModelType != BPE && t.ModelType != Unigram {
		return nil, fmt.Errorf("sentencepiece model: model type %v is not supported (only bpe and unigram)", t.ModelType)
	}
	m := &Model{
		proto:        p,
		pieces:       make(map[string]int32, len(p.Pieces)),
		reserved:     make(map[string]int32),
		unk:          -1,
		byteFallback: t.ByteFallback,
		unkSurface:   " \u2047 ",
	}
	if t.Has(44) {
		m.unkSurface = t.UnkSurface
	}
	for i := range m.byteID {
		m.byteID[i] = -1
	}
	var user []string
	for i, sp := range p.Pieces {
		if sp.Piece == "" {
			return nil, fmt.Errorf("sentencepiece model: piece %d is empty", i)
		}
		normal := sp.Type == Normal || sp.Type == UserDefined || sp.Type == Unused
		dst := m.reserved
		if normal {
			dst = m.pieces
		}
		if _, dup := dst[sp.Piece]; dup {
			return nil, fmt.Errorf("sentencepiece model: piece %d %q is already defined", i, sp.Piece)
		}
		dst[sp.Piece] = int32(i)
		switch sp.Type {
		case UserDefined:
			user = append(user, sp.Piece)
		case Unused:
			m.hasUnused = true
		case Unknown:
			if m.unk >= 0 {
				return nil, fmt.Errorf("sentencepiece model: piece %d: unk is already defined", i)
			}
			m.unk = i
		case Byte:
			if !t.ByteFallback {
				return nil, fmt.Errorf("sentencepiece model: byte piece %q found although byte_fallback is false", sp.Piece)
			}
			b, ok := pieceToByte(sp.Piece)
			if !ok {
				return nil, fmt.Errorf("sentencepiece model: byte piece %q is invalid", sp.Piece)
			}
			m.byteID[b] = int32(i)
		}
	}
	if m.unk < 0 {
		return nil, errors.New("sentencepiece model: unk is not defined")
	}
	if t.ByteFallback {
		for b, id := range m.byteID {
			if id < 0 {
				return nil, fmt.Errorf("sentencepiece model: byte_fallback is true but <0x%02X> is missing", b)
			}
		}
	}
	m.user = newPrefixSet(user)
	var err error
	if m.norm, err = newNormalizer(p.Normalizer, m.user, t.TreatWhitespaceAsSuffix); err != nil {
		return nil, fmt.Errorf("sentencepiece model: normalizer_spec: %w", err)
	}
	if d := p.Denormalizer; d != nil && (len(d.PrecompiledCharsmap) > 0) {
		if m.denorm, err = newNormalizer(*d, nil, false); err != nil {
			return nil, fmt.Errorf("sentencepiece model: denormalizer_spec: %w", err)
		}
	}
	m.bos = m.specialID(t.BosPiece, "<s>", Control)
	m.eos = m.specialID(t.EosPiece, "</s>", Control)
	m.pad = m.specialID(t.PadPiece, "<pad>", Control)
	if t.ModelType == Unigram {
		m.uni = newUnigram(p)
	} else {
		m.bpe = newBPETables(m)
	}
	m.pool.New = func() any { return new(encodeState) }
	return m, nil
}

// specialID is SentencePieceProcessor::bos_id and friends: the id of the
// named piece when it is of type want, else -1.
func (m *Model) specialID(piece, def string, want PieceType) int {
	if piece == "" {
		piece = def
	}
	id := m.PieceToID(piece)
	if m.proto.Pieces[id].Type != want {
		return -1
	}
	return id
}

// byteToPiece is the byte piece of b, "<0xXX>".
func byteToPiece(b byte) string {
	const hex = "0123456789ABCDEF"
	return "<0x" + string([]byte{hex[b>>4], hex[b&15]}) + ">"
}

func pieceToByte(p string) (byte, bool) {
	if len(p) != 6 || !strings.HasPrefix(p, "<0x") || p[5] != '>' {
		return 0, false
	}
	var v byte
	for _, c := range []byte(p[3:5]) {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | (c - '0')
		case c >= 'A' && c <= 'F':
			v = v<<4 | (c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return v, true
}

// Proto returns the model's ModelProto. It must not be modified.
func (m *Model) Proto() *ModelProto { return m.proto }

// Type is the model type (BPE or Unigram).
func (m *Model) Type() ModelType { return m.proto.Trainer.ModelType }

// VocabSize is the number of pieces.
func (m *Model) VocabSize() int { return len(m.proto.Pieces) }

// UnkID is the id of the unknown piece.
func (m *Model) UnkID() int { return m.unk }

// BosID is the id of <s>, or -1 when the model has none.
func (m *Model) BosID() int { return m.bos }

// EosID is the id of </s>, or -1 when the model has none.
func (m *Model) EosID() int { return m.eos }

// PadID is the id of <pad>, or -1 when the model has none.
func (m *Model) PadID() int { return m.pad }

// PieceToID returns the id of piece, or the unknown id.
func (m *Model) PieceToID(piece string) int {
	if id, ok := m.reserved[piece]; ok {
		return int(id)
	}
	if id, ok := m.pieces[piece]; ok {
		return int(id)
	}
	return m.unk
}

// IDToPiece returns the piece of id, or "" when id is out of range.
func (m *Model) IDToPiece(id int) string {
	if id < 0 || id >= len(m.proto.Pieces) {
		return ""
	}
	return m.proto.Pieces[id].Piece
}

// Score returns the score of id (0 when out of range).
func (m *Model) Score(id int) float32 {
	if id < 0 || id >= len(m.proto.Pieces) {
		return 0
	}
	return m.proto.Pieces[id].Score
}

// PieceType returns the type of id (0 when out of range).
func (m *Model) PieceType(id int) PieceType {
	if id < 0 || id >= len(m.proto.Pieces) {
		return 0
	}
	return m.proto.Pieces[id].Type
}

// Marshal serializes the model as a .model file.
func (m *Model) Marshal() []byte { return m.proto.Marshal() }

// Write writes the .model file to w.
func (m *Model) Write(w io.Writer) error {
	_, err := w.Write(m.Marshal())
	return err
}

// Normalize returns text as the model's normalizer rewrites it before
// segmentation (spaces as "▁", dummy prefix, charsmap).
func (m *Model) Normalize(text string) string {
	return string(m.norm.normalize(nil, text))
}

// encodeState is the scratch space of one Encode call, pooled.
type encodeState struct {
	norm    []byte
	syms    []bpeSymbol
	heap    []bpePair
	segs    []segment
	best    []bestNode
	revMerg map[string][2]string
	words   map[string][]segment // BPE segmentations of recent words
}

// segment is one piece of the segmentation: bytes [start,end) of the
// normalized text and the piece id.
type segment struct {
	start, end int32
	id         int32
}

// Encode returns the ids of text.
func (m *Model) Encode(text string) []int {
	return m.AppendEncode(nil, text)
}

// AppendEncode appends the ids of text to dst, as sentencepiece's
// Encode(text, &ids) does: unknown characters become byte pieces when the
// model has byte fallback, and a run of unknown pieces is one <unk>
// otherwise.
func (m *Model) AppendEncode(dst []int, text string) []int {
	st := m.pool.Get().(*encodeState)
	norm := m.segment(st, text)
	prevUnk := false
	for _, s := range st.segs {
		isUnk := int(s.id) == m.unk
		switch {
		case isUnk && m.byteFallback:
			for _, b := range []byte(norm[s.start:s.end]) {
				dst = append(dst, int(m.byteID[b]))
			}
		case isUnk && prevUnk:
		default:
			dst = append(dst, int(s.id))
		}
		prevUnk = isUnk
	}
	m.pool.Put(st)
	return dst
}

// EncodePieces returns the pieces of text (spm_encode --output_format=piece).
func (m *Model) EncodePieces(text string) []string {
	return m.AppendEncodePieces(nil, text)
}

// AppendEncodePieces appends the pieces of text to dst. A run of unknown
// pieces is joined into one, as sentencepiece does.
func (m *Model) AppendEncodePieces(dst []string, text string) []string {
	st := m.pool.Get().(*encodeState)
	norm := m.segment(st, text)
	prevUnk := false
	for _, s := range st.segs {
		isUnk := int(s.id) == m.unk
		w := norm[s.start:s.end]
		switch {
		case isUnk && m.byteFallback:
			for _, b := range []byte(w) {
				dst = append(dst, m.proto.Pieces[m.byteID[b]].Piece)
			}
		case isUnk && prevUnk:
			dst[len(dst)-1] += w
		default:
			dst = append(dst, strings.Clone(w))
		}
		prevUnk = isUnk
	}
	m.pool.Put(st)
	return dst
}

// segment normalizes text into st.norm and fills st.segs; it returns the
// normalized text as a view of st.norm, valid until st is reused: callers
// copy what they keep.
func (m *Model) segment(st *encodeState, text string) string {
	st.norm = m.norm.normalize(st.norm[:0], text)
	st.segs = st.segs[:0]
	if len(st.norm) == 0 {
		return ""
	}
	norm := unsafe.String(&st.norm[0], len(st.norm))
	if m.uni != nil {
		m.uni.encode(m, st, norm)
	} else {
		m.encodeBPE(st, norm)
	}
	return norm
}

// Decode turns ids back into text (SentencePieceProcessor::Decode): control
// pieces vanish, <unk> becomes the unk surface (" ⁇ "), byte pieces are
// joined and decoded as UTF-8 (U+FFFD for each invalid byte), "▁" becomes a
// space and the dummy-prefix space of the first piece is dropped. Ids out
// of range are skipped.
func (m *Model) Decode(ids []int) string {
	var out []byte
	var bytesRun []byte
	bosWS := true
	seen := false
	flush := func() {
		for len(bytesRun) > 0 {
			r, l := utf8.DecodeRune(bytesRun)
			if r == utf8.RuneError && l == 1 {
				out = append(out, replacement...)
			} else {
				out = append(out, bytesRun[:l]...)
			}
			bytesRun = bytesRun[l:]
		}
	}
	spec := &m.proto.Normalizer
	for _, id := range ids {
		if id < 0 || id >= len(m.proto.Pieces) {
			continue
		}
		p := m.proto.Pieces[id]
		if p.Type == Byte {
			b, _ := pieceToByte(p.Piece)
			bytesRun = append(bytesRun, b)
			continue
		}
		flush()
		if seen || len(out) > 0 {
			bosWS = false
		}
		seen = false
		switch p.Type {
		case Control:
			continue
		case Unknown:
			out = append(out, m.unkSurface...)
			continue
		}
		piece := p.Piece
		if bosWS && (spec.AddDummyPrefix || spec.RemoveExtraWhitespaces) {
			if rest, ok := strings.CutPrefix(piece, spaceSymbol); ok {
				piece = rest
				seen = !spec.RemoveExtraWhitespaces
			}
		}
		out = appendUnescaped(out, piece)
	}
	flush()
	if m.denorm != nil {
		return string(m.denorm.normalize(nil, string(out)))
	}
	return string(out)
}

func appendUnescaped(dst []byte, s string) []byte {
	for {
		i := strings.Index(s, spaceSymbol)
		if i < 0 {
			return append(dst, s...)
		}
		dst = append(dst, s[:i]...)
		dst = append(dst, ' ')
		s = s[i+len(spaceSymbol):]
	}
}
