package tokenizer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// TrainOptions are the settings of Train. DefaultTrainOptions returns
// LLaMA's (the trainer_spec and normalizer_spec stored in LLaMA's
// tokenizer.model). Each field names the spm_train flag it stands for.
type TrainOptions struct {
	// ModelType (--model_type): only BPE can be trained here. LLaMA: BPE.
	ModelType ModelType
	// VocabSize (--vocab_size) counts every piece: meta pieces (unk, bos,
	// eos, pad, control and user-defined symbols, 256 byte pieces), merged
	// pieces and single characters. LLaMA: 32000.
	VocabSize int
	// CharacterCoverage (--character_coverage): the most frequent
	// characters covering this share of the text become pieces; rarer ones
	// are unknown (or bytes with ByteFallback). LLaMA: 0.99995.
	CharacterCoverage float32
	// InputSentenceSize (--input_sentence_size): at most this many lines
	// are used, 0 for all. When the input has more, ShuffleInputSentence
	// picks them by reservoir sampling (seeded with Seed; the sample
	// differs from spm_train's, which uses libstdc++'s mt19937 and
	// distribution), otherwise the first lines are kept. LLaMA: 200000000.
	InputSentenceSize int
	// ShuffleInputSentence (--shuffle_input_sentence). LLaMA: true.
	ShuffleInputSentence bool
	// Seed of the reservoir sampling (no spm_train flag; spm_train's seed
	// is fixed at 12345678).
	Seed uint64
	// MaxSentenceLength (--max_sentence_length): longer lines, in bytes,
	// are skipped. LLaMA: 4192.
	MaxSentenceLength int
	// MaxSentencePieceLength (--max_sentencepiece_length), in characters.
	// LLaMA: 16.
	MaxSentencePieceLength int
	// SplitByUnicodeScript (--split_by_unicode_script): no piece mixes
	// scripts (Hiragana and Katakana count as Han). LLaMA: true.
	SplitByUnicodeScript bool
	// SplitByNumber (--split_by_number): digits are a script of their own.
	// LLaMA: true.
	SplitByNumber bool
	// SplitByWhitespace (--split_by_whitespace): pieces do not cross "▁"
	// word starts. LLaMA: true.
	SplitByWhitespace bool
	// TreatWhitespaceAsSuffix (--treat_whitespace_as_suffix). LLaMA: false.
	TreatWhitespaceAsSuffix bool
	// AllowWhitespaceOnlyPieces (--allow_whitespace_only_pieces): runs of
	// "▁" may be pieces. LLaMA: true.
	AllowWhitespaceOnlyPieces bool
	// SplitDigits (--split_digits): every digit is its own piece. LLaMA:
	// true.
	SplitDigits bool
	// ByteFallback (--byte_fallback): add <0x00>..<0xFF> so unknown
	// characters encode as their UTF-8 bytes. LLaMA: true.
	ByteFallback bool
	// ControlSymbols (--control_symbols) and UserDefinedSymbols
	// (--user_defined_symbols). LLaMA: none.
	ControlSymbols, UserDefinedSymbols []string
	// RequiredChars (--required_chars): characters always kept. LLaMA: "".
	RequiredChars string
	// Ids (--unk_id, --bos_id, --eos_id, --pad_id; -1 disables one).
	// LLaMA: 0, 1, 2, -1.
	UnkID, BosID, EosID, PadID int
	// Pieces (--unk_piece, --bos_piece, --eos_piece, --pad_piece).
	// LLaMA: "<unk>", "<s>", "</s>", "<pad>".
	UnkPiece, BosPiece, EosPiece, PadPiece string
	// UnkSurface (--unk_surface): what Decode prints for <unk>. LLaMA:
	// " ⁇ ".
	UnkSurface string
	// Normalizer (--normalization_rule_name, --add_dummy_prefix,
	// --remove_extra_whitespaces): LLaMA's is "identity" with a dummy
	// prefix and spaces kept. Any spec may be given, a charsmap included
	// (e.g. one copied from an spm_train model), and is stored in the
	// model; EscapeWhitespaces must be true.
	Normalizer NormalizerSpec
}

// DefaultTrainOptions returns LLaMA's tokenizer settings.
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		ModelType:                 BPE,
		VocabSize:                 32000,
		CharacterCoverage:         0.99995,
		InputSentenceSize:         200000000,
		ShuffleInputSentence:      true,
		MaxSentenceLength:         4192,
		MaxSentencePieceLength:    16,
		SplitByUnicodeScript:      true,
		SplitByNumber:             true,
		SplitByWhitespace:         true,
		AllowWhitespaceOnlyPieces: true,
		SplitDigits:               true,
		ByteFallback:              true,
		UnkID:                     0,
		BosID:                     1,
		EosID:                     2,
		PadID:                     -1,
		UnkPiece:                  "<unk>",
		BosPiece:                  "<s>",
		EosPiece:                  "</s>",
		PadPiece:                  "<pad>",
		UnkSurface:                " \u2047 ",
		Normalizer: NormalizerSpec{
			Name:              "identity",
			AddDummyPrefix:    true,
			EscapeWhitespaces: true,
		},
	}
}

const (
	wsChar  = '\u2581' // "▁"
	unkChar = '\u2585' // "▅": trainer_interface.cc kUNKChar
	uppChar = '\t'     // kUPPBoundaryChar: stands for meta pieces in text
)

type metaPiece struct {
	piece string
	typ   PieceType
}

// metaPieces is TrainerInterface::InitMetaPieces: unk/bos/eos/pad at their
// ids, then control symbols, user-defined symbols and byte pieces in the
// lowest free ids.
func (o *TrainOptions) metaPieces() (map[int]metaPiece, error) {
	meta := map[int]metaPiece{}
	hasUnk := false
	insertID := func(id int, w string) error {
		if id < 0 {
			return nil
		}
		if id >= o.VocabSize {
			return fmt.Errorf("tokenizer: id %d of %q is not below the vocabulary size %d", id, w, o.VocabSize)
		}
		if _, dup := meta[id]; dup || (hasUnk && w == o.UnkPiece) {
			return fmt.Errorf("tokenizer: id %d of %q is already used", id, w)
		}
		typ := Control
		if w == o.UnkPiece {
			hasUnk, typ = true, Unknown
		}
		meta[id] = metaPiece{w, typ}
		return nil
	}
	for _, e := range []struct {
		id int
		w  string
	}{{o.UnkID, o.UnkPiece}, {o.BosID, o.BosPiece}, {o.EosID, o.EosPiece}, {o.PadID, o.PadPiece}} {
		if err := insertID(e.id, e.w); err != nil {
			return nil, err
		}
	}
	if !hasUnk {
		return nil, fmt.Errorf("tokenizer: %q must be defined", o.UnkPiece)
	}
	dup := map[string]bool{}
	next := 0
	insertSymbol := func(w string, typ PieceType) error {
		if dup[w] || w == o.UnkPiece {
			return fmt.Errorf("tokenizer: symbol %q is already defined", w)
		}
		dup[w] = true
		switch {
		case w == o.BosPiece && o.BosID >= 0:
			meta[o.BosID] = metaPiece{w, typ}
		case w == o.EosPiece && o.EosID >= 0:
			meta[o.EosID] = metaPiece{w, typ}
		case w == o.PadPiece && o.PadID >= 0:
			meta[o.PadID] = metaPiece{w, typ}
		default:
			for meta[next].piece != "" {
				next++
			}
			meta[next] = metaPiece{w, typ}
		}
		return nil
	}
	for _, w := range o.ControlSymbols {
		if err := insertSymbol(w, Control); err != nil {
			return nil, err
		}
	}
	for _, w := range o.UserDefinedSymbols {
		if err := insertSymbol(w, UserDefined); err != nil {
			return nil, err
		}
	}
	if o.ByteFallback {
		for i := 0; i < 256; i++ {
			if err := insertSymbol(byteToPiece(byte(i)), Byte); err != nil {
				return nil, err
			}
		}
	}
	return meta, nil
}

func (o *TrainOptions) check() error {
	switch {
	case o.ModelType != BPE:
		return fmt.Errorf("tokenizer: only BPE models can be trained, not %v", o.ModelType)
	case o.VocabSize <= 0:
		return errors.New("tokenizer: VocabSize must be positive")
	case o.CharacterCoverage < 0.98 || o.CharacterCoverage > 1:
		return errors.New("tokenizer: CharacterCoverage must be in [0.98, 1]")
	case o.MaxSentencePieceLength < 1 || o.MaxSentencePieceLength > 512:
		return errors.New("tokenizer: MaxSentencePieceLength must be in [1, 512]")
	case o.MaxSentenceLength < 10:
		return errors.New("tokenizer: MaxSentenceLength must be at least 10")
	case o.InputSentenceSize > 0 && o.InputSentenceSize <= 100:
		return errors.New("tokenizer: InputSentenceSize must be 0 or above 100")
	case o.UnkPiece == "" || o.BosPiece == "" || o.EosPiece == "" || o.PadPiece == "":
		return errors.New("tokenizer: special pieces must not be empty")
	case !o.Normalizer.EscapeWhitespaces:
		return errors.New("tokenizer: BPE training needs Normalizer.EscapeWhitespaces")
	}
	return nil
}

// readSentences is TrainerInterface::LoadSentences' reading: lines split on
// "\n" only (as std::getline), empty lines, lines longer than
// MaxSentenceLength bytes and lines holding "▅" skipped, then sampled.
func (o *TrainOptions) readSentences(ctx context.Context, r io.Reader) ([]string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var out []string
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	total := 0
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("tokenizer: reading line %d: %w", n+1, err)
		}
		eof := err == io.EOF
		line = strings.TrimSuffix(line, "\n")
		if line != "" && len(line) <= o.MaxSentenceLength && !strings.ContainsRune(line, unkChar) {
			switch {
			case o.InputSentenceSize <= 0 || len(out) < o.InputSentenceSize:
				out = append(out, line)
				total++
			case o.ShuffleInputSentence:
				total++
				if k := rng.IntN(total); k < len(out) {
					out[k] = line
				}
			default:
				eof = true
			}
		}
		if eof {
			return out, nil
		}
	}
}

// Train trains a SentencePiece BPE model on r, one sentence per line (as
// spm_train's --input), with sentencepiece v0.1.97's algorithm
// (bpe_model_trainer.cc): see the package documentation for where the
// result can differ from spm_train's.
func Train(ctx context.Context, r io.Reader, o TrainOptions) (*Model, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	meta, err := o.metaPieces()
	if err != nil {
		return nil, err
	}
	lines, err := o.readSentences(ctx, r)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, errors.New("tokenizer: no training sentence")
	}
	norm, err := newNormalizer(o.Normalizer, nil, o.TreatWhitespaceAsSuffix)
	if err != nil {
		return nil, fmt.Errorf("tokenizer: normalizer: %w", err)
	}
	var metaWords []string
	for _, p := range meta {
		metaWords = append(metaWords, p.piece)
	}
	metaSet := newPrefixSet(metaWords)

	// Normalize, replace meta pieces by a tab, count characters.
	type charCount struct {
		required bool
		count    int64
	}
	counts := map[rune]*charCount{}
	for _, c := range o.RequiredChars {
		if c == 0 {
			continue
		}
		if counts[c] == nil {
			counts[c] = &charCount{}
		}
		counts[c].required = true
	}
	var allChars int64
	var buf []byte
	sentences := lines[:0]
	for i, line := range lines {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		buf = norm.normalize(buf[:0], line)
		s := globalReplace(string(buf), metaSet)
		if s == "" {
			continue
		}
		for _, c := range s {
			if c == 0 {
				continue
			}
			cc := counts[c]
			if cc == nil {
				cc = &charCount{}
				counts[c] = cc
			}
			cc.count++
			allChars++
		}
		sentences = append(sentences, s)
	}
	if len(sentences) == 0 {
		return nil, errors.New("tokenizer: no training sentence left after normalization")
	}

	// Character coverage: the most frequent characters (required ones
	// first) until the covered share reaches CharacterCoverage.
	chars := make([]rune, 0, len(counts))
	for c := range counts {
		chars = append(chars, c)
	}
	sort.Slice(chars, func(i, j int) bool {
		a, b := counts[chars[i]], counts[chars[j]]
		if a.required != b.required {
			return a.required
		}
		if a.count != b.count {
			return a.count > b.count
		}
		return chars[i] < chars[j]
	})
	required := map[rune]int64{}
	var acc int64
	for _, c := range chars {
		coverage := float32(float64(acc) / float64(allChars))
		if coverage >= o.CharacterCoverage {
			break
		}
		acc += counts[c].count
		if c == uppChar {
			continue
		}
		required[c] = counts[c].count
	}
	if _, ok := required[unkChar]; ok {
		return nil, errors.New("tokenizer: the normalized text holds U+2585, which stands for unknown characters")
	}
	if len(required)+len(meta) > o.VocabSize {
		return nil, fmt.Errorf("tokenizer: vocabulary size %d is smaller than the %d required characters and meta pieces; raise VocabSize or lower CharacterCoverage",
			o.VocabSize, len(required)+len(meta))
	}

	// Words (split at "▁") with their counts, sorted by count then bytes.
	words := map[string]int64{}
	var rb []rune
	for _, s := range sentences {
		rb = rb[:0]
		for _, c := range s {
			if _, ok := required[c]; !ok {
				c = unkChar
			}
			rb = append(rb, c)
		}
		s = string(rb)
		if !o.SplitByWhitespace {
			words[s]++
			continue
		}
		for _, w := range splitIntoWords(s, o.TreatWhitespaceAsSuffix, o.AllowWhitespaceOnlyPieces) {
			words[w]++
		}
	}
	sentences = nil
	wordList := make([]string, 0, len(words))
	for w := range words {
		wordList = append(wordList, w)
	}
	sort.Slice(wordList, func(i, j int) bool {
		a, b := words[wordList[i]], words[wordList[j]]
		if a != b {
			return a > b
		}
		return wordList[i] < wordList[j]
	})

	t := newBPETrainer(&o, required)
	pieces, err := t.train(ctx, wordList, words, o.VocabSize-len(meta)-len(required))
	if err != nil {
		return nil, err
	}
	for _, c := range sortedChars(required) {
		pieces = append(pieces, scoredPiece{string(c), -float32(len(pieces))})
	}
	return o.buildModel(meta, pieces)
}

type scoredPiece struct {
	piece string
	score float32
}

func sortedChars(m map[rune]int64) []rune {
	cs := make([]rune, 0, len(m))
	for c := range m {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if m[cs[i]] != m[cs[j]] {
			return m[cs[i]] > m[cs[j]]
		}
		return cs[i] < cs[j]
	})
	return cs
}

// globalReplace is PrefixMatcher::GlobalReplace with a tab: every meta
// piece in s becomes "\t", so no learned piece contains one.
func globalReplace(s string, p *prefixSet) string {
	if p == nil {
		return s
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		if l := p.match(s[i:]); l > 0 {
			if !changed {
				b.WriteString(s[:i])
				changed = true
			}
			b.WriteByte(uppChar)
			i += l
			continue
		}
		l := min(oneCharLen(s[i]), len(s)-i)
		if changed {
			b.WriteString(s[i : i+l])
		}
		i += l
	}
	if !changed {
		return s
	}
	return b.String()
}

// splitIntoWords is model_interface.cc SplitIntoWords: a word starts at
// each "▁" (or ends after it, with treat_whitespace_as_suffix); with
// allow_whitespace_only_pieces a run of "▁" stays with the word it starts.
func splitIntoWords(text string, suffix, allowWSOnly bool) []string {
	var out []string
	if suffix {
		start, inWS := 0, false
		for i := 0; i < len(text); {
			l := min(oneCharLen(text[i]), len(text)-i)
			isWS := text[i:i+l] == spaceSymbol
			if isWS {
				inWS = true
			} else if inWS {
				if allowWSOnly {
					out = append(out, text[start:i])
					start = i
				}
				inWS = false
			}
			i += l
			if i < len(text) && isWS && !allowWSOnly {
				out = append(out, text[start:i])
				start = i
			}
		}
		if len(text) > 0 {
			out = append(out, text[start:])
		}
		return out
	}
	start, inWS := 0, false
	for i := 0; i < len(text); {
		l := min(oneCharLen(text[i]), len(text)-i)
		isWS := text[i:i+l] == spaceSymbol
		if i == 0 || (isWS && (!inWS || !allowWSOnly)) {
			if i > 0 {
				out = append(out, text[start:i])
			}
			start = i
			inWS = true
		}
		if inWS && !isWS {
			inWS = false
		}
		i += l
	}
	if len(text) > 0 {
		out = append(out, text[start:])
	}
	return out
}

// buildModel is TrainerInterface::Serialize: meta pieces at their ids, the
// learned pieces in order in the other ids, and the settings.
func (o *TrainOptions) buildModel(meta map[int]metaPiece, pieces []scoredPiece) (*Model, error) {
	p := &ModelProto{hasTrainer: true, hasNormalizer: true}
	seen := map[string]bool{}
	f := 0
	for id := 0; id < o.VocabSize; id++ {
		var sp Piece
		if mp, ok := meta[id]; ok {
			sp = Piece{Piece: mp.piece, Type: mp.typ}
		} else if f < len(pieces) {
			sp = Piece{Piece: pieces[f].piece, Score: pieces[f].score, Type: Normal}
			f++
		} else {
			continue
		}
		if sp.Piece == "" || !utf8.ValidString(sp.Piece) || seen[sp.Piece] {
			return nil, fmt.Errorf("tokenizer: piece %q is empty, invalid or already defined", sp.Piece)
		}
		seen[sp.Piece] = true
		p.Pieces = append(p.Pieces, sp)
	}
	if f != len(pieces) || len(p.Pieces) != o.VocabSize {
		return nil, fmt.Errorf("tokenizer: vocabulary size too high (%d): only %d pieces could be made", o.VocabSize, len(p.Pieces))
	}
	t := DefaultTrainerSpec()
	t.ModelType = o.ModelType
	t.VocabSize = int32(o.VocabSize)
	t.CharacterCoverage = o.CharacterCoverage
	t.InputSentenceSize = uint64(max(o.InputSentenceSize, 0))
	t.ShuffleInputSentence = o.ShuffleInputSentence
	t.MaxSentenceLength = int32(o.MaxSentenceLength)
	t.MaxSentencepieceLength = int32(o.MaxSentencePieceLength)
	t.SplitByUnicodeScript = o.SplitByUnicodeScript
	t.SplitByNumber = o.SplitByNumber
	t.SplitByWhitespace = o.SplitByWhitespace
	t.TreatWhitespaceAsSuffix = o.TreatWhitespaceAsSuffix
	t.AllowWhitespaceOnlyPieces = o.AllowWhitespaceOnlyPieces
	t.SplitDigits = o.SplitDigits
	t.ByteFallback = o.ByteFallback
	t.ControlSymbols = slices.Clone(o.ControlSymbols)
	t.UserDefinedSymbols = slices.Clone(o.UserDefinedSymbols)
	t.RequiredChars = o.RequiredChars
	t.UnkID, t.BosID, t.EosID, t.PadID = int32(o.UnkID), int32(o.BosID), int32(o.EosID), int32(o.PadID)
	t.UnkPiece, t.BosPiece, t.EosPiece, t.PadPiece = o.UnkPiece, o.BosPiece, o.EosPiece, o.PadPiece
	t.UnkSurface = o.UnkSurface
	t.markAll()
	p.Trainer = t
	n := o.Normalizer
	n.present |= 1<<1 | 1<<2 | 1<<3 | 1<<4 | 1<<5
	p.Normalizer = n
	return NewModel(p)
}
