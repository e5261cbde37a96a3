package fasttext

import (
	"bytes"
	"io"
)

// wordReader reads fastText tokens from a byte stream the way
// Dictionary::readWord does: words end at an isSpace byte, a '\n' met
// before any byte of a word is the token EOS, and a '\n' ending a word is
// left for the next call, so every line ends with EOS.
type wordReader struct {
	src      io.Reader
	buf      []byte
	pos, end int
	eof      bool
	err      error
	word     []byte
}

func newWordReader(src io.Reader) *wordReader {
	return &wordReader{src: src, buf: make([]byte, 64<<10)}
}

// reset starts reading src from its beginning.
func (w *wordReader) reset(src io.Reader) {
	w.src, w.pos, w.end, w.eof, w.err = src, 0, 0, false, nil
}

func (w *wordReader) fill() bool {
	for {
		n, err := w.src.Read(w.buf)
		w.pos, w.end = 0, n
		if err != nil && err != io.EOF {
			w.err = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// next returns the next token, valid until the following call; ok is false
// at the end of the stream (or on a read error, kept in w.err).
func (w *wordReader) next() (tok []byte, ok bool) {
	w.word = w.word[:0]
	for {
		if w.pos == w.end {
			if w.eof || !w.fill() {
				w.eof = true
				return w.word, len(w.word) > 0
			}
		}
		if len(w.word) == 0 {
			// Skip separators; a '\n' here is a token of its own.
			for w.pos < w.end && isSpace(w.buf[w.pos]) {
				c := w.buf[w.pos]
				w.pos++
				if c == '\n' {
					return eosBytes, true
				}
			}
			if w.pos == w.end {
				continue
			}
		}
		start := w.pos
		for w.pos < w.end && !isSpace(w.buf[w.pos]) {
			w.pos++
		}
		if w.pos < w.end {
			// The separator ends the word; a '\n' stays for the next call.
			if w.buf[w.pos] != '\n' {
				if len(w.word) == 0 {
					tok = w.buf[start:w.pos]
					w.pos++
					return tok, true
				}
				w.word = append(w.word, w.buf[start:w.pos]...)
				w.pos++
				return w.word, true
			}
			if len(w.word) == 0 {
				return w.buf[start:w.pos], true
			}
			w.word = append(w.word, w.buf[start:w.pos]...)
			return w.word, true
		}
		w.word = append(w.word, w.buf[start:w.pos]...)
	}
}

// isEOS reports whether tok is the EOS token (also when the text spells it).
func isEOS(tok []byte) bool { return bytes.Equal(tok, eosBytes) }
