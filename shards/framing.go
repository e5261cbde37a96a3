package shards

// Framing says which tokens surround each document in a shard. A negative
// id means none. ccnet's default, LlamaFraming, is BOS + tokens + EOS: what
// Megatron's preprocess_data.py writes for Llama 2 (the tokenizer prepends
// BOS, --append-eod appends EOS) and what Code Llama's authors describe.
// Other conventions: llm.c's GPT-2 data prefixes each document with
// <|endoftext|> only ({BOS: 50256, EOS: -1}); nanoGPT appends it only
// ({BOS: -1, EOS: 50256}); llama2.c prefixes BOS only ({BOS: 1, EOS: -1}).
type Framing struct {
	BOS int // token before every document, or < 0
	EOS int // token after every document, or < 0
}

// LlamaFraming is BOS 1 + tokens + EOS 2, the LLaMA SentencePiece ids.
func LlamaFraming() Framing { return Framing{BOS: 1, EOS: 2} }

// NoFraming writes documents' tokens as they are.
func NoFraming() Framing { return Framing{BOS: -1, EOS: -1} }

// Len is the framed length of a document of n tokens.
func (f Framing) Len(n int) int {
	if f.BOS >= 0 {
		n++
	}
	if f.EOS >= 0 {
		n++
	}
	return n
}

// Append appends the framed document to dst.
func (f Framing) Append(dst, tokens []uint32) []uint32 {
	if f.BOS >= 0 {
		dst = append(dst, uint32(f.BOS))
	}
	dst = append(dst, tokens...)
	if f.EOS >= 0 {
		dst = append(dst, uint32(f.EOS))
	}
	return dst
}

// Boundary reports whether a document starts at token cur, preceded by
// prev, in a stream without an index (an llm.c shard): at every BOS when
// the framing has one, else after every EOS, else never.
func (f Framing) Boundary(prev, cur uint32) bool {
	switch {
	case f.BOS >= 0:
		return cur == uint32(f.BOS)
	case f.EOS >= 0:
		return prev == uint32(f.EOS)
	}
	return false
}
