package extract

import (
	"unicode"
	"unicode/utf8"
)

// lineBuilder accumulates collapsed text lines in one buffer; Lines are
// sliced out of a single string at the end (one allocation for all lines).
type lineBuilder struct {
	buf      []byte
	ends     []int // end offset in buf of each kept line
	start    int   // start of the current line in buf
	space    bool  // whitespace seen since the last written character
	overflow bool  // current line is over max; its bytes are discarded
	max      int
	dropped  int
}

// byteClass: 0 = ordinary ASCII, 1 = whitespace or control, 2 = non-ASCII.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 0x80:
			t[c] = 2
		case c <= ' ' || c == 0x7f:
			t[c] = 1
		}
	}
	return t
}()

func (lb *lineBuilder) write(p []byte) {
	if lb.overflow {
		return
	}
	if lb.space && len(lb.buf) > lb.start {
		lb.buf = append(lb.buf, ' ')
	}
	lb.space = false
	lb.buf = append(lb.buf, p...)
	if len(lb.buf)-lb.start > lb.max {
		lb.overflow = true
		lb.buf = lb.buf[:lb.start]
	}
}

// endLine closes the current line: kept if non-empty, counted if too long.
func (lb *lineBuilder) endLine() {
	if lb.overflow {
		lb.dropped++
		lb.overflow = false
	} else if len(lb.buf) > lb.start {
		lb.ends = append(lb.ends, len(lb.buf))
		lb.start = len(lb.buf)
	}
	lb.space = false
}

var replacementChar = []byte("\uFFFD")

// isSpaceRune: Unicode White_Space (incl. NBSP, U+2028/9), C1 controls,
// and the BOM / zero-width no-break space.
func isSpaceRune(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x80 && r < 0xa0) || r == 0xFEFF
}

// text appends s: runs of whitespace and control characters collapse into
// one space; with breaks set, '\n' and '\r' end the line instead. Invalid
// UTF-8 becomes U+FFFD, so the output is always valid UTF-8.
//
// The buffer and the pending-space flag live in locals during the loop: a
// store of lb.buf per append would cost a GC write barrier each time.
func (lb *lineBuilder) text(s []byte, breaks bool) {
	buf, space := lb.buf, lb.space
	for i := 0; i < len(s); {
		var p []byte
		switch byteClass[s[i]] {
		case 0:
			// A run of printable ASCII, single spaces included: it is
			// already in collapsed form and is copied in one go.
			j := i + 1
			for j < len(s) {
				if c := byteClass[s[j]]; c == 0 {
					j++
				} else if s[j] == ' ' && j+1 < len(s) && byteClass[s[j+1]] == 0 {
					j += 2
				} else {
					break
				}
			}
			p = s[i:j]
			i = j
		case 1:
			if breaks && (s[i] == '\n' || s[i] == '\r') {
				lb.buf = buf
				lb.endLine()
				buf, space = lb.buf, false
			} else {
				space = true
			}
			i++
			continue
		default:
			r, n := utf8.DecodeRune(s[i:])
			switch {
			case r == utf8.RuneError && n == 1:
				p = replacementChar
			case isSpaceRune(r):
				space = true
				i += n
				continue
			default:
				// The run of non-space multibyte runes, copied at once.
				j := i + n
				for j < len(s) && byteClass[s[j]] == 2 {
					r2, n2 := utf8.DecodeRune(s[j:])
					if (r2 == utf8.RuneError && n2 == 1) || isSpaceRune(r2) {
						break
					}
					j += n2
				}
				p = s[i:j]
				n = j - i
			}
			i += n
		}
		// Write p (the body of write, inlined on the locals).
		if lb.overflow {
			continue
		}
		if space && len(buf) > lb.start {
			buf = append(buf, ' ')
		}
		space = false
		buf = append(buf, p...)
		if len(buf)-lb.start > lb.max {
			lb.overflow = true
			buf = buf[:lb.start]
		}
	}
	lb.buf, lb.space = buf, space
}

// finish returns the kept lines, all sharing one backing string.
func (lb *lineBuilder) finish() []string {
	lb.endLine()
	if len(lb.ends) == 0 {
		return nil
	}
	all := string(lb.buf)
	lines := make([]string, len(lb.ends))
	prev := 0
	for i, e := range lb.ends {
		lines[i] = all[prev:e]
		prev = e
	}
	return lines
}

// collapse returns s whitespace-collapsed and trimmed, truncated to at most
// max bytes on a rune boundary; used for the title.
func collapse(s []byte, max int) string {
	lb := lineBuilder{max: len(s)*3 + 3}
	lb.text(s, false)
	out := lb.buf
	if len(out) > max {
		out = out[:max]
		for len(out) > 0 {
			if r, n := utf8.DecodeLastRune(out); r != utf8.RuneError || n > 1 {
				break
			}
			out = out[:len(out)-1] // a rune cut in half
		}
		for len(out) > 0 && out[len(out)-1] == ' ' {
			out = out[:len(out)-1]
		}
	}
	return string(out)
}

// extractPlain splits plain text on \r\n, \r and \n and collapses
// whitespace inside each line.
func extractPlain(res *Result, text []byte, maxLine int) {
	lb := lineBuilder{max: maxLine, buf: make([]byte, 0, len(text)+len(text)/8)}
	lb.text(text, true)
	res.Lines = lb.finish()
	res.LinesDropped = lb.dropped
}
